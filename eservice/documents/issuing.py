"""Make a document: fill the template, render the PDF with WeasyPrint and the Sarabun font,
put the QR code of its verification page on it, sign it with the agency's key.

Called from background tasks only (signing must never hold up a web request); the preview
for template editors renders without signing.
"""

import functools
import hashlib
import logging
import re
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import nh3
import segno
import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from weasyprint.text.fonts import FontConfiguration

from eservice.documents import signing
from eservice.documents.models import Document, DocumentTemplate, Kind
from eservice.lib import pdf
from eservice.lib.dates import buddhist_year, format_date
from eservice.registry.models import Agency

logger = logging.getLogger(__name__)

# Templates agency administrators write: no file loaders, so {% include %} and
# {% extends %} can reach nothing on the server.
_body_engine = Engine(autoescape=True, libraries={}, builtins=[])

AREA_FIELDS = ("subdistrict", "district", "province")


# What a Thai official letter's body needs (docs/adr/0010): headings, paragraphs, lists,
# tables, emphasis. No links, images, <style> or class: the body must not fetch anything,
# nor take on the page's own classes (the SAMPLE mark, the verification block) to hide or
# fake them. style= keeps only how text sits on the line: centred or right-aligned lines,
# indents.
BODY_TAGS = {
    *("h2", "h3", "h4", "p", "br", "hr", "blockquote", "div", "span"),
    *("strong", "b", "em", "i", "u", "sub", "sup", "small"),
    *("ol", "ul", "li", "dl", "dt", "dd"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
BODY_ATTRIBUTES = {
    "*": {"style"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
BODY_STYLE = {"text-align", "text-indent", "font-weight", "font-style", "text-decoration"}


def clean_body(html: str) -> str:
    """The body with nothing but BODY_TAGS, BODY_ATTRIBUTES and BODY_STYLE left: when an
    editor saves it, and again before each rendering, for bodies saved before."""
    return nh3.clean(
        html,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        filter_style_properties=BODY_STYLE,
        url_schemes=set(),
        link_rel=None,
    )


def check_body(body: str) -> None:
    """Raise TemplateSyntaxError when an editor's body cannot be used."""
    _body_engine.from_string(body)


def fill_body(body: str, context: dict[str, Any]) -> SafeString:
    text = _body_engine.from_string(body).render(Context(context))
    return mark_safe(linebreaks(text))  # noqa: S308 - the template autoescaped every value


def area_of(answers: dict[str, Any]) -> str:
    """Where a licence applies, from the form's address fields when it has them."""
    if answers.get("area"):
        return str(answers["area"])
    parts = [str(answers[f]) for f in AREA_FIELDS if answers.get(f)]
    return " ".join(parts) or str(answers.get("address", ""))


QR_URL = "eservice-qr:verify.png"


def qr_png(url: str) -> bytes:
    # PNG, not SVG: WeasyPrint draws a bitmap faster than hundreds of SVG shapes.
    buffer = BytesIO()
    # A fixed mask: choosing the best of eight costs more than the rest of the QR code.
    segno.make(url, error="m", mask=0).save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


@functools.cache
def _style() -> tuple[FontConfiguration, weasyprint.CSS]:
    """Fonts and the stylesheet, loaded once per worker: reloading them for every document
    cost more than laying it out."""
    font_config = FontConfiguration()
    css = (Path(__file__).parent / "templates/documents/pdf/document.css").read_text()
    return font_config, pdf.stylesheet(css, font_config)


def render_pdf(document: Document, body_html: SafeString, *, preview: bool = False) -> bytes:
    body = mark_safe(clean_body(body_html))  # noqa: S308 - nh3 left only BODY_TAGS
    with translation.override("th"):
        html = render_to_string(
            "documents/pdf/document.html",
            {
                "doc": document,
                "agency": document.agency,
                "body": body,
                "issued_on": format_date(timezone.localtime(document.issued_at), "th"),
                "valid_until": format_date(document.valid_until, "th"),
                "qr": QR_URL,
                "verify_url": document.verify_url(),
                "preview": preview,
                "template": document.template,
            },
        )
    variant = None if preview else (settings.DOCUMENT_PDF_VARIANT or None)
    font_config, stylesheet = _style()
    return pdf.render_pdf(
        html,
        stylesheets=[stylesheet],
        font_config=font_config,
        # The QR image handed over directly: as a data: URL in the HTML it would be parsed
        # character by character.
        resources={QR_URL: (qr_png(document.verify_url()), "image/png")},
        pdf_variant=variant,
    )


def _running_number(number: str, year: int) -> int:
    """n in f"{prefix}{n}/{year}"; 0 when the number has no running part."""
    match = re.search(r"([0-9]+)$", number.removesuffix(f"/{year}"))
    return int(match.group(1)) if match else 0


def next_number(agency: Agency, kind: str, prefix: str = "") -> str:
    """Running number per agency, kind and Buddhist-era year, e.g. 12/2569: one more than
    the highest given this year (whatever the prefix), so a deleted document never makes a
    number come round again. Gaps may remain; duplicates never do: the database refuses
    them (see _create_numbered)."""
    year = buddhist_year(timezone.localdate())
    numbers = Document.objects.filter(
        agency=agency, kind=kind, number__endswith=f"/{year}"
    ).values_list("number", flat=True)
    highest = max((_running_number(number, year) for number in numbers), default=0)
    return f"{prefix}{highest + 1}/{year}"


# Tries at a free number before giving up: each clash means another worker took the number
# between our reading the highest and inserting, so a few are plenty.
NUMBER_ATTEMPTS = 5


def _create_numbered(prefix: str, **fields: Any) -> Document:
    """Insert the document with the next free number. Two workers issuing for one agency at
    once may both read the same highest number; the database's uniqueness constraint turns
    the second insert away, and it tries again with the number after. Each try is its own
    atomic block (a savepoint inside a caller's transaction), so a clash leaves the caller's
    transaction usable."""
    document = Document(**fields)
    attempt = 1
    while True:
        try:
            with transaction.atomic():
                document.number = next_number(document.agency, document.kind, prefix)
                document.save(force_insert=True)
            return document
        except IntegrityError:
            taken = Document.objects.filter(
                agency=document.agency, kind=document.kind, number=document.number
            ).exists()
            if not taken or attempt == NUMBER_ATTEMPTS:
                raise
            logger.info("Document number %s was taken meanwhile; trying the next", document.number)
            attempt += 1


def issue(
    *,
    agency: Agency,
    kind: str,
    title: str,
    holder: str,
    body: SafeString,
    details: dict[str, Any] | None = None,
    request: Any = None,
    template: DocumentTemplate | None = None,
    subject: str = "",
    area: str = "",
    valid_until: date | None = None,
) -> Document:
    """Create, render, sign and store one document. An earlier document of the same
    template for the same request is superseded by it."""
    document = _create_numbered(
        template.letter_prefix if template else "",
        agency=agency,
        kind=kind,
        title=title,
        holder=holder,
        subject=subject,
        area=area,
        details=details or {},
        request=request,
        template=template,
        valid_until=valid_until,
    )
    pdf = render_pdf(document, body)
    signed, level = signing.sign(
        pdf,
        agency_code=agency.code,
        agency_name=agency.name_en or agency.code,
        reason=title,
        location=agency.name_en or agency.code,
    )
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.signature_level = level
    document.pdf.save(f"{document.token}.pdf", ContentFile(signed), save=False)
    with transaction.atomic():
        document.save()
        if request is not None and template is not None:
            Document.objects.filter(request=request, template=template).exclude(
                pk=document.pk
            ).filter(superseded_by__isnull=True).update(superseded_by=document)
    return document


def template_context(template: DocumentTemplate, request: Any, valid_until: date | None) -> dict:
    service = template.service
    return {
        "holder": request.applicant_name,
        "service": service.name_th,
        "agency": service.agency.name_th,
        "reference": request.reference,
        "answers": request.answers,
        "valid_until": format_date(valid_until, "th"),
        "today": format_date(timezone.localdate(), "th"),
    }


def valid_until_for(template: DocumentTemplate) -> date | None:
    if template.valid_days is None:
        return None
    return timezone.localdate() + timedelta(days=template.valid_days)


def issue_from_template(template: DocumentTemplate, request: Any) -> Document:
    valid_until = valid_until_for(template)
    return issue(
        agency=request.agency,
        kind=template.kind,
        title=template.title,
        holder=request.applicant_name,
        body=fill_body(template.body, template_context(template, request, valid_until)),
        details={"reference": request.reference},
        request=request,
        template=template,
        subject=template.subject or template.service.name_th,
        area=area_of(request.answers),
        valid_until=valid_until,
    )


def default_template(service: Any) -> DocumentTemplate:
    """When an agency has not written a template: a plain one it can edit later."""
    kind = Kind.LICENCE if service.kind in ("licence", "permit") else Kind.CERTIFICATE
    title = "ใบอนุญาต" if kind == Kind.LICENCE else "หนังสือรับรอง"
    template, _created = DocumentTemplate.objects.get_or_create(
        service=service,
        kind=kind,
        defaults={
            "title": service.name_th
            if service.name_th.startswith(title)
            else f"{title}{service.name_th}",
            "body": (
                "{{ agency }} อนุญาตให้ {{ holder }} ตามคำขอเลขที่ {{ reference }} เรื่อง {{ service }}"
                if kind == Kind.LICENCE
                else "{{ agency }} ขอรับรองว่า {{ holder }} ได้รับบริการ {{ service }} "
                "ตามคำขอเลขที่ {{ reference }}"
            ),
            "signatory_name": "",
            "signatory_position": f"ผู้มีอำนาจลงนามแทน{service.agency.name_th}",
        },
    )
    return template


def preview(template: DocumentTemplate, sample_holder: str = "นายตัวอย่าง ใจดี") -> bytes:
    """The template filled with sample data, unsigned and marked as a sample."""
    valid_until = valid_until_for(template)
    document = Document(
        agency=template.service.agency,
        kind=template.kind,
        title=template.title,
        holder=sample_holder,
        subject=template.subject or template.service.name_th,
        template=template,
        valid_until=valid_until,
        number=f"{template.letter_prefix}0/{buddhist_year(timezone.localdate())}",
        token="preview",  # noqa: S106 - not a secret: a sample document has no page
    )
    context = {
        "holder": sample_holder,
        "service": template.service.name_th,
        "agency": template.service.agency.name_th,
        "reference": "EXAMPLE-0001",
        "answers": {},
        "valid_until": format_date(valid_until, "th"),
        "today": format_date(timezone.localdate(), "th"),
    }
    return render_pdf(document, fill_body(template.body, context), preview=True)


__all__ = ["TemplateSyntaxError", "check_body", "issue", "issue_from_template", "preview"]
