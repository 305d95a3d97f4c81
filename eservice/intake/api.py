"""Applying through the API (the advanced level): a registered connected system submits a
request for a published service and reads its status.

Authenticate with `Authorization: Bearer <key>` (keys from `manage.py api_clients add`).
Send the answers as JSON, or as multipart/form-data with the JSON in a part named `payload`
and each file in a part named by its question's key. An `Idempotency-Key` header makes a
retry return the request made the first time instead of making a second one; the same key
with different content is refused, since it is most likely a client's mistake.
"""

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import HttpBearer

from eservice.catalogue import formdef
from eservice.lib import badinput, ratelimit
from eservice.lib.errors import ApiError, both_languages, formatted

from .models import ApiCall, ApiClient, Attachment, Request
from .services import Submission, check_upload, published_version, store_attachment, submit

router = Router(tags=["intake"])


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client = ApiClient.authenticate(token)
        if client is None:
            raise ApiError(401, "bad_key", gettext_lazy("The API key is not valid. Check it."))
        if client.revoked_at is not None:
            ApiCall.objects.create(
                client=client, method=request.method or "", path=request.path[:500], status=401
            )
            raise ApiError(
                401,
                "revoked_key",
                gettext_lazy("This API key has been revoked. Ask the agency for a new one."),
            )
        if not ratelimit.allow_for(f"api-key:{client.pk}", settings.API_REQUESTS_PER_MINUTE):
            raise ApiError(
                429,
                "rate_limited",
                gettext_lazy(
                    "This API key has made too many calls this minute. Wait for the time in "
                    "Retry-After, then send again."
                ),
                retry_after=60,
            )
        return client


