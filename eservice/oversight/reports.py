"""The report to the Cabinet every 60 days (§22): frozen figures by kind and province, the
trend since the last report, and the named list of agencies that have not complied. Made
as a record first; the PDF and CSV are drawn from the record, so they never disagree.

The PDF is a summary a minister reads: the figures, and per kind of agency the ones
furthest behind. Every agency, with what it has still to do, is in the CSV. (A PDF naming
all 8,000 ran to 722 pages and held a worker for minutes.)"""

import csv
import io
from collections import defaultdict
from typing import Any

import geothai
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from eservice.oversight.measure import missing_duties
from eservice.oversight.models import AgencyStatus, CabinetReport

# Agencies named in the PDF per kind, those with most still to do first; the rest are counted.
LAGGARDS_PER_KIND = 10


def province_name(code: str, language: str = "th") -> str:
    if not code:
        return "-"
    province = geothai.province(code)
    if province is None:
        return code
    return province.name_en if language == "en" else province.name_th


def make_report() -> CabinetReport:
    from eservice.registry.models import Agency

    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_province: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    non_compliant, complying = [], []
    statuses = AgencyStatus.objects.order_by("province", "kind", "agency_id")
    names = dict(
        (pk, (code, th, en))
        for pk, code, th, en in Agency.objects.values_list("pk", "code", "name_th", "name_en")
    )
    for s in statuses.iterator(chunk_size=2000):
        for group in (by_kind[s.kind], by_province[s.province]):
            group[0] += 1
            group[1] += s.compliant
        code, name_th, name_en = names[s.agency_id]
        entry = {
            "code": code,
            "name_th": name_th,
            "name_en": name_en,
            "kind": s.kind,
            "province": s.province,
        }
        if s.compliant:
            complying.append(entry)
        else:
            non_compliant.append({**entry, "missing": missing_duties(s)})
    figures = {
        "total": sum(v[0] for v in by_kind.values()),
        "compliant": sum(v[1] for v in by_kind.values()),
        "by_kind": dict(by_kind),
        "by_province": dict(by_province),
    }
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (CabinetReport.objects.aggregate(n=models.Max("number"))["n"] or 0) + 1
                return CabinetReport.objects.create(
                    number=number,
                    figures=figures,
                    non_compliant=non_compliant,
                    complying=complying,
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def trend(report: CabinetReport) -> dict[str, Any]:
    """Change in compliant agencies since the previous report, nationally and per kind."""
    previous = report.previous()
    if previous is None:
        return {"previous": None}
    before = previous.figures
    return {
        "previous": previous,
        "compliant_change": report.figures["compliant"] - before.get("compliant", 0),
        "non_compliant_change": len(report.non_compliant) - len(previous.non_compliant),
        "by_kind": {
            kind: values[1] - before.get("by_kind", {}).get(kind, [0, 0])[1]
            for kind, values in report.figures["by_kind"].items()
        },
    }


def rows(report: CabinetReport, language: str) -> dict[str, list[list[Any]]]:
    """Tables of the report as rows: by kind, by province."""
    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    by_kind = [
        [str(kinds.get(k, k)), v[0], v[1], v[0] - v[1]]
        for k, v in sorted(report.figures["by_kind"].items())
    ]
    by_province = [
        [province_name(p, language), v[0], v[1], v[0] - v[1]]
        for p, v in sorted(report.figures["by_province"].items())
    ]
    return {"by_kind": by_kind, "by_province": by_province}


def as_csv(report: CabinetReport, language: str) -> str:
    """The full list: one row per agency, whether it complies and what it has still to do,
    in the order of the figures (province, kind, code)."""
    from django.utils.translation import gettext as _

    from eservice.oversight.measure import DUTIES
    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Thai text as UTF-8
    w = csv.writer(out)
    w.writerow(
        [_("Code"), _("Agency"), _("Kind"), _("Province"), _("Section 20"), _("Still to do")]
    )
    agencies = sorted(
        report.non_compliant + report.complying,
        key=lambda a: (a["province"], a["kind"], a["code"]),
    )
    for a in agencies:
        missing = a.get("missing", [])
        w.writerow(
            [
                a["code"],
                a["name_en"] or a["name_th"] if language == "en" else a["name_th"],
                str(kinds.get(a["kind"], a["kind"])),
                province_name(a["province"], language),
                _("Not compliant") if "missing" in a else _("Compliant"),
                "; ".join(str(DUTIES.get(d, d)) for d in missing),
            ]
        )
    return out.getvalue()


def laggards_by_kind(agencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per kind of agency (the kind with most agencies behind first): how many are behind,
    the LAGGARDS_PER_KIND with most still to do, and how many more are not named."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in agencies:
        groups[a["kind"]].append(a)
    result = []
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0]["kind"])):
        members.sort(key=lambda a: (-len(a["missing"]), a["province"], a["code"]))
        result.append(
            {
                "kind_label": members[0]["kind_label"],
                "count": len(members),
                "named": members[:LAGGARDS_PER_KIND],
                "more": max(len(members) - LAGGARDS_PER_KIND, 0),
            }
        )
    return result


def csv_url(report: CabinetReport) -> str:
    """Absolute, for the PDF: where the full list is."""
    return settings.SITE_URL + reverse("oversight:report", args=[report.number]) + "?format=csv"


def context(report: CabinetReport, language: str) -> dict[str, Any]:
    """What the report page, its PDF and the public list show."""
    from eservice.oversight.measure import DUTIES
    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    # The summary names duties by number, each spelled out once.
    missed = {d for a in report.non_compliant for d in a["missing"]}
    numbered = [d for d in DUTIES if d in missed] + sorted(missed - DUTIES.keys())
    number = {d: i for i, d in enumerate(numbered, 1)}
    agencies = [
        {
            **a,
            "name": (a["name_en"] or a["name_th"]) if language == "en" else a["name_th"],
            "kind_label": kinds.get(a["kind"], a["kind"]),
            "province_name": province_name(a["province"], language),
            "missing_labels": [DUTIES.get(d, d) for d in a["missing"]],
            "missing_numbers": [number[d] for d in a["missing"]],
        }
        for a in report.non_compliant
    ]
    return {
        "report": report,
        "tables": rows(report, language),
        "trend": trend(report),
        "agencies": agencies,
        "duties": [DUTIES.get(d, d) for d in numbered],
        "laggards": laggards_by_kind(agencies),
        "per_kind": LAGGARDS_PER_KIND,
        "csv_url": csv_url(report),
        "csv_name": csv_name(report),
    }


def csv_name(report: CabinetReport) -> str:
    return f"cabinet-report-{report.number}.csv"


def render_files(report: CabinetReport) -> None:
    """The PDF in Thai and in English, stored with the report."""
    for language in ("th", "en"):
        pdf_file(report, language)


def pdf_file(report: CabinetReport, language: str) -> FieldFile:
    """The report's PDF in a language, rendered and stored first if it is not yet."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    stored: FieldFile = getattr(report, f"pdf_{language}")
    if not stored:
        with translation.override(language):
            data = as_pdf("oversight/report_pdf.html", context(report, language))
        stored.save(f"cabinet-report-{report.number}-{language}.pdf", ContentFile(data), save=False)
        report.save(update_fields=[f"pdf_{language}"])
    return stored


def as_pdf(template: str, context: dict[str, Any]) -> bytes:
    """A printable PDF in the official font (Sarabun, the OFL equivalent of TH Sarabun)."""
    from eservice.lib.pdf import render_pdf

    return render_pdf(render_to_string(template, {**context, "now": timezone.now()}))
