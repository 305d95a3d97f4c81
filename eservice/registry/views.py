import csv
from typing import Any

import geothai
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eservice.identity.decorators import oversight_required
from eservice.lib import audit
from eservice.outreach.mail import queue_mail
from eservice.registry import addresses, channels, limits, queries
from eservice.registry.forms import (
    ChannelForm,
    ClaimForm,
    ClosureForm,
    DirectoryForm,
    ImportForm,
    OfficeHoursForm,
)
from eservice.registry.models import (
    Agency,
    Channel,
    Claim,
    Closure,
    ImportJob,
    Reminder,
    Snapshot,
    Verification,
)
from eservice.registry.tasks import run_import

ATTRIBUTION = "กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data); GeoThai (CC BY 4.0)"
LICENCE = "Open Data Common (data.go.th); CC BY 4.0 for GeoThai"
EXPORT_FIELDS = [
    "code",
    "name_th",
    "name_en",
    "kind",
    "parent_code",
    "province_code",
    "district_code",
    "subdistrict_code",
    "address",
    "postal_code",
    "website",
    "latitude",
    "longitude",
    "verified_email",
]


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/too_many.html", status=429)


# --- Public directory ---------------------------------------------------------------------


def _search(request: HttpRequest) -> tuple[DirectoryForm, Any]:
    form = DirectoryForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    verified = {"yes": True, "no": False}.get(data.get("verified", ""))
    agencies = queries.directory(
        data.get("q", ""),
        kind=data.get("kind", ""),
        province=data.get("province", ""),
        district=data.get("district", ""),
        verified=verified,
    )
    return form, agencies


def directory(request: HttpRequest) -> HttpResponse:
    if limits.exceeded(request, "search"):
        return too_many(request)
    form, agencies = _search(request)
    page = Paginator(
        agencies.only("code", "name_th", "kind", "province_code", "district_code").annotate(
            verified=queries.verified_email()
        ),
        25,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/directory.html",
        {"form": form, "page": page, "query": query.urlencode(), "provinces": _province_names()},
    )


def _province_names() -> dict[str, str]:
    return {p.code: p.name_th for p in geothai.provinces()}


