"""What a batch leaves on disk, and the only state it keeps: one result file per task.

    out/results/<student>/<assignment>.json   Gradescope's results.json, the whole result inside
    out/feedback/<student>/<assignment>.md    feedback (bilingual, or one language: --lang)
    out/feedback/<student>/<assignment>.html  the same as a page, with figures
    out/gradebook.csv, summary.md/.json, histogram.png
                      feedback/, these and the gradebook are rebuilt from results/ after every run

<student> in a path is the safe name of the student's folder (`discover.safe_name`); the results
and the gradebook hold the folder's name as found (`student_id`: an email stays an email).

Each file is written atomically (a temp file, then `os.replace`), so a reader, or a re-run
after kill -9, sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from grader.batch.discover import Task
from grader.report import feedback, gradebook, gradescope, summary
from grader.report.html import feedback_html
from grader.results import SubmissionResult
from grader.text import Lang

RESULT_FORMAT = 2  # 2: bilingual text stored as {"es", "en"}


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `path` so that a reader (or a re-run after kill -9) sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def result_path(out: Path, student: str, assignment: str) -> Path:
    return out / "results" / student / f"{assignment}.json"


def feedback_path(out: Path, student: str, assignment: str, suffix: str = ".md") -> Path:
    """feedback/<student>/<assignment>.md (suffix ".html": the page with figures, the file
    that exports hand on, e.g. to nbgrader's feedback folder)."""
    return out / "feedback" / student / f"{assignment}{suffix}"


def read_result(path: Path) -> tuple[SubmissionResult, dict[str, Any]] | None:
    """(result, our metadata) from a results/<student>/<assignment>.json, None if unreadable."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        meta = d["extra_data"]["dlgrade"]
        if meta.get("format") != RESULT_FORMAT:
            return None
        return gradescope.result_from_gradescope(d), meta
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_done(out: Path, task: Task) -> bool:
    """Finished earlier, on the same bytes: nothing to do."""
    got = read_result(result_path(out, task.student, task.assignment))
    return got is not None and got[1].get("submission_sha256") == task.sha256


def student_id(raw: str, safe: str) -> str:
    """The student's id in results and reports: the folder's name as found (an email stays an
    email), unless it holds a line break or another control character (no LMS id does): then
    its safe name."""
    return raw if raw and raw.isprintable() else safe


def write_task_result(out: Path, task: Task, r: SubmissionResult) -> None:
    r = dataclasses.replace(r, student=student_id(task.raw_student, task.student))
    meta = {"format": RESULT_FORMAT, "submission_sha256": task.sha256, "source": task.raw_student}
    data = json.dumps(gradescope.gradescope_results(r, extra=meta), indent=1, ensure_ascii=False)
    atomic_write(result_path(out, task.student, task.assignment), data + "\n")


def remove_stale_tmp(out: Path) -> None:
    """Temp files of a killed run (never read: results are only ever read after os.replace)."""
    for sub in ("results", "feedback"):
        d = out / sub
        if d.is_dir():
            for p in d.glob("*/.*.tmp"):
                p.unlink(missing_ok=True)
    for p in out.glob(".*.tmp"):
        p.unlink(missing_ok=True)


def _stored(out: Path, assignments: list[str] | None) -> list[tuple[str, SubmissionResult]]:
    """(folder name under results/, result) of every readable result, sorted by (student id,
    assignment); `assignments` None: all of them. Each result's student is the original id."""
    found = []
    base = out / "results"
    if not base.is_dir():
        return []
    for sdir in sorted(base.iterdir()):
        if sdir.is_symlink() or not sdir.is_dir():
            continue
        for f in sorted(sdir.glob("*.json")):
            if (assignments is not None and f.stem not in assignments) or f.is_symlink():
                continue
            got = read_result(f)
            if got is not None:
                r, meta = got
                source = meta.get("source")
                r.student = student_id(source if isinstance(source, str) else "", sdir.name)
                found.append((sdir.name, r))
    found.sort(key=lambda fr: (fr[1].student or "", fr[1].assignment))
    return found


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text)


def load_results(out: Path, assignments: list[str] | None = None) -> list[SubmissionResult]:
    """The stored results of `assignments` (None: every one found) under out/results, sorted by
    (student, assignment); a result's student is the id as found (its folder's original name)."""
    return [r for _, r in _stored(out, assignments)]


def rebuild_outputs(out: Path, assignments: list[str], lang: Lang = "both"
                    ) -> dict[str, dict[str, Any]]:
    """gradebook.csv, feedback/ (.md and .html in `lang`), summary.md/.json and histogram.png
    from results/ alone."""
    stored = _stored(out, assignments)
    results = [r for _, r in stored]
    atomic_write(out / "gradebook.csv", gradebook.gradebook_csv(results))
    for folder, r in stored:
        _write_if_changed(feedback_path(out, folder, r.assignment),
                          feedback.feedback_markdown(r, lang))
        _write_if_changed(feedback_path(out, folder, r.assignment, ".html"),
                          feedback_html(r, lang))
    summ = summary.class_summary(results)
    atomic_write(out / "summary.json", json.dumps(summ, indent=1, sort_keys=True) + "\n")
    atomic_write(out / "summary.md", summary.summary_markdown(summ))
    summary.histogram_png(results, out / "histogram.png")
    return summ
