from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from eservice.lib.dates import fiscal_year, format_date, parse_date


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_dates_are_shown_in_the_buddhist_era_in_thai():
    with translation.override("th"):
        assert render("{{ d|thai_date }}", d=date(2026, 11, 25)) == "25 พฤศจิกายน 2569"


def test_thai_digits_when_chosen():
    with translation.override("th"):
        assert render('{{ d|thai_date:"digits" }}', d=date(2026, 11, 25)) == "๒๕ พฤศจิกายน ๒๕๖๙"


def test_english_pages_show_the_common_era():
    with translation.override("en"):
        assert render("{{ d|thai_date }}", d=date(2026, 11, 25)) == "25 November 2026"


def test_times_are_shown_in_bangkok_time():
    utc_evening = datetime(2026, 11, 25, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert format_date(utc_evening, "th", with_time=True) == "26 พฤศจิกายน 2569 03:00 น."


def test_fiscal_year_starts_in_october():
    assert fiscal_year(date(2022, 10, 1)) == 2566
    assert fiscal_year(date(2023, 9, 30)) == 2566
    assert fiscal_year(date(2023, 10, 1)) == 2567


def test_dates_are_read_as_people_write_them_with_the_year_converted_first():
    assert parse_date("29/02/2567") == date(2024, 2, 29)  # 2567 alone is no leap year
    assert parse_date("2567-02-29") == date(2024, 2, 29)
    assert parse_date(" 25-11-2026 ") == date(2026, 11, 25)
    assert parse_date("2026-11-25") == date(2026, 11, 25)
    for not_a_date in ("29/02/2568", "31/04/2569", "25/13/2569", "25.11.2569", "", "๒๕/๑๑/๒๕๖๙x"):
        assert parse_date(not_a_date) is None, not_a_date
