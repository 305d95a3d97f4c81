"""Applying online: contact details, the e-form page by page, attachments, a check of the
answers for long forms, the declaration, submit. Every step works without JavaScript.

The key in the form (and in the private resume link) is both the draft's secret and the
submission's idempotency key: a double click, a retry or the back button finds the request
already made.
"""

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from eservice.catalogue import formdef
from eservice.catalogue.models import ServiceVersion
from eservice.lib.audit import client_ip
from eservice.outreach.mail import queue_mail

from .forms import ContactForm, DeclarationForm
from .models import Attachment, Draft, PostCount, Request
from .services import (
    Submission,
    TooManyPosts,
    bilingual,
    count_post,
    published_version,
    store_attachment,
    submit,
    what_happens_next,
)


class Flow:
    """The steps of one service's application: each e-form page, then, for forms of more
    than one page, a check-your-answers page. Contact details come on the first step and
    the declaration on the last."""

    def __init__(self, version: ServiceVersion) -> None:
        self.version = version
        self.definition: dict[str, Any] = version.form or {"version": 1, "pages": []}
        self.pages = formdef.pages(self.definition)
        self.has_check = len(self.pages) > 1
        self.count = max(len(self.pages) + (1 if self.has_check else 0), 1)

    def page_key(self, step: int) -> str | None:
        return str(self.pages[step]["key"]) if step < len(self.pages) else None

    def is_check(self, step: int) -> bool:
        return self.has_check and step == self.count - 1

    def is_last(self, step: int) -> bool:
        return step == self.count - 1

    def titles(self) -> list[str]:
        titles = [formdef.text(p.get("title")) or _("Your request") for p in self.pages]
        return (titles or [_("Your request")]) + (
            [_("Check your answers")] if self.has_check else []
        )


def over_limit(bucket: str) -> bool:
    return PostCount.so_far(bucket) >= settings.INTAKE_SUBMITS_PER_MINUTE


@never_cache
def apply(request: HttpRequest, service_id: int) -> HttpResponse:
    """The start of an application for a published service."""
    version = published_version(service_id)
    if request.method == "POST":
        key = str(request.POST.get("key", ""))
        if not 20 <= len(key) <= 64:
            key = secrets.token_urlsafe(24)
        return _step(request, version, key, 0, Draft.objects.filter(key=key).first())
    return _render(request, Flow(version), secrets.token_urlsafe(24), 0, None)


@never_cache
def apply_step(request: HttpRequest, key: str, step: int) -> HttpResponse:
    draft = get_object_or_404(Draft.objects.select_related("service_version__service"), key=key)
    if draft.submitted_id:
        return redirect("intake:submitted", token=draft.submitted.tracking_token())  # type: ignore[union-attr]
    flow = Flow(draft.service_version)
    if not 0 <= step < flow.count:
        raise Http404
    if request.method == "POST":
        return _step(request, draft.service_version, key, step, draft)
    return _render(request, flow, key, step, draft)


@never_cache
def resume(request: HttpRequest, key: str) -> HttpResponse:
    """The private link in the "continue your application" e-mail."""
    draft = get_object_or_404(Draft, key=key)
    return redirect("intake:apply_step", key=key, step=draft.step)


def _kept(draft: Draft | None) -> dict[str, Attachment]:
    return {a.field_key: a for a in draft.attachments.order_by("pk")} if draft else {}


def _page_form(flow: Flow, step: int, draft: Draft | None, data: Any = None, files: Any = None):  # type: ignore[no-untyped-def]
    if flow.is_check(step):
        return None
    answers = (draft.data.get("answers") or {}) if draft else {}
    page = flow.page_key(step)
    keys = {f["key"] for f in formdef.fields_of(flow.definition, page)}
    initial: dict[str, Any] = {k: v for k, v in answers.items() if k in keys}
    initial.update({k: v for k, v in _kept(draft).items() if k in keys})
    return formdef.answer_form(
        flow.definition, page=page, data=data, files=files, answers=answers, initial=initial
    )


