"""Office time: working days, office hours and the deemed time of receipt (§10 of the Act).

What arrives through an announced channel is received when it enters the agency's system;
outside office hours it is deemed received at the next office time. Processing times in the
manuals count working days: not weekends, not Thai public holidays, not the agency's own
closures.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BANGKOK = ZoneInfo("Asia/Bangkok")

# Monday=0 ... Sunday=6 -> (opens, closes). Government offices: 08:30-16:30, Mon-Fri.
STANDARD_HOURS: dict[int, tuple[time, time]] = {
    day: (time(8, 30), time(16, 30)) for day in range(5)
}


@lru_cache(maxsize=64)
def thai_public_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("TH", years=year).items())


@dataclass(frozen=True)
class OfficeCalendar:
    hours: dict[int, tuple[time, time]] = field(default_factory=lambda: dict(STANDARD_HOURS))
    closures: frozenset[date] = frozenset()

    @classmethod
    def standard(cls, closures: Iterable[date] = ()) -> "OfficeCalendar":
        return cls(closures=frozenset(closures))

    def holiday_name(self, day: date) -> str | None:
        return thai_public_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.hours
            and day not in self.closures
            and self.holiday_name(day) is None
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within a year; check the office hours")

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.hours[day.weekday()][0], tzinfo=BANGKOK)

    def deemed_receipt(self, entered: datetime) -> datetime:
        """§10: the entry time if the office is open then, else the next office time."""
        local = entered.astimezone(BANGKOK)
        day = local.date()
        if self.is_working_day(day):
            opens, closes = self.hours[day.weekday()]
            if local.time() < opens:
                return self.opening(day)
            if local.time() < closes:
                return local
        return self.opening(self.next_working_day(day))

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        day = start
        for _ in range(days):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
