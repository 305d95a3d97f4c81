"""Public, read-only API of the agency register, paginated."""

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from eservice.lib.badinput import Pages
from eservice.lib.errors import ApiError
from eservice.registry import limits, queries
from eservice.registry.models import Agency, Channel

router = Router(tags=["registry"])

ATTRIBUTION = "กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data); GeoThai (CC BY 4.0)"


class AgencyOut(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    province_code: str
    district_code: str
    subdistrict_code: str
    postal_code: str
    website: str
    verified: bool = False


class ChannelOut(Schema):
    kind: str
    address: str
    unit: str
    status: str
    domain_class: str
    announced_on: date | None
    announcement_ref: str
    verified_at: datetime | None


class AgencyDetail(AgencyOut):
    address: str
    latitude: float | None
    longitude: float | None
    channels: list[ChannelOut]
    attribution: str = ATTRIBUTION


@router.get(
    "/",
    response=list[AgencyOut],
    summary="Search the agency register",
    description=(
        "Words of `q` are found anywhere in the name (Thai is segmented into words). "
        "Filters: kind, province (2-digit DOPA code), district (4 digits), verified. "
        f"Data: {ATTRIBUTION}."
    ),
)
@paginate(Pages, page_size=50)
def search(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    province: str = "",
    district: str = "",
    verified: bool | None = None,
):  # type: ignore[no-untyped-def]
    if limits.exceeded(request, "search"):
        raise ApiError(
            429, "rate_limited", _("Too many requests from your network. Wait a few minutes.")
        )
    if kind and kind not in Agency.Kind.values:
        raise ApiError(
            400,
            "invalid_kind",
            _("Unknown kind of agency. Use one of the values listed in the API documentation."),
            field="kind",
        )
    if len(q) > 200:
        raise ApiError(400, "query_too_long", _("Search with at most 200 characters."), field="q")
    return (
        queries.directory(q, kind=kind, province=province, district=district, verified=verified)
        .select_related("parent")
        .annotate(verified=queries.verified_email())
    )


@router.get("/{code}", response=AgencyDetail, summary="One agency with its public channels")
def detail(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    agency = get_object_or_404(
        Agency.objects.select_related("parent").annotate(verified=queries.verified_email()),
        code=code,
    )
    agency.channels_public = list(  # type: ignore[attr-defined]
        agency.channels.filter(status__in=[Channel.Status.VERIFIED, Channel.Status.LISTED])
    )
    return {
        **AgencyOut.from_orm(agency).dict(),
        "address": agency.address,
        "latitude": agency.latitude,
        "longitude": agency.longitude,
        "channels": agency.channels_public,  # type: ignore[attr-defined]
    }
