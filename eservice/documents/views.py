import csv
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eservice.cases.workflow import Conflict, NotAllowed, move
from eservice.catalogue.models import Service
from eservice.documents import issuing, keys, signing, tasks
from eservice.documents.forms import (
    LookupForm,
    RegisterFilter,
    RevokeForm,
    TemplateForm,
    UploadForm,
)
from eservice.documents.models import Document, DocumentQuerySet, DocumentTemplate
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.lib import audit, ratelimit

# --- Public -------------------------------------------------------------------------------


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What the QR code on a document opens: is this document genuine and in force?"""
    document = get_object_or_404(Document.objects.select_related("agency"), token=token)
    return render(request, "documents/verify.html", {"doc": document})


def check(request: HttpRequest) -> HttpResponse:
    """Look a document up by its id, or upload a PDF to check its signature."""
    lookup = LookupForm(request.GET or None)
    if request.GET and lookup.is_valid():
        token = lookup.cleaned_data["token"].strip()
        if Document.objects.filter(token=token).exists():
            return redirect("documents:verify", token=token)
        lookup.add_error("token", _("No document has this id. Check it against the document."))
    upload = UploadForm(
        request.POST or None, request.FILES or None, max_bytes=settings.VERIFY_UPLOAD_MAX_BYTES
    )
    verdict = document = None
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "verify-upload", settings.VERIFY_UPLOADS_PER_HOUR, 3600):
            upload.add_error(
                None, _("Too many files checked from this address. Try again in an hour.")
            )
            status = 429
        elif upload.is_valid():
            data = upload.cleaned_data["pdf"].read()
            verdict = signing.check(data)
            document = (
                Document.objects.select_related("agency")
                .filter(sha256=hashlib.sha256(data).hexdigest())
                .first()
            )
    return render(
        request,
        "documents/check.html",
        {"lookup": lookup, "upload": upload, "verdict": verdict, "doc": document},
        status=status,
    )


def register_query(form: RegisterFilter) -> DocumentQuerySet:
    documents = Document.objects.register().filter(sha256__gt="")
    if not form.is_valid():
        return documents
    data = form.cleaned_data
    if data["holder"]:
        documents = documents.filter(holder__icontains=data["holder"])
    if data["agency"]:
        documents = documents.filter(
            Q(agency__name_th__icontains=data["agency"])
            | Q(agency__name_en__icontains=data["agency"])
            | Q(agency__code=data["agency"])
        )
    if data["kind"]:
        documents = documents.filter(
            Q(subject__icontains=data["kind"]) | Q(title__icontains=data["kind"])
        )
    if data["area"]:
        documents = documents.filter(area__icontains=data["area"])
    if data["current"]:
        documents = documents.current()
    return documents


def register(request: HttpRequest) -> HttpResponse:
    """The public licence register (§13(2)): free, current, searchable."""
    form = RegisterFilter(request.GET)
    page = Paginator(register_query(form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def register_rows(documents: Iterable[Document]) -> list[dict[str, Any]]:
    return [
        {
            "id": d.token,
            "number": d.number,
            "title": d.title,
            "kind": d.subject,
            "holder": d.holder,
            "agency_code": d.agency.code,
            "agency": d.agency.name_th,
            "area": d.area,
            "issued_at": d.issued_at,
            "valid_until": d.valid_until,
            "status": d.status,
            "revoked_at": d.revoked_at,
            "revoked_reason": d.revoked_reason,
            "verify_url": d.verify_url(),
        }
        for d in documents
    ]


def register_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The register as open data, with the same filters as the page."""
    if fmt not in ("csv", "json"):
        raise Http404
    rows = register_rows(register_query(RegisterFilter(request.GET)))
    if fmt == "json":
        response = HttpResponse(
            json.dumps(
                {"licences": rows, "generated_at": timezone.now()},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
            ),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that spreadsheet programs read Thai as UTF-8
        writer = csv.DictWriter(response, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="licence-register.{fmt}"'
    return response


def ca_certificate(request: HttpRequest) -> HttpResponse:
    """The demo root, for anyone who wants their PDF reader to trust demo documents."""
    if not settings.SIGNING_DEMO_CA:
        raise Http404
    return HttpResponse(keys.demo_ca_pem(), content_type="application/x-pem-file")


def ca_crl(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNING_DEMO_CA or not keys.ca_crl_path().exists():
        raise Http404
    return HttpResponse(keys.ca_crl_path().read_bytes(), content_type="application/pkix-crl")


def _pdf_response(document: Document, *, inline: bool = False) -> FileResponse:
    if not document.pdf:
        raise Http404
    return FileResponse(
        document.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=f"{document.number.replace('/', '-')}.pdf",
    )


# --- The applicant, behind their private link --------------------------------------------


def _applicant_request(token: str) -> Request:
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    return application


@never_cache
def mine(request: HttpRequest, token: str) -> HttpResponse:
    application = _applicant_request(token)
    documents = application.documents.filter(sha256__gt="").exclude(kind="receipt")
    audit.record(
        "documents.read",
        request=request,
        actor="applicant",
        obj=application,
        agency_id=application.agency_id,
    )
    return render(
        request,
        "documents/mine.html",
        {"application": application, "documents": documents, "token": token},
    )


@never_cache
def mine_pdf(request: HttpRequest, token: str, document: str) -> FileResponse:
    application = _applicant_request(token)
    found = get_object_or_404(Document, token=document, request=application)
    audit.record("document.download", request=request, obj=found, agency_id=found.agency_id)
    return _pdf_response(found)


# --- Officers ------------------------------------------------------------------------------


def _officer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own_document(request: HttpRequest, token: str, *, act: bool = False) -> Document:
    """The document, if the officer may read it, or with act=True change it."""
    document = get_object_or_404(Document.objects.select_related("agency", "request"), token=token)
    user = _officer(request)
    if not (user.can_act if act else user.can_read)(document.agency_id):
        raise PermissionDenied
    return document


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    documents = Document.objects.select_related("agency", "request").filter(sha256__gt="")
    if not user.is_oversight:
        documents = documents.filter(agency=user.agency)
    to_print = documents.filter(request__paper_requested=True, printed_at__isnull=True).exclude(
        kind="receipt"
    )
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    audit.record(
        "documents.read",
        request=request,
        agency_id=user.agency_id,
        detail={"page": page.number, "documents": [d.pk for d in page]},
    )
    waiting = Request.objects.filter(status=Request.Status.APPROVED)
    if not user.is_oversight:
        waiting = waiting.filter(agency=user.agency)
    return render(
        request,
        "documents/staff_list.html",
        {
            "page": page,
            "to_print": to_print,
            "waiting": waiting[:50],
            "acting": user.can_act(user.agency_id),
        },
    )


@login_required
def staff_detail(request: HttpRequest, token: str) -> HttpResponse:
    document = _own_document(request, token)
    audit.record("document.view", request=request, obj=document, agency_id=document.agency_id)
    context = {
        "doc": document,
        "form": RevokeForm(),
        "acting": _officer(request).can_act(document.agency_id),
    }
    return render(request, "documents/staff_detail.html", context)


@login_required
def staff_pdf(request: HttpRequest, token: str) -> FileResponse:
    document = _own_document(request, token)
    audit.record("document.download", request=request, obj=document, agency_id=document.agency_id)
    return _pdf_response(document)


@login_required
@require_POST
def staff_print(request: HttpRequest, token: str) -> FileResponse:
    """The print-ready copy for an applicant who asked for paper (§11); marks it printed."""
    document = _own_document(request, token, act=True)
    document.printed_at = timezone.now()
    document.save(update_fields=["printed_at"])
    audit.record("document.print", request=request, obj=document, agency_id=document.agency_id)
    return _pdf_response(document, inline=True)


@login_required
@require_POST
def revoke(request: HttpRequest, token: str) -> HttpResponse:
    document = _own_document(request, token, act=True)
    form = RevokeForm(request.POST)
    if document.revoked_at:
        messages.warning(request, _("This document was already revoked."))
        return redirect("documents:staff_detail", token=token)
    if not form.is_valid():
        return render(
            request,
            "documents/staff_detail.html",
            {"doc": document, "form": form, "acting": True},
            status=400,
        )
    document.revoked_at = timezone.now()
    document.revoked_reason = form.cleaned_data["reason"]
    document.revoked_by = _officer(request)
    document.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit.record(
        "document.revoke",
        request=request,
        obj=document,
        agency_id=document.agency_id,
        detail={"reason": document.revoked_reason},
    )
    messages.success(request, _("The document is revoked. Everyone who checks it sees this now."))
    return redirect("documents:staff_detail", token=token)


@login_required
@require_POST
def reissue(request: HttpRequest, token: str) -> HttpResponse:
    """Issue a new version (after a correction, or with a changed template)."""
    document = _own_document(request, token, act=True)
    if document.template is None or document.request is None or document.status != "valid":
        messages.error(request, _("Only a valid document issued from a template can be reissued."))
    else:
        tasks.reissue.enqueue(document.pk)
        audit.record(
            "document.reissue", request=request, obj=document, agency_id=document.agency_id
        )
        messages.success(
            request, _("A new version is being signed; this one will show as superseded.")
        )
    return redirect("documents:staff_detail", token=token)


@login_required
@require_POST
def issue_now(request: HttpRequest, reference: str) -> HttpResponse:
    """An approved request with no fee goes straight to issuing."""
    application = get_object_or_404(Request, reference=reference)
    if not _officer(request).can_act(application.agency_id):
        raise PermissionDenied
    try:
        move(application, Request.Status.ISSUING, actor=_officer(request))
    except (NotAllowed, Conflict) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("The document is being issued and signed."))
    return redirect("documents:staff_list")


# --- Agency administrators: templates -----------------------------------------------------


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    if not (user.is_oversight or user.is_admin_of(user.agency_id)):
        raise PermissionDenied
    services = Service.objects.select_related("agency").prefetch_related("document_templates")
    if not user.is_oversight:
        services = services.filter(agency=user.agency)
    return render(request, "documents/templates.html", {"services": services})


@login_required
def template_edit(request: HttpRequest, service: int, pk: int | None = None) -> HttpResponse:
    user = _officer(request)
    svc = get_object_or_404(Service.objects.select_related("agency"), pk=service)
    if not user.is_admin_of(svc.agency_id):
        raise PermissionDenied
    instance = get_object_or_404(DocumentTemplate, pk=pk, service=svc) if pk else None
    form = TemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.service = svc
        template.updated_by = user
        if request.POST.get("action") == "preview":
            return HttpResponse(issuing.preview(template), content_type="application/pdf")
        if (
            DocumentTemplate.objects.filter(service=svc, kind=template.kind)
            .exclude(pk=template.pk)
            .exists()
        ):
            form.add_error("kind", _("This service already has a template of this kind."))
        else:
            template.save()
            audit.record(
                "document_template.save", request=request, obj=template, agency_id=svc.agency_id
            )
            messages.success(request, _("Template saved. Documents issued from now use it."))
            return redirect("documents:templates")
    return render(
        request, "documents/template_edit.html", {"form": form, "service": svc, "tpl": instance}
    )
