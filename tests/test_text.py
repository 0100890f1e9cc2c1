"""Text: one bilingual type for everything a person reads."""

from __future__ import annotations

import pytest

from grader.text import Text


def test_render_in_each_language_spanish_first():
    t = Text("hola", "hello")
    assert t.render("es") == "hola" and t.render("en") == "hello"
    assert t.render("both") == "hola\nhello"
    assert Text.same("f(x)").render("both") == "f(x)"  # said once when equal
    with pytest.raises(ValueError):
        t.render("fr")


def test_building_keeps_the_languages_apart():
    msg = "relu: " + Text("mal", "wrong") + Text(" (pista)", " (hint)") + "."
    assert msg == Text("relu: mal (pista).", "relu: wrong (hint).")
    assert Text.join("\n", [Text("a", "b"), Text("c", "d")]) == Text("a\nc", "b\nd")
    assert Text("x", "y").map(str.upper) == Text("X", "Y")
    assert not Text("", "") and Text("", "y")
    assert Text.from_json(Text("a", "b").to_json()) == Text("a", "b")
