from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from eservice.identity.decorators import oversight_required
from eservice.lib import audit
from eservice.lib.uploads import upload_response
from eservice.oversight import dashboard as dash
from eservice.oversight import measure, notices, reports
from eservice.oversight.forms import (
    DecisionForm,
    DeclarationForm,
    GroupForm,
    NoticeForm,
    ToolForm,
    kind_choices,
    province_choices,
)
from eservice.oversight.models import (
    GUIDE_LEVELS,
    AgencyStatus,
    CabinetReport,
    Declaration,
    GuideEdition,
    Level,
    Notice,
    Step,
    Tool,
)


def _language() -> str:
    return (translation.get_language() or "th")[:2]


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- The guide (public) -----------------------------------------------------------------------


def _edition(request: HttpRequest) -> GuideEdition:
    number = request.GET.get("edition", "")
    editions = GuideEdition.objects.filter(published_at__isnull=False)
    edition = editions.filter(number=number).first() if number.isdigit() else GuideEdition.current()
    if edition is None:
        raise Http404
    return edition


def _matrix(edition: GuideEdition) -> list[dict[str, Any]]:
    tools: dict[tuple[str, int], list[Tool]] = {}
    for tool in edition.tools.all():
        tools.setdefault((tool.step, tool.level), []).append(tool)
    return [
        {"step": step, "cells": [tools.get((step.value, lv.value), []) for lv in GUIDE_LEVELS]}
        for step in Step
    ]


def guide(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    return render(
        request,
        "oversight/guide.html",
        {
            "edition": edition,
            "matrix": _matrix(edition),
            "levels": GUIDE_LEVELS,
            "editions": GuideEdition.objects.filter(published_at__isnull=False),
        },
    )


def guide_tool(request: HttpRequest, tool_id: int) -> HttpResponse:
    tool = get_object_or_404(Tool.objects.select_related("edition"), pk=tool_id)
    if tool.edition.is_draft and not (
        request.user.is_authenticated and request.user.is_oversight  # type: ignore[union-attr]
    ):
        raise Http404
    return render(request, "oversight/guide_tool.html", {"tool": tool})


def guide_pdf(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    # Public and costly to render, yet fixed once published: render once per language.
    data: bytes = cache.get_or_set(  # type: ignore[assignment]
        f"oversight:guide-pdf:{edition.number}:{_language()}",
        lambda: reports.as_pdf(
            "oversight/guide_pdf.html",
            {"edition": edition, "matrix": _matrix(edition), "levels": GUIDE_LEVELS},
        ),
        timeout=None,
    )
    return _pdf(data, f"guide-{edition.number}-{_language()}.pdf")


# --- Readiness (the agency's own page) ---------------------------------------------------------


@login_required
def my_readiness(request: HttpRequest) -> HttpResponse:
    agency_id = request.user.agency_id  # type: ignore[union-attr]
    if agency_id is None:
        if request.user.is_oversight:  # type: ignore[union-attr]
            return redirect("oversight:compliance")
        raise PermissionDenied
    return redirect("oversight:readiness", agency_id)


def _readiness_context(agency: Any) -> dict[str, Any]:
    steps = measure.readiness(agency.pk)
    edition = GuideEdition.current()
    tools = notices.next_tools(edition)
    rows = []
    for step in Step:
        level = steps[step.value]["level"]
        following = level + 1 if level < Level.ADVANCED else None
        rows.append(
            {
                "step": step,
                **steps[step.value],
                "level_label": Level(level).label,
                "measured_label": Level(steps[step.value]["measured"]).label,
                "declared_label": Level(steps[step.value]["declared"]).label,
                "next": Level(following) if following else None,
                "measured_ways": [r.text for r in measure.rules_for(step, following or 0)],
                "tools": tools.get((step.value, following), []) if following else [],
                "core": step in measure.CORE_STEPS,
            }
        )
    status = AgencyStatus.objects.filter(agency_id=agency.pk).first()
    return {
        "agency": agency,
        "rows": rows,
        "overall": Level(measure.overall(steps)),
        "status": status,
        "missing": [measure.DUTIES[d] for d in measure.missing_duties(status)] if status else [],
        "declarations": agency.declarations.all()[:20],
    }


@login_required
def readiness(request: HttpRequest, agency_id: int) -> HttpResponse:
    from eservice.registry.models import Agency

    if not request.user.can_read(agency_id):  # type: ignore[union-attr]
        raise PermissionDenied
    agency = get_object_or_404(Agency, pk=agency_id)
    form = DeclarationForm(initial={"step": request.GET.get("step", "")})
    acting = request.user.can_act(agency_id)  # type: ignore[union-attr]
    return render(
        request,
        "oversight/readiness.html",
        {**_readiness_context(agency), "form": form, "acting": acting},
    )


@login_required
@require_POST
def declare(request: HttpRequest, agency_id: int) -> HttpResponse:
    from eservice.registry.models import Agency

    if not request.user.can_act(agency_id):  # type: ignore[union-attr]
        raise PermissionDenied
    agency = get_object_or_404(Agency, pk=agency_id)
    form = DeclarationForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "oversight/readiness.html",
            {**_readiness_context(agency), "form": form, "acting": True},
            status=400,
        )
    declaration = form.save(commit=False)
    declaration.agency = agency
    declaration.declared_by = request.user
    declaration.save()
    audit.record("oversight.declare", request=request, obj=declaration, agency_id=agency.pk)
    messages.success(
        request, _("Your declaration is sent. Oversight staff will review its evidence.")
    )
    return redirect("oversight:readiness", agency.pk)


@login_required
def evidence(request: HttpRequest, declaration_id: int) -> FileResponse:
    declaration = get_object_or_404(Declaration, pk=declaration_id)
    if not request.user.can_read(declaration.agency_id) or not declaration.evidence_file:  # type: ignore[union-attr]
        raise Http404
    audit.record(
        "oversight.view_evidence",
        request=request,
        obj=declaration,
        agency_id=declaration.agency_id,
    )
    return upload_response(
        declaration.evidence_file.open("rb"),
        filename=PurePath(declaration.evidence_file.name or "evidence").name,
        content_type=declaration.evidence_type,
    )


# --- Oversight staff ---------------------------------------------------------------------------


@oversight_required
def declarations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Declaration.Status.PENDING)
    items = Declaration.objects.select_related("agency").order_by("declared_at")
    if status in Declaration.Status.values:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/declarations.html",
        {"page": page, "status": status, "statuses": Declaration.Status, "form": DecisionForm()},
    )


