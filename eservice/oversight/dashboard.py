"""The national dashboard's queries, all on the pre-aggregated DailyFigures (one row per day,
kind and province), so a page reads a few hundred rows whatever the number of requests."""

import csv
import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from eservice.oversight.measure import ALL, COUNTS
from eservice.oversight.models import DailyFigures, Level, Step

SUMMED = COUNTS


def latest_day() -> date | None:
    return DailyFigures.objects.order_by("-day").values_list("day", flat=True).first()


def share(part: int, whole: int) -> float:
    """A percentage with one decimal: 5 of 7,866 agencies is 0.1%, not a flat 0%."""
    return round(100 * part / whole, 1) if whole else 0.0


def totals(row: dict[str, Any], detail: bool = True) -> dict[str, Any]:
    """One figures row, with the shares a page shows; `detail` adds the step table."""
    total = dict(row)
    agencies = total["agencies"]
    for f in (
        "standard_or_above",
        "compliant",
        "channel_announced",
        "email_verified",
        "with_services",
    ):
        total[f"{f}_share"] = share(total[f], agencies)
    total["handled_share"] = share(total["requests_handled"], total["requests_received"])
    total["on_time_share"] = share(total["requests_on_time"], total["requests_handled"])
    by_level = row["by_level"]
    total["levels"] = [
        {
            "level": lv,
            "count": by_level.get(str(lv.value), 0),
            "share": share(by_level.get(str(lv.value), 0), agencies),
        }
        for lv in Level
    ]
    if detail:
        by_step = row["by_step"]
        total["steps"] = [
            {
                "step": step,
                "levels": [
                    {
                        "level": lv,
                        "count": by_step.get(step.value, {}).get(str(lv.value), 0),
                        "share": share(by_step.get(step.value, {}).get(str(lv.value), 0), agencies),
                    }
                    for lv in Level
                ],
            }
            for step in Step
        ]
    return total


EMPTY: dict[str, Any] = {f: 0 for f in SUMMED} | {"by_level": {}, "by_step": {}}


def national(day: date | None, kind: str = "", province: str = "") -> dict[str, Any]:
    """The figures of the whole country, or of one kind and/or province: one ready row."""
    row = (
        DailyFigures.objects.filter(day=day, kind=kind or ALL, province=province or ALL)
        .values(*SUMMED, "by_level", "by_step")
        .first()
        if day
        else None
    )
    return totals(row or EMPTY)


def breakdown(
    day: date | None, by: str, kind: str = "", province: str = ""
) -> list[dict[str, Any]]:
    """Per kind (within the chosen province) or per province (within the chosen kind)."""
    if day is None:
        return []
    rows = DailyFigures.objects.filter(day=day)
    if by == "kind":
        rows = rows.filter(province=province or ALL).exclude(kind=ALL)
        if kind:
            rows = rows.filter(kind=kind)
    else:
        rows = rows.filter(kind=kind or ALL).exclude(province=ALL)
        if province:
            rows = rows.filter(province=province)
    result = [
        {"key": row[by], **totals(row, detail=False)}
        for row in rows.values(by, *SUMMED, "by_level")
    ]
    return sorted(result, key=lambda g: -g["agencies"])


def trend(kind: str = "", province: str = "", days: int = 30) -> list[dict[str, Any]]:
    """The last `days` snapshots of the chosen group, oldest first."""
    points = list(
        DailyFigures.objects.filter(kind=kind or ALL, province=province or ALL)
        .order_by("-day")
        .values("day", *SUMMED)[:days]
    )
    return [
        {
            **p,
            "standard_share": share(p["standard_or_above"], p["agencies"]),
            "compliant_share": share(p["compliant"], p["agencies"]),
        }
        for p in reversed(points)
    ]


def breakdown_csv(groups: list[dict[str, Any]], label: str, names: dict[str, str]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(
        [
            label,
            _("Agencies"),
            *[str(lv.label) for lv in Level],
            _("Compliant"),
            _("Channel announced"),
            _("E-mail verified"),
            _("Agencies with services online"),
            _("Services published"),
            _("Services on the central portals"),
            _("Requests received"),
            _("Requests handled"),
            _("Handled on time"),
        ]
    )
    for g in groups:
        w.writerow(
            [
                names.get(g["key"], g["key"]) or "-",
                g["agencies"],
                *[lv["count"] for lv in g["levels"]],
                g["compliant"],
                g["channel_announced"],
                g["email_verified"],
                g["with_services"],
                g["services_published"],
                g["services_on_portal"],
                g["requests_received"],
                g["requests_handled"],
                g["requests_on_time"],
            ]
        )
    return out.getvalue()


def trend_csv(points: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(
        [
            _("Date"),
            _("Agencies"),
            _("At standard level or above"),
            _("Compliant"),
            _("Requests received"),
            _("Requests handled"),
        ]
    )
    for p in points:
        w.writerow(
            [
                p["day"].isoformat(),
                p["agencies"],
                p["standard_or_above"],
                p["compliant"],
                p["requests_received"],
                p["requests_handled"],
            ]
        )
    return out.getvalue()
