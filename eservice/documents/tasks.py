"""Issuing documents runs here, in the worker: rendering and signing never hold up a page."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils.html import format_html

from eservice.cases.workflow import move
from eservice.documents import issuing
from eservice.documents.models import Document, Kind
from eservice.intake.models import Request
from eservice.outreach.mail import queue_mail


def documents_url(request: Request) -> str:
    """Absolute: the applicant's page of their documents, behind their private link."""
    return settings.SITE_URL + reverse("documents:mine", kwargs={"token": request.tracking_token()})


@task()
def issue_for_request(request_id: int) -> None:
    """Issue what the request's service grants, complete the case and tell the applicant.
    Runs only while the request is "issuing", so a repeated run issues nothing twice."""
    request = Request.objects.select_related("agency", "service_version__service").get(
        pk=request_id
    )
    if request.status != Request.Status.ISSUING:
        return
    service = request.service_version.service if request.service_version else None
    if service is not None:
        templates = list(service.document_templates.all()) or [issuing.default_template(service)]
        documents = [issuing.issue_from_template(t, request) for t in templates]
    else:
        documents = [
            issuing.issue(
                agency=request.agency,
                kind=Kind.CERTIFICATE,
                title="หนังสือแจ้งผลการพิจารณา",
                holder=request.applicant_name,
                body=format_html(
                    "<p>{} ได้พิจารณาคำขอเลขที่ {} แล้ว และอนุมัติตามคำขอ</p>",
                    request.agency.name_th,
                    request.reference,
                ),
                request=request,
            )
        ]
    move(
        request,
        Request.Status.COMPLETED,
        actor=None,
        reason="Issued " + ", ".join(d.number for d in documents),
        expected=Request.Status.ISSUING,
    )
    if request.applicant_email:
        titles = "\n".join(f"- {d.title} ({d.number})" for d in documents)
        paper = (
            "\nท่านขอรับเอกสารเป็นกระดาษด้วย หน่วยงานจะจัดส่งสำเนาที่พิมพ์ให้ท่าน\n"
            "You asked for paper too: the agency will send you a printed copy.\n"
            if request.paper_requested
            else ""
        )
        queue_mail(
            request.applicant_email,
            f"เอกสารของท่านพร้อมแล้ว / Your document is ready: {request.reference}",
            f"เรียน {request.applicant_name}\n\n"
            f"{request.agency.name_th} ออกเอกสารตามคำขอเลขที่ {request.reference} แล้ว:\n"
            f"{titles}\n\n"
            f"ดาวน์โหลดเอกสารที่ลงลายมือชื่ออิเล็กทรอนิกส์ได้ที่ / Download your signed "
            f"document at:\n{documents_url(request)}\n{paper}",
            purpose="document_issued",
        )


@task()
def reissue(document_id: int) -> None:
    """A corrected or renewed copy from the current template; the old one is superseded."""
    old = Document.objects.select_related("template__service", "request__agency").get(
        pk=document_id
    )
    if old.template is None or old.request is None or old.superseded_by_id or old.revoked_at:
        return
    issuing.issue_from_template(old.template, old.request)