def logged(view: Callable[..., Any]) -> Callable[..., Any]:
    """Keep a row for every call a client makes, with the outcome."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        status, reference = 500, ""
        try:
            result = view(request, *args, **kwargs)
            status, reference = result.status_code, result.value.get("reference", "")
            return result
        except ApiError as error:
            status = error.status
            raise
        finally:
            ApiCall.objects.create(
                client=request.auth,  # type: ignore[attr-defined]
                method=request.method or "",
                path=request.path[:500],
                status=status,
                reference=reference,
            )

    return wrapper


class AttachmentOut(Schema):
    name: str
    size: int
    sha256: str


class RequestOut(Schema):
    reference: str
    status: str
    status_label: dict[str, str]
    entered_at: datetime
    deemed_received_at: datetime
    tracking_url: str
    receipt_url: str
    attachments: list[AttachmentOut]


def _out(request: Request) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "status": request.status,
        "status_label": both_languages(Request.Status(request.status).label),
        "entered_at": request.entered_at,
        "deemed_received_at": request.deemed_received_at,
        "tracking_url": request.tracking_url(),
        "receipt_url": request.receipt_url(),
        "attachments": [
            {"name": a.name, "size": a.size, "sha256": a.sha256}
            for a in request.attachments.order_by("pk")
        ],
    }


PAYLOAD_SCHEMA = {
    "type": "object",
    "required": ["service_id", "applicant"],
    "properties": {
        "service_id": {"type": "integer"},
        "applicant": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
        },
        "answers": {
            "type": "object",
            "description": "Answers keyed by the form definition's field keys.",
        },
        "paper_requested": {"type": "boolean"},
    },
}


def _payload(request: HttpRequest) -> dict[str, Any]:
    raw: str | bytes = (
        request.POST.get("payload", "")
        if request.content_type == "multipart/form-data"
        else request.body
    )
    try:
        payload = badinput.loads(raw or b"{}")
    except badinput.BadInput:
        raise badinput.bad_input_error() from None
    except ValueError:
        raise ApiError(
            400, "bad_json", gettext_lazy("The body is not valid JSON. Check its syntax.")
        ) from None
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_json", gettext_lazy("Send a JSON object."))
    return payload


def _form_data(definition: dict[str, Any], answers: Any) -> MultiValueDict[str, str]:
    if not isinstance(answers, dict):
        raise ApiError(422, "bad_answers", gettext_lazy("“answers” must be a JSON object."))
    questions = {f["key"]: f for f in formdef.fields_of(definition)}
    data: MultiValueDict[str, str] = MultiValueDict()
    for key, value in answers.items():
        spec = questions.get(key)
        if spec is None:
            raise ApiError(
                422,
                "unknown_question",
                formatted(
                    gettext_noop(
                        "The form has no question “%(key)s”. Use the keys of its form definition."
                    ),
                    key=key,
                ),
                field=key,
            )
        if spec["type"] == "thai_address" and isinstance(value, dict):
            for part in ("line", "province", "district", "subdistrict", "postal_code"):
                data[f"{key}_{part}"] = str(value.get(part) or "")
        elif isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def _first_error(definition: dict[str, Any], data: Any, files: Any, key: str) -> str:
    # Rebuilt in the active language, so the error can carry Thai and English.
    form = formdef.answer_form(definition, data=data, files=files)
    form.is_valid()
    return " ".join(str(e) for e in form.errors.get(key) or [])


def _upload_error(upload: Any) -> str:
    # Checked again in the active language, so the error can carry Thai and English.
    try:
        check_upload(upload)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@router.post(
    "/",
    auth=ApiKey(),
    response={201: RequestOut, 200: RequestOut},
    summary="Submit a request for a published service",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 100},
                "description": "Retrying with the same key and the same body returns the "
                "first request (200); the same key with a different body is refused (422).",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": PAYLOAD_SCHEMA},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["payload"],
                        "properties": {
                            "payload": {"type": "string", "description": "The JSON above."},
                        },
                        "additionalProperties": {"type": "string", "format": "binary"},
                    }
                },
            },
        },
    },
)
@logged
def submit_request(request: HttpRequest) -> Status[dict[str, Any]]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    idempotency = request.headers.get("Idempotency-Key", "").strip()[:100]
    key = f"api:{client.pk}:{idempotency}" if idempotency else f"api:{secrets.token_urlsafe(24)}"
    payload = _payload(request)
    fingerprint = _fingerprint(payload, request.FILES)
    existing = Request.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return Status(200, _out(_same_request(existing, fingerprint)))
    try:
        version = published_version(int(payload.get("service_id") or 0))
    except (Http404, TypeError, ValueError):
        raise ApiError(
            404,
            "unknown_service",
            gettext_lazy("No published service has this service_id. Check the catalogue."),
            field="service_id",
        ) from None
    agency = version.service.agency
    if client.agency_id and client.agency_id != agency.pk:
        raise ApiError(
            403,
            "other_agency",
            gettext_lazy("This API key may submit requests to its own agency only."),
            field="service_id",
        )
    applicant = payload.get("applicant")
    if not isinstance(applicant, dict):
        applicant = {}
    name = str(applicant.get("name") or "").strip()
    email = str(applicant.get("email") or "").strip()
    if not name:
        raise ApiError(
            422, "no_applicant", gettext_lazy("Give the applicant's name."), field="applicant.name"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ApiError(
                422,
                "bad_email",
                gettext_lazy("The applicant's e-mail address is not valid, e.g. name@example.com."),
                field="applicant.email",
            ) from None
    definition = version.form or {"version": 1, "pages": []}
    data = _form_data(definition, payload.get("answers", {}))
    form = formdef.answer_form(definition, data=data, files=request.FILES)
    if not form.is_valid():
        field = next(iter(form.errors))
        raise ApiError(
            422,
            "invalid_answer",
            lazy(_first_error, str)(definition, data, request.FILES, field),
            field=field,
        )
    files: list[Attachment] = []
    answers = formdef.json_answers(form)
    for field_key, value in form.cleaned_data.items():
        if hasattr(value, "chunks"):
            try:
                attachment = store_attachment(value, field_key=field_key)
            except ValidationError:
                raise ApiError(
                    422, "bad_file", lazy(_upload_error, str)(value), field=field_key
                ) from None
            files.append(attachment)
            answers[field_key] = {
                "name": attachment.name,
                "size": attachment.size,
                "content_type": attachment.content_type,
                "sha256": attachment.sha256,
            }
    made, created = submit(
        Submission(
            agency=agency,
            service_version=version,
            channel=Request.Channel.API,
            applicant_name=name,
            applicant_email=email,
            answers=answers,
            idempotency_key=key,
            attachments=files,
            paper_requested=bool(payload.get("paper_requested")),
            fingerprint=fingerprint,
        ),
        http_request=request,
    )
    return Status(201 if created else 200, _out(_same_request(made, fingerprint)))


def _fingerprint(payload: dict[str, Any], files: MultiValueDict[str, Any]) -> str:
    """The same answers and files give the same hash, whatever the JSON's key order or the
    multipart boundary."""
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode())
    for name in sorted(files):
        for upload in files.getlist(name):
            digest.update(name.encode() + b"\0")
            for chunk in upload.chunks():
                digest.update(chunk)
    return digest.hexdigest()


def _same_request(existing: Request, fingerprint: str) -> Request:
    if existing.fingerprint and existing.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            gettext_lazy(
                "This Idempotency-Key was already used for a different request. Send a retry "
                "exactly as the first time, or use a new key for a new request."
            ),
            field="Idempotency-Key",
        )
    return existing


@router.get(
    "/{reference}",
    auth=ApiKey(),
    response={200: RequestOut},
    summary="Read the status of a request this client submitted",
)
@logged
def read_request(request: HttpRequest, reference: str) -> Status[dict[str, Any]]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    submitted = ApiCall.objects.filter(
        client=client, reference=reference, method="POST", status__in=(200, 201)
    ).exists()
    found = Request.objects.filter(reference=reference).first() if submitted else None
    if found is None:
        raise ApiError(
            404,
            "unknown_request",
            gettext_lazy("This client submitted no request with this reference."),
            field="reference",
        )
    return Status(200, _out(found))
