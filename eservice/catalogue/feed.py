"""The catalogue as central portals (Citizen Portal, Biz Portal) read it: Open Referral HSDS 3
services, with the CPSV-AP fields HSDS lacks (channels, costs, evidence, output) under
"cpsv_ap" and this platform's own under "eservice".

Built from the published version only, so a portal never shows a draft.
"""

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import geothai
from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from eservice.catalogue.models import Service
from eservice.lib.badinput import MAX_INT

HSDS_STATUS: dict[str, str] = {"published": "active", "suspended": "inactive"}
CPSV_CHANNEL = {"online": "WebSite", "email": "E-mail", "in_person": "Assistant"}


def _both(manual: dict[str, Any], key: str) -> dict[str, str]:
    return {"th": str(manual.get(f"{key}_th") or ""), "en": str(manual.get(f"{key}_en") or "")}


def public_id(service: Service) -> str:
    """The id portals know a service by: in the feed and in the address of one service."""
    return f"th-{service.agency.code}-{service.pk}"


def pk_in(public_id: str) -> int | None:
    """The primary key a public id ends with, or None if it is not one of ours."""
    found = re.fullmatch(r"th-.+-([0-9]{1,19})", public_id)
    if found is None or int(found[1]) > MAX_INT:
        return None
    return int(found[1])


def hsds(service: Service) -> dict[str, Any]:
    """One service in HSDS 3 shape (names and texts in Thai, English alongside)."""
    version = service.current_version
    assert version is not None
    m = version.manual
    sid = public_id(service)
    steps = m.get("steps") or []
    agency = m.get("agency") or {}
    return {
        "id": sid,
        "organization_id": f"th-{agency.get('code', service.agency.code)}",
        "name": m.get("name_th", ""),
        "alternate_name": m.get("name_en", ""),
        "description": m.get("description_th", ""),
        "url": f"{settings.SITE_URL}/services/{service.pk}/",
        "status": HSDS_STATUS.get(service.status, "inactive"),
        "application_process": "\n".join(
            f"{n}. {s.get('description_th', '')} ({s.get('responsible_th', '')})"
            for n, s in enumerate(steps, start=1)
        ),
        "fees_description": "ไม่มีค่าธรรมเนียม"
        if m.get("no_fee")
        else "; ".join(f"{f['description_th']} {f['amount']} บาท" for f in m.get("fees") or []),
        "eligibility_description": m.get("eligibility_th", ""),
        "assured_date": m.get("last_reviewed"),
        "last_modified": service.changed_at.isoformat(),
        "languages": [{"name": "Thai", "code": "th"}, {"name": "English", "code": "en"}],
        "organization": {
            "id": f"th-{agency.get('code', '')}",
            "name": agency.get("name_th", ""),
            "alternate_name": agency.get("name_en", ""),
        },
        "service_areas": [
            {"id": f"{sid}-area", "service_id": sid, "name": area.name_th, "extent": code}
            for code in [m.get("province_code") or ""]
            if (area := geothai.province(code))
        ],
        "cost_options": [
            {
                "id": f"{sid}-fee-{n}",
                "service_id": sid,
                "option": fee["description_th"],
                "currency": "THB",
                "amount": float(fee["amount"]),
                "amount_description": fee.get("description_en", ""),
            }
            for n, fee in enumerate(m.get("fees") or [], start=1)
        ],
        "required_documents": [
            {"id": f"{sid}-doc-{n}", "service_id": sid, "document": d["name_th"]}
            for n, d in enumerate(m.get("documents") or [], start=1)
        ],
        "attributes": [
            {"taxonomy_term": {"vocabulary": "th-act-2565-s5", "code": m.get("kind", "")}},
            {"taxonomy_term": {"vocabulary": "audience", "code": m.get("audience", "")}},
        ],
        "cpsv_ap": {
            "processing_time": f"P{m['processing_days']}D" if m.get("processing_days") else None,
            "has_channel": [
                {"type": CPSV_CHANNEL[c], "code": c}
                for c in m.get("channels") or []
                if c in CPSV_CHANNEL
            ],
            "in_person_only_reason": _both(m, "in_person_reason"),
            "has_cost": [
                {
                    "value": fee["amount"],
                    "currency": "THB",
                    "description": _both(fee, "description"),
                }
                for fee in m.get("fees") or []
            ],
            "has_no_cost": bool(m.get("no_fee")),
            "has_input": [
                {
                    "name": _both(d, "name"),
                    "issued_by_state_agency": d.get("issued_by_agency", False),
                    "originals": d.get("originals", 0),
                    "copies": d.get("copies", 0),
                }
                for d in m.get("documents") or []
            ],
            "produces": {
                "type": m.get("output", ""),
                "name": _both(m, "output_detail"),
                "must_be_displayed": bool(m.get("must_display")),
            },
            "has_legal_resource": _both(m, "legal_basis"),
            "description": _both(m, "description"),
            "name": _both(m, "name"),
        },
        "eservice": {
            "version": version.number,
            "published_at": version.published_at.isoformat() if version.published_at else None,
            "identity_assurance": m.get("identity_assurance"),
            "apply_online": service.can_apply_online(),
            "listed_on": {
                "citizen_portal": service.on_citizen_portal_since.isoformat()
                if service.on_citizen_portal_since
                else None,
                "biz_portal": service.on_biz_portal_since.isoformat()
                if service.on_biz_portal_since
                else None,
            },
        },
    }


def feed_services(updated_since: datetime | None = None) -> QuerySet[Service]:
    """Every service the public has seen (published, or suspended after publishing), in the
    feed's order."""
    services = Service.objects.filter(
        current_version__isnull=False,
        status__in=[Service.Status.PUBLISHED, Service.Status.SUSPENDED],
    )
    if updated_since is not None:
        services = services.filter(changed_at__gt=updated_since)
    return services.order_by("changed_at", "id")


def encode_cursor(service: Service) -> str:
    raw = f"{service.changed_at.isoformat()}|{service.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        return datetime.fromisoformat(when), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def after(services: QuerySet[Service], cursor: tuple[datetime, int]) -> QuerySet[Service]:
    when, pk = cursor
    # The plain >= lets the (changed_at, id) index start at the cursor; the rest breaks ties.
    return services.filter(changed_at__gte=when).filter(Q(changed_at__gt=when) | Q(id__gt=pk))


def etag(services: QuerySet[Service], *parts: Any) -> tuple[str, int]:
    """An ETag that changes when any service in the selection changes, or one joins or leaves
    it; and the selection's size, from the same single query."""
    summary = services.order_by().aggregate(n=Count("id"), last=Max("changed_at"))
    text = json.dumps([summary["n"], str(summary["last"]), *parts], default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"', summary["n"]


def stream_page(
    services: QuerySet[Service], limit: int, total: int, next_url: Any
) -> Iterator[str]:
    """A page as JSON text, one service at a time; the database is read in chunks, so memory
    stays flat whatever the page size."""
    yield f'{{"total_items": {total}, "size": {limit}, "contents": ['
    last, sent = None, 0
    page = services.select_related("agency", "current_version")[:limit]
    for service in page.iterator(chunk_size=200):
        yield ("," if sent else "") + json.dumps(hsds(service), ensure_ascii=False)
        last, sent = service, sent + 1
    following = next_url(encode_cursor(last)) if last is not None and sent == limit else None
    yield f'], "next": {json.dumps(following)}}}'
