"""Errors that tell people what to fix, in Thai and in English.

Forms show the message in the page's language; the API returns both, so a connected system
can show whichever its user reads:

    {"error": {"code": "invalid_citizen_id", "field": "citizen_id",
               "message": {"th": "...", "en": "..."}}}

Every error the API gives (400, 401, 403, 404, 405, 422, 429 and 500), whether raised by
our views, by ninja or by Django, takes this shape, and /api/openapi.json documents it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http.client import responses
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

# The pydantic error type of a page number or offset outside the range the databases can
# offset by (eservice.lib.badinput); the request is refused with a 400, as a bad position
# rather than a bad shape.
OUT_OF_RANGE = "position_out_of_range"


def both_languages(message: str | Promise) -> dict[str, str]:
    """A translatable message (gettext_lazy) rendered in Thai and in English."""
    result = {}
    for language in ("th", "en"):
        with translation.override(language):
            result[language] = str(message)
    return result


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str | Promise
    field: str | None = None
    retry_after: int | None = None  # seconds, sent as Retry-After

    def body(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": both_languages(self.message)}
        if self.field:
            error["field"] = self.field
        return {"error": error}


# What ninja and Django raise carries English text only; the status says enough to replace it.
BY_STATUS = {
    400: ApiError(
        400, "bad_request", _("The request could not be read. Correct it and send again.")
    ),
    401: ApiError(
        401, "not_authenticated", _("Sign in, or send an API key as “Authorization: Bearer”.")
    ),
    403: ApiError(403, "forbidden", _("You are not allowed to do this.")),
    404: ApiError(404, "not_found", _("There is nothing at this address.")),
    405: ApiError(405, "method_not_allowed", _("This address does not accept this method.")),
    429: ApiError(429, "rate_limited", _("Too many requests. Wait a minute, then send again.")),
}


def formatted(message: str, **params: Any) -> Any:
    """A message rendered in whichever language is active when it is shown (both, in API
    errors)."""
    return lazy(lambda: gettext(message) % params, str)()


def field_message(error: dict[str, Any]) -> str | Promise:
    """What is wrong with one field, from pydantic's error type (its own text is English)."""
    ctx = error.get("ctx") or {}
    match error.get("type"):
        case "missing":
            return _("This field is required.")
        case "int_parsing" | "int_type" | "int_from_float":
            return _("Send a whole number.")
        case "float_parsing" | "float_type":
            return _("Send a number.")
        case "bool_parsing" | "bool_type":
            return _("Send true or false.")
        case "datetime_parsing" | "datetime_from_date_parsing" | "datetime_type":
            return _("Send a date and time in ISO 8601, such as 2026-01-31T09:00:00+07:00.")
        case "greater_than_equal":
            return formatted("Send a number of at least %(limit)s.", limit=ctx.get("ge"))
        case "less_than_equal":
            return formatted("Send a number of at most %(limit)s.", limit=ctx.get("le"))
        case "string_too_long":
            return formatted("Send at most %(limit)s characters.", limit=ctx.get("max_length"))
        case "string_too_short":
            return formatted("Send at least %(limit)s characters.", limit=ctx.get("min_length"))
        case "string_type":
            return _("Send text.")
        case "dict_type" | "model_attributes_type" | "model_type":
            return _("Send a JSON object.")
        case "list_type":
            return _("Send a JSON list.")
    return _("This value is not valid.")


def _field(error: dict[str, Any]) -> str | None:
    return ".".join(str(part) for part in error.get("loc", [])[1:]) or None  # after "query"


def validation_error(error: ValidationError) -> tuple[int, dict[str, object]]:
    """The status and body for input the schema refuses."""
    out_of_range = [e for e in error.errors if e.get("type") == OUT_OF_RANGE]
    if out_of_range:
        message = _(
            "The page number or offset is outside the list. Pages start at 1, offsets at 0."
        )
        return 400, ApiError(400, "out_of_range", message, _field(out_of_range[0])).body()
    message = _("The request does not match the schema. Correct the listed fields and send again.")
    problems = [
        {"field": _field(e), "message": both_languages(field_message(e))} for e in error.errors
    ]
    body: dict[str, object] = {
        "error": {"code": "invalid_input", "message": both_languages(message), "fields": problems}
    }
    return 422, body


class Message(Schema):
    th: str
    en: str


class FieldProblem(Schema):
    field: str | None
    message: Message


class ErrorDetail(Schema):
    code: str
    message: Message
    field: str | None = None
    fields: list[FieldProblem] | None = None


class Error(Schema):
    """The shape of every error the API gives."""

    error: ErrorDetail


class Api(NinjaAPI):
    """NinjaAPI whose errors, ours and the framework's, all take the shape above and are
    documented on every operation."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._install_handlers()

    def respond(self, request: HttpRequest, error: ApiError) -> HttpResponse:
        response = self.create_response(request, error.body(), status=error.status)
        if error.retry_after is not None:
            response["Retry-After"] = str(error.retry_after)
        return response

    def _install_handlers(self) -> None:
        handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
            ApiError: self.respond,
            ValidationError: self._invalid_input,
            HttpError: self._http_error,
            Http404: lambda request, _exc: self.respond(request, BY_STATUS[404]),
            PermissionDenied: lambda request, _exc: self.respond(request, BY_STATUS[403]),
        }
        for exception, handler in handlers.items():
            self.add_exception_handler(exception, handler)

    def _invalid_input(self, request: HttpRequest, error: ValidationError) -> HttpResponse:
        status, body = validation_error(error)
        return self.create_response(request, body, status=status)

    def _http_error(self, request: HttpRequest, error: HttpError) -> HttpResponse:
        """ninja's own: AuthenticationError (401), AuthorizationError (403), Throttled (429)."""
        known = BY_STATUS.get(error.status_code)
        if known is None:
            known = ApiError(error.status_code, "http_error", _("The request was refused."))
        return self.respond(request, known)

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        definition = Error.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definition.pop("$defs", {}))
        components["Error"] = definition
        documented = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                statuses = [400, 404, 405, 422, 429]
                if operation.get("security"):
                    statuses += [401, 403]
                for status in sorted(statuses):
                    operation["responses"].setdefault(
                        status, {"description": responses[status], **documented}
                    )
        return schema


def _for_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address under /api/ that no operation has gets the API's error shape."""
    if _for_api(request):
        return JsonResponse(BY_STATUS[404].body(), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the API's callers get the error shape above, people the 500 page."""
    if _for_api(request):
        error = ApiError(
            500,
            "server_error",
            _("Something went wrong on our side. Try again in a few minutes."),
        )
        return JsonResponse(error.body(), status=500)
    return defaults.server_error(request)


class MethodNotAllowed:
    """Ninja answers a method an address does not take with plain text, outside its exception
    handlers; this gives it the API's error shape (keeping the Allow header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and _for_api(request):
            shaped = JsonResponse(BY_STATUS[405].body(), status=405)
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response
