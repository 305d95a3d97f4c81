"""The guide of electronic methods and the §22 list, as JSON at /api/oversight."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.security import django_auth

from eservice.lib.badinput import Id
from eservice.lib.errors import ApiError
from eservice.oversight import measure
from eservice.oversight.models import AgencyStatus, CabinetReport, GuideEdition, Level

router = Router(tags=["oversight"])


def _edition(edition: GuideEdition | None) -> dict[str, Any]:
    if edition is None or edition.is_draft:
        raise ApiError(404, "no_such_edition", _("There is no published edition with this number."))
    return {
        "edition": edition.number,
        "title": {"th": edition.title_th, "en": edition.title_en},
        "published_at": edition.published_at,
        "changes": edition.changes,
        "levels": [
            {"code": lv.name.lower(), "value": lv.value, "name": str(lv.label)}
            for lv in Level
            if lv
        ],
        "tools": [tool.as_json() for tool in edition.tools.all()],
    }


@router.get("/guide", summary="The current edition of the guide of electronic methods")
def guide(request: HttpRequest) -> dict[str, Any]:
    return _edition(GuideEdition.current())


@router.get("/guide/{number}", summary="One published edition of the guide")
def guide_edition(request: HttpRequest, number: Id) -> dict[str, Any]:
    return _edition(GuideEdition.objects.filter(number=number).first())


@router.get("/not-compliant", summary="The published list of agencies not yet compliant (§22)")
def not_compliant(request: HttpRequest) -> dict[str, Any]:
    report = CabinetReport.objects.first()
    if report is None:
        raise ApiError(404, "no_report", _("No report to the Cabinet has been made yet."))
    return {
        "report": report.number,
        "date": report.created_at,
        "agencies": report.non_compliant,
    }


@router.get(
    "/agencies/{agency_id}/readiness",
    auth=django_auth,
    summary="An agency's level per step and overall, and its §20 duties still to do",
)
def readiness(request: HttpRequest, agency_id: Id) -> dict[str, Any]:
    if not request.user.can_read(agency_id):  # type: ignore[union-attr]
        raise ApiError(
            403, "not_your_agency", _("You can see the readiness of your own agency only.")
        )
    steps = measure.readiness(agency_id)
    status = AgencyStatus.objects.filter(agency_id=agency_id).first()
    return {
        "agency": agency_id,
        "overall": Level(measure.overall(steps)).name.lower(),
        "steps": {
            step: {k: Level(v).name.lower() for k, v in levels.items()}
            for step, levels in steps.items()
        },
        "compliant": status.compliant if status else None,
        "missing_duties": measure.missing_duties(status) if status else None,
        "measured_at": status.measured_at if status else None,
    }