@oversight_required
@require_POST
def decide(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = get_object_or_404(Declaration, pk=declaration_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, str(error[0]))
        return redirect(reverse("oversight:declarations") + "?status=pending")
    accepted = form.cleaned_data["decision"] == "accept"
    with transaction.atomic():
        declaration.status = (
            Declaration.Status.ACCEPTED if accepted else Declaration.Status.REJECTED
        )
        declaration.decided_by = request.user  # type: ignore[assignment]
        declaration.decided_at = timezone.now()
        declaration.reason = form.cleaned_data["reason"]
        declaration.save()
        audit.record(
            "oversight.decide",
            request=request,
            obj=declaration,
            agency_id=declaration.agency_id,
            detail={"decision": form.cleaned_data["decision"]},
        )
    messages.success(request, _("The decision is recorded."))
    return redirect(reverse("oversight:declarations") + "?status=pending")


def _filters_query(request: HttpRequest) -> str:
    """The page's filters as a query string, for links that add a page or a download."""
    params = request.GET.copy()
    for key in ("page", "download"):
        params.pop(key, None)
    return params.urlencode()


def _group(request: HttpRequest) -> dict[str, str]:
    form = GroupForm(request.GET)
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}


@oversight_required
def compliance(request: HttpRequest) -> HttpResponse:
    from eservice.registry.models import Agency

    group = _group(request)
    group.setdefault("compliance", request.GET.get("compliance", "not_compliant"))
    statuses = notices.audience(group).order_by("province", "agency_id")
    if request.GET.get("download") == "csv":
        return _csv(_compliance_csv(statuses), "compliance.csv")
    page = Paginator(statuses, 100).get_page(request.GET.get("page"))
    agencies = Agency.objects.in_bulk([s.agency_id for s in page])
    items = [
        {"status": s, "agency": agencies[s.agency_id], "missing": measure.missing_duties(s)}
        for s in page
    ]
    return render(
        request,
        "oversight/compliance.html",
        {
            "form": GroupForm(request.GET or None, initial=group),
            "page": page,
            "items": items,
            "duties": measure.DUTIES,
            "query": _filters_query(request),
            "measured_at": AgencyStatus.objects.order_by("-measured_at")
            .values_list("measured_at", flat=True)
            .first(),
        },
    )


