"""`SessionProjector`: any session on the projector, as the room sees it, live.

The projector window (`gui.projector.ProjectorWindow`, white on near-black, type fitted to the
screen) shows the session's question, its timer (`widgets.session_timer`; a world café runs
its rounds on its own clock) and what the session has: a grid's columns and cards, an idea
tree's drawing, the vote ranking, a world café's harvest by category, or the latest notes of
any other session. Grids and idea trees switch to their ranking with V (or → / ←).

It follows the document: a change to the session redraws the question, a change of notes or
categories redraws the body, nothing else (`_on_changed`), at most once per event-loop turn.
Space starts or pauses the timer and R resets it while the projector has the focus; Escape
closes it. `project(window, session)` opens it from the main window (one at a time).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QWidget

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.grids import Grid, ranking
from facilitator_app.core.harvest import Grouping, HarvestGroups
from facilitator_app.core.ideas import build_forest
from facilitator_app.core.model import Note, Session
from facilitator_app.core.timer import Phase
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.projector import ACCENT, DIM, TEXT, ProjectorWindow
from facilitator_app.gui.projector_text import esc
from facilitator_app.gui.widgets.session_timer import HURRY_SECONDS, SessionTimers, clock_text
from facilitator_app.i18n import tr, tr_count

__all__ = ["SessionProjector", "project", "body_of"]

CARD = "#263238"  # a card on the projector's near-black
PANEL = QColor("#fafafa")  # behind an idea tree, whose drawing is made for a light page
MAX_CARDS = 6  # per column: the latest ones, the count of the others said above them
MAX_RANKED = 10
MAX_NOTES = 8

# what the projector can show of each kind of session, the first by default
_VIEWS = {"grid": ("grid", "ranking"), "tree": ("tree", "ranking"), "tables": ("harvest",)}


def _views(session: Session) -> tuple[str, ...]:
    spec = session.kind.spec
    for flag, views in _VIEWS.items():
        if getattr(spec, flag):
            return views
    return ("notes",)


# -- the body: plain markup, sized with @factor@ (`projector_text.sized`) ----------------------


def _card(text: str, caption: str = "") -> str:
    small = ""
    if caption:
        small = f'<br><span style="color:{DIM}; font-size:@0.7@">{esc(caption)}</span>'
    return (
        f'<table width="100%" cellpadding="8" bgcolor="{CARD}" style="margin-bottom:@0.35@">'
        f'<tr><td style="color:{TEXT}; font-size:@1@">{esc(text)}{small}</td></tr></table>'
    )


def _columns(columns: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> tuple[str, list[str]]:
    """Columns side by side: (heading, [(card text, caption)…]); the latest MAX_CARDS each."""
    width = 100 // max(1, len(columns))
    cells, texts = [], []
    for heading, cards in columns:
        shown = list(cards)[-MAX_CARDS:]
        hidden = len(cards) - len(shown)
        cell = f'<p style="color:{ACCENT}; font-weight:bold; font-size:@1.15@">{esc(heading)}</p>'
        if hidden:
            more = tr_count(hidden, "1 more above", "{n} more above")
            cell += f'<p style="color:{DIM}; font-size:@0.75@">{esc(more)}</p>'
        cell += "".join(_card(text, caption) for text, caption in shown)
        cells.append(f'<td width="{width}%" valign="top">{cell}</td>')
        texts.append(heading)
        texts += [text for text, _ in shown]
    markup = f'<table width="100%" cellspacing="12"><tr>{"".join(cells)}</tr></table>'
    return markup, texts


def _ranking(notes: Sequence[Note]) -> tuple[str, list[str]]:
    ranked = [r for r in ranking(notes) if r.note.votes > 0][:MAX_RANKED]
    if not ranked:
        return "", []
    rows, texts = [], [tr("Ranking by votes")]
    for place in ranked:
        votes = tr_count(place.note.votes, "1 vote", "{n} votes")
        rows.append(
            f'<tr><td style="color:{ACCENT}; font-weight:bold; font-size:@1.2@">{place.rank}</td>'
            f'<td style="color:{TEXT}; font-size:@1@">{esc(place.note.text)}</td>'
            f'<td align="right" style="color:{DIM}; font-size:@0.85@">{esc(votes)}</td></tr>'
        )
        texts.append(f"{place.rank}. {place.note.text} ({votes})")
    title = f'<p style="color:{ACCENT}; font-weight:bold; font-size:@1.15@">{esc(texts[0])}</p>'
    return title + f'<table width="100%" cellspacing="6">{"".join(rows)}</table>', texts


def body_of(document: EventDocument, session: Session, view: str) -> tuple[str, list[str]]:
    """The markup of `view` of `session` and its texts in reading order ("" when empty)."""
    read = document.read
    notes = read.session_notes(session.id)
    if view == "ranking":
        return _ranking(notes)
    if view == "grid":
        grid = Grid.build(session.id, read.session_categories(session.id), notes)
        columns = [
            (grid.column(key).name if key else tr("Not sorted"), grid.cards_in(key))
            for key in grid.column_ids()
        ]
        if not columns:
            return "", []
        return _columns([(h, [(n.text, "") for n in cards]) for h, cards in columns])
    if view == "harvest":
        groups = HarvestGroups(
            read.session_tables(session.id),
            read.session_categories(session.id),
            Grouping.BY_CATEGORY,
        )
        grouped = [g for g in groups.group(notes, every_top=True)]
        if not any(g.all_notes() for g in grouped):
            return "", []
        return _columns(
            [
                (
                    groups.label(0, g.key),
                    [(n.text, groups.label(1, groups.keys(n)[1])) for n in g.all_notes()],
                )
                for g in grouped
            ]
        )
    latest = notes[-MAX_NOTES:]
    if not latest:
        return "", []
    return "".join(_card(n.text, n.author) for n in latest), [n.text for n in latest]


class SessionProjector(QObject):
    """One session on the projector window, kept in step with the document and its timer."""

    closed = Signal()

    def __init__(
        self,
        document: EventDocument,
        session: Session,
        *,
        timers: SessionTimers,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._timers = timers
        self.session = session
        self.view = _views(session)[0]
        self.window = ProjectorWindow(parent, escape_closes=True)
        self.window.setWindowTitle(tr("Récolte — projecting {title}", title=session.title))
        self.window.closed.connect(self._closed)
        self._body: tuple[str, list[str]] = ("", [])
        self._tree: object | None = None  # the idea tree's drawing, made on first use
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.refresh)
        self._keys = {
            Qt.Key.Key_Space: self._toggle,
            Qt.Key.Key_R: self._reset,
            Qt.Key.Key_V: self.next_view,
            Qt.Key.Key_Right: self.next_view,
            Qt.Key.Key_Left: self.next_view,
        }
        self.window.installEventFilter(self)
        document.changed.connect(self._on_changed)
        timers.ticked.connect(self._show)
        timers.changed.connect(lambda _id: self._show())
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The projector's keys, whatever has the focus in it (no shortcut to clash with the
        main window's while the projector is the active window)."""
        if watched is self.window and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            slot = self._keys.get(Qt.Key(event.key()))
            if slot is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                slot()
                return True
        return super().eventFilter(watched, event)

    # -- what is shown --------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Project another session in the same window."""
        self.session = session
        self.view = _views(session)[0]
        self.window.setWindowTitle(tr("Récolte — projecting {title}", title=session.title))
        self.refresh()

    def next_view(self) -> None:
        """The grid or tree, then its ranking, and back."""
        views = _views(self.session)
        at = views.index(self.view) if self.view in views else -1
        self.view = views[(at + 1) % len(views)]
        self.refresh()

    def refresh(self) -> None:
        """Build the body again (a change of notes, another view) and show everything."""
        if self.view == "tree":
            self._body = ("", [])
            self._draw_tree()
        else:
            if self.window.drawing is not None:
                self.window.set_drawing(None)
            self._body = body_of(self._document, self.session, self.view)
        self._show()

    def _draw_tree(self) -> None:
        from facilitator_app.gui.widgets.idea_tree_drawing import IdeaTreeDrawing  # the tree's

        notes = self._document.read.session_notes(self.session.id)
        forest = build_forest(notes, session_id=self.session.id)
        if not len(forest):
            self.window.set_drawing(None)
            self._body = ("", [])
            return
        if self._tree is None:
            self._tree = IdeaTreeDrawing()
        drawing = self._tree
        assert isinstance(drawing, IdeaTreeDrawing)
        drawing.set_tree(self.session.question or self.session.title, forest)
        self._body = ("", [forest.notes[i].text for i in forest.walk()])
        scene = drawing.scene()

        def paint(painter: QPainter, rect: QRectF) -> None:
            drawn = scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)  # no empty margins
            if drawn.isEmpty():
                return
            scale = min(rect.width() / drawn.width(), rect.height() / drawn.height())
            target = QRectF(0, 0, drawn.width() * scale, drawn.height() * scale)
            target.moveCenter(rect.center())  # centred: render() would put it at the left
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PANEL)
            painter.drawRoundedRect(target, 12, 12)
            scene.render(painter, target, drawn)

        self.window.set_drawing(paint)

    def _show(self) -> None:
        session = self.session
        kwargs: dict[str, object] = {}
        if not session.kind.spec.tables:
            state = self._timers.timer(session).state()
            over = state.phase is Phase.OVER
            kwargs = {
                "countdown": clock_text(state),
                "paused": state.phase in (Phase.PAUSED, Phase.READY),
                "hurry": not over and state.remaining <= HURRY_SECONDS,
                "alert": tr("Time is up") if over else "",
            }
        markup, texts = self._body
        self.window.show_state(
            question=session.question or session.title,
            body=markup,
            body_texts=texts,
            **kwargs,  # type: ignore[arg-type]
        )

    # -- following the document -----------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.session.id in changes.ids:
            session = self._document.read.get(Session, self.session.id)
            if session is None or session.deleted:
                self.window.close()
                return
            kind_changed = session.kind != self.session.kind
            self.session = session
            if kind_changed:
                self.view = _views(session)[0]
                self._pending.start(0)
            else:
                self._show()  # the question or the times: the body stays
        if changes.touches("note", "category", "table"):
            self._pending.start(0)  # a batch of edits redraws once

    def _toggle(self) -> None:
        if not self.session.kind.spec.tables:
            self._timers.toggle(self.session)

    def _reset(self) -> None:
        if not self.session.kind.spec.tables:
            self._timers.reset(self.session)

    def _closed(self) -> None:
        self._document.changed.disconnect(self._on_changed)
        self._pending.stop()
        self.closed.emit()
        self.deleteLater()

    def present(self) -> bool:
        parent = self.parent()
        screen = parent.window().screen() if isinstance(parent, QWidget) else None
        shown = self.window.present(avoid=screen)
        self.window.activateWindow()
        self.window.setFocus()
        return shown


def project(
    window: QWidget, session: Session | None, *, document: EventDocument, timers: SessionTimers
) -> SessionProjector | None:
    """Project `session` from `window`: in the projection already open, else a new one."""
    if session is None:
        return None
    current = window.findChild(SessionProjector)
    if current is not None and current.window.isVisible():
        current.set_session(session)
    else:
        current = SessionProjector(document, session, timers=timers, parent=window)
    current.present()
    return current
