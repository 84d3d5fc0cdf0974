"""The one stylesheet of Récolte's printed documents: fonts, sizes, colours, margins.

DejaVu Sans ships in `resources/fonts` (licence beside it) and is embedded in every PDF: the
built-in Helvetica lacks the narrow no-break space of « guillemets » and much else. Every
user string reaches a `Paragraph` through `text()`, which escapes markup, so a note holding
`<b>` or `&` prints as typed. Black and white friendly: colour only accents.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

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
    "table_style",
    "text",
    "carnet_styles",  # Carnet de bord
    "synthesis_styles",  # Synthèse
    "SYNTHESIS_TINT",
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
    # Streams are deflated, not also wrapped in ASCII85: a quarter smaller and, for a long
    # synthesis, a fifth faster to write (reportlab's pure-Python encoder). Set here, where
    # every document starts, as reportlab keeps it process-wide.
    rl_config.useA85 = 0


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


def table_style(*commands: tuple[object, ...]) -> TableStyle:
    """A reportlab TableStyle whose cells write in the shipped font: a table's default is
    Helvetica, which would be embedded (and lacks « » spacing) as soon as one cell is empty."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def text(value: object) -> str:
    """User text made safe for a Paragraph: markup escaped, line breaks kept.

    reportlab counts the narrow no-break space of « guillemets » (U+202F) as an ordinary,
    breakable space, which would leave a « alone at the end of a line: it becomes a
    no-break space (U+00A0), the one reportlab keeps."""
    return escape(str(value)).replace("\n", "<br/>").replace("\u202f", "\u00a0")


# ---- Carnet de bord (printing/carnet.py) ------------------------------------------------------


def _scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    if scale == 1:
        return style
    return ParagraphStyle(
        style.name,
        parent=style,
        **{
            key: getattr(style, key) * scale
            for key in ("fontSize", "leading", "spaceBefore", "spaceAfter")
            + ("leftIndent", "firstLineIndent", "bulletIndent", "bulletFontSize")
        },
    )


@cache
def carnet_styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """`styles()` plus the carnet's own, every size times `scale` (below 1 for an A5 booklet:
    one stylesheet for both formats, not two)."""
    css = styles()
    body = css["body"]
    own = {
        "cover_kicker": ParagraphStyle(
            "cover_kicker", parent=body, fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT
        ),
        "cover_title": ParagraphStyle(
            "cover_title", parent=body, fontName=BOLD, fontSize=30, leading=35, spaceAfter=5 * mm
        ),
        "cover_subtitle": ParagraphStyle(
            "cover_subtitle", parent=body, fontSize=13, leading=18, textColor=MUTED
        ),
        "cover_detail": ParagraphStyle(
            "cover_detail", parent=body, fontName=BOLD, fontSize=12, leading=16, spaceBefore=8 * mm
        ),
        "cover_place": ParagraphStyle(
            "cover_place", parent=body, fontSize=11, leading=15, spaceBefore=1 * mm
        ),
        "section": ParagraphStyle(
            "section", parent=body, fontName=BOLD, fontSize=22, leading=27, keepWithNext=1
        ),
        "kicker": ParagraphStyle(
            "kicker",
            parent=body,
            fontName=BOLD,
            fontSize=8.5,
            leading=11,
            textColor=ACCENT,
            spaceAfter=1.5 * mm,
            keepWithNext=1,
        ),
        "sheet_title": ParagraphStyle(
            "sheet_title", parent=body, fontName=BOLD, fontSize=18, leading=23, keepWithNext=1
        ),
        "lead": ParagraphStyle("lead", parent=body, fontSize=11.5, leading=16, spaceAfter=3 * mm),
        "para": ParagraphStyle("para", parent=body, spaceAfter=2.5 * mm),
        "fiche_quote": ParagraphStyle(
            "fiche_quote", parent=body, fontName=ITALIC, fontSize=10.5, leading=14.5
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=1.2 * mm
        ),
        "day": ParagraphStyle(
            "day",
            parent=body,
            fontName=BOLD,
            fontSize=12,
            leading=16,
            textColor=ACCENT,
            spaceBefore=5 * mm,
            spaceAfter=1.5 * mm,
        ),
        "time": ParagraphStyle("time", parent=body, fontName=BOLD, fontSize=9.5, leading=12.5),
        "time_end": ParagraphStyle(
            "time_end", parent=body, fontSize=8.5, leading=11, textColor=MUTED
        ),
        "entry_title": ParagraphStyle(
            "entry_title", parent=body, fontName=BOLD, fontSize=10, leading=13
        ),
        "entry_meta": ParagraphStyle(
            "entry_meta", parent=body, fontSize=8, leading=11, textColor=MUTED
        ),
        "entry_text": ParagraphStyle(
            "entry_text", parent=body, fontName=ITALIC, fontSize=9, leading=12, spaceBefore=1
        ),
        "card_text": ParagraphStyle(
            "card_text", parent=body, fontSize=8.5, leading=11.5, spaceBefore=1.2 * mm
        ),
        "link": ParagraphStyle(
            "link", parent=body, fontSize=8.5, leading=11.5, textColor=ACCENT, spaceBefore=1 * mm
        ),
        "contents": ParagraphStyle("contents", parent=body, fontSize=11, leading=15),
        "contents_page": ParagraphStyle(
            "contents_page", parent=body, fontName=BOLD, fontSize=11, leading=15, alignment=TA_RIGHT
        ),
        "back": ParagraphStyle(
            "back", parent=body, fontSize=9, leading=12.5, textColor=MUTED, alignment=TA_CENTER
        ),
    }
    return {name: _scaled(style, scale) for name, style in {**css, **own}.items()}