def _compliance_csv(statuses: Any) -> str:
    import csv
    import io

    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    names = dict(Agency.objects.values_list("pk", "name_th"))
    codes = dict(Agency.objects.values_list("pk", "code"))
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow([_("Code"), _("Agency"), _("Kind"), _("Province"), _("Still to do")])
    for s in statuses.iterator(chunk_size=2000):
        w.writerow(
            [
                codes[s.agency_id],
                names[s.agency_id],
                str(kinds.get(s.kind, s.kind)),
                reports.province_name(s.province, _language()),
                "; ".join(str(measure.DUTIES[d]) for d in measure.missing_duties(s)),
            ]
        )
    return out.getvalue()


@oversight_required
def overview(request: HttpRequest) -> HttpResponse:
    group = _group(request)
    kind, province = group.get("kind", ""), group.get("province", "")
    day = dash.latest_day()
    kinds = dict(kind_choices())
    provinces = dict(province_choices())
    by_kind = dash.breakdown(day, "kind", kind, province)
    by_province = dash.breakdown(day, "province", kind, province)
    trend = dash.trend(kind, province)
    download = request.GET.get("download")
    if download == "kind":
        return _csv(dash.breakdown_csv(by_kind, _("Kind"), kinds), "dashboard-by-kind.csv")
    if download == "province":
        return _csv(
            dash.breakdown_csv(by_province, _("Province"), provinces), "dashboard-by-province.csv"
        )
    if download == "trend":
        return _csv(dash.trend_csv(trend), "dashboard-trend.csv")
    for g in by_kind:
        g["name"] = kinds.get(g["key"], g["key"])
    for g in by_province:
        g["name"] = provinces.get(g["key"], g["key"]) if g["key"] else _("Not recorded")
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": GroupForm(request.GET or None),
            "day": day,
            "total": dash.national(day, kind, province),
            "by_kind": by_kind,
            "by_province": by_province,
            "trend": trend,
            "trend_max": max([p["agencies"] for p in trend] or [1]),
            "query": _filters_query(request),
        },
    )


@oversight_required
@require_POST
def measure_now(request: HttpRequest) -> HttpResponse:
    from eservice.oversight.tasks import take_daily_figures

    take_daily_figures.enqueue()
    messages.success(
        request, _("Measuring every agency has started. The figures update in a few minutes.")
    )
    return redirect("oversight:overview")


# --- Notices ------------------------------------------------------------------------------------