def agency(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    shown = found.channels.filter(status__in=[Channel.Status.VERIFIED, Channel.Status.LISTED])
    return render(
        request,
        "registry/agency.html",
        {
            "agency": found,
            "channels": shown,
            "can_edit": _can_act(request, found),
            "can_claim": not found.officers.exists(),
            "calendar": [
                (dict(OfficeHoursForm.DAYS)[int(day)], opens, closes)
                for day, (opens, closes) in sorted(found.office_hours.items())
            ],
        },
    )


def _export_rows(agencies: Any) -> Any:
    verified = dict(
        Channel.objects.filter(
            kind=Channel.Kind.CENTRAL_EMAIL, status=Channel.Status.VERIFIED
        ).values_list("agency_id", "address")
    )
    for a in agencies.select_related("parent").iterator(chunk_size=2000):
        yield {
            "code": a.code,
            "name_th": a.name_th,
            "name_en": a.name_en,
            "kind": a.kind,
            "parent_code": a.parent.code if a.parent else "",
            "province_code": a.province_code,
            "district_code": a.district_code,
            "subdistrict_code": a.subdistrict_code,
            "address": a.address,
            "postal_code": a.postal_code,
            "website": a.website,
            "latitude": str(a.latitude) if a.latitude is not None else "",
            "longitude": str(a.longitude) if a.longitude is not None else "",
            "verified_email": verified.get(a.pk, ""),
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The whole register (or the current search) as open data, with attribution."""
    if limits.exceeded(request, "export"):
        return too_many(request)
    _form, agencies = _search(request)
    writer = csv.DictWriter(_Echo(), fieldnames=EXPORT_FIELDS)

    def lines() -> Any:
        yield "\ufeff"  # so that spreadsheet programs read the Thai as UTF-8
        yield f"# Source: {ATTRIBUTION}. Licence: {LICENCE}.\n"
        yield writer.writeheader() or ",".join(EXPORT_FIELDS) + "\r\n"
        for row in _export_rows(agencies):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agencies.csv"'
    return response


def export_json(request: HttpRequest) -> HttpResponse:
    if limits.exceeded(request, "export"):
        return too_many(request)
    _form, agencies = _search(request)
    page = Paginator(agencies, 1000).get_page(request.GET.get("page"))
    query = request.GET.copy()
    nxt = None
    if page.has_next():
        query["page"] = str(page.next_page_number())
        nxt = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return JsonResponse(
        {
            "attribution": ATTRIBUTION,
            "licence": LICENCE,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": nxt,
            "results": list(_export_rows(Agency.objects.filter(pk__in=[a.pk for a in page]))),
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- Channels of one agency (its officers and administrators) ---------------------------


def _can_act(request: HttpRequest, found: Agency) -> bool:
    return request.user.is_authenticated and request.user.can_act(found.pk)  # type: ignore[union-attr]


def _editable(request: HttpRequest, code: str) -> Agency:
    """The agency, if the signed-in user is one of its officers or administrators."""
    found = get_object_or_404(Agency, code=code)
    if not _can_act(request, found):
        raise PermissionDenied
    return found


def manage(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    found = _editable(request, code)
    form = ChannelForm(request.POST or None, agency=found)
    if request.method == "POST" and form.is_valid():
        channel = channels.add_channel(
            found, channels.actor_name(request.user), **form.cleaned_data
        )
        if channel.is_email:
            messages.success(
                request,
                _("The address is registered. A verification link was sent to %(address)s.")
                % {"address": channel.address},
            )
        else:
            messages.success(request, _("The channel is registered."))
        return redirect("registry:manage", code=code)
    return _manage_page(request, found, form=form, status=400 if request.method == "POST" else 200)


def _manage_page(request: HttpRequest, found: Agency, status: int = 200, **forms: Any) -> Any:
    listed = list(found.channels.all())
    for c in listed:
        central = c.kind == Channel.Kind.CENTRAL_EMAIL
        c.advice = addresses.advice(c.address, central=central) if c.is_email else []  # type: ignore[attr-defined]
    context = {
        "agency": found,
        "channels": listed,
        "history": found.channel_changes.all()[:50],
        "form": forms.get("form") or ChannelForm(agency=found),
        "hours_form": forms.get("hours_form") or OfficeHoursForm(hours=found.office_hours),
        "closure_form": forms.get("closure_form") or ClosureForm(),
        "closures": found.closures.filter(day__gte=timezone.localdate()),
        "reminders": found.reminders.all()[:10],
    }
    return render(request, "registry/manage.html", context, status=status)


def edit_channel(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    found = _editable(request, code)
    channel = get_object_or_404(Channel, pk=pk, agency=found)
    form = ChannelForm(request.POST or None, instance=channel, agency=found)
    if request.method == "POST":
        # The form writes its values into the instance while validating; read it afresh.
        original = Channel.objects.get(pk=channel.pk)
        if form.is_valid():
            channels.change_channel(
                original,
                channels.actor_name(request.user),
                **{k: form.cleaned_data[k] for k in form.Meta.fields},
            )
            messages.success(request, _("The channel is changed."))
            return redirect("registry:manage", code=code)
    return render(
        request,
        "registry/edit_channel.html",
        {"agency": found, "channel": channel, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def remove_channel(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    found = _editable(request, code)
    channel = get_object_or_404(Channel, pk=pk, agency=found)
    channels.remove_channel(channel, channels.actor_name(request.user))
    messages.success(request, _("The channel is removed. It stays in the history."))
    return redirect("registry:manage", code=code)


@require_POST
def resend(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    found = _editable(request, code)
    channel = get_object_or_404(Channel, pk=pk, agency=found, kind__in=Channel.EMAIL_KINDS)
    with transaction.atomic():
        if channel.status == Channel.Status.NEEDS_ATTENTION:
            channel.status = Channel.Status.PENDING
            channel.attention = ""
            channel.save(update_fields=["status", "attention", "updated_at"])
        channels.send_verification(channel, channels.actor_name(request.user))
    messages.success(
        request,
        _("A new verification link was sent to %(address)s.") % {"address": channel.address},
    )
    return redirect("registry:manage", code=code)


@require_POST
def office_hours(request: HttpRequest, code: str) -> HttpResponse:
    found = _editable(request, code)
    form = OfficeHoursForm(request.POST, hours=found.office_hours)
    if not form.is_valid():
        return _manage_page(request, found, status=400, hours_form=form)
    found.office_hours = form.hours()
    found.save(update_fields=["office_hours", "updated_at"])
    audit.record(
        "registry.office_hours",
        request=request,
        obj=found,
        agency_id=found.pk,
        detail=found.office_hours,
    )
    messages.success(request, _("The office hours are saved."))
    return redirect("registry:manage", code=code)


@require_POST
def add_closure(request: HttpRequest, code: str) -> HttpResponse:
    found = _editable(request, code)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, found, status=400, closure_form=form)
    Closure.objects.update_or_create(
        agency=found, day=form.cleaned_data["day"], defaults={"reason": form.cleaned_data["reason"]}
    )
    audit.record(
        "registry.closure",
        request=request,
        obj=found,
        agency_id=found.pk,
        detail={"day": form.cleaned_data["day"].isoformat()},
    )
    messages.success(request, _("The closure is saved."))
    return redirect("registry:manage", code=code)


@require_POST
def remove_closure(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    found = _editable(request, code)
    get_object_or_404(Closure, pk=pk, agency=found).delete()
    messages.success(request, _("The closure is removed."))
    return redirect("registry:manage", code=code)


# --- One-time links -------------------------------------------------------------------------


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners that open links must not use them up."""
    found = Verification.find(token, Verification.Purpose.CHANNEL)
    if request.method != "POST":
        return render(request, "registry/verify.html", {"verification": found})
    try:
        verification = channels.redeem(token, Verification.Purpose.CHANNEL)
    except channels.LinkError as error:
        return render(request, "registry/link_error.html", {"error": error}, status=410)
    channel = channels.confirm_channel(verification)
    return render(request, "registry/verified.html", {"channel": channel})


def claim(request: HttpRequest, code: str) -> HttpResponse:
    """Staff of an agency with no account ask for one. The confirmation link goes only to
    the agency's official address in the register, in a fixed text: what they type here is
    shown to oversight staff, never mailed."""
    found = get_object_or_404(Agency, code=code)
    if found.officers.exists():
        return render(request, "registry/claim.html", {"agency": found, "has_officers": True})
    address = found.official_email()
    if not address:
        return render(request, "registry/claim.html", {"agency": found, "no_address": True})
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limits.exceeded(request, "claim"):
            form.add_error(None, _("Too many requests from your network. Try again in an hour."))
        else:
            with transaction.atomic():
                new = Claim.objects.create(agency=found, email=address, **form.cleaned_data)
                _send_claim_link(new)
            return render(request, "registry/claim_sent.html", {"claim": new})
    return render(
        request,
        "registry/claim.html",
        {"agency": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _send_claim_link(new: Claim) -> None:
    verification, token = Verification.issue(Verification.Purpose.CLAIM, new.email, claim=new)
    params = {
        "agency": new.agency.name_th,
        "link": channels.link("registry:claim_confirm", token),
        "hours": settings.REGISTRY_VERIFICATION_HOURS,
    }
    body = channels.bilingual_text(channels.CLAIM_MESSAGE, params)
    subject = channels.in_thai(channels.CLAIM_SUBJECT, params)
    verification.mail = queue_mail(new.email, subject, body, purpose="registry.claim")
    verification.save(update_fields=["mail"])


def claim_confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = Verification.find(token, Verification.Purpose.CLAIM)
    if request.method != "POST":
        return render(request, "registry/verify.html", {"verification": found, "claim": True})
    try:
        verification = channels.redeem(token, Verification.Purpose.CLAIM)
    except channels.LinkError as error:
        return render(request, "registry/link_error.html", {"error": error}, status=410)
    Claim.objects.filter(pk=verification.claim_id or 0).update(
        status=Claim.Status.AWAITING_APPROVAL
    )
    return render(request, "registry/claim_confirmed.html")


def welcome(request: HttpRequest, token: str) -> HttpResponse:
    """The approved claimant sets a password for the new account."""
    from django.contrib.auth.forms import SetPasswordForm

    found = Verification.find(token, Verification.Purpose.ACCOUNT)
    if found is None or found.used_at or found.is_expired:
        error = _(
            "This link is not valid, already used or expired. Ask oversight staff for a new one."
        )
        return render(request, "registry/link_error.html", {"error": error}, status=410)
    user = get_object_or_404(
        get_user_model(), username=found.email, agency_id=getattr(found.claim, "agency_id", None)
    )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            channels.redeem(token, Verification.Purpose.ACCOUNT)
        except channels.LinkError as link_error:
            return render(request, "registry/link_error.html", {"error": link_error}, status=410)
        form.save()
        messages.success(request, _("Your password is set. Sign in with your e-mail address."))
        return redirect("login")
    return render(
        request,
        "registry/welcome.html",
        {"form": form, "user_": user},
        status=400 if request.method == "POST" else 200,
    )


# --- Oversight ------------------------------------------------------------------------------


@oversight_required
def claims(request: HttpRequest) -> HttpResponse:
    page = Paginator(Claim.objects.select_related("agency"), 50).get_page(request.GET.get("page"))
    audit.record("registry.claims_viewed", request=request)
    return render(request, "registry/claims.html", {"page": page})


@oversight_required
@require_POST
def decide_claim(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Claim, pk=pk, status=Claim.Status.AWAITING_APPROVAL)
    approve = request.POST.get("decision") == "approve"
    taken = get_user_model().objects.filter(username=found.email).exclude(agency=found.agency)
    if approve and taken.exists():
        messages.error(
            request,
            _(
                "An account with the user name %(email)s already exists for another agency. "
                "Ask the claimant for the agency's own central address, then reject this claim."
            )
            % {"email": found.email},
        )
        return redirect("registry:claims")
    with transaction.atomic():
        found.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
        found.decided_by = request.user.get_username()
        found.decided_at = timezone.now()
        found.save()
        if approve:
            channels.approve_claim(found, request.user.get_username())
        audit.record(
            "registry.claim_" + found.status, request=request, obj=found, agency_id=found.agency_id
        )
    messages.success(
        request, _("The claim is approved.") if approve else _("The claim is rejected.")
    )
    return redirect("registry:claims")


@oversight_required
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = queries.completeness()
    names = _province_names()
    kinds = dict(Agency.Kind.choices)
    snapshots = list(Snapshot.objects.order_by("-day")[:30])[::-1]
    context = {
        "total": _with_shares(figures["total"]),
        "by_kind": [
            (kinds.get(k, k), {**_with_shares(v), "missing": f"?kind={k}&verified=no"})
            for k, v in sorted(figures["by_kind"].items(), key=lambda kv: -kv[1]["total"])
        ],
        "by_province": [
            (
                names.get(p, _("No province")),
                {**_with_shares(v), "missing": f"?province={p}&verified=no"},
            )
            for p, v in sorted(figures["by_province"].items(), key=lambda kv: names.get(kv[0], "~"))
        ],
        "trend": [(s.day, _with_shares(s.figures.get("total", {}))) for s in snapshots],
        "reminders": Reminder.objects.select_related("agency")[:30],
        "attention": Channel.objects.filter(status=Channel.Status.NEEDS_ATTENTION)
        .select_related("agency")
        .order_by("-updated_at")[:30],
    }
    return render(request, "registry/dashboard.html", context)


def _with_shares(counts: dict[str, int]) -> dict[str, Any]:
    total = counts.get("total", 0)
    return {
        **counts,
        "any_share": queries.share(counts.get("any_channel", 0), total),
        "verified_share": queries.share(counts.get("verified_email", 0), total),
        "free_share": queries.share(counts.get("free_mail", 0), total),
    }


@oversight_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    figures = queries.completeness()
    names = _province_names()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="completeness.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "group",
            "key",
            "name",
            "agencies",
            "any_channel",
            "verified_email",
            "free_mail",
            "any_channel_pct",
            "verified_email_pct",
            "free_mail_pct",
        ]
    )
    groups = [
        ("total", {"": figures["total"]}),
        ("kind", figures["by_kind"]),
        ("province", figures["by_province"]),
    ]
    kinds = dict(Agency.Kind.choices)
    for group, rows in groups:
        for key, counts in sorted(rows.items()):
            s = _with_shares(counts)
            name = kinds.get(key, "") if group == "kind" else names.get(key, "")
            writer.writerow(
                [
                    group,
                    key,
                    name,
                    s["total"],
                    s["any_channel"],
                    s["verified_email"],
                    s["free_mail"],
                    s["any_share"],
                    s["verified_share"],
                    s["free_share"],
                ]
            )
    for snapshot in Snapshot.objects.order_by("day"):
        s = _with_shares(snapshot.figures.get("total", {}))
        writer.writerow(
            [
                "day",
                snapshot.day.isoformat(),
                "",
                s["total"],
                s["any_channel"],
                s["verified_email"],
                s["free_mail"],
                s["any_share"],
                s["verified_share"],
                s["free_share"],
            ]
        )
    return response


@oversight_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            created_by=request.user.get_username(),
            filename=upload.name[:255],
            content=upload.read(),
            dry_run=not form.cleaned_data["apply"],
        )
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
        return redirect("registry:import_job", pk=job.pk)
    jobs = ImportJob.objects.defer("content")[:10]
    return render(
        request,
        "registry/import.html",
        {"form": form, "jobs": jobs},
        status=400 if request.method == "POST" else 200,
    )


@oversight_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    report = job.report or {}
    issues = (
        [("rejected", i) for i in report.get("rejected", [])]
        + [("corrected", i) for i in report.get("corrected", [])]
        + [("note", i) for i in report.get("notes", [])]
    )
    page = Paginator(issues, 100).get_page(request.GET.get("page"))
    return render(request, "registry/import_job.html", {"job": job, "report": report, "page": page})
