"""Errors that tell people what to fix, in Thai and in English.

Forms show the message in the page's language; the API returns both, so a connected system
can show whichever its user reads:

    {"error": {"code": "invalid_citizen_id", "field": "citizen_id",
               "message": {"th": "...", "en": "..."}}}
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import ValidationError


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


def install(api: NinjaAPI) -> None:
    """Make every API error, ours and the schema's, take the shape above."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        response = api.create_response(request, error.body(), status=error.status)
        if error.retry_after is not None:
            response["Retry-After"] = str(error.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = [
            {
                "field": ".".join(str(part) for part in e.get("loc", [])[1:]) or None,
                "detail": e.get("msg", ""),
            }
            for e in error.errors
        ]
        message = both_languages(
            _("The request does not match the schema. Correct the listed fields and send again.")
        )
        body = {"error": {"code": "invalid_input", "message": message, "fields": fields}}
        return api.create_response(request, body, status=422)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the API's callers get the error shape above, people the 500 page."""
    if request.path_info.startswith("/api/"):
        error = ApiError(
            500,
            "server_error",
            _("Something went wrong on our side. Try again in a few minutes."),
        )
        return JsonResponse(error.body(), status=500)
    return defaults.server_error(request)
