import subprocess
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from eservice.oversight.models import GuideEdition, Level, Step, Tool

pytestmark = pytest.mark.django_db

migration = import_module("eservice.oversight.migrations.0002_first_guide_edition")


@pytest.fixture(autouse=True)
def first_edition_shipped(db):
    """The first edition comes with the migrations; tests run with a transactional database
    elsewhere in the same process empty its tables, so put it back as the migration does."""
    migration.load(apps, None)


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_first_edition_ships_a_tool_for_every_step_and_level():
    edition = GuideEdition.current()
    assert edition is not None and edition.number == 1
    pairs = set(edition.tools.values_list("step", "level"))
    assert pairs == {(s, lv) for s in Step.values for lv in (1, 2, 3)}
    for tool in edition.tools.all():
        assert tool.preparation and tool.recommendations and tool.cautions
        assert tool.legal_basis.startswith("§")


def test_the_guide_warns_against_scams_and_phishing():
    cautions = " ".join(Tool.objects.values_list("cautions_en", flat=True))
    assert "phishing" in cautions
    assert "Scammers" in cautions


def test_agencies_browse_the_guide_in_thai_and_in_english(client):
    thai = client.get(reverse("oversight:guide")).content.decode()
    assert "ไปรษณีย์อิเล็กทรอนิกส์กลางของหน่วยงาน (saraban@)" in thai
    assert "ระดับมาตรฐาน" in thai

    tool = Tool.objects.get(step=Step.PAY, level=Level.BEGINNER)
    page = client.get(reverse("oversight:guide_tool", args=[tool.pk])).content.decode()
    assert "ข้อควรระวัง" in page and "สลิปปลอม" in page
    assert "§7" in page

    with_english = client.get("/en" + reverse("oversight:guide")).content.decode()
    assert "The agency&#x27;s central e-mail (saraban@)" in with_english


def test_the_guide_prints_as_a_pdf_in_thai(client):
    response = client.get(reverse("oversight:guide_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content).split())
    # The guide's own text (pdftotext may reorder Thai marks; these words have none)
    assert "saraban" in text and "GDX" in text and "ระบบ" in text
    assert "ThaID" in text


def test_the_guide_is_json_through_the_api(client):
    body = client.get("/api/oversight/guide").json()
    assert body["edition"] == 1
    assert len(body["tools"]) == 27
    receive = next(t for t in body["tools"] if t["step"] == "receive" and t["level"] == "standard")
    assert receive["name"]["en"].startswith("Online e-form")
    assert receive["preparation"]["th"]

    missing = client.get("/api/oversight/guide/99")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"]["th"]


def test_staff_draft_edit_and_publish_the_next_edition(client, oversight_user):
    client.force_login(oversight_user)
    response = client.post(reverse("oversight:editions"))
    draft = GuideEdition.objects.get(number=2)
    assert response.url == reverse("oversight:edition", args=[2])
    assert draft.is_draft and draft.tools.count() == 27

    tool = draft.tools.get(step=Step.RECEIVE, level=Level.BEGINNER)
    form = {
        f: getattr(tool, f)
        for f in [
            "step",
            "level",
            "name_th",
            "name_en",
            "summary_th",
            "summary_en",
            "preparation_th",
            "preparation_en",
            "legal_basis",
            "recommendations_th",
            "recommendations_en",
            "cautions_th",
            "cautions_en",
        ]
    }
    form["cautions_en"] += "\nNever forward the central mailbox to a personal address"
    client.post(reverse("oversight:tool_edit", args=[2, tool.pk]), form)

    # the public still sees edition 1 until the draft is published
    assert GuideEdition.objects.filter(published_at__isnull=False).count() == 1
    client.post(reverse("oversight:edition", args=[2]), {"changes": "Mailbox forwarding"})

    assert GuideEdition.objects.get(number=2).published_at is not None
    page = client.get("/en" + reverse("oversight:guide_tool", args=[tool.pk])).content.decode()
    assert "Never forward the central mailbox" in page
    # edition 1 is unchanged and still readable
    first = Tool.objects.get(edition__number=1, step=Step.RECEIVE, level=Level.BEGINNER)
    assert "Never forward" not in first.cautions_en


def test_officers_cannot_edit_the_guide(client, officer):
    client.force_login(officer)
    assert client.post(reverse("oversight:editions")).status_code == 403
    assert not GuideEdition.objects.filter(number=2).exists()


def test_the_home_page_leads_to_the_guide_and_the_public_list(client):
    home = client.get(reverse("home")).content.decode()
    assert reverse("oversight:guide") in home
    assert reverse("oversight:public_list") in home


def test_the_guide_pdf_is_rendered_once_per_edition_and_language(client, monkeypatch):
    from eservice.oversight import reports

    first = client.get(reverse("oversight:guide_pdf")).content
    monkeypatch.setattr(reports, "as_pdf", lambda *a, **k: pytest.fail("rendered again"))
    assert client.get(reverse("oversight:guide_pdf")).content == first
