"""The class summary: per assignment, statistics and each test's pass rate (summary.md/.json),
and a histogram of the totals (histogram.png)."""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Any

from grader.report.gradebook import test_columns
from grader.results import SubmissionResult, fmt_points


def class_summary(results: list[SubmissionResult]) -> dict[str, dict[str, Any]]:
    """Per assignment: n, mean, median, min, max, and each test's pass rate (fraction passed).

    Everyone on the roster counts (a missing submission is a zero); `submitted`,
    `mean_submitted` and `median_submitted` describe only those who handed something in.
    """
    out: dict[str, dict[str, Any]] = {}
    for a in sorted({r.assignment for r in results}):
        rs = [r for r in results if r.assignment == a]
        if not rs:
            continue
        scores = [r.score for r in rs]
        rates: dict[str, float] = {}
        for tid in test_columns(rs):
            ran = [t for r in rs for t in r.tests if t.test_id == tid]
            rates[tid] = round(sum(t.passed for t in ran) / len(ran), 4) if ran else 0.0
        handed_in = [r.score for r in rs if r.submission]
        out[a] = {
            "n": len(rs),
            "submitted": len(handed_in),
            "mean_submitted": round(statistics.fmean(handed_in), 4) if handed_in else None,
            "median_submitted": round(statistics.median(handed_in), 4) if handed_in else None,
            "max_score": max(r.max_score for r in rs),
            "mean": round(statistics.fmean(scores), 4),
            "median": round(statistics.median(scores), 4),
            "min": min(scores),
            "max": max(scores),
            "pass_rate": rates,
        }
    return out


def summary_markdown(summ: dict[str, dict[str, Any]]) -> str:
    lines = ["# Resumen de la clase / Class summary", ""]
    lines.append(
        "| tarea / assignment | n | media / mean | mediana / median | mín / min | máx / max | de / of "
        "| entregas / submitted | media entregas / mean submitted | mediana entregas / median submitted |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    f = fmt_points

    def g(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    for a, s in summ.items():
        lines.append(
            f"| {a} | {s['n']} | {s['mean']:.2f} | {f(s['median'])} | {f(s['min'])} | {f(s['max'])} "
            f"| {f(s['max_score'])} | {s['submitted']} | {g(s['mean_submitted'])} "
            f"| {g(s['median_submitted'])} |"
        )
    for a, s in summ.items():
        lines += ["", f"## {a}", "", "| prueba / test | aprobado / pass rate |", "|---|---:|"]
        for tid, rate in s["pass_rate"].items():
            lines.append(f"| `{tid}` | {100 * rate:.0f}% |")
    lines += ["", "![histograma / histogram](histogram.png)"]
    return "\n".join(lines) + "\n"


def histogram_png(results: list[SubmissionResult], path: Path) -> None:
    """One histogram of totals per assignment (matplotlib, Agg: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ids = sorted({r.assignment for r in results})
    if not ids:
        return
    cols = min(3, len(ids))
    rows = (len(ids) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for ax in axes.flat[len(ids) :]:
        ax.set_visible(False)
    for ax, a in zip(axes.flat, ids):
        scores = [r.score for r in results if r.assignment == a]
        top = max([r.max_score for r in results if r.assignment == a] + [1.0])
        ax.hist(scores, bins=10, range=(0, top), color="#3b7dd8", edgecolor="white")
        ax.set_title(a)
        ax.set_xlabel("nota / grade")
        ax.set_ylabel("estudiantes / students")
    fig.tight_layout()
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    fig.savefig(tmp, format="png", dpi=80, metadata={"Software": None})
    plt.close(fig)
    os.replace(tmp, path)
