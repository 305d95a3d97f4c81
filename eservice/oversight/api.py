"""The guide of electronic methods and the §22 list, as JSON at /api/oversight."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from eservice.lib.errors import ApiError
from eservice.oversight.models import CabinetReport, GuideEdition, Level

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
def guide_edition(request: HttpRequest, number: int) -> dict[str, Any]:
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
