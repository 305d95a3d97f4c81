"""The report to the Cabinet for 8,000 agencies (target: under 60 s on the bulk worker; the
PDF that named every agency ran to 722 pages and took minutes). Times the scheduled task
as the worker runs it (measure every agency, freeze the record, render the PDF in Thai and
English), and its PDFs alone, against a one-page PDF in the same fonts through the same
renderer, the floor of any PDF the platform makes.

Run: .venv/bin/python bench/bench_report.py
Environment: BENCH_DATABASE_URL=postgres://... to measure on PostgreSQL (an empty database).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_oversight import AGENCIES, make_agencies  # noqa: E402
from common import report, setup_django  # noqa: E402

FLOOR = """<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@font-face { font-family: "Sarabun"; src: url("fonts/sarabun/Sarabun-Regular.ttf"); }
@font-face { font-family: "Sarabun"; font-weight: bold;
  src: url("fonts/sarabun/Sarabun-Bold.ttf"); }
body { font-family: "Sarabun"; } </style></head><body><h1>รายงาน</h1><p>หน่วยงาน</p></body></html>"""


def pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    return int(info.split(b"Pages:")[1].split()[0])


def main() -> None:
    setup_django(os.environ.get("BENCH_DATABASE_URL"))
    from django.db import connection

    from eservice.lib.pdf import render_pdf
    from eservice.oversight import reports
    from eservice.oversight.models import CabinetReport
    from eservice.oversight.tasks import make_scheduled_report

    make_agencies()
    render_pdf(FLOOR)  # WeasyPrint and the fonts loaded, as in a worker that has run before

    start = time.perf_counter()
    number = make_scheduled_report.call()
    task = time.perf_counter() - start
    made = CabinetReport.objects.get(number=number)
    size = len(made.non_compliant) + len(made.complying)
    print(
        f"report no. {number}: {size:,} agencies, {len(made.non_compliant):,} not compliant; "
        f"PDF {pages(made.pdf_th.read())} pages (th), {pages(made.pdf_en.read())} (en); "
        f"CSV {len(reports.as_csv(made, 'th').splitlines()) - 1:,} rows ({connection.vendor})",
        flush=True,
    )

    floor = []
    for _ in range(3):
        start = time.perf_counter()
        render_pdf(FLOOR)
        floor.append(time.perf_counter() - start)
    made.pdf_th.delete(save=False)
    made.pdf_en.delete(save=False)
    start = time.perf_counter()
    reports.render_files(made)
    rendering = time.perf_counter() - start

    report("report PDFs, th and en, for 8,000 agencies", rendering, "s", 2 * min(floor), False)
    report(
        f"scheduled report task for {AGENCIES:,} agencies (target < 60 s)",
        task,
        "s",
        2 * min(floor),
        False,
    )


if __name__ == "__main__":
    main()