@oversight_required
def notice_list(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = notices.create_notice(
                    {k: data[k] for k in notices.AUDIENCE_KEYS},
                    user=request.user,
                    message_th=data["message_th"],
                    message_en=data["message_en"],
                )
            except notices.EmptyAudience as error:
                form.add_error(None, str(error.message))
                status = 400
            else:
                audit.record("oversight.notice", request=request, obj=notice)
                messages.success(
                    request,
                    _("Notice no. %(number)s is being sent.") % {"number": notice.number},
                )
                return redirect("oversight:notice", notice.number)
        else:
            status = 400
    page = Paginator(notices.with_counts(Notice.objects.order_by("-number")), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "oversight/notices.html",
        {
            "form": form,
            "page": page,
            "kinds": dict(kind_choices()),
            "provinces": dict(province_choices()),
        },
        status=status,
    )


@oversight_required
def notice_detail(request: HttpRequest, number: int) -> HttpResponse:
    notice = get_object_or_404(notices.with_counts(Notice.objects.all()), number=number)
    done = notice.total - notice.pending  # type: ignore[attr-defined]
    return render(
        request,
        "oversight/notice.html",
        {
            "notice": notice,
            "progress": dash.share(done, notice.total),  # type: ignore[attr-defined]
            "done": done,
            "kinds": dict(kind_choices()),
            "provinces": dict(province_choices()),
            "levels": dict((str(v), label) for v, label in Level.choices),
            "failures": notice.deliveries.select_related("agency", "mail").filter(
                status="no_address"
            )[:50],
        },
    )


@oversight_required
@require_POST
def notice_pause(request: HttpRequest, number: int) -> HttpResponse:
    notice = get_object_or_404(Notice, number=number)
    if request.POST.get("action") == "resume":
        if notices.resume(notice):
            messages.success(request, _("Sending resumed."))
    elif notices.pause(notice):
        messages.success(request, _("Sending paused. Copies already queued will still go."))
    return redirect("oversight:notice", number)


# --- Reports to the Cabinet --------------------------------------------------------------------


@oversight_required
def report_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        from eservice.oversight.tasks import make_scheduled_report

        make_scheduled_report.enqueue()
        messages.success(request, _("The report is being made. It appears below in a minute."))
        return redirect("oversight:reports")
    return render(request, "oversight/reports.html", {"reports": CabinetReport.objects.all()})


def _report_context(report: CabinetReport) -> dict[str, Any]:
    return reports.context(report, _language())


@oversight_required
def report_detail(request: HttpRequest, number: int) -> HttpResponse:
    report = get_object_or_404(CabinetReport, number=number)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _csv(reports.as_csv(report, _language()), reports.csv_name(report))
    if fmt == "pdf":
        # Stored when the report was made; a summary of a few pages, so one missing (a
        # report older than its PDF) is rendered here rather than sent to the worker.
        stored = reports.pdf_file(report, _language())
        pdf = FileResponse(stored.open("rb"), content_type="application/pdf")
        return pdf  # type: ignore[return-value]
    return render(request, "oversight/report.html", _report_context(report))


@cache_control(public=True, max_age=300)
def public_list(request: HttpRequest) -> HttpResponse:
    """§22: the published list of agencies that have not complied, from the latest report."""
    report = CabinetReport.objects.first()
    context: dict[str, Any] = {"report": report}
    if report is not None:
        context = _report_context(report)
        kind = request.GET.get("kind", "")
        province = request.GET.get("province", "")
        chosen = [
            a
            for a in context["agencies"]
            if (not kind or a["kind"] == kind) and (not province or a["province"] == province)
        ]
        context["page"] = Paginator(chosen, 200).get_page(request.GET.get("page"))
        context["agencies"] = context["page"].object_list
        context["query"] = urlencode({"kind": kind, "province": province})
    context["form"] = GroupForm(request.GET or None)
    return render(request, "oversight/public_list.html", context)


# --- Editing the guide -------------------------------------------------------------------------


@oversight_required
def editions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        current = GuideEdition.current()
        if current is None:
            raise Http404
        draft = GuideEdition.objects.filter(published_at__isnull=True).first()
        if draft is None:
            draft = current.draft_next(request.user)
            audit.record("oversight.guide_draft", request=request, obj=draft)
        return redirect("oversight:edition", draft.number)
    return render(
        request,
        "oversight/editions.html",
        {
            "editions": GuideEdition.objects.all(),
            "draft": GuideEdition.objects.filter(published_at__isnull=True).first(),
        },
    )


@oversight_required
def edition(request: HttpRequest, number: int) -> HttpResponse:
    item = get_object_or_404(GuideEdition, number=number)
    if request.method == "POST" and item.is_draft:
        item.changes = request.POST.get("changes", "").strip()
        if not item.changes:
            messages.error(request, _("Say what changed in this edition before publishing it."))
            return redirect("oversight:edition", number)
        item.published_at = timezone.now()
        item.save()
        audit.record("oversight.guide_publish", request=request, obj=item)
        messages.success(request, _("Edition %(number)s is published.") % {"number": number})
        return redirect("oversight:guide")
    return render(
        request,
        "oversight/edition.html",
        {"edition": item, "tools": item.tools.all()},
    )


@oversight_required
def tool_edit(request: HttpRequest, number: int, tool_id: int | None = None) -> HttpResponse:
    item = get_object_or_404(GuideEdition, number=number, published_at__isnull=True)
    tool = get_object_or_404(Tool, pk=tool_id, edition=item) if tool_id else Tool(edition=item)
    form = ToolForm(request.POST or None, instance=tool)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The tool is saved in the draft edition."))
        return redirect("oversight:edition", number)
    return render(
        request,
        "oversight/tool_form.html",
        {"form": form, "edition": item, "tool": tool},
        status=400 if request.method == "POST" else 200,
    )
