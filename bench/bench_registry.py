"""Agency register: import of the 7,849-row DLA file against a raw bulk insert of the same
rows, and directory search p95 over 10,000 agencies against a plain indexed lookup.

Run: .venv/bin/python bench/bench_registry.py
(on PostgreSQL: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/es_registry_bench)
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import report, setup_django  # noqa: E402

AGENCIES = 10_000
QUERIES = 400


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def main() -> None:
    # BENCH_DATABASE_URL=postgres://... measures on PostgreSQL (an empty database).
    setup_django(os.environ.get("BENCH_DATABASE_URL"))
    import csv
    import io

    from django.db import connection

    from eservice.registry.demo import DLA_FILE
    from eservice.registry.importer import import_rows, read_rows
    from eservice.registry.models import Agency
    from eservice.registry.queries import directory

    content = DLA_FILE.read_bytes()

    # Baseline: the same rows inserted as they are, no reading of the mess, no report.
    raw = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    start = time.perf_counter()
    Agency.objects.bulk_create(
        [
            Agency(
                code=r["dla_code"],
                name_th=r["full_name_th"],
                kind=r["lao_type"][:32],
                province_code=r["province_code"],
                district_code=r["district_code"],
            )
            for r in raw
        ],
        batch_size=1000,
    )
    baseline = time.perf_counter() - start
    Agency.objects.all().delete()

    shown: list[int] = []
    start = time.perf_counter()
    report_ = import_rows(
        read_rows(content, DLA_FILE.name), progress=lambda done, total: shown.append(done)
    )
    took = time.perf_counter() - start
    assert report_.created == 7849 and shown, "the import must create every row and show progress"
    report("registry import of 7,849 DLA rows", took, "s", baseline, higher_is_better=False)

    start = time.perf_counter()
    again = import_rows(read_rows(content, DLA_FILE.name))
    assert again.unchanged == 7849
    report(
        "registry re-import, nothing changed",
        time.perf_counter() - start,
        "s",
        baseline,
        higher_is_better=False,
    )

    # Fill up to 10,000 agencies with central and regional offices named like real ones.
    words = ["สำนักงาน", "ศูนย์", "กอง", "สถานี", "โรงพยาบาล", "สำนักงานเขตพื้นที่การศึกษา"]
    places = [a.name_th.split("ตำบล")[-1] for a in Agency.objects.only("name_th")[:2000]]
    rng = random.Random(2569)
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"B{i:05}",
                name_th=(name := f"{rng.choice(words)}{rng.choice(places)}"),
                kind=Agency.Kind.REGIONAL_OFFICE,
                search_text=name,
            )
            for i in range(AGENCIES - Agency.objects.count())
        ],
        batch_size=1000,
    )
    assert Agency.objects.count() == AGENCIES

    names = list(Agency.objects.values_list("name_th", flat=True))
    codes = list(Agency.objects.values_list("code", flat=True))
    queries = ["บางบัวทอง", "เทศบาลบางบัวทอง", "อบต.บางรักใหญ่", "เมือง", "ทอง"]
    queries += [rng.choice(names)[-rng.randint(3, 12) :] for _ in range(QUERIES - len(queries))]
    directory("บางบัวทอง").count()  # load the word list once, as a warm server has

    def search(q: str) -> None:
        # What the directory page does: the count and the first page of 25.
        found = directory(q)
        found.count()
        list(found.values_list("code", "name_th")[:25])

    timings, lookups = [], []
    for q in queries:
        start = time.perf_counter()
        search(q)
        timings.append((time.perf_counter() - start) * 1000)
        code = rng.choice(codes)
        start = time.perf_counter()
        Agency.objects.values_list("code", "name_th").get(code=code)
        lookups.append((time.perf_counter() - start) * 1000)
    report(
        f"registry directory search p95 ({AGENCIES:,} agencies, {connection.vendor})",
        p95(timings),
        "ms",
        p95(lookups),
        higher_is_better=False,
    )


if __name__ == "__main__":
    main()
