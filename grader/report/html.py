"""The feedback as one self-contained HTML page, with a picture where it teaches.

The same content as the Markdown feedback (grader.report.feedback), Spanish first, plus each
failed test's figure (grader.grading.figures): expected, got and their difference as heatmaps
for a wrong array, or the two loss curves of a training exercise, drawn with matplotlib (Agg)
into a PNG embedded as base64. Every string a student controls (names, messages that quote
their values, tracebacks, output) goes through `html.escape`. A pure function of the result
with fixed PNG metadata, so a re-run writes identical bytes.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from typing import Any

from grader.report.feedback import (
    _MD,
    feedback_langs,
    oracle_text,
    reason_text,
    status_text,
    unavailable_oracles,
)
from grader.results import SubmissionResult, TestResult, fmt_points
from grader.text import Lang

log = logging.getLogger("dlgrade.report")

_FIG = {
    "es": {"expected": "esperado", "got": "obtenido", "diff": "diferencia (obtenido − esperado)",
           "step": "paso", "figure": "Figura", "window": "elementos {where} de un array {shape}",
           "alt": "esperado, obtenido y su diferencia", "alt_curve": "curvas esperada y obtenida"},
    "en": {"expected": "expected", "got": "got", "diff": "difference (got − expected)",
           "step": "step", "figure": "Figure", "window": "elements {where} of a {shape} array",
           "alt": "expected, got and their difference", "alt_curve": "expected and got curves"},
}

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #1d1d1f; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
td.pts { text-align: right; }
tr.passed td.st { color: #1a7f37; } tr.notpassed td.st { color: #b3261e; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
img { max-width: 100%; }
.note { border-left: 4px solid #d4a72c; padding-left: .6rem; }
"""


# ---------------------------------------------------------------- figures


def _array(rows: list) -> Any:
    import numpy as np

    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


ANNOTATE = 8  # maps at most this many rows and columns show their numbers too


def _draw_arrays(fig: Any, figure: dict[str, Any], words: dict[str, str]) -> None:
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    e, g = _array(figure["expected"]), _array(figure["got"])
    if e.shape != g.shape or e.ndim != 2:
        raise ValueError(f"expected and got differ in shape: {e.shape} vs {g.shape}")
    d = g - e
    r0, c0 = (int(v) for v in figure.get("origin", (0, 0)))
    extent = (c0 - 0.5, c0 + e.shape[1] - 0.5, r0 + e.shape[0] - 0.5, r0 - 0.5)  # true indices
    both = np.concatenate([e[np.isfinite(e)], g[np.isfinite(g)]])
    lo, hi = (float(both.min()), float(both.max())) if both.size else (0.0, 1.0)
    span = float(np.nanmax(np.abs(d))) if np.isfinite(d).any() else 1.0
    axes = fig.subplots(1, 3)
    panels = [(e, words["expected"], "viridis", lo, hi), (g, words["got"], "viridis", lo, hi),
              (d, words["diff"], "RdBu_r", -span or -1.0, span or 1.0)]
    for ax, (a, title, cmap, vmin, vmax) in zip(axes, panels):
        im = ax.imshow(np.ma.masked_invalid(a), cmap=cmap, vmin=vmin, vmax=vmax,
                       interpolation="nearest", extent=extent)
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if max(a.shape) <= ANNOTATE:  # small maps: the numbers, too
            for (i, j), v in np.ndenumerate(a):
                ax.text(c0 + j, r0 + i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                        color="black", bbox={"boxstyle": "round,pad=0.1", "fc": "white",
                                             "ec": "none", "alpha": 0.6})
        fig.colorbar(im, ax=ax, shrink=0.75).ax.tick_params(labelsize=7)


def _draw_curve(fig: Any, figure: dict[str, Any], words: dict[str, str]) -> None:
    import numpy as np

    step = int(figure.get("step", 1))
    ax = fig.subplots()
    ys = []
    for key, style in (("expected", "-"), ("got", "--")):
        y = np.array([np.nan if v is None else v for v in figure[key]], dtype=float)
        ax.plot(np.arange(y.size) * step, y, style, label=words[key])
        ys.append(y[np.isfinite(y)])
    finite = np.concatenate(ys)
    if finite.size and finite.min() > 0 and finite.max() > 100 * finite.min():
        ax.set_yscale("log")  # a diverging or fast-falling loss: the log scale shows both
    ax.set_xlabel(words["step"])
    ax.set_ylabel(str(figure.get("label", "loss")))
    ax.legend()


