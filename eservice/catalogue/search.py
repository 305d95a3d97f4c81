"""Catalogue search: Thai split into words (pythainlp), matched against a small vocabulary.

Each published service's public text is split into words and stored as Term rows linked by
ServiceTerm. A query word matches every vocabulary word that contains it, so "อาหาร" finds
"ร้านอาหาร" even where the word splitter kept the compound whole; every query word must match.
The vocabulary is small next to the catalogue, which keeps a search to a few index lookups.
"""

import re
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet
from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize

from eservice.catalogue.models import Service, ServiceTerm, Term

WORD = re.compile(r"[0-9a-z\u0e01-\u0e59]")
STOPWORDS = frozenset(thai_stopwords()) | {"the", "of", "and", "for", "a", "an", "to", "in", "or"}


@lru_cache(maxsize=20_000)
def words(text: str) -> tuple[str, ...]:
    """The searchable words of a text, in order of first appearance, without stop words."""
    found: dict[str, None] = {}
    for token in word_tokenize(text.lower(), engine="newmm", keep_whitespace=False):
        token = token.strip()
        if token and len(token) <= 64 and WORD.search(token) and token not in STOPWORDS:
            found[token] = None
    return tuple(found)


def public_text(manual: dict[str, Any]) -> list[str]:
    agency = manual.get("agency") or {}
    keys = ("name_th", "name_en", "description_th", "description_en", "output_detail_th")
    return [str(manual.get(k) or "") for k in keys] + [
        str(agency.get("name_th") or ""),
        str(agency.get("name_en") or ""),
    ]


def index_service(service: Service) -> None:
    """Refresh a service's words from its published manual; unpublished services have none."""
    ServiceTerm.objects.filter(service=service).delete()
    version = service.current_version
    if service.status != Service.Status.PUBLISHED or version is None:
        return
    vocabulary = {w for text in public_text(version.manual) for w in words(text)}
    ServiceTerm.objects.bulk_create(
        [ServiceTerm(service=service, term_id=term_id) for term_id in term_ids(vocabulary)]
    )


def term_ids(vocabulary: set[str]) -> list[int]:
    Term.objects.bulk_create([Term(text=w) for w in vocabulary], ignore_conflicts=True)
    return list(Term.objects.filter(text__in=vocabulary).values_list("id", flat=True))


def search(
    query: str = "",
    *,
    agency: str = "",
    kind: str = "",
    audience: str = "",
    province: str = "",
) -> QuerySet[Service]:
    """Published services matching every word of the query and every filter given. agency is
    an agency code; province a 2-digit code (nationwide services match every province)."""
    services = (
        Service.objects.filter(status=Service.Status.PUBLISHED)
        .select_related("agency")
        .only(
            "name_th",
            "name_en",
            "kind",
            "processing_days",
            "agency__name_th",
            "agency__name_en",
            "agency__code",
        )
    )
    for word in words(query[:200])[:8]:
        services = services.filter(
            id__in=ServiceTerm.objects.filter(term__text__contains=word).values("service_id")
        )
    if agency:
        services = services.filter(agency__code=agency)
    if kind:
        services = services.filter(kind=kind)
    if audience in (Service.Audience.PEOPLE, Service.Audience.BUSINESSES):
        services = services.filter(audience__in=[audience, Service.Audience.BOTH])
    if province:
        services = services.filter(Q(province_code=province) | Q(province_code=""))
    return services.order_by("name_th", "id")
