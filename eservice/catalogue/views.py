import json
from datetime import date
from typing import Any

import geothai
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from eservice.catalogue import builder
from eservice.catalogue.formdef import answer_form, validate_definition
from eservice.catalogue.forms import (
    DocumentFormSet,
    FeeFormSet,
    FieldForm,
    ImportForm,
    NewServiceForm,
    PageForm,
    ServiceForm,
    StepFormSet,
)
from eservice.catalogue.models import Service, ServiceVersion, Step
from eservice.catalogue.search import index_service
from eservice.catalogue.search import search as search_services
from eservice.lib import audit
from eservice.lib.ratelimit import allow
from eservice.registry.models import Agency

# --- Public pages ----------------------------------------------------------------------------


def _language() -> str:
    return (get_language() or "th")[:2]


def _too_many() -> HttpResponse:
    return HttpResponse(
        _("Too many requests from your address; wait a minute and try again."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )


def search(request: HttpRequest) -> HttpResponse:
    if not allow(request, "search", 120):
        return _too_many()
    q = request.GET.get("q", "").strip()[:200]
    filters = {k: request.GET.get(k, "")[:20] for k in ("agency", "kind", "audience", "province")}
    results = search_services(q, **filters)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    th = _language() == "th"
    return render(
        request,
        "catalogue/search.html",
        {
            "q": q,
            "filters": filters,
            "page": page,
            "agencies": Agency.objects.filter(services__status=Service.Status.PUBLISHED)
            .distinct()
            .order_by("name_th"),
            "kinds": Service.Kind.choices,
            "audiences": [
                (Service.Audience.PEOPLE, _("People")),
                (Service.Audience.BUSINESSES, _("Businesses")),
            ],
            "provinces": sorted(
                ((p.code, p.name_th if th else p.name_en) for p in geothai.provinces()),
                key=lambda c: c[1],
            ),
            "searched": bool(q or any(filters.values())),
        },
    )


def apply_url(service: Service) -> str | None:
    """The intake app's "apply online" page, when the service takes e-forms and that page
    exists in this installation (the catalogue does not depend on intake)."""
    if not service.can_apply_online():
        return None
    try:
        return reverse("intake:apply", kwargs={"service_id": service.pk})
    except NoReverseMatch:
        return None


def _public_version(service_id: int, number: int | None) -> tuple[Service, ServiceVersion]:
    service = get_object_or_404(
        Service.objects.select_related("agency", "current_version"),
        pk=service_id,
        current_version__isnull=False,
    )
    if number is None:
        version = service.current_version
        if service.status != Service.Status.PUBLISHED:
            raise Http404
    else:
        version = get_object_or_404(
            ServiceVersion, service=service, number=number, published_at__isnull=False
        )
    assert version is not None
    return service, version


def _manual_context(service: Service, version: ServiceVersion) -> dict[str, Any]:
    language = _language()
    m = version.manual

    def pick(data: dict[str, Any], key: str) -> str:
        return str(data.get(f"{key}_{language}") or data.get(f"{key}_th") or "")

    return {
        "service": service,
        "version": version,
        "m": m,
        "name": pick(m, "name"),
        "agency_name": pick(m.get("agency") or {}, "name"),
        "description": pick(m, "description"),
        "legal_basis": pick(m, "legal_basis"),
        "eligibility": pick(m, "eligibility"),
        "in_person_reason": pick(m, "in_person_reason"),
        "where": pick(m, "where"),
        "output_detail": pick(m, "output_detail"),
        "kind_label": dict(Service.Kind.choices).get(m.get("kind", ""), ""),
        "audience_label": dict(Service.Audience.choices).get(m.get("audience", ""), ""),
        "assurance_label": dict(Service.Assurance.choices).get(m.get("identity_assurance", ""), ""),
        "output_label": dict(Service.Output.choices).get(m.get("output", ""), ""),
        "province": geothai.province(m.get("province_code") or ""),
        "steps": [
            {
                "description": pick(s, "description"),
                "responsible": pick(s, "responsible"),
                "duration": s["duration"],
                "unit": dict(Step.Unit.choices).get(s["duration_unit"], s["duration_unit"]),
            }
            for s in m.get("steps") or []
        ],
        "fees": [
            {
                "description": pick(f, "description"),
                "amount": f["amount"],
                "per_unit": bool(f.get("per_unit_of")),
            }
            for f in m.get("fees") or []
        ],
        "documents": [
            {**d, "name": pick(d, "name"), "note": pick(d, "note")}
            for d in m.get("documents") or []
        ],
        "channels": m.get("channels") or [],
        "intake_email": service.agency.intake_email,
        "last_reviewed": date.fromisoformat(m["last_reviewed"]) if m.get("last_reviewed") else None,
        "is_current": version.pk == service.current_version_id,
    }


def service(request: HttpRequest, service_id: int, number: int | None = None) -> HttpResponse:
    """The public manual (คู่มือสำหรับประชาชน) of the current or an earlier version."""
    svc, version = _public_version(service_id, number)
    context = _manual_context(svc, version)
    context["apply_url"] = apply_url(svc) if context["is_current"] else None
    context["history"] = svc.versions.filter(published_at__isnull=False).order_by("-number")
    return render(request, "catalogue/service.html", context)


def manual_pdf(request: HttpRequest, service_id: int, number: int | None = None) -> HttpResponse:
    if not allow(request, "pdf", 20):
        return _too_many()
    svc, version = _public_version(service_id, number)
    key = f"catalogue:pdf:{version.pk}:{_language()}"
    pdf = cache.get(key)
    if pdf is None:
        from eservice.lib.pdf import render_pdf

        html = render_to_string(
            "catalogue/manual_pdf.html", _manual_context(svc, version), request=request
        )
        pdf = render_pdf(html)
        cache.set(key, pdf, timeout=24 * 3600)  # a version never changes
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="manual-{svc.pk}-v{version.number}-{_language()}.pdf"'
    )
    return response


