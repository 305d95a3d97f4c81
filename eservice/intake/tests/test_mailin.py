import base64
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from eservice.intake.conftest import EXE, PNG, pdf_bytes
from eservice.intake.mailin import AUTO_REPORT, POSSIBLE_DUPLICATE, receive_email
from eservice.intake.models import InboundEmail, Request
from eservice.outreach.models import OutgoingMail


def made(record: InboundEmail) -> Request:
    assert record.request is not None, record.reason
    return record.request


@pytest.fixture
def to_agency(agency):
    return f"{agency.code}@eservice.localhost"


def mail(
    to,
    subject="ขอความช่วยเหลือ",
    body="ถนนหน้าบ้านชำรุด",
    sender="Somchai <somchai@example.com>",
    **headers,
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", "<m1@example.com>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


@pytest.mark.django_db
def test_a_message_to_the_agency_becomes_a_request_and_is_acknowledged(to_agency, media):
    message = mail(to_agency)
    message.add_attachment(pdf_bytes(), maintype="application", subtype="pdf", filename="แผนที่.pdf")
    record = receive_email(message.as_bytes())

    assert record.outcome == InboundEmail.Outcome.REQUEST
    request = made(record)
    assert request.channel == Request.Channel.EMAIL
    assert request.applicant_email == "somchai@example.com"
    assert request.answers["message"] == "ถนนหน้าบ้านชำรุด"
    assert [a.name for a in request.attachments.all()] == ["แผนที่.pdf"]
    assert record.raw.read() == message.as_bytes()
    ack = OutgoingMail.objects.get()
    assert ack.to == "somchai@example.com"
    assert ack.headers["In-Reply-To"] == "<m1@example.com>"
    assert ack.headers["Auto-Submitted"] == "auto-replied"
    assert request.reference in ack.body
    assert ack.reply_to == request.reply_address()


@pytest.mark.django_db
def test_the_same_message_twice_is_one_request(to_agency):
    raw = mail(to_agency).as_bytes()
    assert receive_email(raw).pk == receive_email(raw).pk
    assert Request.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["tis-620", "windows-874", "utf-8"])
def test_thai_charsets_are_read(to_agency, charset):
    raw = (
        f"From: a@example.com\r\nTo: {to_agency}\r\nSubject: =?{charset}?B?"
        + __import__("base64").b64encode("คำร้อง".encode("cp874")).decode()
        + f"?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + "ขอใบอนุญาต".encode("cp874" if charset != "utf-8" else "utf-8")
    if charset == "utf-8":
        raw = raw.replace(
            __import__("base64").b64encode("คำร้อง".encode("cp874")),
            __import__("base64").b64encode("คำร้อง".encode()),
        )
    record = receive_email(raw)
    assert made(record).answers["message"] == "ขอใบอนุญาต"
    assert record.subject == "คำร้อง"


@pytest.mark.django_db
def test_rfc2231_names_inline_images_and_forwarded_mail(to_agency, media):
    outer = MIMEMultipart("mixed")
    outer["From"] = "b@example.com"
    outer["To"] = to_agency
    outer["Subject"] = "Fwd: complaint"
    outer.attach(MIMEText("ส่งต่อเรื่องร้องเรียน", "plain", "utf-8"))
    image = MIMEApplication(PNG, "png")
    image.replace_header("Content-Type", "image/png")
    image.add_header("Content-ID", "<img1>")
    image.add_header("Content-Disposition", "inline")
    outer.attach(image)
    document = MIMEApplication(pdf_bytes(), "pdf")
    document.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "ใบคำขอ.pdf"))
    outer.attach(document)
    forwarded = EmailMessage()
    forwarded["From"] = "c@example.com"
    forwarded["Subject"] = "original"
    forwarded.set_content("ข้อความเดิม")
    wrapper = MIMEMultipart("mixed")
    wrapper.set_type("message/rfc822")
    wrapper.set_payload([forwarded])
    outer.attach(wrapper)

    request = made(receive_email(outer.as_bytes()))
    assert sorted(a.name for a in request.attachments.all()) == ["image-1.png", "ใบคำขอ.pdf"]
    assert "ส่งต่อเรื่องร้องเรียน" in request.answers["message"]
    assert "ข้อความเดิม" in request.answers["message"]


