"""`Text`: every sentence a student or an instructor reads, in Spanish and in English.

One type for bilingual text, built once and rendered at the edge (terminal, feedback, JSON):

    hint = Text("usa `np.maximum(z, 0)`.", "use `np.maximum(z, 0)`.")
    msg = Text("relu: ", "relu: ") + hint          # concatenation is per language
    msg.render("es") / msg.render("en") / msg.render("both")   # Spanish first

Language-neutral material (a number, an array, a call such as `relu(array([-1.0]))`) is a
`Text.same(s)`: the same string in both languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["es", "en", "both"]
LANGS: tuple[Lang, ...] = ("es", "en", "both")


@dataclass(frozen=True)
class Text:
    es: str
    en: str

    @classmethod
    def same(cls, s: str) -> Text:
        """A string that reads the same in both languages (numbers, code, file names)."""
        return cls(s, s)

    @classmethod
    def join(cls, sep: str | Text, parts: Iterable[Text]) -> Text:
        """Join per language; `sep` a plain string or a Text."""
        sep_t = sep if isinstance(sep, Text) else cls.same(sep)
        items = list(parts)
        return cls(sep_t.es.join(p.es for p in items), sep_t.en.join(p.en for p in items))

    def __add__(self, other: Text | str) -> Text:
        o = other if isinstance(other, Text) else Text.same(other)
        return Text(self.es + o.es, self.en + o.en)

    def __radd__(self, other: str) -> Text:
        return Text.same(other) + self

    def __bool__(self) -> bool:
        return bool(self.es or self.en)

    def map(self, f: Any) -> Text:
        """The same transformation applied to both languages (capitalise, strip...)."""
        return Text(f(self.es), f(self.en))

    def render(self, lang: Lang) -> str:
        """'es', 'en', or 'both' (Spanish, then English on the next line; once if equal)."""
        if lang == "es":
            return self.es or self.en
        if lang == "en":
            return self.en or self.es
        if lang != "both":
            raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
        parts = [p for p in (self.es, self.en) if p]
        return "\n".join(dict.fromkeys(parts))

    def to_json(self) -> dict[str, str]:
        return {"es": self.es, "en": self.en}

    @classmethod
    def from_json(cls, d: Any) -> Text:
        """From `to_json`'s dict; KeyError/TypeError on anything else."""
        return cls(str(d["es"]), str(d["en"]))


EMPTY = Text("", "")
