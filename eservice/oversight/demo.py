"""Oversight over the demo world: measure every agency, the day's dashboard figures, a first
report to the Cabinet (so the public list has something to show) and one declaration
waiting for review. The guide's first edition comes with the migrations."""

from typing import TextIO

from eservice.oversight.measure import build_daily_figures, refresh_statuses
from eservice.oversight.models import AgencyStatus, CabinetReport, Declaration, Level, Step
from eservice.oversight.reports import make_report
from eservice.oversight.tasks import render_report
from eservice.registry.models import Agency


def load(out: TextIO) -> None:
    agency = Agency.objects.filter(code="4120401").first()
    if agency is not None and not Declaration.objects.filter(agency=agency).exists():
        Declaration.objects.create(
            agency=agency,
            step=Step.VERIFY_IDENTITY,
            level=Level.STANDARD,
            evidence_url="https://www.bangbuathong.go.th/thaid",
            note="ผู้ยื่นคำขอเข้าสู่ระบบด้วย ThaID ผ่านระบบบริการของเทศบาล",
        )
    measured = refresh_statuses()
    groups = build_daily_figures()
    if not CabinetReport.objects.exists():
        # Its PDF is rendered by the bulk worker, as a scheduled report's is.
        render_report.enqueue(make_report().pk)
    compliant = AgencyStatus.objects.filter(compliant=True).count()
    out.write(
        f"oversight: {measured} agencies measured ({compliant} compliant), "
        f"{groups} dashboard groups, reports to the Cabinet: {CabinetReport.objects.count()}\n"
    )
