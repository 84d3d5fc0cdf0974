"""`HelpWindow`: the manual in a window of its own, beside the event (Help → Manual, F1).

On the left, a search box and the list of pages (the contents); on the right, the page shown
with Qt's Markdown reader (`QTextBrowser`), with Back and Forward. Links between pages
(`[…](world-cafe.md#seating)`) and within a page (`[…](#seating)`) are followed here; the
headings' `{#anchor}` marks (`help.manual`) become anchors of the document, so F1 lands on
the right section in either language. The search keeps the pages holding every word typed
(accents and case ignored, each word a prefix, as the notes' search does); Enter finds the
next place on the page shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QKeySequence,
    QShortcut,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.text import words
from facilitator_app.gui.help.manual import (
    HOME,
    PAGES,
    Topic,
    page_source,
    page_title,
    split_anchors,
    topic_for,
)
from facilitator_app.i18n import current_language, tr

__all__ = ["HelpWindow"]

_COLUMN = 780  # the widest line of text, in pixels: longer lines are hard to follow
_MARGIN = 28
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


class HelpWindow(QWidget):
    def __init__(self, parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.language = language or current_language()
        self.page = ""
        self.anchor = ""
        self._history: list[Topic] = []
        self._at = -1
        self._words = {page: set(words(page_source(page, self.language))) for page in PAGES}
        self.setWindowTitle(tr("Récolte manual"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search the manual"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search the manual"))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.find_next)
        self.contents = QListWidget()
        for page in PAGES:
            item = QListWidgetItem(page_title(page, self.language))
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.contents.addItem(item)
        self.contents.setWordWrap(True)
        self.contents.setAccessibleName(tr("Pages of the manual"))
        self.contents.setSpacing(2)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.itemActivated.connect(self._item_chosen)
        self.contents.itemClicked.connect(self._item_chosen)
        self.nothing_found = QLabel(tr("No page matches."))
        self.nothing_found.hide()

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(tr("Manual"))
        self.browser.anchorClicked.connect(self.follow)
        self.browser.viewport().installEventFilter(self)
        font = QFont(self.browser.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.browser.document().setDefaultFont(font)

        style = self.style()
        self.back_button = QToolButton()
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.setToolTip(tr("Back (Alt+Left)"))
        self.back_button.clicked.connect(self.back)
        self.forward_button = QToolButton()
        self.forward_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.forward_button.setToolTip(tr("Forward (Alt+Right)"))
        self.forward_button.clicked.connect(self.forward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.back)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Forward), self, self.forward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 0, 8)
        side_layout.addWidget(self.search)
        side_layout.addWidget(self.nothing_found)
        side_layout.addWidget(self.contents, 1)
        navigation = QHBoxLayout()
        navigation.addWidget(self.back_button)
        navigation.addWidget(self.forward_button)
        navigation.addStretch(1)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 8, 8, 8)
        main_layout.addLayout(navigation)
        main_layout.addWidget(self.browser, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.resize(1100, 760)
        self._update_buttons()

    # -- showing a page -------------------------------------------------------------------

    def show_view(self, view: str) -> None:
        """Show the page about a view of the main window (`manual.topic_for`), in front."""
        self.show()  # first: the page is laid out at the window's width, then scrolled
        self.raise_()
        self.activateWindow()
        topic = topic_for(view)
        self.show_topic(topic.page, topic.anchor)

    def show_topic(self, page: str, anchor: str = "") -> None:
        """Show `page` at `anchor` (its top when empty), remembered for Back."""
        self._history[self._at + 1 :] = [Topic(page, anchor)]
        self._at = len(self._history) - 1
        self._show(self._history[self._at])

    def _show(self, topic: Topic) -> None:
        if topic.page != self.page:
            self._render(topic.page)
        self.anchor = topic.anchor
        if topic.anchor:
            self._scroll_to(topic.anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == topic.page:
                self.contents.setCurrentItem(item)
        self._update_buttons()

    def _scroll_to(self, anchor: str) -> None:
        """The heading `anchor` at the top, with a little room above it."""
        self.browser.scrollToAnchor(anchor)
        bar = self.browser.verticalScrollBar()
        if bar.value() > 0:
            bar.setValue(bar.value() - _MARGIN // 2)

    def _render(self, page: str) -> None:
        source, marks = split_anchors(page_source(page, self.language))
        self.browser.setMarkdown(source)
        self.page = page
        document = self.browser.document()
        headings = [b for b in _blocks(document) if b.blockFormat().headingLevel() > 0]
        for block in _blocks(document):  # a little air between the lines
            block_format = block.blockFormat()
            block_format.setLineHeight(125, _PROPORTIONAL)
            QTextCursor(block).setBlockFormat(block_format)
        for block, anchor in zip(headings, marks, strict=False):
            cursor = QTextCursor(block)
            block_format = block.blockFormat()
            level = block_format.headingLevel()
            block_format.setTopMargin(18 if level > 1 else 4)
            block_format.setBottomMargin(6)
            cursor.setBlockFormat(block_format)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            if anchor:
                mark = QTextCharFormat()
                mark.setAnchor(True)
                mark.setAnchorNames([anchor])
                cursor.mergeCharFormat(mark)
        self._fit_column()

    def _fit_column(self) -> None:
        """Keep lines short enough to read: the text in a centred column of `_COLUMN` pixels."""
        frame = self.browser.document().rootFrame()
        frame_format = frame.frameFormat()
        side = max(_MARGIN, (self.browser.viewport().width() - _COLUMN) / 2)
        frame_format.setLeftMargin(side)
        frame_format.setRightMargin(side)
        frame_format.setTopMargin(_MARGIN)
        frame_format.setBottomMargin(_MARGIN)
        frame.setFrameFormat(frame_format)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_column()
            if self.anchor:
                self._scroll_to(self.anchor)
        return super().eventFilter(watched, event)

    # -- moving around --------------------------------------------------------------------

    def follow(self, url: QUrl) -> None:
        """A link clicked in a page: another page, a place on this one, or the outside."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        name = url.path().rpartition("/")[2].removesuffix(".md")
        page = name or self.page
        if page in PAGES:
            self.show_topic(page, url.fragment())

    def back(self) -> None:
        if self._at > 0:
            self._at -= 1
            self._show(self._history[self._at])

    def forward(self) -> None:
        if self._at < len(self._history) - 1:
            self._at += 1
            self._show(self._history[self._at])

    def home(self) -> None:
        self.show_topic(HOME)

    def _item_chosen(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page != self.page or self.anchor:
            self.show_topic(page)
        if self.search.text().strip():
            self.find_next()

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self._at > 0)
        self.forward_button.setEnabled(self._at < len(self._history) - 1)

    # -- search ---------------------------------------------------------------------------

    def matching_pages(self, query: str) -> list[str]:
        """The pages holding a word starting with each word of `query`, in contents order."""
        wanted = words(query)
        return [
            page
            for page in PAGES
            if all(any(w.startswith(p) for w in self._words[page]) for p in wanted)
        ]

    def _filter(self, query: str) -> None:
        shown = set(self.matching_pages(query))
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) not in shown)
        self.nothing_found.setVisible(not shown)

    def find_next(self) -> None:
        """Select the next place of the search's first word on the page shown (from the top
        again at the end); on a page without it, go to the first page that has it."""
        query = self.search.text().strip()
        if not query:
            return
        if self.page not in self.matching_pages(query):
            pages = self.matching_pages(query)
            if not pages:
                return
            self.show_topic(pages[0])
        first = query.split()[0]
        if not self.browser.find(first):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(first)


def _blocks(document: QTextDocument) -> list[QTextBlock]:
    block, found = document.begin(), []
    while block.isValid():
        found.append(block)
        block = block.next()
    return found