@pytest.mark.django_db
def test_a_dangerous_attachment_is_refused_but_the_request_is_made(to_agency, media):
    message = mail(to_agency)
    message.add_attachment(EXE, maintype="application", subtype="pdf", filename="invoice.pdf")
    request = made(receive_email(message.as_bytes()))
    assert not request.attachments.exists()
    assert request.answers["refused_attachments"][0]["name"] == "invoice.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List_Id": "<news.example.com>"},
        {"Return_Path": "<>"},
        {"sender": "MAILER-DAEMON@example.com"},
    ],
)
def test_automatic_mail_is_never_answered(to_agency, headers):
    record = receive_email(mail(to_agency, **headers).as_bytes())
    assert record.outcome == InboundEmail.Outcome.HELD
    assert "automatic" in record.reason
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_a_bounce_by_its_envelope_is_never_answered(to_agency):
    record = receive_email(mail(to_agency).as_bytes(), envelope_sender="")
    assert record.outcome == InboundEmail.Outcome.HELD
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_a_reply_joins_its_request(to_agency, media):
    request = made(receive_email(mail(to_agency).as_bytes()))
    reply = mail(
        request.reply_address(),
        subject="Re: ...",
        body="เอกสารเพิ่มเติม",
        message_id="<m2@example.com>",
    )
    reply.add_attachment(PNG, maintype="image", subtype="png", filename="photo.png")
    record = receive_email(reply.as_bytes())
    assert record.outcome == InboundEmail.Outcome.REPLY
    assert record.request == request
    assert Request.objects.count() == 1
    assert request.attachments.filter(name="photo.png").exists()
    assert OutgoingMail.objects.count() == 1  # no acknowledgement of the reply


@pytest.mark.django_db
def test_a_reply_by_its_references_joins_its_request(to_agency):
    request = made(receive_email(mail(to_agency).as_bytes()))
    assert request.acknowledgement is not None
    reply = mail(
        "someone-else@example.org",
        message_id="<m3@example.com>",
        In_Reply_To=request.acknowledgement.message_id,
    )
    assert receive_email(reply.as_bytes()).request == request


@pytest.mark.django_db
def test_a_forged_reply_address_waits_in_the_holding_pen(to_agency):
    request = made(receive_email(mail(to_agency).as_bytes()))
    forged = request.reply_address().replace(request.reply_tag(), "0000000000")
    record = receive_email(mail(forged, message_id="<m4@example.com>").as_bytes())
    assert record.outcome == InboundEmail.Outcome.HELD
    assert record.reason == "reply address not recognised"


@pytest.mark.django_db
def test_mail_to_an_unknown_address_or_garbage_waits_in_the_holding_pen(to_agency):
    unknown = receive_email(mail("nobody@eservice.localhost").as_bytes())
    garbage = receive_email(b"\x00\xff\xfe not a message at all \r\n\r\n\x00")
    assert unknown.outcome == garbage.outcome == InboundEmail.Outcome.HELD
    assert InboundEmail.objects.count() == 2
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_subject_naming_a_service_files_it_under_that_service(agency, shop_licence):
    subject = f"ขอ{shop_licence.service.name_th} ครับ"
    request = made(
        receive_email(mail(f"{agency.code}@eservice.localhost", subject=subject).as_bytes())
    )
    assert request.service_version == shop_licence


@pytest.mark.django_db
def test_mail_polled_from_the_agencys_registered_mailbox_reaches_that_agency(agency):
    from eservice.registry.models import Channel

    Channel.objects.create(
        agency=agency,
        kind=Channel.Kind.CENTRAL_EMAIL,
        address="Saraban@BangBuaThong.go.th",
        status=Channel.Status.VERIFIED,
    )
    request = made(receive_email(mail("saraban@bangbuathong.go.th").as_bytes()))
    assert request.agency == agency


