"""The registry's queries that matter: directory search and completeness figures. Their
indexes are beside the models (Agency.Meta.indexes, Channel.Meta.indexes)."""

from collections import defaultdict
from functools import cache
from typing import Any

import geothai
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import dict_trie

from eservice.registry import addresses
from eservice.registry.models import Agency, Channel

# Words that name kinds of agency; a query made only of these finds nothing useful alone,
# but they still narrow a query that has a place name.
KIND_WORDS = (
    "องค์การบริหารส่วนจังหวัด",
    "องค์การบริหารส่วนตำบล",
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
    "เทศบาล",
    "อบต",
    "อบจ",
    "กรม",
    "กระทรวง",
    "สำนักงาน",
)
# Short forms people type, read as the words in the registered names.
ABBREVIATIONS = {
    "อบต": "องค์การบริหารส่วนตำบล",
    "อบจ": "องค์การบริหารส่วนจังหวัด",
    "ทต": "เทศบาลตำบล",
    "ทม": "เทศบาลเมือง",
    "ทน": "เทศบาลนคร",
    "กทม": "กรุงเทพมหานคร",
}


@cache
def _dictionary() -> Any:
    """Thai words plus every place name in GeoThai, so that a place name such as
    บางบัวทอง stays one word instead of being split into บาง/บัว/ทอง."""
    places = {p.name_th for p in geothai.provinces()}
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            places.add(district.name_th)
            places.update(s.name_th for s in geothai.subdistricts(district.code))
    return dict_trie(set(thai_words()) | places | set(KIND_WORDS))


def query_words(query: str) -> list[str]:
    """The words of a query: Thai segmented with pythainlp, other scripts split on spaces."""
    words = []
    for token in word_tokenize(query.lower(), custom_dict=_dictionary(), keep_whitespace=False):
        token = token.strip(" .,-")
        if token:
            words.append(ABBREVIATIONS.get(token, token))
    return words


def verified_email() -> Exists:
    return Exists(
        Channel.objects.filter(
            agency=OuterRef("pk"), kind__in=Channel.EMAIL_KINDS, status=Channel.Status.VERIFIED
        )
    )


def directory(
    query: str = "",
    *,
    kind: str = "",
    province: str = "",
    district: str = "",
    verified: bool | None = None,
) -> QuerySet[Agency]:
    """Agencies whose names contain every word of the query, anywhere (so บางบัวทอง finds
    เทศบาลเมืองบางบัวทอง), the names containing the whole query first."""
    agencies = Agency.objects.all()
    if kind:
        agencies = agencies.filter(kind=kind)
    if province:
        agencies = agencies.filter(province_code=province)
    if district:
        agencies = agencies.filter(district_code=district)
    if verified is not None:
        agencies = agencies.filter(verified_email() if verified else ~verified_email())
    compact = "".join(query.lower().split())
    if compact:
        words = query_words(query) or [compact]
        whole = Q(search_text__contains=compact)
        if words == [compact]:  # one word: one pattern to match, nothing to rank
            return agencies.filter(whole).order_by("name_th", "code")
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        agencies = agencies.filter(condition | whole).annotate(
            whole=Case(When(whole, then=Value(0)), default=Value(1))
        )
        return agencies.order_by("whole", "name_th", "code")
    return agencies.order_by("name_th", "code")


def completeness() -> dict[str, Any]:
    """Shares of agencies with any channel, a verified e-mail, free mail: overall, by kind
    and by province. One pass over three flag columns."""
    any_channel = Exists(Channel.objects.filter(agency=OuterRef("pk")))
    free_mail = Exists(
        Channel.objects.filter(
            agency=OuterRef("pk"),
            kind__in=Channel.EMAIL_KINDS,
            domain_class=addresses.DomainClass.FREE,
        )
    )
    rows = Agency.objects.annotate(
        has_any=any_channel, has_verified=verified_email(), has_free=free_mail
    ).values_list("kind", "province_code", "has_any", "has_verified", "has_free")
    total = _counter()
    by_kind: dict[str, dict[str, int]] = defaultdict(_counter)
    by_province: dict[str, dict[str, int]] = defaultdict(_counter)
    for kind, province, has_any, has_verified, has_free in rows.iterator(chunk_size=5000):
        for bucket in (total, by_kind[kind], by_province[province or ""]):
            bucket["total"] += 1
            bucket["any_channel"] += bool(has_any)
            bucket["verified_email"] += bool(has_verified)
            bucket["free_mail"] += bool(has_free)
    return {"total": total, "by_kind": dict(by_kind), "by_province": dict(by_province)}


def _counter() -> dict[str, int]:
    return {"total": 0, "any_channel": 0, "verified_email": 0, "free_mail": 0}


def share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
