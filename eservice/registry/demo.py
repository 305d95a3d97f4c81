"""The national register for demonstrations: all 7,849 local administrative organisations
from the DLA open data shipped with the app, Bangkok, and a set of central agencies with
their parents; a few channels so that the directory and the dashboard show something.

Idempotent and quick: the import compares before it writes, so a second run writes nothing.
"""

from pathlib import Path
from typing import TextIO

from django.utils import timezone

from eservice.registry.channels import prepare
from eservice.registry.importer import import_rows, read_rows
from eservice.registry.models import Agency, Channel, ChannelChange

DLA_FILE = Path(__file__).resolve().parent / "data" / "dla_local_admin_orgs.csv"

K = Agency.Kind
# code, Thai name, English name, kind, parent code, province code
CENTRAL_AGENCIES = [
    ("1000000", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", K.BANGKOK, "", "10"),
    ("OPM", "สำนักนายกรัฐมนตรี", "Office of the Prime Minister", K.MINISTRY, "", "10"),
    ("MOI", "กระทรวงมหาดไทย", "Ministry of Interior", K.MINISTRY, "", "10"),
    (
        "MDES",
        "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        "Ministry of Digital Economy and Society",
        K.MINISTRY,
        "",
        "10",
    ),  # noqa: E501
    ("MOPH", "กระทรวงสาธารณสุข", "Ministry of Public Health", K.MINISTRY, "", "10"),
    ("MOF", "กระทรวงการคลัง", "Ministry of Finance", K.MINISTRY, "", "10"),
    (
        "OPDC",
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        K.DEPARTMENT,
        "OPM",
        "10",
    ),  # noqa: E501
    ("OCS", "สำนักงานคณะกรรมการกฤษฎีกา", "Office of the Council of State", K.DEPARTMENT, "OPM", "10"),  # noqa: E501
    (
        "DLA",
        "กรมส่งเสริมการปกครองท้องถิ่น",
        "Department of Local Administration",
        K.DEPARTMENT,
        "MOI",
        "10",
    ),  # noqa: E501
    ("DOPA", "กรมการปกครอง", "Department of Provincial Administration", K.DEPARTMENT, "MOI", "10"),  # noqa: E501
    ("RD", "กรมสรรพากร", "The Revenue Department", K.DEPARTMENT, "MOF", "10"),
    (
        "DGA",
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
        "Digital Government Development Agency",
        K.PUBLIC_ORGANISATION,
        "OPM",
        "10",
    ),  # noqa: E501
    (
        "ETDA",
        "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์",
        "Electronic Transactions Development Agency",
        K.PUBLIC_ORGANISATION,
        "MDES",
        "10",
    ),  # noqa: E501
    ("PEA", "การไฟฟ้าส่วนภูมิภาค", "Provincial Electricity Authority", K.STATE_ENTERPRISE, "MOI", "10"),  # noqa: E501
    (
        "NNT-PHO",
        "สำนักงานสาธารณสุขจังหวัดนนทบุรี",
        "Nonthaburi Provincial Public Health Office",
        K.REGIONAL_OFFICE,
        "MOPH",
        "12",
    ),  # noqa: E501
    (
        "OAG",
        "สำนักงานการตรวจเงินแผ่นดิน",
        "Office of the Auditor General",
        K.INDEPENDENT_BODY,
        "",
        "10",
    ),  # noqa: E501
]

# Channels shown in the demo: (agency code, kind, address). The e-mail addresses are loaded
# as verified, so that no reminder or verification link is ever written to them.
DEMO_CHANNELS = [
    ("OPDC", Channel.Kind.CENTRAL_EMAIL, "saraban@opdc.go.th"),
    ("DGA", Channel.Kind.CENTRAL_EMAIL, "saraban@dga.or.th"),
    ("DLA", Channel.Kind.CENTRAL_EMAIL, "saraban@dla.go.th"),
    ("1000000", Channel.Kind.CENTRAL_EMAIL, "saraban@bangkok.go.th"),
    ("1000000", Channel.Kind.ESERVICE, "https://official.bangkok.go.th/"),
    ("3120102", Channel.Kind.CENTRAL_EMAIL, "saraban_03120102@dla.go.th"),
    ("6120405", Channel.Kind.CENTRAL_EMAIL, "bangrakyai.sao@gmail.com"),
]


def load(out: TextIO) -> None:
    dla = import_rows(
        read_rows(DLA_FILE.read_bytes(), DLA_FILE.name),
        source="dla",
        actor="load_demo",
        contacts=False,  # the 15-day reminders must not write to real agencies from a demo
    )
    central = import_rows(
        [
            {
                "code": code,
                "name_th": th,
                "name_en": en,
                "kind": kind,
                "parent_code": parent,
                "province_code": province,
            }
            for code, th, en, kind, parent, province in CENTRAL_AGENCIES
        ],
        source="demo",
        actor="load_demo",
    )
    Agency.objects.filter(code="OAG").update(outside_the_act=True)  # an independent organ
    Agency.objects.filter(code="4120401", name_en="").update(
        name_en="Bang Bua Thong Town Municipality"
    )
    for code, kind, address in DEMO_CHANNELS:
        agency = Agency.objects.filter(code=code).first()
        if agency is None or agency.channels.filter(address=address).exists():
            continue
        channel = Channel(agency=agency, kind=kind, address=address)
        prepare(channel)
        if channel.is_email:
            channel.status = Channel.Status.VERIFIED
            channel.verified_at = timezone.now()
        channel.save()
        ChannelChange.objects.create(
            agency=agency,
            channel=channel,
            channel_label=str(channel),
            action=ChannelChange.Action.ADDED,
            actor="load_demo",
        )
    out.write(
        f"agencies: {Agency.objects.count()} ({dla.created} new, {dla.updated} updated from "
        f"DLA open data; {central.created + central.updated} central agencies changed)\n"
    )