@pytest.mark.django_db
def test_an_unverified_channel_does_not_receive_requests(agency):
    from eservice.registry.models import Channel

    Channel.objects.create(
        agency=agency,
        kind=Channel.Kind.CENTRAL_EMAIL,
        address="saraban@bangbuathong.go.th",
        status=Channel.Status.PENDING,
    )
    record = receive_email(mail("saraban@bangbuathong.go.th").as_bytes())
    assert record.outcome == InboundEmail.Outcome.HELD


def attached(request):
    return {a.name: a.content_type for a in request.attachments.all()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "content", "filename", "kept"),
    [
        ("application/pdf", "pdf", None, ("attachment-1.pdf", "application/pdf")),
        ("application/octet-stream", "pdf", None, ("attachment-1.pdf", "application/pdf")),
        ("application/octet-stream", "pdf", "คำขอ.pdf", ("คำขอ.pdf", "application/pdf")),
        (
            "text/calendar",
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            None,
            ("attachment-1.ics", "text/calendar"),
        ),
        ("text/csv", "ชื่อ,จำนวน\r\nสมชาย,3\r\n".encode(), None, ("attachment-1.csv", "text/csv")),
        ("text/csv", b"a,b\r\n1,2\r\n", "data.csv", ("data.csv", "text/csv")),
    ],
)
def test_every_part_of_a_message_is_kept_as_a_file(to_agency, media, kind, content, filename, kept):
    message = mail(to_agency)
    maintype, subtype = kind.split("/")
    data = pdf_bytes() if content == "pdf" else content
    # Added as raw bytes with no Content-Disposition when unnamed, as many mailers do.
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if filename is None:
        del message.get_payload()[-1]["Content-Disposition"]
    request = made(receive_email(message.as_bytes()))
    assert attached(request) == dict([kept])
    assert request.answers["message"] == "ถนนหน้าบ้านชำรุด"


@pytest.mark.django_db
def test_the_html_version_of_a_message_is_kept_as_a_file(to_agency, media):
    message = mail(to_agency)
    message.add_alternative("<p>ถนนหน้าบ้าน<b>ชำรุด</b></p>", subtype="html")
    request = made(receive_email(message.as_bytes()))
    assert request.answers["message"] == "ถนนหน้าบ้านชำรุด"
    assert attached(request) == {"message.html": "text/html"}
    html = request.attachments.get().file.read().decode("utf-8-sig")
    assert html == "<p>ถนนหน้าบ้าน<b>ชำรุด</b></p>\n"


