"""Exports for an LMS (wide, Canvas, Moodle) from a small fabricated grades folder, checked
against CSV text written by hand from the Canvas and Moodle import formats; the roster; the CLI.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from grader import cli
from grader.batch.discover import Task, safe_name
from grader.batch.store import write_task_result
from grader.course import Course
from grader.export import FORMATS, ExportError, export_lms, read_roster
from grader.export.lms import Roster, canvas_csv, moodle_csv, wide_csv
from grader.results import SubmissionResult
from grader.results import TestResult as TR

# 02_xor and 03_activations are worth 10 each; points per student:
#   ana@uni.es  10 and 5;  bob@uni.es  3 (03 never graded);  =evil  4.5 (not on the roster)
GRADED = {
    ("ana@uni.es", "02_xor"): [("relu.values", 4, 4), ("train", 6, 6)],
    ("ana@uni.es", "03_activations"): [("relu.values", 5, 5), ("sigmoid.values", 5, 0)],
    ("bob@uni.es", "02_xor"): [("relu.values", 4, 0), ("train", 6, 3)],
    ("=evil", "02_xor"): [("relu.values", 4, 4), ("train", 6, 0.5)],
}


@pytest.fixture
def grades(tmp_path: Path) -> Path:
    """A grades folder as `dlgrade batch` leaves it (results/ written by the batch's store)."""
    out = tmp_path / "grades"
    for (student, a), tests in GRADED.items():
        r = SubmissionResult(a, safe_name(student), "x.py", tests=[
            TR(tid, tid.split(".")[0], mx, pts, "passed" if pts == mx else "failed")
            for tid, mx, pts in tests])
        write_task_result(out, Task(safe_name(student), student, a, "/x.py", "0"), r)
    return out


def write_roster(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def roster(tmp_path: Path) -> Roster:
    # carla has no submission at all; =evil is graded but not on the roster
    return read_roster(write_roster(tmp_path / "roster.csv",
                                    'name,email\n"García, Ana",ana@uni.es\n'
                                    "Carla Ruiz,carla@uni.es\nBob Lee,bob@uni.es\n"), "email")


def results(grades: Path):
    from grader.batch import load_results

    return load_results(grades)


def test_wide_without_a_roster_lists_every_graded_student(grades):
    assert wide_csv(results(grades)) == (
        "student,02_xor (max 10),03_activations (max 10),total (max 20)\n"
        "'=evil,4.5,0,4.5\n"
        "ana@uni.es,10,5,15\n"
        "bob@uni.es,3,0,3\n"
    )


def test_wide_with_a_roster_keeps_its_order_zeros_and_the_unrostered_at_the_end(grades, roster):
    assert wide_csv(results(grades), roster) == (
        "student,02_xor (max 10),03_activations (max 10),total (max 20)\n"
        "ana@uni.es,10,5,15\n"
        "carla@uni.es,0,0,0\n"
        "bob@uni.es,3,0,3\n"
        "'=evil,4.5,0,4.5\n"
    )


def test_canvas_has_the_identifying_columns_and_the_points_possible_row(grades, roster):
    assert canvas_csv(results(grades), roster) == (
        "Student,ID,SIS User ID,SIS Login ID,Section,02_xor,03_activations\n"
        "Points Possible,,,,,10,10\n"
        '"García, Ana",,,ana@uni.es,,10,5\n'
        "Carla Ruiz,,,carla@uni.es,,0,0\n"
        "Bob Lee,,,bob@uni.es,,3,0\n"
    )


def test_canvas_copies_a_canvas_gradebook_export_used_as_the_roster(grades, tmp_path):
    r = read_roster(write_roster(tmp_path / "canvas_export.csv",
                                 "Student,ID,SIS User ID,SIS Login ID,Section,Old quiz\n"
                                 "    Points Possible,,,,,5\n"  # skipped: not a student id
                                 '"Lee, Bob",102,B7,bob@uni.es,DL-1,4\n'), "SIS Login ID")
    assert canvas_csv(results(grades), r) == (
        "Student,ID,SIS User ID,SIS Login ID,Section,02_xor,03_activations\n"
        "Points Possible,,,,,10,10\n"
        '"Lee, Bob",102,B7,bob@uni.es,DL-1,3,0\n'
    )


def test_moodle_has_the_id_column_and_one_column_per_grade_item(grades, roster):
    assert moodle_csv(results(grades), roster) == (
        "email,02_xor (max 10),03_activations (max 10)\n"
        "ana@uni.es,10,5\n"
        "carla@uni.es,0,0\n"
        "bob@uni.es,3,0\n"
    )


def test_a_student_column_maps_folder_names_to_the_lms_id(tmp_path):
    out = tmp_path / "g"
    r = SubmissionResult("01_perceptron", "ana", "p.py", tests=[TR("t", "f", 10, 7.5, "failed")])
    write_task_result(out, Task("ana", "ana", "01_perceptron", "/p.py", "0"), r)
    rost = read_roster(write_roster(tmp_path / "r.csv", "student,idnumber\nana,A-001\nluis,A-002\n"),
                       "idnumber", "student")
    res = results(out)
    assert moodle_csv(res, rost) == "idnumber,01_perceptron (max 10)\nA-001,7.5\nA-002,0\n"
    assert wide_csv(res, rost) == ("student,idnumber,01_perceptron (max 10),total (max 10)\n"
                                   "ana,A-001,7.5,7.5\nluis,A-002,0,0\n")


def test_export_lms_warns_about_graded_students_not_on_the_roster(grades, roster):
    text, warnings = export_lms("moodle", grades, roster)
    assert "=evil" not in text
    assert warnings == ["1 graded student(s) not on the roster (left out: the LMS cannot "
                        "import them): =evil"]
    _, warnings = export_lms("wide", grades, roster)
    assert "kept at the end" in warnings[0]
    assert export_lms("canvas", grades)[1] == []  # no roster, nobody left out


@pytest.mark.parametrize("text, args, needle", [
    ("name,mail\nA,a@x\n", ("email",), "has no column 'email'"),
    ("email\na@x\na@x\n", ("email",), "lists 'a@x' twice"),
    ("email,name\n,A\n", ("email",), "line 2: empty 'email'"),
    ("email\na@x\n", ("email", "student"), "has no column 'student'"),
])
def test_a_bad_roster_is_an_export_error(tmp_path, text, args, needle):
    with pytest.raises(ExportError, match=needle):
        read_roster(write_roster(tmp_path / "r.csv", text), *args)


def test_a_roster_from_a_spreadsheet_with_a_byte_order_mark(tmp_path):
    r = read_roster(write_roster(tmp_path / "r.csv", "\ufeffemail\na@x\n"), "email")
    assert r.students() == ["a@x"]


# ---------------------------------------------------------------- the command line


def run(argv, capsys):
    rc = cli.main([str(a) for a in argv])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_cli_writes_canvas_and_warns(grades, tmp_path, capsys):
    rost = write_roster(tmp_path / "roster.csv", "email\nana@uni.es\ncarla@uni.es\n")
    out = tmp_path / "canvas.csv"
    rc, stdout, err = run(["export", "--format", "canvas", grades, "--roster", rost,
                           "--id-column", "email", "--out", out], capsys)
    assert rc == 0 and str(out) in stdout
    assert "warning: 2 graded student(s) not on the roster" in err and "bob@uni.es" in err
    assert out.read_text(encoding="utf-8") == (
        "Student,ID,SIS User ID,SIS Login ID,Section,02_xor,03_activations\n"
        "Points Possible,,,,,10,10\n"
        "ana@uni.es,,,ana@uni.es,,10,5\n"
        "carla@uni.es,,,carla@uni.es,,0,0\n"
    )


@pytest.mark.parametrize("argv, needle", [
    (["--format", "canvas", "{g}"], "--format canvas needs --out FILE"),
    (["--format", "wide", "{g}", "--id-column", "email", "--out", "{t}/w.csv"], "add --roster"),
    (["--format", "moodle", "{g}", "--roster", "{t}/none.csv", "--out", "{t}/m.csv"],
     "no such file"),
    (["--format", "moodle", "{t}", "--out", "{t}/m.csv"], "no results/ in"),
    (["--format", "wide", "{t}/nope", "--out", "{t}/m.csv"], "no such directory"),
    (["--format", "nbgrader", "{g}"], "--format nbgrader needs --db PATH"),
])
def test_cli_export_errors_are_one_line_and_exit_2(grades, tmp_path, capsys, argv, needle):
    argv = [a.format(g=grades, t=tmp_path) for a in argv]
    rc, _, err = run(["export", *argv], capsys)
    assert rc == 2 and err.startswith("dlgrade: error:") and needle in err
    assert err.count("\n") == 1


def test_cli_nbgrader_calls_export_nbgrader_and_prints_its_lines(grades, tmp_path, capsys,
                                                                 monkeypatch):
    calls = []

    def export_nbgrader(grades_dir, **kw):
        calls.append((grades_dir, kw))
        return ["ana: 15 / 20", "bob: 3 / 20"]

    fake = types.ModuleType("grader.export.nbgrader")
    fake.export_nbgrader = export_nbgrader
    monkeypatch.setitem(__import__("sys").modules, "grader.export.nbgrader", fake)
    db = tmp_path / "course" / "gradebook.db"
    rc, out, _ = run(["export", "--format", "nbgrader", grades, "--db", db], capsys)
    assert rc == 0 and out == "ana: 15 / 20\nbob: 3 / 20\n"
    (got_dir, kw), = calls
    assert got_dir == grades and kw["db"] == str(db) and kw["mapping"] is None
    assert kw["nbgrader_root"] == db.parent and isinstance(kw["course"], Course)
    rc, _, _ = run(["export", "--format", "nbgrader", grades, "--db", db,
                    "--nbgrader-root", tmp_path / "elsewhere"], capsys)
    assert rc == 0 and calls[1][1]["nbgrader_root"] == tmp_path / "elsewhere"


def test_the_parser_offers_every_format():
    sub = next(a for a in cli.build_parser()._actions if a.dest == "command")
    fmt = next(a for a in sub.choices["export"]._actions if a.dest == "format")
    assert tuple(fmt.choices) == FORMATS
