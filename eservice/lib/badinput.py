"""Input no database can store is refused at the door with a 400, not a server error.

PostgreSQL refuses NUL in text and unpaired surrogates anywhere; both databases refuse
integers beyond 64 bits; Python's JSON parser gives up on deep nesting. The middleware
checks the path, the query string, form fields and JSON bodies once for every request;
integer parameters of the API carry their bounds in their types (`Id`, `PageNumber`,
`Offset`).
"""

import json
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from ninja.pagination import PageNumberPagination
from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

from eservice.lib.errors import OUT_OF_RANGE, ApiError

# The largest integer both databases hold (PostgreSQL bigint, SQLite INTEGER).
MAX_INT = 2**63 - 1
# Far beyond any real list, and small enough that offset + page size stays a 64-bit number.
MAX_POSITION = 2**31 - 1


def _position(value: Any, handler: ValidatorFunctionWrapHandler) -> int:
    """A page number or offset out of range is a 400 (errors.OUT_OF_RANGE), not the schema's
    422: the request is well formed, the list just has no such place."""
    try:
        return int(handler(value))
    except ValidationError as error:
        if any(e["type"] in ("greater_than_equal", "less_than_equal") for e in error.errors()):
            raise PydanticCustomError(OUT_OF_RANGE, "out of range") from None
        raise


Id = Annotated[int, Field(ge=1, le=MAX_INT)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_POSITION), WrapValidator(_position)]
Offset = Annotated[int, Field(ge=0, le=MAX_POSITION), WrapValidator(_position)]


class Pages(PageNumberPagination):
    """Ninja's page-number pagination with a page number the databases can offset by."""

    class Input(PageNumberPagination.Input):
        page: PageNumber = 1


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def bad_input_error() -> ApiError:
    return ApiError(
        400,
        "bad_input",
        _(
            "The request contains a NUL character, text that is not valid UTF-8, a number "
            "too large or data nested too deep. Remove it and send again."
        ),
    )


class BadInput(ValueError):
    pass


def loads(raw: str | bytes) -> Any:
    """json.loads that raises BadInput for nesting too deep to read or strings no database
    stores (ValueError, as before, for what is not JSON at all)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise BadInput from None
    # Walked with a stack, not recursion: the parser accepts nesting deeper than a
    # recursive walk could follow.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                raise BadInput
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return value


def _bad_encoded(raw: str, encoding: str = "utf-8") -> bool:
    """A percent-encoded part of a request: bad if, decoded, it holds NUL or is not UTF-8
    (which is how an encoded surrogate such as %ED%A0%80 arrives)."""
    try:
        return "\x00" in unquote_to_bytes(raw.encode(encoding)).decode("utf-8")
    except UnicodeError:
        return True


def _length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: no body


def is_bad(request: HttpRequest) -> bool:
    # Django keeps undecodable bytes of the path percent-encoded, so they are found here.
    if _bad_encoded(request.path_info):
        return True
    # WSGI hands the query string over as bytes read as Latin-1.
    if _bad_encoded(request.META.get("QUERY_STRING", ""), "latin-1"):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return _bad_encoded(request.body.decode("latin-1"), "latin-1")
    if request.content_type == "multipart/form-data":
        if _length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return False  # mostly files; its fields still meet the forms' own checks
        # Read first, so that the fields are parsed from a copy and a view that verifies a
        # signature over the raw body can still read it.
        request.body  # noqa: B018
        return any(
            UNSTORABLE.search(text)
            for key, values in request.POST.lists()
            for text in (key, *values)
        )
    if request.content_type == "application/json":
        try:
            loads(request.body)
        except BadInput:
            return True
        except ValueError:
            pass  # not JSON: the view says so in its own words
    return False


def bad_request(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse(bad_input_error().body(), status=400)
    return HttpResponse(render_to_string("400.html", request=None), status=400)


class RejectBadInput:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_bad(request):
            return bad_request(request)
        return self.get_response(request)
