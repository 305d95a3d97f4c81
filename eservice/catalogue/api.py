"""The catalogue feed for central portals (Citizen Portal, Biz Portal) and anyone else."""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from eservice.catalogue import feed
from eservice.catalogue.formdef import SCHEMA
from eservice.catalogue.models import Service
from eservice.lib.errors import ApiError
from eservice.lib.ratelimit import allow

router = Router(tags=["catalogue"])
# Enough to pull 50,000 services in pages of 500 many times a minute; a runaway loop stops.
FEED_PER_MINUTE = 600


class CostOption(Schema):
    id: str
    service_id: str
    option: str
    currency: str
    amount: float
    amount_description: str


class RequiredDocument(Schema):
    id: str
    service_id: str
    document: str


class HsdsService(Schema):
    """An Open Referral HSDS 3 service; "cpsv_ap" carries the CPSV-AP fields HSDS lacks
    (has_channel, has_cost, has_input as evidence, produces as output, processing_time) and
    "eservice" this platform's (version, identity assurance, portal listings)."""

    id: str
    organization_id: str
    name: str = Field(description="Thai name")
    alternate_name: str = Field(description="English name")
    description: str
    url: str
    status: str = Field(description="active, or inactive when suspended")
    application_process: str
    fees_description: str
    eligibility_description: str
    assured_date: str | None = Field(description="when the manual was last reviewed")
    last_modified: str
    organization: dict[str, Any]
    service_areas: list[dict[str, Any]]
    cost_options: list[CostOption]
    required_documents: list[RequiredDocument]
    languages: list[dict[str, str]]
    attributes: list[dict[str, Any]]
    cpsv_ap: dict[str, Any]
    eservice: dict[str, Any]


class FeedPage(Schema):
    total_items: int = Field(description="services matching updated_since, on every page")
    size: int
    contents: list[HsdsService]
    next: str | None = Field(description="URL of the next page; null on the last")


class FeedQuery(Schema):
    updated_since: datetime | None = Field(
        None, description="only services whose public entry changed after this time (ISO 8601)"
    )
    cursor: str | None = Field(None, description="from the previous page's next link")
    limit: int = Field(100, ge=1, le=500)


def _not_modified(request: HttpRequest, tag: str) -> HttpResponse | None:
    if tag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
        response["ETag"] = tag
        return response
    return None


@router.get(
    "",
    response={200: FeedPage, 304: None},
    summary="Published services in HSDS 3 shape, for portals to pull",
)
def list_services(request: HttpRequest, query: Query[FeedQuery]) -> Any:
    """Pages through every published (and suspended, as inactive) service, oldest change
    first. Pull everything once, then ask again with `updated_since` set to the time of your
    last pull. Follow `next` for the following page. Send `If-None-Match` with the last ETag
    to get 304 when nothing changed."""
    if not allow(request, "feed", FEED_PER_MINUTE):
        raise ApiError(
            429,
            "rate_limited",
            _("Too many requests; wait a minute and continue from the same cursor."),
        )
    services = feed.feed_services(query.updated_since)
    page = services
    if query.cursor:
        position = feed.decode_cursor(query.cursor)
        if position is None:
            raise ApiError(
                400,
                "bad_cursor",
                _("The cursor is not valid; start again from the first page."),
                field="cursor",
            )
        page = feed.after(services, position)
    tag, total = feed.etag(services, query.cursor, query.limit)
    if cached := _not_modified(request, tag):
        return cached

    def next_url(cursor: str) -> str:
        params = {"cursor": cursor, "limit": query.limit}
        if query.updated_since:
            params["updated_since"] = query.updated_since.isoformat()
        return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")

    response = StreamingHttpResponse(
        feed.stream_page(page, query.limit, total, next_url), content_type="application/json"
    )
    response["ETag"] = tag
    response["Cache-Control"] = "public, max-age=60"
    return response


@router.get("/form-definition-schema", summary="JSON Schema of e-form definitions")
def form_definition_schema(request: HttpRequest) -> dict[str, Any]:
    return SCHEMA


@router.get("/{service_id}", response={200: HsdsService, 304: None}, summary="One service")
def get_service(request: HttpRequest, service_id: str) -> Any:
    """`service_id` is the `id` the list gives, such as `th-4120401-17`."""
    service = get_object_or_404(
        feed.feed_services().select_related("agency", "current_version"),
        pk=feed.pk_in(service_id),
    )
    if feed.public_id(service) != service_id:
        raise Http404
    tag, _count = feed.etag(Service.objects.filter(pk=service.pk), service.current_version_id)
    if cached := _not_modified(request, tag):
        return cached
    response = JsonResponse(feed.hsds(service), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = tag
    return response
