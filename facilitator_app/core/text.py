"""French-aware text helpers: folding for sorting and matching (`École` ~ `ecole`, `œ` ~ `oe`)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from facilitator_app.core.limits import MAX_NOTE_CHARS

__all__ = [
    "hit_spans",
    "fold",
    "sort_key",
    "words",
    "excerpt",
    "keep_punctuation_attached",
    "file_stem",
    "safe_file_name",
]

_WORD = re.compile(r"\w+")
_SPACE_BEFORE = re.compile(r" ([?!;»])")  # French: a narrow no-break space before these
_SPACE_BEFORE_COLON = re.compile(r" :(?=\s|$)")  # and a no-break space before a colon
_SPACE_AFTER = re.compile(r"« ")
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # what Windows, macOS or Linux refuse

_EXTENSION = re.compile(r"(.*?)(\.[^.\s]{1,12})?")
# control characters, lone surrogates and the marks that reverse a name (`photo\u202egpj.exe`)
_HIDDEN_IN_NAMES = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SAFE_NAME_CHARS = 120
_SLICE = 2_000  # characters folded at once when looking for a hit in a long note

_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


# Searched for before replacing or filtering: `str.translate` to several letters and a test
# of every character cost most of `fold`, which indexes every note a merge brings.
_LIGATURE = re.compile(f"[{''.join(_LIGATURES)}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# the combining marks of U+0300–U+036F (accents, cedilla…) at C speed; the same rule as
# `_drop_combining`, which keeps the few of that block with no combining class (U+034F)
_LATIN_MARKS = re.compile(
    "[" + "".join(c for c in map(chr, range(0x300, 0x370)) if unicodedata.combining(c)) + "]"
)


def _drop_combining(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, typographic apostrophe made plain."""
    if text.isascii():  # no accent, ligature or typographic apostrophe: only the case
        return text.casefold()
    if _LIGATURE.search(text):
        for ligature, letters in _LIGATURES.items():
            text = text.replace(ligature, letters)
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.replace("’", "'")))
    if decomposed.isascii():  # French accents are all in the block above
        return decomposed.casefold()
    return _NON_ASCII.sub(_drop_combining, decomposed).casefold()  # only non-ASCII combines


def sort_key(text: str) -> tuple[str, str]:
    """Sort as a French reader expects: accents and case ignored first, then used to break ties."""
    return fold(text), text


def words(text: str) -> list[str]:
    """The folded words of `text` (`« L’Œuvre »` → `["l", "oeuvre"]`), as search matches them."""
    return _WORD.findall(fold(text))


def hit_spans(line: str, prefixes: Sequence[str]) -> list[tuple[int, int]]:
    """Where in `line` the words start with one of the folded `prefixes`, as the search
    matches them (`coeur` marks `cœur`, `ecole` marks `École`): (start, length) in `line`'s
    own characters, the length covering the part that matched."""
    pattern = _starting_with(tuple(prefixes))
    if pattern is None:
        return []
    folded = fold(line)
    if len(folded) == len(line):  # one letter for one (no œ, no ß): the places are the same
        return [(m.start(), m.end() - m.start()) for m in pattern.finditer(folded)]
    spans = []
    for match in _WORD.finditer(line):
        word = match.group()
        folded = fold(word)
        best = max((len(p) for p in prefixes if folded.startswith(p)), default=0)
        if not best:
            continue
        length, done = 0, 0
        while done < best and length < len(word):  # a ligature folds to two letters
            done += len(fold(word[length]))
            length += 1
        spans.append((match.start(), length))
    return spans


