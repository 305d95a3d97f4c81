"""Dates as Thai users read them: Buddhist era, Thai month names, optional Thai digits.

Stored values stay ISO dates and aware datetimes; conversion happens only when shown.
"""

import re
from datetime import date, datetime

from django.utils import formats, timezone
from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

BUDDHIST_ERA_OFFSET = 543
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


def buddhist_year(value: date) -> int:
    return value.year + BUDDHIST_ERA_OFFSET


def parse_date(text: str) -> date | None:
    """A date as people write it: 2026-11-25, 25/11/2569 or 25-11-2026. A year over 2400 is
    in the Buddhist era and is converted before the date is made, so 29/02/2567 (2024, a
    leap year) is a date although 2567 would not be a leap year. None if it is not a date."""
    text = text.strip()
    if found := _YEAR_FIRST.fullmatch(text):
        year, month, day = map(int, found.groups())
    elif found := _DAY_FIRST.fullmatch(text):
        day, month, year = map(int, found.groups())
    else:
        return None
    if year > 2400:
        year -= BUDDHIST_ERA_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def fiscal_year(value: date) -> int:
    """Thai fiscal year (1 Oct - 30 Sep), named by the Buddhist-era year it ends in."""
    return buddhist_year(value) + (1 if value.month >= 10 else 0)


def format_date(
    value: date | datetime | None, language: str, *, with_time: bool = False, digits: bool = False
) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if language == "th":
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        text = thai_strftime(value, "%-d %B %Y %H:%M น." if with_time else "%-d %B %Y")
        return arabic_digit_to_thai_digit(text) if digits else text
    return formats.date_format(value, "j F Y, H:i" if with_time else "j F Y")