@cache_control(public=True, max_age=86400)
def places(request: HttpRequest) -> JsonResponse:
    """The districts of a province, the subdistricts of a district, or a subdistrict's postal
    codes, for the e-form address selects (they also work without this)."""
    parent = request.GET.get("parent", "")[:6]
    th = _language() == "th"
    found: list[Any] = []
    postal: list[str] = []
    if len(parent) == 2:
        found = geothai.districts(parent)
    elif len(parent) == 4:
        found = geothai.subdistricts(parent)
    elif len(parent) == 6 and (sub := geothai.subdistrict(parent)):
        postal = list(sub.postal_codes)
    return JsonResponse(
        {
            "places": [{"code": p.code, "name": p.name_th if th else p.name_en} for p in found],
            "postal_codes": postal,
        }
    )


# --- Officer pages ---------------------------------------------------------------------------

LOCAL_KINDS = {
    Agency.Kind.PROVINCIAL_ADMIN,
    Agency.Kind.CITY_MUNICIPALITY,
    Agency.Kind.TOWN_MUNICIPALITY,
    Agency.Kind.SUBDISTRICT_MUNICIPALITY,
    Agency.Kind.SAO,
    Agency.Kind.BANGKOK,
    Agency.Kind.PATTAYA,
}


def _editable(request: HttpRequest, service_id: int) -> Service:
    """The service, if the signed-in user is an officer or administrator of its agency."""
    svc = get_object_or_404(Service.objects.select_related("agency"), pk=service_id)
    if not request.user.can_act(svc.agency_id):  # type: ignore[union-attr]
        raise PermissionDenied
    return svc


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    services = Service.objects.select_related("agency", "current_version").order_by("name_th")
    agency = request.GET.get("agency", "")
    if not user.is_oversight:
        if user.agency_id is None:
            raise PermissionDenied
        services = services.filter(agency_id=user.agency_id)
    elif agency:
        services = services.filter(agency__code=agency)
    return render(
        request,
        "catalogue/staff_list.html",
        {
            "page": Paginator(services, 50).get_page(request.GET.get("page")),
            "acting": user.can_act(user.agency_id),
            "agencies": Agency.objects.order_by("name_th") if user.is_oversight else None,
            "agency": agency,
        },
    )


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can_act(user.agency_id):
        raise PermissionDenied
    form = NewServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        svc = form.save(commit=False)
        svc.agency = user.agency
        if user.agency.kind in LOCAL_KINDS:  # local government serves its own province
            svc.province_code = user.agency.province_code
        svc.save()
        audit.record("catalogue.service_created", request=request, obj=svc, agency_id=svc.agency_id)
        messages.success(request, _("Service created. Now add its steps, fees and documents."))
        return redirect("catalogue:staff_edit", service_id=svc.pk)
    return render(request, "catalogue/staff_new.html", {"form": form})


@login_required
def staff_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, instance=svc)
    formsets = [
        (_("Steps"), StepFormSet(data, instance=svc, prefix="steps")),
        (_("Fees"), FeeFormSet(data, instance=svc, prefix="fees")),
        (_("Required documents"), DocumentFormSet(data, instance=svc, prefix="documents")),
    ]
    # Every part is checked, so that every mistake shows at once.
    valid = request.method == "POST" and all(
        [form.is_valid()] + [fs.is_valid() for _t, fs in formsets]
    )
    if valid:
        with transaction.atomic():
            form.save()
            for _title, fs in formsets:
                fs.save()
        audit.record("catalogue.service_edited", request=request, obj=svc, agency_id=svc.agency_id)
        messages.success(request, _("Saved. Publish to show the changes to the public."))
        return redirect("catalogue:staff_edit", service_id=svc.pk)
    return render(
        request,
        "catalogue/staff_edit.html",
        {
            "service": svc,
            "form": form,
            "formsets": formsets,
            "problems": svc.publishing_problems(),
            "unpublished": svc.has_unpublished_changes,
            "versions": svc.versions.order_by("-number"),
        },
    )