@pytest.mark.django_db
def test_html_only_mail_becomes_readable_text(to_agency, media):
    raw = (
        f"From: a@example.com\r\nTo: {to_agency}\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=tis-620\r\n\r\n".encode()
        + (
            "<html><head><title>t</title><style>p { color: red }</style>"
            "<script>alert('x')</script></head><body><p>ไฟทาง&nbsp;ดับ &amp; ถนน\r\nชำรุด</p>"
            "<div>ซอย&#160;5 &lt;หน้าวัด&gt; &#3585;&#3586;</div></body></html>"
        ).encode("tis-620")
    )
    request = made(receive_email(raw))
    assert request.answers["message"] == "ไฟทาง ดับ & ถนน ชำรุด\n\nซอย 5 <หน้าวัด> กข"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    ['multipart/mixed; boundary="lost"', "multipart/alternative"],
    ids=["boundary-not-found", "no-boundary"],
)
def test_a_broken_multipart_keeps_its_raw_text(to_agency, content_type):
    raw = (
        f"From: a@example.com\r\nTo: {to_agency}\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n\r\n--other\r\n\r\n".encode()
        + "ไฟทางดับหน้าบ้านเลขที่ 5\r\n--other--\r\n".encode()
    )
    request = made(receive_email(raw))
    assert "ไฟทางดับหน้าบ้านเลขที่ 5" in request.answers["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"subject": "Out of Office: ขอความช่วยเหลือ"},
        {"subject": "Automatic reply: ขอความช่วยเหลือ"},
        {"subject": "ตอบกลับอัตโนมัติ: ขอความช่วยเหลือ"},
        {"subject": "การตอบกลับอัตโนมัติ: ขอความช่วยเหลือ"},
        {"subject": "AutoReply: ขอความช่วยเหลือ"},
        {"subject": "Undeliverable: ขอความช่วยเหลือ"},
        {"X_Auto_Response_Suppress": "All"},
    ],
)
def test_auto_replies_without_rfc3834_headers_are_held(to_agency, headers):
    message = mail(to_agency, sender="Somsri <somsri@agency.go.th>", **headers)
    record = receive_email(message.as_bytes(), envelope_sender="somsri@agency.go.th")
    assert record.outcome == InboundEmail.Outcome.HELD
    assert record.reason.startswith("automatic message")
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("top", ["multipart/report", "multipart/mixed"])
def test_delivery_reports_with_a_sender_are_held(to_agency, top):
    # An Exchange non-delivery report: a real sender, no Auto-Submitted, a Thai subject.
    raw = (
        "From: Microsoft Outlook <MicrosoftExchange329e71ec@agency.go.th>\r\n"
        f"To: {to_agency}\r\nSubject: ส่งไม่ถึง: ขอความช่วยเหลือ\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: {top}; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery has failed to these recipients\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mail.agency.go.th\r\n\r\n"
        "Final-Recipient: rfc822; somchai@example.com\r\nAction: failed\r\n--b--\r\n"
    ).encode()
    record = receive_email(raw, envelope_sender="exchange@agency.go.th")
    assert record.outcome == InboundEmail.Outcome.HELD
    assert record.reason == AUTO_REPORT
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_the_same_message_id_with_other_content_is_held_as_a_possible_duplicate(to_agency):
    first = receive_email(mail(to_agency).as_bytes())
    second = receive_email(mail(to_agency, body="ถนนหน้าบ้านชำรุด แก้ไข").as_bytes())
    assert second.pk != first.pk
    assert second.outcome == InboundEmail.Outcome.HELD
    assert second.reason == POSSIBLE_DUPLICATE
    assert second.agency == first.agency
    assert Request.objects.count() == 1


THAI_NAME = "สมศรี ศรีสุข"


def encoded_words(text, encoding, cut):
    """Two RFC 2047 words for `text`, split at byte `cut` of its UTF-8 (as some mailers do)."""
    data = text.encode()
    if encoding == "B":
        words = [base64.b64encode(piece).decode() for piece in (data[:cut], data[cut:])]
    else:
        words = ["".join(f"={b:02X}" for b in piece) for piece in (data[:cut], data[cut:])]
    return " ".join(f"=?utf-8?{encoding}?{word}?=" for word in words)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sender",
    [
        # Inside the vowel ุ of ศรีสุข, at a character boundary, folded, in quotes, raw UTF-8.
        encoded_words(THAI_NAME, "B", len("สมศรี ศรีส".encode()) + 1),
        encoded_words(THAI_NAME, "Q", len("สมศรี ศรีส".encode())),
        encoded_words(THAI_NAME, "B", len("สมศรี ศรีส".encode()) + 2).replace(" ", "\r\n "),
        '"' + encoded_words(THAI_NAME, "B", 7) + '"',
        THAI_NAME,
    ],
    ids=["b-mid-character", "q-between-characters", "folded", "quoted", "raw-utf8"],
)
def test_thai_sender_names_keep_their_vowels(to_agency, sender):
    subject = encoded_words("ขอซ่อมถนน", "B", 4)
    raw = (
        f"From: {sender} <somsri@example.com>\r\nTo: {to_agency}\r\nSubject: {subject}\r\n"
        "Message-ID: <n1@example.com>\r\n\r\nถนนชำรุด\r\n"
    ).encode()
    record = receive_email(raw)
    assert made(record).applicant_name == THAI_NAME
    assert record.subject == "ขอซ่อมถนน"
