"""How a printed document writes dates, numbers and kinds in its language.

`Wording` is a labels dataclass like the others (English message ids, translated by
`translated_labels`), shared by the synthesis and the carnet so both say « jeudi 11 juin
2026 », « 11–12 juin 2026 » or « 2 550 » the same way, whatever language the window speaks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from facilitator_app.core.vocabulary import NOTE_KIND_NAMES, SESSION_KIND_NAMES
from facilitator_app.i18n import N_

__all__ = ["Wording", "parse_date"]


def parse_date(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso.strip())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Wording:
    months: str = N_(
        "January February March April May June July August September October November December"
    )
    weekdays: str = N_("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
    long_day: str = N_("{weekday}, {month} {day}, {year}")
    short_day: str = N_("{month} {day}, {year}")
    days_in_month: str = N_("{month} {first}–{last}, {year}")
    span: str = N_("{first} to {last}")
    first_day: str = N_("1")  # how the first day of a month is written (French: « 1er »)
    thousands: str = N_(",")  # the thousands separator (French: a narrow no-break space)
    session_kinds: Mapping[str, str] = field(default_factory=lambda: dict(SESSION_KIND_NAMES))
    note_kinds: Mapping[str, str] = field(default_factory=lambda: dict(NOTE_KIND_NAMES))

    def _month(self, day: dt.date) -> str:
        names = self.months.split()
        return names[day.month - 1] if len(names) == 12 else str(day.month)

    def _number_of(self, day: dt.date) -> str:
        return self.first_day if day.day == 1 else str(day.day)

    def day(self, iso: str, *, weekday: bool = True) -> str:
        """« jeudi 11 juin 2026 » (« 11 juin 2026 » without the weekday); the text as given
        when it is no date."""
        day = parse_date(iso)
        if day is None:
            return iso
        fields = {"month": self._month(day), "day": self._number_of(day), "year": day.year}
        if not weekday:
            return self.short_day.format(**fields)
        names = self.weekdays.split()
        name = names[day.weekday()] if len(names) == 7 else ""
        return self.long_day.format(weekday=name, **fields)

    def dates(self, start: str, end: str = "") -> str:
        """An event's dates: one day, « 11–12 juin 2026 », or « du 30 juin au 2 juillet »."""
        first, last = parse_date(start), parse_date(end or start)
        if first is None or last is None:
            return " – ".join(d for d in dict.fromkeys((start.strip(), end.strip())) if d)
        if last <= first:
            return self.day(start, weekday=False)
        if (first.year, first.month) == (last.year, last.month):
            return self.days_in_month.format(
                month=self._month(first),
                first=self._number_of(first),
                last=last.day,
                year=first.year,
            )
        return self.span.format(
            first=self.day(start, weekday=False), last=self.day(end, weekday=False)
        )

    def number(self, value: int) -> str:
        """« 2 550 » in French, « 2,550 » in English."""
        return f"{value:,}".replace(",", self.thousands)

    def session_kind(self, kind: str) -> str:
        return self.session_kinds.get(kind, kind)

    def note_kind(self, kind: str) -> str:
        return self.note_kinds.get(kind, kind)
