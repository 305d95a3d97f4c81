"""Dates as Thai users read them: Buddhist era, Thai month names, optional Thai digits.

Stored values stay ISO dates and aware datetimes; conversion happens only when shown.
"""

from datetime import date, datetime

from django.utils import formats, timezone
from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

BUDDHIST_ERA_OFFSET = 543


def buddhist_year(value: date) -> int:
    return value.year + BUDDHIST_ERA_OFFSET


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
