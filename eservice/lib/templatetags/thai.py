"""Filters every page may use: {{ d|thai_date }}, {{ d|thai_datetime }}, {{ n|thai_digits }}."""

from datetime import date, datetime

from django import template
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from pythainlp.util import arabic_digit_to_thai_digit

from eservice.lib.dates import format_date

register = template.Library()


def _language() -> str:
    return (get_language() or "th")[:2]


@register.filter
def thai_date(value: date | datetime | None, option: str = "") -> str:
    """25 พฤศจิกายน 2569 in Thai, 25 November 2026 in English; "digits" for Thai digits."""
    return format_date(value, _language(), digits=option == "digits")


@register.filter
def thai_datetime(value: datetime | None, option: str = "") -> str:
    return format_date(value, _language(), with_time=True, digits=option == "digits")


@register.filter
def thai_digits(value: object) -> str:
    return arabic_digit_to_thai_digit(str(value))


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """The page being shown, in another language: / is Thai, /en/ is English."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


@register.simple_tag
def now_local_date() -> str:
    return format_date(timezone.localdate(), _language())
