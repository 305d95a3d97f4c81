"""Catalogue search and the portal feed with 50,000 published services.

Search: p95 of the public search (Thai words matched through the vocabulary, filters, the
first page of 20 and its count), against a plain indexed lookup (agency and kind, first 20
and count) in the same database. Goal: p95 under 50 ms.

Feed: every service pulled through GET /api/services in pages of 500, following `next`,
against building the whole catalogue as one JSON document in memory; time and peak Python
memory of each. Goal: memory flat in the page size, not the catalogue size.
"""

import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report, setup_django  # noqa: E402

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

SERVICES = 50_000
AGENCIES = 500
RUNS = 200


STARTED = time.perf_counter()


def progress(text: str) -> None:
    print(f"  {time.perf_counter() - STARTED:5.0f} s  {text}", file=sys.stderr, flush=True)


def build() -> None:
    """50,000 published services: the demo's twenty manuals offered by 500 municipalities and
    SAOs named after real subdistricts, with their search words, written in bulk."""
    import geothai
    from django.db import connection
    from django.utils import timezone

    from eservice.catalogue import demo
    from eservice.catalogue.models import Service, ServiceVersion, Term
    from eservice.catalogue.search import public_text, term_ids, words
    from eservice.registry.models import Agency

    places = geothai.subdistricts("1204") + [
        s
        for d in geothai.districts("50") + geothai.districts("30")
        for s in geothai.subdistricts(d.code)
    ]
    chosen = (places * 2)[:AGENCIES]
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                code=f"B{n:06d}",
                name_th=f"องค์การบริหารส่วนตำบล{place.name_th}",
                name_en=f"{place.name_en} SAO",
                kind=Agency.Kind.SAO,
            )
            for n, place in enumerate(chosen)
        ]
    )
    now = timezone.now()
    services = []
    for n in range(SERVICES):
        agency, place = agencies[n % AGENCIES], chosen[n % AGENCIES]
        data = demo.SERVICES[(n // AGENCIES) % len(demo.SERVICES)]
        services.append(
            Service(
                agency=agency,
                name_th=data["name"]["th"],
                name_en=data["name"]["en"],
                description_th=data["description"]["th"],
                description_en=data["description"]["en"],
                kind=data["kind"],
                audience=data["audience"],
                province_code=place.province_code,
                processing_days=data["days"],
                no_fee=data.get("no_fee", False),
                status=Service.Status.PUBLISHED,
                changed_at=now - timezone.timedelta(seconds=SERVICES - n),
            )
        )
    Service.objects.bulk_create(services, batch_size=2_000)
    progress("services written")
    manuals = []
    for n, service in enumerate(services):
        data = demo.SERVICES[(n // AGENCIES) % len(demo.SERVICES)]
        agency = service.agency
        manuals.append(
            {
                "agency": {
                    "code": agency.code,
                    "name_th": agency.name_th,
                    "name_en": agency.name_en,
                },
                "name_th": service.name_th,
                "name_en": service.name_en,
                "description_th": service.description_th,
                "description_en": service.description_en,
                "kind": service.kind,
                "audience": service.audience,
                "province_code": service.province_code,
                "processing_days": service.processing_days,
                "steps": [
                    dict(
                        zip(
                            (
                                "description_th",
                                "description_en",
                                "responsible_th",
                                "responsible_en",
                                "duration",
                                "duration_unit",
                            ),
                            s,
                            strict=True,
                        )
                    )
                    for s in data["steps"]
                ],
                "no_fee": data.get("no_fee", False),
                "fees": [
                    dict(zip(("description_th", "description_en", "amount"), f, strict=True))
                    for f in data.get("fees", [])
                ],
                "documents": [
                    {
                        "name_th": d[0],
                        "name_en": d[1],
                        "issued_by_agency": d[2],
                        "originals": 0,
                        "copies": 1,
                    }
                    for d in data.get("documents", [])
                ],
                "channels": list(data["channels"]),
                "output": data["output"],
            }
        )
    ServiceVersion.objects.bulk_create(
        [
            ServiceVersion(service=service, number=1, manual=manual, published_at=now)
            for service, manual in zip(services, manuals, strict=True)
        ],
        batch_size=2_000,
    )
    progress("versions written")
    vocabulary_of = [{w for text in public_text(m) for w in words(text)} for m in manuals]
    term_ids(set().union(*vocabulary_of))
    ids = dict(Term.objects.values_list("text", "id"))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_service SET current_version_id = (SELECT v.id FROM "
            "catalogue_serviceversion v WHERE v.service_id = catalogue_service.id)"
        )
        # Raw inserts: a million link rows through the ORM would take minutes.
        cursor.executemany(
            "INSERT INTO catalogue_serviceterm (service_id, term_id) VALUES (%s, %s)",
            [
                (service.pk, ids[w])
                for service, found in zip(services, vocabulary_of, strict=True)
                for w in found
            ],
        )
    progress("search words written")


def p95_ms(run, cases: list) -> float:
    times = []
    for n in range(RUNS):
        case = cases[n % len(cases)]
        start = time.perf_counter()
        run(case)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(times, n=20)[18]


def main() -> None:
    setup_django(os.environ.get("BENCH_DATABASE_URL"))
    from django.core.paginator import Paginator
    from django.db import connection, transaction
    from django.test import Client

    from eservice.catalogue.feed import hsds
    from eservice.catalogue.models import Service
    from eservice.catalogue.search import search

    started = time.perf_counter()
    if not Service.objects.exists():
        with transaction.atomic():  # one commit, not one per batch
            build()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
    progress(f"built in {time.perf_counter() - started:.0f} s")

    agency_codes = list(Service.objects.values_list("agency__code", flat=True).distinct()[:50])
    queries = [
        {"query": "อาหาร"},
        {"query": "ใบอนุญาต ก่อสร้าง"},
        {"query": "เบี้ยยังชีพ"},
        {"query": "ร้องเรียน", "province": "50"},
        {"query": "food shop"},
        {"query": "หนังสือรับรอง", "kind": "certificate"},
        {"query": "สนามบิน"},  # no match
        {"query": "ขุดดิน", "agency": agency_codes[3]},
        {"query": "", "audience": "businesses", "province": "30"},
    ]

    def run_search(case: dict) -> None:
        page = Paginator(search(**case), 20).get_page(1)
        list(page)
        assert page.paginator.count >= 0

    def run_lookup(code: str) -> None:
        results = Service.objects.filter(agency__code=code, status="published").order_by(
            "name_th", "id"
        )
        page = Paginator(results, 20).get_page(1)
        list(page)
        assert page.paginator.count >= 0

    run_search(queries[0])
    search_p95 = p95_ms(run_search, queries)
    lookup_p95 = p95_ms(run_lookup, agency_codes)
    report(
        "catalogue search p95 (50,000 services)",
        search_p95,
        "ms",
        lookup_p95,
        higher_is_better=False,
    )

    client = Client()

    def pull_feed() -> int:
        url, count = "/api/services?limit=500", 0
        while url:
            response = client.get(url)
            page = json.loads(b"".join(response.streaming_content))
            count += len(page["contents"])
            url = page["next"]
        return count

    def whole_catalogue() -> int:
        everything = [
            hsds(s)
            for s in Service.objects.select_related("agency", "current_version").order_by(
                "changed_at", "id"
            )
        ]
        return len(json.dumps(everything, ensure_ascii=False))

    start = time.perf_counter()
    pulled = pull_feed()
    feed_seconds = time.perf_counter() - start
    assert pulled == SERVICES, pulled

    # Peak memory: one streamed page under tracemalloc; the whole document by the growth of
    # the process's peak resident size (tracemalloc would triple its time).
    tracemalloc.start()
    for _chunk in client.get("/api/services?limit=500").streaming_content:
        pass
    feed_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    whole_catalogue()
    whole_seconds = time.perf_counter() - start
    whole_peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1e3
    report(
        "portal feed, 50,000 services in pages of 500",
        feed_seconds,
        "s",
        whole_seconds,
        higher_is_better=False,
    )
    report(
        "portal feed peak memory (one page vs whole catalogue)",
        feed_peak,
        "MB",
        whole_peak,
        higher_is_better=False,
    )
    progress(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
