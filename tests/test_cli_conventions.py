"""Conventions every command shares: --version, -v/-q through logging, an example at the end of
each --help, --lang on batch, --html on grade."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import pytest

from grader import cli, logs

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(autouse=True)
def _restore_logging(monkeypatch):
    """main() configures the root logger and exports the level: undo both after each test."""
    monkeypatch.setenv(logs.LOG_ENV, "WARNING")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


def test_version_is_the_distributions_else_pyprojects(capsys, monkeypatch):
    with pytest.raises(SystemExit) as e:
        cli.main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"dlgrade {cli.version()}"

    import importlib.metadata as md

    def not_installed(name):
        raise md.PackageNotFoundError(name)

    monkeypatch.setattr(md, "version", not_installed)  # a checkout that is not installed
    assert cli.version() == PYPROJECT_VERSION


@pytest.mark.parametrize("argv, level", [
    ([], logging.WARNING),
    (["-q"], logging.ERROR),
    (["-v"], logging.INFO),
    (["-vv"], logging.DEBUG),
    (["@", "-v"], logging.INFO),  # after the command too
    (["@", "-q"], logging.ERROR),
])
def test_verbosity_sets_the_root_logger_once_and_exports_it(argv, level, capsys):
    cmd = ["check", "08_nothing"]  # a quick usage error: exit 2
    argv = cmd + argv[1:] if argv[:1] == ["@"] else argv + cmd
    assert cli.main(argv) == 2
    assert logging.getLogger().level == level
    assert logging.getLevelName(level) == os.environ[logs.LOG_ENV]
    capsys.readouterr()
    logging.getLogger("dlgrade.test").info("an info line")
    logging.getLogger("dlgrade.test").warning("a warning line")
    err = capsys.readouterr().err  # the handler writes to the stderr of the moment
    assert ("an info line" in err) == (level <= logging.INFO)
    assert ("a warning line" in err) == (level <= logging.WARNING)


def test_v_and_q_together_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["-v", "-q", "doctor"])
    assert e.value.code == 2


def test_every_commands_help_ends_with_an_example():
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) >= {"check", "grade", "batch", "verify", "release", "new", "mutate",
                                "doctor"}
    for name, sp in [("dlgrade", parser), *sub.choices.items()]:
        lines = [ln for ln in sp.format_help().splitlines() if ln.strip()]
        tail = lines[lines.index(next(ln for ln in lines if ln.startswith("example"))):]
        assert tail[0] in ("example:", "examples:"), name
        cmd = name if name != "dlgrade" else ""
        assert all(ln.startswith("  dlgrade ") for ln in tail[1:]) and tail[1:], name
        assert any(f" {cmd} " in ln + " " for ln in tail[1:]), name


def test_quiet_batch_has_no_progress_and_lang_reaches_the_batch(monkeypatch, tmp_path, capsys):
    from grader import batch

    seen = {}

    def fake_batch(root, assignments, out, **kw):
        seen.update(kw)
        return batch.BatchSummary(out=out)

    monkeypatch.setattr(batch, "grade_batch", fake_batch)
    argv = ["batch", str(tmp_path), "-a", "all", "-o", str(tmp_path / "g")]
    assert cli.main(["-q", *argv, "--lang", "en"]) == 0
    assert seen["progress"] is False and seen["lang"] == "en"
    assert cli.main(argv) == 0
    assert seen["progress"] is True and seen["lang"] == "both"


@pytest.mark.slow
def test_grade_html_writes_the_feedback_page_with_its_figures(tmp_path, capsys):
    sub = ROOT / "examples/class/submitted/carla_kernel_volteado/06_conv2d/conv2d.py"
    page = tmp_path / "carla.html"
    assert cli.main(["-q", "grade", str(sub), "-a", "06_conv2d", "--html", str(page),
                     "--lang", "en"]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<section lang="en">' in text
    assert "correlate2d: wrong value." in text and "data:image/png;base64," in text
    assert '<section lang="es">' not in text
