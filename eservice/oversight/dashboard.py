"""The national dashboard's queries, all on the pre-aggregated DailyFigures (one row per day,
kind and province), so a page reads a few hundred rows whatever the number of requests."""

import csv
import io
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from eservice.oversight.models import DailyFigures, Level, Step

SUMMED = [
    "agencies",
    "standard_or_above",
    "compliant",
    "channel_announced",
    "email_verified",
    "with_services",
    "services_published",
    "services_on_portal",
    "requests_received",
    "requests_handled",
    "requests_on_time",
]


def latest_day() -> date | None:
    return DailyFigures.objects.order_by("-day").values_list("day", flat=True).first()


def rows(day: date | None, kind: str = "", province: str = "") -> QuerySet[DailyFigures]:
    if day is None:
        return DailyFigures.objects.none()
    qs = DailyFigures.objects.filter(day=day)
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    return qs


def share(part: int, whole: int) -> float:
    """A percentage with one decimal: 5 of 7,866 agencies is 0.1%, not a flat 0%."""
    return round(100 * part / whole, 1) if whole else 0.0


def totals(figures: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {f: 0 for f in SUMMED}
    by_level: dict[str, int] = {}
    by_step: dict[str, dict[str, int]] = {}
    for row in figures:
        for f in SUMMED:
            total[f] += row[f]
        for level, n in row["by_level"].items():
            by_level[level] = by_level.get(level, 0) + n
        for step, levels in row["by_step"].items():
            per = by_step.setdefault(step, {})
            for level, n in levels.items():
                per[level] = per.get(level, 0) + n
    agencies = total["agencies"]
    total["levels"] = [
        {
            "level": lv,
            "count": by_level.get(str(lv.value), 0),
            "share": share(by_level.get(str(lv.value), 0), agencies),
        }
        for lv in Level
    ]
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
    return total


FIELDS = ["agencies", "by_level", "by_step", *SUMMED[1:]]


def national(day: date | None, kind: str = "", province: str = "") -> dict[str, Any]:
    return totals(list(rows(day, kind, province).values(*FIELDS)))


def breakdown(
    day: date | None, by: str, kind: str = "", province: str = ""
) -> list[dict[str, Any]]:
    """Per kind or per province: each group's totals, largest first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows(day, kind, province).values(by, *FIELDS):
        groups.setdefault(row[by], []).append(row)
    result = [{"key": key, **totals(members)} for key, members in groups.items()]
    return sorted(result, key=lambda g: -g["agencies"])


def trend(kind: str = "", province: str = "", days: int = 30) -> list[dict[str, Any]]:
    """The last `days` snapshots, oldest first, summed in the database."""
    qs = DailyFigures.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    recent = list(qs.values_list("day", flat=True).distinct().order_by("-day")[:days])
    points: Any = (
        qs.filter(day__in=recent)
        .values("day")
        .annotate(**{f: Sum(f) for f in SUMMED})
        .order_by("day")
    )
    return [
        {
            **p,
            "standard_share": share(p["standard_or_above"], p["agencies"]),
            "compliant_share": share(p["compliant"], p["agencies"]),
        }
        for p in points
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