def excerpt(text: str, prefixes: Sequence[str], *, width: int = 120) -> str:
    """One line of `text`, at most about `width` characters, showing where the first word
    starting with one of the folded `prefixes` is (a search hit deep in a long note).

    The work is bounded whatever the note's size: only its first `MAX_NOTE_CHARS`
    characters are looked at (what the search index holds of a longer note written before
    the limit), folded a slice at a time, and only the slice holding the hit character by
    character (5 MB folded a character at a time took 4 s)."""
    line = " ".join(text[:MAX_NOTE_CHARS].split())
    if len(line) <= width:  # all of it shows, wherever the word is
        return line
    pattern = _starting_with(tuple(prefixes))
    hit = _first_hit(line, pattern) if pattern else 0
    start = 0
    if hit > width // 3:
        start = line.rfind(" ", 0, hit - width // 3) + 1
    end = start + width
    if end >= len(line):
        return ("…" if start else "") + line[start:]
    end = line.rfind(" ", start, end) if " " in line[start:end] else end
    return ("…" if start else "") + line[start:end].rstrip(" ,;:") + "…"


@functools.lru_cache(maxsize=32)
def _starting_with(prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A word starting with one of `prefixes` (made once per query, not once per line); the
    longest first, so that a match covers all of the prefix it is for."""
    longest_first = sorted((p for p in prefixes if p), key=len, reverse=True)
    pattern = "|".join(re.escape(p) for p in longest_first)
    return re.compile(rf"\b(?:{pattern})") if pattern else None


def _first_hit(line: str, pattern: re.Pattern[str]) -> int:
    """Where in `line` the first folded match of `pattern` starts; 0 when none."""
    start = 0
    while start < len(line):
        end = min(len(line), start + _SLICE)
        if end < len(line):  # cut after a space, so that no word is split in two
            space = line.rfind(" ", start, end)
            end = space + 1 if space > start else end
        piece = line[start:end]
        found = pattern.search(fold(piece))
        if found:
            at = found.start()
            if len(fold(piece[:at])) == at and len(fold(piece[: at + 1])) > at:
                return start + at  # nothing before the match folded longer or shorter
            # Folding works character by character, so the folded length of a prefix
            # grows with it: the first prefix folded longer than the match's start ends
            # with the character it comes from (a few folds of slices, not one per
            # character: that took 0.7 ms a note, paid for every line the search panel
            # shows).
            low, high = 0, len(piece) - 1
            while low < high:
                middle = (low + high) // 2
                if len(fold(piece[: middle + 1])) > found.start():
                    high = middle
                else:
                    low = middle + 1
            return start + low
        start = end
    return 0


def keep_punctuation_attached(text: str) -> str:
    """French text ready to be wrapped: the plain space typed before `? ! ; : »` and after `«`
    becomes the no-break one French typography puts there, so a line never starts with `?`."""
    text = _SPACE_BEFORE.sub("\u202f\\1", text)
    text = _SPACE_BEFORE_COLON.sub("\u00a0:", text)
    return _SPACE_AFTER.sub("«\u202f", text)


def file_stem(text: str, *, fallback: str) -> str:
    """`text` (an event title, a copy's name) made safe as a file name on every system: the
    characters file systems refuse become a dash; `fallback` when nothing is left."""
    return _NOT_IN_FILE_NAMES.sub("-", text).strip(" .-")[:80] or fallback


def safe_file_name(name: str, *, fallback: str) -> str:
    """`name` (an attachment's file name from another tool) reduced to a base name that is
    safe to suggest in a folder: no folders (`../../x` is `x`, `/etc/passwd` is `passwd`), no
    leading dots or spaces, no control characters nor the invisible ones that reverse how a
    name reads; the extension kept, and `fallback` before it when nothing else is left. A
    plain name comes back unchanged, and so does a name this returned."""
    base = re.split(r"[\\/]", name)[-1]
    base = _HIDDEN_IN_NAMES.sub("", base).strip(" .")
    match = _EXTENSION.fullmatch(base)
    assert match is not None  # the pattern matches any text
    stem, extension = match.group(1).lstrip(" ."), match.group(2) or ""
    if len(stem) + len(extension) > _SAFE_NAME_CHARS:
        stem = stem[: _SAFE_NAME_CHARS - len(extension)].rstrip(" .")
    return (stem or fallback) + extension
