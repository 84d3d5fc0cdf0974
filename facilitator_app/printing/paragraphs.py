"""`Para`: reportlab's `Paragraph`, the same lines drawn, for less work on a long document.

A `Paragraph` parses its markup with an HTML parser when it is made, and breaks its lines
again each time it is measured: a cell of a table is measured for the table's height, again
when its group is kept together, and once more when the table is drawn. The carnet makes
some 18,000 of them at demo scale 100, and those two costs were a third of its time. So:

* text without markup (no `<`, no `&`: most of what `styles.text` returns) takes a copy of
  the fragment the parser made once for its style, with the text put in;
* a second measure at the width of the first returns what the first found (nothing else
  changes a paragraph between the two).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

__all__ = ["Para"]

_TEMPLATES: dict[int, tuple[ParagraphStyle, object]] = {}  # id(style) → (style, its fragment)


def _template(style: ParagraphStyle):  # noqa: ANN202 (a reportlab ParaFrag)
    found = _TEMPLATES.get(id(style))
    if found is None or found[0] is not style:
        _style, frags, _bullets = ParaParser().parse("x", style)
        found = _TEMPLATES[id(style)] = (style, frags[0] if frags and len(frags) == 1 else None)
    return found[1]


class Para(Paragraph):
    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None) -> None:  # noqa: N803 (reportlab's name)
        frags = None
        if "<" not in text and "&" not in text and not getattr(style, "textTransform", None):
            template, cleaned = _template(style), cleanBlockQuotedText(text)
            if template is not None and cleaned:
                frags = [template.clone(text=cleaned)]
                text = cleaned
        super().__init__(text, style, bulletText=bulletText, frags=frags)
        self._measured: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # reportlab's wrap reads the width only: the lines are the same at any height
        if self._measured is not None and self._measured[0] == available_width:
            return self._measured[1]
        found = super().wrap(available_width, available_height)
        self._measured = (available_width, found)
        return found
