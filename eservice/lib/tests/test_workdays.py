from datetime import date, datetime

from eservice.lib.workdays import BANGKOK, OfficeCalendar

calendar = OfficeCalendar.standard()


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def test_a_request_during_office_hours_is_received_at_once():
    assert calendar.deemed_receipt(at(2026, 11, 25, 10, 0)) == at(2026, 11, 25, 10, 0)


def test_a_request_in_the_evening_is_received_next_morning():
    assert calendar.deemed_receipt(at(2026, 11, 25, 19, 0)) == at(2026, 11, 26, 8, 30)


def test_a_request_early_in_the_morning_is_received_at_opening():
    assert calendar.deemed_receipt(at(2026, 11, 25, 6, 0)) == at(2026, 11, 25, 8, 30)


def test_weekends_and_public_holidays_are_skipped():
    # Friday 4 Dec 2026 evening -> Sat, Sun, 5 Dec (Sat, national day), Mon 7 Dec (in lieu)
    assert calendar.deemed_receipt(at(2026, 12, 4, 17, 0)) == at(2026, 12, 8, 8, 30)


def test_an_agency_closure_is_not_an_office_day():
    closed = OfficeCalendar.standard(closures=[date(2026, 11, 26)])
    assert closed.deemed_receipt(at(2026, 11, 25, 19, 0)) == at(2026, 11, 27, 8, 30)


def test_utc_times_are_converted_to_bangkok_time():
    from datetime import UTC

    # 02:00 UTC is 09:00 in Bangkok: office hours.
    entered = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    assert calendar.deemed_receipt(entered) == at(2026, 11, 25, 9, 0)


def test_working_days_skip_holidays():
    # From Thu 3 Dec 2026: Fri 4, (Sat 5, Sun 6, Mon 7 in lieu), Tue 8, Wed 9, (Thu 10 holiday)
    assert calendar.add_working_days(date(2026, 12, 3), 3) == date(2026, 12, 9)
    assert calendar.working_days_between(date(2026, 12, 3), date(2026, 12, 11)) == 4
