"""The CI workflows: this repository's runs exactly the README's test command, and the template a
course repository copies runs `dlgrade verify`; both are valid YAML."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".github" / "workflows" / "ci.yml"
COURSE_CI = ROOT / "docs" / "templates" / "course-ci.yml"


def readme_test_command() -> str:
    """The fenced block after `<!-- ci:test -->` in README.md (what .ci/run extracts)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- ci:test -->\s*```[^\n]*\n(.*?)\n```", text, re.S)
    assert m, "README.md has no fenced block after <!-- ci:test -->"
    return m.group(1).strip()


def steps(path: Path) -> list[dict]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict) and isinstance(doc.get("jobs"), dict) and doc["jobs"]
    # YAML 1.1 reads the key `on` as True: either spelling is a trigger list
    assert "push" in (doc.get("on") or doc.get(True))
    return [s for job in doc["jobs"].values() for s in job["steps"]]


def test_ci_runs_exactly_the_readme_test_command_on_python_311_with_bubblewrap():
    cmd = readme_test_command()
    assert "pytest" in cmd and "dlgrade verify" in cmd
    steps(CI)  # valid YAML, run on push
    (job,) = yaml.safe_load(CI.read_text(encoding="utf-8"))["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    runs = [s.get("run", "").strip() for s in job["steps"]]
    assert runs[-1] == cmd  # the last step, verbatim: no drift
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in job["steps"])
    assert any("apt-get install" in r and "bubblewrap" in r for r in runs)
    torch = re.search(r"torch==[\d.]+", cmd).group(0)
    assert any(f"pip install {torch} --index-url https://download.pytorch.org/whl/cpu" in r
               for r in runs[:-1])


def test_the_readme_extraction_matches_ci_run():
    """.ci/run's awk and this test read the same block (one command, two readers)."""
    import subprocess

    awk = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    prog = re.search(r"awk '([^']+)' README.md", awk).group(1)
    out = subprocess.run(["awk", prog, "README.md"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == readme_test_command()


def test_the_course_template_runs_dlgrade_verify_on_every_push():
    runs = [s.get("run", "") for s in steps(COURSE_CI)]
    assert any(re.search(r"dlgrade (--course \S+ )?verify\b", r) for r in runs)
    assert any("bubblewrap" in r for r in runs)