@login_required
@require_POST
def staff_publish(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    before = svc.current_version_id
    try:
        version = svc.publish(by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return redirect("catalogue:staff_edit", service_id=svc.pk)
    audit.record(
        "catalogue.published",
        request=request,
        obj=svc,
        agency_id=svc.agency_id,
        detail={"version": version.number},
    )
    if version.pk == before:
        messages.info(request, _("Nothing changed since version %(n)s.") % {"n": version.number})
    else:
        messages.success(
            request,
            _("Version %(n)s is published and shown to the public.") % {"n": version.number},
        )
    return redirect("catalogue:staff_edit", service_id=svc.pk)


@login_required
@require_POST
def staff_suspend(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    svc.suspend()
    index_service(svc)
    audit.record("catalogue.suspended", request=request, obj=svc, agency_id=svc.agency_id)
    messages.success(request, _("The service is suspended and hidden from search."))
    return redirect("catalogue:staff_edit", service_id=svc.pk)


# --- Form builder -------------------------------------------------------------------------------


def _save_definition(request: HttpRequest, svc: Service, definition: dict[str, Any]) -> bool:
    """Keep the draft form only when it is valid; otherwise say what is wrong."""
    problems = validate_definition(definition) if definition.get("pages") else []
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return False
    svc.form_draft = definition
    svc.save(update_fields=["form_draft"])
    return True


@login_required
def builder_page(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    definition = svc.form_draft or builder.empty()
    page_form = PageForm(prefix="page")
    field_form = FieldForm(definition=definition, prefix="field")
    if request.method == "POST" and "add_page" in request.POST:
        page_form = PageForm(request.POST, prefix="page")
        if page_form.is_valid():
            d = builder.add_page(definition, **page_form.cleaned_data)
            if _save_definition(request, svc, d):
                messages.success(request, _("Page added."))
                return redirect("catalogue:builder", service_id=svc.pk)
    elif request.method == "POST" and "add_field" in request.POST:
        field_form = FieldForm(request.POST, definition=definition, prefix="field")
        if field_form.is_valid():
            d = builder.put_field(
                definition, field_form.cleaned_data["page"], field_form.to_field()
            )
            if _save_definition(request, svc, d):
                messages.success(request, _("Question added."))
                return redirect("catalogue:builder", service_id=svc.pk)
    return render(
        request,
        "catalogue/builder.html",
        {
            "service": svc,
            "definition": definition,
            "page_form": page_form,
            "field_form": field_form,
            "preview": answer_form(definition) if definition.get("pages") else None,
            "problems": validate_definition(definition) if definition.get("pages") else [],
        },
    )


@login_required
def builder_field(request: HttpRequest, service_id: int, key: str) -> HttpResponse:
    svc = _editable(request, service_id)
    definition = svc.form_draft or builder.empty()
    found = builder.find_field(definition, key)
    if found is None:
        raise Http404
    page, old = found
    if request.method == "POST":
        form = FieldForm(request.POST, definition=definition, key=key, prefix="field")
        if form.is_valid():
            d = builder.put_field(definition, form.cleaned_data["page"], form.to_field(old))
            if _save_definition(request, svc, d):
                messages.success(request, _("Question saved."))
                return redirect("catalogue:builder", service_id=svc.pk)
    else:
        form = FieldForm(
            initial=FieldForm.initial_from(definition, page, old),
            definition=definition,
            key=key,
            prefix="field",
        )
    return render(
        request, "catalogue/builder_field.html", {"service": svc, "form": form, "key": key}
    )


@login_required
@require_POST
def builder_change(request: HttpRequest, service_id: int) -> HttpResponse:
    """Small edits from the builder's buttons: move, remove, rename."""
    svc = _editable(request, service_id)
    definition = svc.form_draft or builder.empty()
    action = request.POST.get("action", "")
    key = request.POST.get("key", "")
    if action == "up":
        definition = builder.move_field(definition, key, -1)
    elif action == "down":
        definition = builder.move_field(definition, key, +1)
    elif action == "remove_field":
        definition = builder.remove_field(definition, key)
    elif action == "remove_page":
        definition = builder.remove_page(definition, key)
    elif action == "rename_page":
        definition = builder.rename_page(
            definition,
            key,
            request.POST.get("title_th", "")[:200],
            request.POST.get("title_en", "")[:200],
        )
    if _save_definition(request, svc, definition):
        messages.success(request, _("The form is saved as a draft."))
    return redirect("catalogue:builder", service_id=svc.pk)


@login_required
def builder_export(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    response = HttpResponse(
        json.dumps(svc.form_draft or builder.empty(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="form-{svc.pk}.json"'
    return response


@login_required
def builder_import(request: HttpRequest, service_id: int) -> HttpResponse:
    svc = _editable(request, service_id)
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        svc.form_draft = form.cleaned_data["definition"]
        svc.save(update_fields=["form_draft"])
        messages.success(request, _("The form is imported as a draft; publish to use it."))
        return redirect("catalogue:builder", service_id=svc.pk)
    return render(request, "catalogue/builder_import.html", {"service": svc, "form": form})
