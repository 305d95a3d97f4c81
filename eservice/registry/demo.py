"""A few agencies so that a fresh install has someone to serve. The registry import loads
the full national register."""

from typing import TextIO

from eservice.registry.models import Agency

DEMO_AGENCIES = [
    (
        "4120401",
        "เทศบาลเมืองบางบัวทอง",
        "Bang Bua Thong Town Municipality",
        Agency.Kind.TOWN_MUNICIPALITY,
    ),
    ("1000000", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", Agency.Kind.BANGKOK),
    (
        "OPDC",
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        Agency.Kind.DEPARTMENT,
    ),
]


def load(out: TextIO) -> None:
    for code, name_th, name_en, kind in DEMO_AGENCIES:
        Agency.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "kind": kind}
        )
    out.write(f"demo agencies: {len(DEMO_AGENCIES)}\n")
