"""The one stylesheet of Récolte's printed documents: fonts, sizes, colours, margins.

DejaVu Sans ships in `resources/fonts` (licence beside it) and is embedded in every PDF: the
built-in Helvetica lacks the narrow no-break space of « guillemets » and much else. Every
user string reaches a `Paragraph` through `text()`, which escapes markup, so a note holding
`<b>` or `&` prints as typed. Black and white friendly: colour only accents.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from facilitator_app.paths import resource

__all__ = [
    "FONT",
    "BOLD",
    "ITALIC",
    "PAGE",
    "MARGIN",
    "INK",
    "ACCENT",
    "MUTED",
    "RULE",
    "register_fonts",
    "styles",
    "text",
]

FONT, BOLD, ITALIC, BOLD_ITALIC = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
)
PAGE = A4
MARGIN = 15 * mm
INK = colors.HexColor("#1f2328")
ACCENT = colors.HexColor("#2e7d32")
MUTED = colors.HexColor("#5f6b73")
RULE = colors.HexColor("#b0b8bf")


@cache
def register_fonts() -> None:
    """Embed the shipped family once per process (TTF subsets end up in each PDF)."""
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=20, leading=25, spaceAfter=4 * mm
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=11, leading=15, textColor=MUTED, spaceAfter=6 * mm
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=2 * mm,
            spaceAfter=2 * mm,
        ),
        "question": ParagraphStyle(
            "question",
            parent=body,
            fontName=ITALIC,
            fontSize=11,
            leading=15,
            textColor=MUTED,
            spaceAfter=5 * mm,
        ),
        "cell_title": ParagraphStyle(
            "cell_title", parent=body, fontName=BOLD, fontSize=10.5, leading=13.5
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5),
        "card_name": ParagraphStyle(
            "card_name", parent=body, fontName=BOLD, fontSize=11, leading=14
        ),
        "tent": ParagraphStyle(
            "tent", parent=body, fontName=BOLD, fontSize=30, leading=36, alignment=TA_CENTER
        ),
        "tent_small": ParagraphStyle(
            "tent_small", parent=body, fontSize=14, leading=18, alignment=TA_CENTER, textColor=MUTED
        ),
    }


def text(value: object) -> str:
    """User text made safe for a Paragraph: markup escaped, line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")
