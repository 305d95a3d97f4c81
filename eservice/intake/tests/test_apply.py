import re
import secrets
import threading

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eservice.intake.conftest import EXE, PNG, SHOP_FORM, make_service, pdf_bytes, upload
from eservice.intake.models import Attachment, Draft, PostCount, Request
from eservice.outreach.models import OutgoingMail

CONTACT = {"applicant_name": "สมหญิง รักดี", "applicant_email": "somying@example.com"}


def start(client, version, lang="/en"):
    page = client.get(f"{lang}/services/{version.service_id}/apply/")
    assert page.status_code == 200
    found = re.search(r'name="key" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_a_one_page_form_is_submitted_and_confirmed(client, complaint):
    key = start(client, complaint)
    response = client.post(
        f"/en/services/{complaint.service_id}/apply/",
        {
            "key": key,
            **CONTACT,
            "subject": "เสียงดังจากโรงงาน",
            "declaration": "on",
            "action": "submit",
        },
        follow=True,
    )
    application = Request.objects.get()
    assert application.reference in response.text
    assert "We are sending you an e-mail" in response.text
    assert application.answers["subject"] == "เสียงดังจากโรงงาน"
    assert application.channel == "web"
    assert OutgoingMail.objects.get().to == "somying@example.com"


@pytest.mark.django_db
def test_pressing_submit_twice_makes_one_request(client, complaint):
    key = start(client, complaint)
    data = {"key": key, **CONTACT, "subject": "x", "declaration": "on", "action": "submit"}
    first = client.post(f"/en/services/{complaint.service_id}/apply/", data)
    second = client.post(f"/en/services/{complaint.service_id}/apply/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Request.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


@pytest.mark.django_db
def test_mistakes_are_explained_and_what_was_typed_is_kept(client, complaint):
    key = start(client, complaint, lang="")
    response = client.post(
        f"/services/{complaint.service_id}/apply/",
        {
            "key": key,
            "applicant_name": "สมหญิง",
            "applicant_email": "not-an-address",
            "subject": "",
            "details": "รายละเอียดที่พิมพ์ไว้",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    assert "รายละเอียดที่พิมพ์ไว้" in response.text
    assert "สมหญิง" in response.text
    assert "กรอกที่อยู่อีเมล" in response.text or "name@example.com" in response.text
    assert "usa-alert--error" in response.text
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_long_form_goes_page_by_page_with_an_attachment_and_a_check(client, shop_licence, media):
    url = f"/en/services/{shop_licence.service_id}/apply/"
    key = start(client, shop_licence)
    step1 = client.post(
        url, {"key": key, **CONTACT, "shop_name": "ครัวป้าแดง", "seats": "12", "action": "next"}
    )
    assert step1["Location"] == f"/en/apply/{key}/1/"
    step2 = client.post(
        f"/en/apply/{key}/1/", {"floor_plan": upload("plan.pdf", pdf_bytes()), "action": "next"}
    )
    assert step2["Location"] == f"/en/apply/{key}/2/"
    check = client.get(f"/en/apply/{key}/2/")
    assert "Check your answers" in check.text and "ครัวป้าแดง" in check.text
    assert "plan.pdf" in check.text
    done = client.post(f"/en/apply/{key}/2/", {"declaration": "on", "action": "submit"})
    application = Request.objects.get()
    assert done["Location"] == f"/en/submitted/{application.tracking_token()}/"
    attachment = Attachment.objects.get(request=application)
    assert attachment.name == "plan.pdf" and len(attachment.sha256) == 64
    assert application.answers["floor_plan"]["sha256"] == attachment.sha256
    # The back button and a second press find the same request.
    again = client.post(f"/en/apply/{key}/2/", {"declaration": "on", "action": "submit"})
    assert again["Location"] == done["Location"]
    assert Request.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("plan.pdf", EXE, "not one of the accepted types"),
        ("plan.pdf", PNG, "named like a .pdf file but its content is PNG"),
    ],
)
def test_disguised_uploads_are_refused_with_a_reason(
    client, shop_licence, media, name, content, reason
):
    url = f"/en/services/{shop_licence.service_id}/apply/"
    key = start(client, shop_licence)
    client.post(url, {"key": key, **CONTACT, "shop_name": "ร้าน", "seats": "1", "action": "next"})
    response = client.post(
        f"/en/apply/{key}/1/", {"floor_plan": upload(name, content), "action": "next"}
    )
    assert response.status_code == 400
    assert reason in response.text
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(client, shop_licence, media):
    key = start(client, shop_licence)
    client.post(
        f"/en/services/{shop_licence.service_id}/apply/",
        {"key": key, **CONTACT, "shop_name": "ร้าน", "seats": "1", "action": "next"},
    )
    big = upload("plan.png", PNG + b"\x00" * (6 * 1024 * 1024))
    response = client.post(f"/en/apply/{key}/1/", {"floor_plan": big, "action": "next"})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.text


@pytest.mark.django_db
def test_a_saved_draft_is_resumed_from_the_private_link(client, shop_licence):
    key = start(client, shop_licence)
    saved = client.post(
        f"/en/services/{shop_licence.service_id}/apply/",
        {"key": key, **CONTACT, "shop_name": "ครัวป้าแดง", "seats": "12", "action": "save"},
    )
    assert "We have sent a private link" in saved.text
    mail = OutgoingMail.objects.get(purpose="draft")
    found = re.search(r"http://\S+/apply/\S+/", mail.body)
    assert found is not None
    link = found.group(0)
    assert key in link
    resumed = client.get(link.split("8000", 1)[-1], follow=True)
    assert 'value="ครัวป้าแดง"' in resumed.text
    assert Draft.objects.get(key=key).applicant_email == CONTACT["applicant_email"]


@pytest.fixture
def one_minute(monkeypatch):
    """Every post counted in the same minute, however long the test takes: a test that
    crossed into the next minute would start a fresh count."""
    monkeypatch.setattr(PostCount, "bucket_of", staticmethod(lambda address: f"{address}:1"))


@pytest.mark.django_db
def test_too_many_posts_from_one_address_are_slowed_down(client, complaint, settings, one_minute):
    settings.INTAKE_SUBMITS_PER_MINUTE = 2
    url = f"/en/services/{complaint.service_id}/apply/"
    key = start(client, complaint)
    codes = [client.post(url, {"key": key, "subject": "typed"}).status_code for _ in range(3)]
    assert codes[-1] == 429
    last = client.post(url, {"key": key, "subject": "typed"})
    assert "Wait a minute" in last.text and 'value="typed"' in last.text


@pytest.mark.django_db
def test_submissions_count_towards_the_limit_too(client, complaint, settings, one_minute):
    settings.INTAKE_SUBMITS_PER_MINUTE = 2
    url = f"/en/services/{complaint.service_id}/apply/"
    form = {**CONTACT, "subject": "เสียงดัง", "declaration": "on", "action": "submit"}
    made = [client.post(url, {**form, "key": start(client, complaint)}) for _ in range(2)]
    refused = client.post(url, {**form, "key": start(client, complaint)})

    assert [r.status_code for r in made] == [302, 302]
    assert refused.status_code == 429 and 'value="เสียงดัง"' in refused.text
    assert Request.objects.count() == 2


def one_page_with_a_file(agency):
    one_page = {"version": 1, "pages": [{**SHOP_FORM["pages"][1], "key": "main"}]}
    return make_service(agency, one_page, "แจ้งแผนผังร้าน")


@pytest.mark.django_db
def test_a_submission_over_the_limit_is_refused_before_any_work(
    client, agency, settings, media, one_minute
):
    """A flood of large uploads costs the server nothing: none is even stored."""
    version = one_page_with_a_file(agency)
    settings.INTAKE_SUBMITS_PER_MINUTE = 0
    refused = client.post(
        f"/en/services/{version.service_id}/apply/",
        {**CONTACT, "key": start(client, version), "floor_plan": upload("plan.pdf", pdf_bytes())}
        | {"declaration": "on", "action": "submit"},
    )
    assert refused.status_code == 429
    assert not Attachment.objects.exists()
    assert not list(media.rglob("*.pdf"))


@pytest.mark.django_db
def test_a_file_sent_as_the_limit_is_reached_meanwhile_is_kept_for_the_next_try(
    client, agency, settings, media, one_minute, monkeypatch
):
    """Another post from the same address lands between this submission's look at the count
    and its own count: the submission is refused, and its file waits on the draft."""
    version = one_page_with_a_file(agency)
    settings.INTAKE_SUBMITS_PER_MINUTE = 1
    look = PostCount.so_far

    def look_then_another_post(bucket):
        seen = look(bucket)
        PostCount.add(bucket)
        return seen

    monkeypatch.setattr(PostCount, "so_far", staticmethod(look_then_another_post))
    key = start(client, version)
    form = {**CONTACT, "declaration": "on", "action": "submit"}
    refused = client.post(
        f"/en/services/{version.service_id}/apply/",
        {**form, "key": key, "floor_plan": upload("plan.pdf", pdf_bytes())},
    )
    assert refused.status_code == 429 and "plan.pdf" in refused.text
    assert not Request.objects.exists()

    monkeypatch.undo()
    settings.INTAKE_SUBMITS_PER_MINUTE = 60  # a minute later
    again = client.post(f"/en/apply/{key}/0/", form)  # the file is not chosen again
    application = Request.objects.get()
    assert again["Location"] == f"/en/submitted/{application.tracking_token()}/"
    assert Attachment.objects.get(request=application).name == "plan.pdf"


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_cannot_slip_past_the_limit_together(complaint, settings, one_minute):
    """Eight submissions from one address at the same moment, each on its own connection,
    with room for three: exactly three are made. Reading the count and adding to it in two
    steps let parallel posts all read "under the limit" and all pass."""
    settings.INTAKE_SUBMITS_PER_MINUTE = 3
    url = f"/en/services/{complaint.service_id}/apply/"
    form = {**CONTACT, "subject": "เสียงดัง", "declaration": "on", "action": "submit"}
    together = threading.Barrier(8)
    codes: list[int] = []

    def applicant() -> None:
        try:
            together.wait(timeout=30)
            codes.append(Client().post(url, {**form, "key": secrets.token_urlsafe(24)}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=applicant) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [302] * 3 + [429] * 5
    assert Request.objects.count() == 3


@pytest.mark.django_db
def test_unpublished_services_cannot_be_applied_for(client, complaint):
    complaint.service.status = "draft"
    complaint.service.save()
    assert client.get(f"/services/{complaint.service_id}/apply/").status_code == 404


@pytest.mark.django_db
def test_a_service_not_offered_online_cannot_be_applied_for_online(client, complaint):
    complaint.manual = {"channels": ["in_person"]}
    complaint.save()
    assert client.get(f"/services/{complaint.service_id}/apply/").status_code == 404


fields = st.dictionaries(
    st.sampled_from(
        [
            "key",
            "applicant_name",
            "applicant_email",
            "subject",
            "details",
            "declaration",
            "action",
            "paper",
            "shop_name",
            "seats",
        ]
    ),
    st.one_of(st.text(max_size=300), st.sampled_from(["submit", "next", "save", "on", ""])),
)


@pytest.mark.django_db
@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=fields)
def test_hostile_input_never_causes_a_server_error(client, complaint, shop_licence, data):
    for version in (complaint, shop_licence):
        data = {k: v.replace("\x00", "") for k, v in data.items()}
        response = client.post(f"/en/services/{version.service_id}/apply/", data)
        assert response.status_code in (200, 302, 400, 429)
