"""Document numbers: one running number per agency, kind and Buddhist-era year, never
printed twice, even when two workers issue for the same agency at the same moment."""

import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.html import format_html

from eservice.documents import keys, signing
from eservice.documents.issuing import issue
from eservice.documents.models import Document, DocumentTemplate
from eservice.lib.dates import buddhist_year

BODY = format_html("<p>{}</p>", "ข้อความ")


def year() -> int:
    return buddhist_year(timezone.localdate())


def issue_licence(agency: Any, **extra: Any) -> Document:
    return issue(
        agency=agency,
        kind="licence",
        title="ใบอนุญาตทดสอบ",
        holder="นายทดสอบ ระบบ",
        body=BODY,
        **extra,
    )


def existing(agency: Any, number: str, kind: str = "licence") -> Document:
    """A document issued earlier (its PDF does not matter here)."""
    return Document.objects.create(
        agency=agency, kind=kind, title="เอกสารเดิม", holder="นายเดิม", number=number
    )


@pytest.mark.django_db
def test_numbers_run_per_agency_kind_and_year(agency, other_agency):
    existing(agency, f"40/{year() - 1}")
    first, second = issue_licence(agency), issue_licence(agency)
    assert (first.number, second.number) == (f"1/{year()}", f"2/{year()}")
    receipt = issue(
        agency=agency, kind="receipt", title="ใบเสร็จรับเงิน", holder="นายทดสอบ", body=BODY
    )
    assert receipt.number == f"1/{year()}"
    assert issue_licence(other_agency).number == f"1/{year()}"


@pytest.mark.django_db
def test_a_deleted_document_does_not_bring_its_number_back(agency):
    existing(agency, f"1/{year()}")
    existing(agency, f"2/{year()}").delete()
    existing(agency, f"3/{year()}")
    document = issue_licence(agency)
    assert document.number == f"4/{year()}"
    assert signing.check(document.pdf.read()).valid


@pytest.mark.django_db
def test_a_letter_prefix_keeps_counting_from_the_highest_number(agency, licence_service):
    existing(agency, f"นบ 0023/7/{year()}", kind="letter")
    existing(agency, f"2/{year()}", kind="letter")
    template = DocumentTemplate.objects.create(
        service=licence_service,
        kind="letter",
        title="หนังสือแจ้ง",
        body="ข้อความ",
        letter_prefix="นบ 0023/",
        signatory_name="นายก",
        signatory_position="นายกเทศมนตรี",
    )
    letter = issue(
        agency=agency,
        kind="letter",
        title="หนังสือแจ้ง",
        holder="นายทดสอบ",
        body=BODY,
        template=template,
    )
    assert letter.number == f"นบ 0023/8/{year()}"
    assert (
        issue(agency=agency, kind="letter", title="หนังสือ", holder="นาย ก", body=BODY).number
        == f"9/{year()}"
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_document_with_the_same_number(agency):
    existing(agency, f"5/{year()}")
    with pytest.raises(IntegrityError), transaction.atomic():
        existing(agency, f"5/{year()}")
    # Unnumbered rows are not numbers: any count of them may exist.
    existing(agency, "")
    existing(agency, "")
    assert Document.objects.filter(agency=agency).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_issuing_at_once_get_different_numbers(agency):
    """Two threads, each with its own database connection, issue for the same agency at
    once. On PostgreSQL both read the same highest number before either inserts (they wait
    for each other just before saving), so one insert clashes and has to take the next
    number. SQLite runs one writing transaction at a time (BEGIN IMMEDIATE), so there the
    second simply waits; the outcome must be the same."""
    # The agency's key exists before workers start (make_demo_ca, or the real key file).
    keys.make_agency_key(agency.code, agency.name_en)
    meet = threading.Barrier(2) if connection.vendor == "postgresql" else None
    first_insert = threading.local()

    def both_have_read_the_number(sender: Any, instance: Document, **kwargs: Any) -> None:
        if meet is not None and instance._state.adding and not getattr(first_insert, "done", 0):
            first_insert.done = True
            meet.wait(timeout=30)

    documents: list[Document] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            documents.append(issue_licence(agency))
        except BaseException as e:  # reported by the test below
            errors.append(e)
        finally:
            connection.close()

    pre_save.connect(both_have_read_the_number, sender=Document)
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        pre_save.disconnect(both_have_read_the_number, sender=Document)
    assert not errors, errors
    numbers = sorted(Document.objects.filter(agency=agency).values_list("number", flat=True))
    assert numbers == [f"1/{year()}", f"2/{year()}"]
    for document in Document.objects.filter(agency=agency):
        verdict = signing.check(document.pdf.read())
        assert verdict.valid, verdict.problems
        assert document.number in {d.number for d in documents}