def _render(
    request: HttpRequest,
    flow: Flow,
    key: str,
    step: int,
    draft: Draft | None,
    *,
    contact: ContactForm | None = None,
    page_form: Any = None,
    declaration: DeclarationForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    if step == 0 and contact is None:
        contact = ContactForm(
            initial={
                "applicant_name": draft.applicant_name,
                "applicant_email": draft.applicant_email,
            }
            if draft
            else None
        )
    if page_form is None:
        page_form = _page_form(flow, step, draft)
    if flow.is_last(step) and declaration is None:
        declaration = DeclarationForm()
    answers = (draft.data.get("answers") or {}) if draft else {}
    titles = flow.titles()
    context = {
        "version": flow.version,
        "service": flow.version.service,
        "key": key,
        "step": step,
        "steps": titles,
        "title": titles[step],
        "count": flow.count,
        "contact": contact,
        "form": page_form,
        "declaration": declaration,
        "is_check": flow.is_check(step),
        "summary": formdef.summarise(flow.definition, answers, get_language() or "th")
        if flow.is_check(step)
        else [],
        "pages_done": draft.data.get("done", []) if draft else [],
        "kept": [a for a in _kept(draft).values()],
        "draft": draft,
        "problem": problem,
        "action_url": reverse("intake:apply_step", kwargs={"key": key, "step": step})
        if draft
        else reverse("intake:apply", kwargs={"service_id": flow.version.service_id}),
    }
    return render(request, "intake/apply.html", context, status=status)


def _step(
    request: HttpRequest, version: ServiceVersion, key: str, step: int, draft: Draft | None
) -> HttpResponse:
    flow = Flow(version)
    done = Request.objects.filter(idempotency_key=f"web:{key}").first()
    if done is not None:  # a second click, a retry or the back button
        return redirect("intake:submitted", token=done.tracking_token())
    bucket = PostCount.bucket_of(client_ip(request))
    action = request.POST.get("action", "next")
    # A post that submits is counted in the submission's own transaction (one write, not
    # two), after a look at the count so a flood does no work; every other post is counted
    # here.
    submitting = flow.is_last(step) and action != "save"
    if over_limit(bucket) if submitting else count_post(bucket):
        return _too_many(request, flow, key, step, draft)
    contact = ContactForm(request.POST) if step == 0 else None
    page_form = _page_form(flow, step, draft, request.POST, request.FILES)
    declaration = DeclarationForm(request.POST) if submitting else None
    contact_ok = contact is None or contact.is_valid()
    page_ok = page_form is None or page_form.is_valid()
    new_files = _store_uploads(page_form)
    page_ok = page_ok and (page_form is None or not page_form.errors)
    declaration_ok = declaration is None or declaration.is_valid()

    if action == "save":
        email = (
            contact.cleaned_data["applicant_email"]
            if contact and contact_ok
            else (draft.applicant_email if draft else "")
        )
        if not email:
            return _render(
                request,
                flow,
                key,
                step,
                draft,
                contact=contact,
                page_form=page_form,
                problem=_(
                    "To save your application, give your e-mail address: "
                    "we send the link to continue there."
                ),
                status=400,
            )
        draft = _save_draft(
            flow,
            key,
            step,
            draft,
            contact if contact_ok else None,
            page_form if page_ok else None,
            new_files,
            next_step=step,
        )
        _send_resume_link(draft, email)
        return render(
            request,
            "intake/saved.html",
            {"draft": draft, "email": email, "service": version.service},
        )

    if not (contact_ok and page_ok and declaration_ok):
        if submitting:
            PostCount.add(bucket)
        if new_files:
            draft = _save_draft(
                flow,
                key,
                step,
                draft,
                contact if contact_ok else None,
                None,
                new_files,
                next_step=step,
            )
        return _render(
            request,
            flow,
            key,
            step,
            draft,
            contact=contact,
            page_form=page_form,
            declaration=declaration,
            status=400,
        )

    if not flow.is_last(step):
        draft = _save_draft(
            flow, key, step, draft, contact, page_form, new_files, next_step=step + 1
        )
        return redirect("intake:apply_step", key=key, step=step + 1)

    # The last step: everything must have been answered, on every page.
    answers = {**((draft.data.get("answers") or {}) if draft else {})}
    finished = set(draft.data.get("done", [])) if draft else set()
    if page_form is not None:
        answers.update(_answers(page_form, new_files))
        finished.add(flow.page_key(step))
    for index, page in enumerate(flow.pages):
        if page["key"] not in finished:
            PostCount.add(bucket)
            messages.error(request, _("Some questions are not answered yet. Answer them first."))
            return redirect(
                "intake:apply_step", key=_ensure_draft(flow, key, draft, contact).key, step=index
            )
    shown = formdef.visible_keys(flow.definition, answers)
    answers = {k: v for k, v in answers.items() if k in shown}
    files = [a for k, a in {**_kept(draft), **new_files}.items() if k in shown]
    name, email = (
        (contact.cleaned_data["applicant_name"], contact.cleaned_data["applicant_email"])
        if contact is not None
        else (draft.applicant_name, draft.applicant_email)  # type: ignore[union-attr]
    )
    assert declaration is not None
    try:
        application, _created = submit(
            Submission(
                agency=version.service.agency,
                service_version=version,
                channel=Request.Channel.WEB,
                applicant_name=name,
                applicant_email=email,
                answers=answers,
                idempotency_key=f"web:{key}",
                attachments=files,
                paper_requested=declaration.cleaned_data["paper"],
                draft=draft,
                post_bucket=bucket,
            ),
            http_request=request,
        )
    except TooManyPosts:
        if new_files:  # kept, as after a mistake: the applicant need not choose them again
            draft = _save_draft(
                flow, key, step, draft, contact, page_form, new_files, next_step=step
            )
        return _too_many(request, flow, key, step, draft)
    return redirect("intake:submitted", token=application.tracking_token())


def _too_many(
    request: HttpRequest, flow: Flow, key: str, step: int, draft: Draft | None
) -> HttpResponse:
    """The page again, with what was typed, asking the applicant to wait a minute."""
    return _render(
        request,
        flow,
        key,
        step,
        draft,
        contact=ContactForm(request.POST) if step == 0 else None,
        page_form=_page_form(flow, step, draft, request.POST, request.FILES),
        problem=_(
            "Too many forms were sent from your network in the last minute. Wait a "
            "minute, then press the button again: what you typed is still here."
        ),
        status=429,
    )


def _store_uploads(page_form: Any) -> dict[str, Attachment]:
    """Check and keep each new file now, so a mistake elsewhere on the page never makes the
    applicant choose it again."""
    stored: dict[str, Attachment] = {}
    if page_form is None:
        return stored
    for key, value in list(getattr(page_form, "cleaned_data", {}).items()):
        if isinstance(value, UploadedFile):
            try:
                stored[key] = store_attachment(value, field_key=key)
            except ValidationError as error:
                page_form.add_error(key, error)
    return stored


def _answers(page_form: Any, files: dict[str, Attachment]) -> dict[str, Any]:
    answers = formdef.json_answers(page_form)
    for key, value in page_form.cleaned_data.items():
        attachment = files.get(key) or (value if isinstance(value, Attachment) else None)
        if attachment is not None:
            answers[key] = {
                "name": attachment.name,
                "size": attachment.size,
                "content_type": attachment.content_type,
                "sha256": attachment.sha256,
            }
    return answers


def _ensure_draft(flow: Flow, key: str, draft: Draft | None, contact: ContactForm | None) -> Draft:
    if draft is None:
        draft, _created = Draft.objects.get_or_create(
            key=key, defaults={"service_version": flow.version}
        )
    if contact is not None and contact.is_valid():
        draft.applicant_name = contact.cleaned_data["applicant_name"]
        draft.applicant_email = contact.cleaned_data["applicant_email"]
    return draft


def _save_draft(
    flow: Flow,
    key: str,
    step: int,
    draft: Draft | None,
    contact: ContactForm | None,
    page_form: Any,
    new_files: dict[str, Attachment],
    *,
    next_step: int,
) -> Draft:
    draft = _ensure_draft(flow, key, draft, contact)
    if page_form is not None:
        draft.data = {
            "answers": {**(draft.data.get("answers") or {}), **_answers(page_form, new_files)},
            "done": sorted({*draft.data.get("done", []), flow.page_key(step)} - {None}),
        }
    draft.step = next_step
    draft.save()
    for field_key, attachment in new_files.items():
        # A new file for a question replaces the one sent before.
        draft.attachments.filter(field_key=field_key).update(draft=None)
        attachment.draft = draft
        attachment.save()
    return draft


def _send_resume_link(draft: Draft, email: str) -> None:
    link = settings.SITE_URL + reverse("intake:resume", kwargs={"key": draft.key})
    subject, body = bilingual(
        lambda: _("Continue your application"),
        "intake/email/resume.txt",
        {"draft": draft, "link": link, "service": draft.service_version.service},
    )
    queue_mail(email, subject, body, headers={"Auto-Submitted": "auto-generated"}, purpose="draft")


@never_cache
def submitted(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation page (GOV.UK pattern): reference in a panel, whether the
    acknowledgement is being sent, was sent or could not be, and what happens next."""
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    if request.headers.get("HX-Request"):
        # The page asks until the acknowledgement leaves the queue, so it never claims an
        # e-mail was sent before it was.
        return render(
            request,
            "intake/acknowledgement_notice.html",
            {"application": application, "poll": True},
        )
    return render(
        request,
        "intake/submitted.html",
        {"application": application, "token": token, **what_happens_next(application)},
    )
