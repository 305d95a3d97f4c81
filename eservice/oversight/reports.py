"""The report to the Cabinet every 60 days (§22): frozen figures by kind and province, the
trend since the last report, and the named list of agencies that have not complied. Made
as a record first; the PDF and CSV are drawn from the record, so they never disagree."""

import csv
import io
from collections import defaultdict
from typing import Any

import geothai
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from eservice.oversight.measure import missing_duties
from eservice.oversight.models import AgencyStatus, CabinetReport


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
    non_compliant = []
    statuses = AgencyStatus.objects.order_by("province", "kind", "agency_id")
    names = dict(
        (pk, (code, th, en))
        for pk, code, th, en in Agency.objects.values_list("pk", "code", "name_th", "name_en")
    )
    for s in statuses.iterator(chunk_size=2000):
        for group in (by_kind[s.kind], by_province[s.province]):
            group[0] += 1
            group[1] += s.compliant
        if not s.compliant:
            code, name_th, name_en = names[s.agency_id]
            non_compliant.append(
                {
                    "code": code,
                    "name_th": name_th,
                    "name_en": name_en,
                    "kind": s.kind,
                    "province": s.province,
                    "missing": missing_duties(s),
                }
            )
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
                    number=number, figures=figures, non_compliant=non_compliant
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
    from django.utils.translation import gettext as _

    from eservice.oversight.measure import DUTIES
    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Thai text as UTF-8
    w = csv.writer(out)
    tables = rows(report, language)
    header = [_("Agencies"), _("Compliant"), _("Not compliant")]
    w.writerow([_("Kind"), *header])
    w.writerows(tables["by_kind"])
    w.writerow([])
    w.writerow([_("Province"), *header])
    w.writerows(tables["by_province"])
    w.writerow([])
    w.writerow([_("Code"), _("Agency"), _("Kind"), _("Province"), _("Still to do")])
    for a in report.non_compliant:
        w.writerow(
            [
                a["code"],
                a["name_en"] or a["name_th"] if language == "en" else a["name_th"],
                str(kinds.get(a["kind"], a["kind"])),
                province_name(a["province"], language),
                "; ".join(str(DUTIES.get(d, d)) for d in a["missing"]),
            ]
        )
    return out.getvalue()


def context(report: CabinetReport, language: str) -> dict[str, Any]:
    """What the report page, its PDF and the public list show."""
    from eservice.oversight.measure import DUTIES
    from eservice.registry.models import Agency

    kinds = dict(Agency.Kind.choices)
    return {
        "report": report,
        "tables": rows(report, language),
        "trend": trend(report),
        "agencies": [
            {
                **a,
                "name": (a["name_en"] or a["name_th"]) if language == "en" else a["name_th"],
                "kind_label": kinds.get(a["kind"], a["kind"]),
                "province_name": province_name(a["province"], language),
                "missing_labels": [DUTIES.get(d, d) for d in a["missing"]],
            }
            for a in report.non_compliant
        ],
    }


def render_files(report: CabinetReport) -> None:
    """The PDF in Thai and in English, stored with the report."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    for language in ("th", "en"):
        with translation.override(language):
            data = as_pdf("oversight/report_pdf.html", context(report, language))
        getattr(report, f"pdf_{language}").save(
            f"cabinet-report-{report.number}-{language}.pdf", ContentFile(data), save=False
        )
    report.save(update_fields=["pdf_th", "pdf_en"])


def as_pdf(template: str, context: dict[str, Any]) -> bytes:
    """A printable PDF in the official font (Sarabun, the OFL equivalent of TH Sarabun)."""
    from eservice.lib.pdf import render_pdf

    return render_pdf(render_to_string(template, {**context, "now": timezone.now()}))