# ---- Synthèse (printing/synthesis.py, synthesis_sessions.py, tree_drawing.py) -----------------

SYNTHESIS_TINT = colors.HexColor("#eef2ef")  # behind highlighted blocks: light on paper


@cache
def synthesis_styles() -> dict[str, ParagraphStyle]:
    """`styles()` plus the synthesis's own (cover, headings, notes, quotes, figures, annex)."""
    css = styles()
    body = css["body"]

    def style(name: str, **values: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **values)

    own = {
        "s_kicker": style("s_kicker", fontName=BOLD, fontSize=10, leading=13, textColor=ACCENT),
        "s_cover_title": style("s_cover_title", fontName=BOLD, fontSize=32, leading=38),
        "s_cover_subtitle": style("s_cover_subtitle", fontSize=14, leading=19, textColor=MUTED),
        "s_cover_dates": style("s_cover_dates", fontName=BOLD, fontSize=13, leading=17),
        "s_cover_detail": style("s_cover_detail", fontSize=11, leading=15),
        "s_cover_label": style(
            "s_cover_label",
            fontName=BOLD,
            fontSize=8,
            leading=11,
            textColor=MUTED,
            spaceAfter=1.5 * mm,
        ),
        "s_part": style(
            "s_part", fontName=BOLD, fontSize=20, leading=25, keepWithNext=1, spaceAfter=5 * mm
        ),
        "s_day": style(
            "s_day",
            fontName=BOLD,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            keepWithNext=1,
            spaceAfter=2 * mm,
        ),
        "s_meta": style(
            "s_meta", fontSize=8, leading=10.5, textColor=MUTED, keepWithNext=1, spaceAfter=1 * mm
        ),
        "s_session": style(
            "s_session", fontName=BOLD, fontSize=16, leading=20, keepWithNext=1, spaceAfter=3 * mm
        ),
        "s_question": style("s_question", fontName=ITALIC, fontSize=11, leading=15),
        "s_section": style(
            "s_section",
            fontName=BOLD,
            fontSize=11,
            leading=14.5,
            keepWithNext=1,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
        ),
        "s_section_meta": style(
            "s_section_meta",
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            keepWithNext=1,
            spaceAfter=2 * mm,
        ),
        "s_label": style(
            "s_label",
            fontName=BOLD,
            fontSize=7.5,
            leading=10,
            textColor=MUTED,
            keepWithNext=1,
            spaceBefore=2.5 * mm,
            spaceAfter=1 * mm,
        ),
        "s_note": style(
            "s_note",
            fontSize=9.5,
            leading=13,
            leftIndent=4 * mm,
            bulletIndent=0.5 * mm,
            bulletFontName=FONT,
            bulletColor=ACCENT,
            spaceAfter=1.2 * mm,
        ),
        "s_rank": style(
            "s_rank",
            fontSize=9.5,
            leading=13,
            leftIndent=6 * mm,
            bulletIndent=0.5 * mm,
            bulletFontName=BOLD,
            bulletColor=ACCENT,
            spaceAfter=1.2 * mm,
        ),
        "s_text": style("s_text", fontSize=9.5, leading=13),
        "s_box_title": style(
            "s_box_title",
            fontName=BOLD,
            fontSize=8,
            leading=11,
            textColor=ACCENT,
            spaceAfter=1 * mm,
        ),
        "s_quote": style("s_quote", fontName=ITALIC, fontSize=12.5, leading=17),
        "s_attribution": style(
            "s_attribution", fontSize=8.5, leading=11.5, textColor=MUTED, spaceBefore=1.5 * mm
        ),
        "s_card": style("s_card", fontSize=8.5, leading=11),
        "s_card_author": style(
            "s_card_author", fontSize=7.5, leading=10, textColor=MUTED, spaceBefore=0.8 * mm
        ),
        "s_speakers": style(
            "s_speakers", fontSize=9, leading=12.5, textColor=MUTED, spaceAfter=1 * mm
        ),
        "s_column": style("s_column", fontName=BOLD, fontSize=9, leading=12),
        "s_caption": style(
            "s_caption",
            fontName=ITALIC,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceBefore=1.5 * mm,
            spaceAfter=3 * mm,
        ),
        "s_figure": style("s_figure", fontName=BOLD, fontSize=26, leading=30, alignment=TA_CENTER),
        "s_figure_label": style(
            "s_figure_label", fontSize=7.5, leading=10, textColor=MUTED, alignment=TA_CENTER
        ),
        "s_intro": style("s_intro", fontSize=10.5, leading=15, spaceAfter=3 * mm),
        "s_toc_0": style("s_toc_0", fontName=BOLD, fontSize=10.5, leading=14),
        "s_toc_1": style("s_toc_1", fontSize=9.5, leading=12.5),
        "s_cell": style("s_cell", fontSize=8.5, leading=11),
        "s_cell_head": style(
            "s_cell_head", fontName=BOLD, fontSize=8, leading=10.5, textColor=MUTED
        ),
        "s_outline_0": style(
            "s_outline_0",
            fontName=BOLD,
            fontSize=10,
            leading=13.5,
            spaceBefore=2 * mm,
            spaceAfter=0.8 * mm,
            keepWithNext=1,
        ),
        "s_outline": style("s_outline", fontSize=9, leading=12, spaceAfter=0.6 * mm),
    }
    return {**css, **own}