def figure_png(figure: dict[str, Any], lang: Lang) -> bytes:
    """The PNG of a figure's data (ValueError, KeyError or TypeError when it is malformed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    words = _FIG["en" if lang == "en" else "es"]
    kind = figure.get("kind")
    fig = Figure(figsize=(10, 3.2) if kind == "arrays" else (6, 3.5), dpi=100)
    FigureCanvasAgg(fig)
    if kind == "arrays":
        _draw_arrays(fig, figure, words)
    elif kind == "curve":
        _draw_curve(fig, figure, words)
    else:
        raise ValueError(f"unknown figure kind {kind!r}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})  # no version: same bytes
    return buf.getvalue()


def _figure_html(t: TestResult, lang: Lang) -> list[str]:
    f = t.figure
    if not f or t.passed:
        return []
    words = _FIG[lang if lang in _FIG else "es"]
    try:
        png = figure_png(f, lang)
    except (ValueError, KeyError, TypeError) as e:  # a stored figure we cannot draw: no picture
        log.warning("figure of %s not drawn: %s", t.test_id, e)
        return []
    data = base64.b64encode(png).decode("ascii")
    alt = words["alt"] if f.get("kind") == "arrays" else words["alt_curve"]
    out = [f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">']
    if f.get("kind") == "arrays":
        shape = "×".join(str(int(n)) for n in f.get("shape", []))
        caption = words["window"].format(where=f.get("where", ""), shape=shape)
        out.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    out.append("</figure>")
    return out


# ---------------------------------------------------------------- page


def _pre(text: str) -> str:
    return f"<pre>{html.escape(text.rstrip())}</pre>"


def _section(r: SubmissionResult, lang: Lang) -> list[str]:
    s = _MD[lang]
    e = html.escape
    out = [f'<section lang="{lang}">', f"<h2>{'Español' if lang == 'es' else 'English'}</h2>",
           f"<p><strong>{e(s['grade'])}: {fmt_points(r.score)} / "
           f"{fmt_points(r.max_score)}</strong></p>"]
    err = r.load_error.render(lang)
    if err:
        out += [f"<p><strong>{e(s['load'])}:</strong></p>", _pre(err)]
    for name, why in unavailable_oracles(r).items():
        out.append(f'<p class="note">{e(s["gpu"].format(name=name, why=reason_text(why, lang)))}</p>')
    if r.notes:
        out += [f"<p>{e(s['notes'])}:</p>", "<ul>"]
        out += [f"<li>{e(n.render(lang))}</li>" for n in r.notes] + ["</ul>"]
    out += ["<table>", f"<tr><th>{e(s['test'])}</th><th>{e(s['function'])}</th>"
                       f"<th>{e(s['points'])}</th><th>{e(s['status'])}</th></tr>"]
    for t in r.tests:
        out.append(
            f'<tr class="{"passed" if t.passed else "notpassed"}"><td><code>{e(t.test_id)}</code>'
            f"</td><td><code>{e(t.function)}</code></td><td class=\"pts\">"
            f"{fmt_points(t.points)}/{fmt_points(t.max_points)}</td>"
            f'<td class="st">{e(status_text(t.status, lang))}</td></tr>')
    out.append("</table>")
    if r.tests and all(t.passed for t in r.tests):
        out.append(f"<p>{e(s['all_passed'])}</p>")
    for t in r.tests:
        if t.passed and not t.oracles:
            continue
        out.append(f"<h3><code>{e(t.test_id)}</code> — {fmt_points(t.points)}/"
                   f"{fmt_points(t.max_points)} — {e(status_text(t.status, lang))}</h3>")
        msg = t.message.render(lang)
        if msg and not t.passed:
            out.append(_pre(msg))
        out += _figure_html(t, lang)
        if t.oracles:
            verdicts = ", ".join(f"{k}: {oracle_text(v, lang)}" for k, v in t.oracles.items())
            out.append(f"<p>{e(s['oracles'])}: {e(verdicts)}</p>")
        if t.student_traceback and not t.passed:
            out += [f"<p>{e(s['traceback'])}:</p>", _pre(t.student_traceback)]
        if t.stdout and not t.passed:
            out += [f"<p>{e(s['output'])}:</p>", _pre(t.stdout)]
    out.append("</section>")
    return out


def feedback_html(r: SubmissionResult, lang: Lang = "both") -> str:
    """The feedback page of one student's assignment: Spanish, then English ("both"), or one
    language; self-contained (styles and figures inside)."""
    langs = feedback_langs(lang)
    e = html.escape
    who = f" — {r.student}" if r.student else ""
    grade = " / ".join(_MD[lg]["grade"] for lg in langs)
    title = " / ".join(_MD[lg]["title"] for lg in langs)
    out = ["<!DOCTYPE html>", f'<html lang="{langs[0]}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(title)}: {e(r.assignment + who)}</title>",
           f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{e(r.assignment + who)}</h1>",
           f"<p>{e(grade)}: <strong>{fmt_points(r.score)} / {fmt_points(r.max_score)}</strong>"
           f" — <code>{e(r.submission)}</code></p>"]
    for i, lg in enumerate(langs):
        out += (["<hr>"] if i else []) + _section(r, lg)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
