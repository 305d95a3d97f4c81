"""Import agencies from CSV or XLSX: an upsert by code, all or nothing, with a report of
every row that was corrected or rejected and why.

Reads the DLA open-data file of local administrative organisations as published (columns
dla_code, lao_type, full_name_th, office_no, moo, website_raw ...) and a plain file with the
register's own column names (code, name_th, name_en, kind, parent_code, province_code ...).
Real-world mess is repaired only where the repair is certain, and every repair is reported;
anything uncertain is left out of the field and reported; a row that cannot be an agency is
rejected and reported.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import geothai
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eservice.lib import audit
from eservice.registry.addresses import EMAIL_IN_TEXT
from eservice.registry.models import Agency, geography_errors, search_text

Progress = Callable[[int, int], None]

KINDS: dict[str, str] = {
    **{k.value: k.value for k in Agency.Kind},
    **{str(k.label).lower(): k.value for k in Agency.Kind},
    # The DLA file's lao_type and lao_type_th.
    "provincial_admin_org": Agency.Kind.PROVINCIAL_ADMIN,
    "subdistrict_admin_org": Agency.Kind.SAO,
    "special_local_admin": Agency.Kind.PATTAYA,
    "อบจ.": Agency.Kind.PROVINCIAL_ADMIN,
    "เทศบาลนคร": Agency.Kind.CITY_MUNICIPALITY,
    "เทศบาลเมือง": Agency.Kind.TOWN_MUNICIPALITY,
    "เทศบาลตำบล": Agency.Kind.SUBDISTRICT_MUNICIPALITY,
    "อบต.": Agency.Kind.SAO,
    "กรุงเทพมหานคร": Agency.Kind.BANGKOK,
    "เมืองพัทยา": Agency.Kind.PATTAYA,
}

# The first digit of a DLA code by kind: the kind's own, or a lower tier's, since a council
# that is upgraded (an SAO to a subdistrict municipality, say) keeps its code. Digits 2-3 are
# the province, 4-5 the district, 6-7 a number.
DLA_FIRST_DIGITS: dict[str, str] = {
    Agency.Kind.PROVINCIAL_ADMIN: "2",
    Agency.Kind.CITY_MUNICIPALITY: "3456",
    Agency.Kind.TOWN_MUNICIPALITY: "456",
    Agency.Kind.SUBDISTRICT_MUNICIPALITY: "56",
    Agency.Kind.SAO: "6",
    Agency.Kind.PATTAYA: "3",
}

# Fields the import may set; a column absent from the file leaves the field as it is.
FIELDS = (
    "name_th",
    "name_en",
    "kind",
    "province_code",
    "district_code",
    "subdistrict_code",
    "address",
    "postal_code",
    "website",
    "latitude",
    "longitude",
    "contact_email",
)

# Column names in the file -> the register's fields. The first that is present wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "dla_code"),
    "name_th": ("name_th_full", "full_name_th", "name_th"),
    "name_en": ("name_en",),
    "kind": ("kind", "lao_type", "lao_type_th"),
    "parent_code": ("parent_code",),
    "province_code": ("province_code",),
    "district_code": ("district_code",),
    "district_th": ("district_th",),
    "short_name_th": ("name_th",),
    "subdistrict_code": ("subdistrict_code",),
    "address": ("address", "office_no"),
    "moo": ("moo",),
    "postal_code": ("postal_code",),
    "website": ("website", "website_raw"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lng"),
    "contact_email": ("contact_email", "email_from_website_field"),
}

THAI_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
MONTH = "|".join(re.escape(m) for m in THAI_MONTHS)
DAY_MONTH = re.compile(rf"^(\d{{1,2}})-({MONTH})$")
MONTH_YEAR = re.compile(rf"^({MONTH})-(\d{{2}})$")
# Thai vowel and tone marks cannot start a word: a stray one is a typing slip.
STRAY_MARKS = re.compile(r"^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")
HOUSE_NUMBER = re.compile(r"^\d+[0-9/\-ก-ฮ, ]*$")
MOO_PREFIX = re.compile(r"^(?:หมู่ที่|หมู่|ม\.)\s*")
MOO_AT_END = re.compile(r"(?:^|\s*)(?:หมู่ที่|หมู่|ม\.)\s*(\d+)$")
VILLAGE = re.compile(r"^(?:บ้าน|บ\.)\S")
HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
# Thailand's mainland and islands lie inside this box.
TOP_LEVEL_DOMAINS = frozenset(
    {
        "th",
        "com",
        "net",
        "org",
        "info",
        "biz",
        "asia",
        "ac",
        "co",
        "io",
        "me",
        "app",
        "site",
        "online",
    }
)
LATITUDES = (Decimal("5.6"), Decimal("20.5"))
LONGITUDES = (Decimal("97.3"), Decimal("105.7"))


def bilingual(message: str | Promise, **params: Any) -> dict[str, str]:
    result = {}
    for language in ("th", "en"):
        with translation.override(language):
            result[language] = str(message) % params if params else str(message)
    return result


@dataclass
class Issue:
    line: int
    code: str
    field: str
    was: str
    now: str
    why: dict[str, str]


@dataclass
class Report:
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    subdistricts_inferred: int = 0
    # Web addresses written out in full (scheme and final slash added), not reported per row.
    websites_completed: int = 0
    corrected: list[Issue] = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "subdistricts_inferred": self.subdistricts_inferred,
            "websites_completed": self.websites_completed,
            "corrected": [i.__dict__ for i in self.corrected],
            "rejected": [i.__dict__ for i in self.rejected],
            "notes": [i.__dict__ for i in self.notes],
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says what to do."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file, as text. CSV in UTF-8 (with or without BOM) or in the
    Thai Windows encoding (TIS-620/cp874) that older Thai spreadsheet programs still save."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if not filename.lower().endswith(".csv"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp874")
        except UnicodeDecodeError:
            text = ""
        if not re.search(r"[\u0e01-\u0e5b]", text):
            raise ImportFileError(
                _("The CSV file is not UTF-8. Save it again as 'CSV UTF-8' and upload that.")
            ) from None
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(
            _("The XLSX file cannot be opened. Save it again from your spreadsheet program.")
        ) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    result = [
        {h: "" if v is None else str(v) for h, v in zip(header, values, strict=False) if h}
        for values in rows
        if any(v not in (None, "") for v in values)
    ]
    book.close()
    return result


class RowCleaner:
    """Turns one raw row into the register's values, recording every repair."""

    def __init__(self, columns: Iterable[str], report: Report) -> None:
        present = set(columns)
        self.column = {
            name: next((c for c in candidates if c in present), None)
            for name, candidates in COLUMNS.items()
        }
        # full_name_th and name_th both exist in the DLA file: then name_th is the short one.
        if self.column["name_th"] == self.column["short_name_th"]:
            self.column["short_name_th"] = None
        self.fields = {f for f in FIELDS if self.column.get(f)}
        if self.column["postal_code"] or self.column["address"]:
            self.fields.add("address")
        if self.column["website"] and "contact_email" not in self.fields:
            self.fields.add("contact_email")
        if self.column["short_name_th"] and not self.column["subdistrict_code"]:
            self.fields.add("subdistrict_code")
        self.report = report
        self.line = 0
        self.code = ""

    def raw(self, row: dict[str, str], name: str) -> str:
        column = self.column.get(name)
        return (row.get(column) or "").strip() if column else ""

    def correct(self, name: str, was: str, now: str, why: str | Promise, /, **params: Any) -> None:
        self.report.corrected.append(
            Issue(self.line, self.code, name, was, now, bilingual(why, **params))
        )

    def note(self, name: str, was: str, why: str | Promise, /, **params: Any) -> None:
        self.report.notes.append(
            Issue(self.line, self.code, name, was, was, bilingual(why, **params))
        )

    def reject(self, name: str, was: str, why: str | Promise, /, **params: Any) -> None:
        self.report.rejected.append(
            Issue(self.line, self.code, name, was, "", bilingual(why, **params))
        )

    def clean(self, line: int, row: dict[str, str]) -> dict[str, Any] | None:
        self.line, self.code = line, self.raw(row, "code")
        if not re.fullmatch(r"[A-Za-z0-9_\-]{1,20}", self.code):
            self.reject(
                "code",
                self.code,
                _("The code is missing or has characters other than letters and digits."),
            )
            return None
        values: dict[str, Any] = {"code": self.code}
        name = self.raw(row, "name_th")
        if not name:
            self.reject("name_th", "", _("The Thai name is missing. Add the agency's name."))
            return None
        values["name_th"] = name
        values["name_en"] = self.raw(row, "name_en")
        kind_raw = self.raw(row, "kind")
        kind = KINDS.get(kind_raw.lower())
        if kind is None:
            self.reject(
                "kind",
                kind_raw,
                _("Unknown kind of agency %(kind)r. Use one of: %(kinds)s."),
                kind=kind_raw,
                kinds=", ".join(Agency.Kind.values),
            )
            return None
        values["kind"] = kind
        values["parent_code"] = self.raw(row, "parent_code")
        if not self._geography(row, values) or not self._dla_code(values):
            return None
        values["address"] = self._address(row)
        values["postal_code"] = self._postal_code(row, values["district_code"])
        values["latitude"], values["longitude"] = self._coordinates(row)
        values["website"], found_email = self._website(row)
        values["contact_email"] = self._contact_email(row) or found_email
        return values

    def _geography(self, row: dict[str, str], values: dict[str, Any]) -> bool:
        province = self.raw(row, "province_code")
        district = self.raw(row, "district_code")
        subdistrict = self.raw(row, "subdistrict_code")
        district_name = self.raw(row, "district_th")
        if district and district_name and geothai.district(district):
            named = [d for d in geothai.districts(province) if d.name_th == district_name]
            coded = geothai.district(district)
            if coded and coded.name_th != district_name and len(named) == 1:
                self.correct(
                    "district_code",
                    district,
                    named[0].code,
                    _(
                        "District code %(code)s is %(coded)s, but the row names the district "
                        "%(named)s; the code of the named district is used."
                    ),
                    code=district,
                    coded=coded.name_th,
                    named=district_name,
                )
                district = named[0].code
        errors = geography_errors(province, district, subdistrict)
        if errors:
            name, message = next(iter(errors.items()))
            self.reject(
                name,
                {"province_code": province, "district_code": district}.get(name, subdistrict),
                message,
            )
            return False
        short_name = self.raw(row, "short_name_th")
        if short_name and not subdistrict and district:
            same = [s for s in geothai.subdistricts(district) if s.name_th == short_name]
            if len(same) == 1:
                subdistrict = same[0].code
                self.report.subdistricts_inferred += 1
        values.update(province_code=province, district_code=district, subdistrict_code=subdistrict)
        return True

    def _dla_code(self, values: dict[str, Any]) -> bool:
        """A local administrative organisation is known by its DLA code: refuse one that
        cannot be a DLA code rather than register the agency under it."""
        first_digits = DLA_FIRST_DIGITS.get(values["kind"])
        code = values["code"]
        if first_digits is None:
            return True
        if not re.fullmatch(r"\d{7}", code):
            self.reject("code", code, _("A DLA code has 7 digits; %(code)s has not."), code=code)
            return False
        if code[0] not in first_digits:
            self.reject(
                "code",
                code,
                _("A DLA code of this kind of agency begins with %(digits)s, not %(first)s."),
                digits=" / ".join(first_digits),
                first=code[0],
            )
            return False
        province = values.get("province_code")
        if province and code[1:3] != province:
            self.reject(
                "code",
                code,
                _("Digits 2 and 3 of a DLA code are the province, %(province)s, not %(found)s."),
                province=province,
                found=code[1:3],
            )
            return False
        return True

    def _address(self, row: dict[str, str]) -> str:
        number = self.raw(row, "address")
        moo = self.raw(row, "moo")
        if self.column["address"] == "address":
            return number
        if number == "-":  # the file's way of saying "none"
            number = ""
        if moo in ("-", "0"):
            moo = ""
        if number:
            number, moo_in_number = self._house_number(number)
            if moo_in_number and not moo:
                moo = moo_in_number
        if moo:
            cleaned = STRAY_MARKS.sub("", MOO_PREFIX.sub("", moo)).strip()
            if not cleaned.isdigit():
                self.correct(
                    "moo",
                    moo,
                    "",
                    _("The village number (หมู่) %(moo)r is not a number; it was left out."),
                    moo=moo,
                )
                cleaned = ""
            elif cleaned != moo:
                self.correct("moo", moo, cleaned, _("Only the village number (หมู่) was kept."))
            moo = cleaned
        parts = [number] if number else []
        if moo:
            parts.append(f"หมู่ {moo}")
        return " ".join(parts)

    def _house_number(self, raw: str) -> tuple[str, str]:
        """The house number, and a village number (หมู่) found written beside it."""
        if m := DAY_MONTH.match(raw):
            fixed = f"{int(m[1])}/{THAI_MONTHS.index(m[2]) + 1}"
        elif m := MONTH_YEAR.match(raw):
            fixed = f"{THAI_MONTHS.index(m[1]) + 1}/{int(m[2])}"
        else:
            return self._written_house_number(raw)
        self.correct(
            "address",
            raw,
            fixed,
            _(
                "The house number %(was)s looks like a date made by a spreadsheet; it was "
                "restored to %(now)s."
            ),
            was=raw,
            now=fixed,
        )
        return fixed, ""

    def _written_house_number(self, raw: str) -> tuple[str, str]:
        text = re.sub(r"^เลขที่\s*", "", STRAY_MARKS.sub("", raw)).strip()
        if VILLAGE.match(text):
            return text, ""  # a village name is an address too
        moo = ""
        if m := MOO_AT_END.search(text):
            moo, text = m[1], text[: m.start()].strip()
        if text and not HOUSE_NUMBER.match(text):
            self.correct(
                "address",
                raw,
                "",
                _("%(value)r is not a house number; it was left out of the address."),
                value=raw,
            )
            return "", ""
        if moo:
            self.correct(
                "address",
                raw,
                text,
                _("The village number %(moo)s written with the house number was moved to หมู่."),
                moo=moo,
            )
        elif text != raw:
            self.correct(
                "address",
                raw,
                text,
                _("Words and stray marks around the house number were removed."),
            )
        return text, moo

    def _postal_code(self, row: dict[str, str], district: str) -> str:
        raw = self.raw(row, "postal_code")
        if not raw:
            return ""
        known = sorted({p for s in geothai.subdistricts(district) for p in s.postal_codes})
        if re.fullmatch(r"\d{5}", raw):
            if district and raw not in known:
                self.note(
                    "postal_code",
                    raw,
                    _(
                        "Postal code %(code)s is not used in this district according to "
                        "GeoThai (it uses %(known)s); kept as given, please check."
                    ),
                    code=raw,
                    known=", ".join(known),
                )
            return raw
        if re.fullmatch(r"\d{4}", raw):
            # A digit lost on typing: the district's codes that give this one minus a digit.
            candidates = [p for p in known if any(p[:i] + p[i + 1 :] == raw for i in range(5))]
            if len(candidates) == 1:
                self.correct(
                    "postal_code",
                    raw,
                    candidates[0],
                    _(
                        "Postal code %(was)s has four digits; the district's only code that "
                        "matches it is %(now)s."
                    ),
                    was=raw,
                    now=candidates[0],
                )
                return candidates[0]
        self.correct(
            "postal_code",
            raw,
            "",
            _("%(value)r is not a five-digit postal code; it was left out."),
            value=raw,
        )
        return ""

    def _coordinates(self, row: dict[str, str]) -> tuple[Decimal | None, Decimal | None]:
        lat_raw, lng_raw = self.raw(row, "latitude"), self.raw(row, "longitude")
        if not lat_raw and not lng_raw:
            return None, None
        shown = f"{lat_raw}, {lng_raw}"
        if not lat_raw or not lng_raw:
            self.correct(
                "coordinates",
                shown,
                "",
                _("Only one of latitude and longitude is given; the coordinates were left out."),
            )
            return None, None
        try:
            lat, lng = Decimal(lat_raw), Decimal(lng_raw)
        except InvalidOperation:
            self.correct(
                "coordinates",
                shown,
                "",
                _("Latitude and longitude must both be numbers; the coordinates were left out."),
            )
            return None, None
        inside = LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lng <= LONGITUDES[1]
        swapped = LATITUDES[0] <= lng <= LATITUDES[1] and LONGITUDES[0] <= lat <= LONGITUDES[1]
        if swapped and not inside:
            self.correct(
                "coordinates",
                shown,
                f"{lng}, {lat}",
                _("Latitude and longitude were swapped; they were put back in order."),
            )
            lat, lng = lng, lat
        elif not inside:
            self.correct(
                "coordinates",
                shown,
                "",
                _("The point %(point)s is outside Thailand; the coordinates were left out."),
                point=shown,
            )
            return None, None
        return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))

    def _website(self, row: dict[str, str]) -> tuple[str, str]:
        raw = self.raw(row, "website")
        if not raw or raw == "-":
            return "", ""
        if email := EMAIL_IN_TEXT.search(raw):
            found = email[0].removeprefix("www.").lower()
            self.correct(
                "website",
                raw,
                "",
                _(
                    "The website field holds an e-mail address; it was kept as a contact for "
                    "reminders, not as the website."
                ),
            )
            return "", found
        text = STRAY_MARKS.sub("", raw).strip().lower()
        scheme = "https" if text.startswith("https") else "http"
        # Words after the address ("www.x.go.th  อบต.x") are a description, not the address.
        text = re.split(r"\s+(?=[\u0e00-\u0e7f])", text)[0]
        text = re.sub(r"^[^a-z0-9\u0e00-\u0e7f]+", "", text)
        text = re.sub(r"^(www\.)?(h\s*t\s*t?\s*p\s*s?\s*:?\s*/+|[a-z]{3,6}:/*)", "", text)
        text = re.sub(r"^www([,'`;]|//)", "www.", text)
        text = re.sub(r"[,>](th|com|go\.th)$", r".\1", text)
        host, _sep, path = re.sub(r"\s+", ".", text).partition("/")
        labels = [
            # A Thai letter typed inside a Latin label is a slip of the keyboard layout.
            re.sub(r"[\u0e00-\u0e7f]", "", label) if re.search("[a-z]", label) else label
            for label in re.sub(r"\.{2,}", ".", host).strip(".").split(".")
        ]
        host = ".".join(labels)
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = ""
        if not HOSTNAME.match(ascii_host) or labels[-1] not in TOP_LEVEL_DOMAINS:
            self.correct(
                "website",
                raw,
                "",
                _("%(value)r is not a web address; it was left out."),
                value=raw,
            )
            return "", ""
        url = f"{scheme}://{host}/{path}"
        try:
            as_typed = urlsplit(raw if "://" in raw else f"http://{raw}").hostname
        except ValueError:
            as_typed = None
        if as_typed != host:
            self.correct(
                "website", raw, url, _("The web address was repaired to %(url)s."), url=url
            )
        elif url != raw:
            self.report.websites_completed += 1
        return url, ""

    def _contact_email(self, row: dict[str, str]) -> str:
        raw = self.raw(row, "contact_email")
        if not raw:
            return ""
        found = EMAIL_IN_TEXT.search(raw)
        return found[0].removeprefix("www.").lower() if found else ""


def import_rows(
    rows: list[dict[str, str]],
    *,
    dry_run: bool = False,
    source: str = "import",
    actor: str = "system",
    progress: Progress | None = None,
    contacts: bool = True,
) -> Report:
    """Clean, then upsert by code in one transaction: a failure leaves the register as it
    was. Returns the report; with dry_run nothing is written. contacts=False leaves out the
    e-mail addresses found in the file (demo data must not remind real agencies)."""
    report = Report(dry_run=dry_run, total=len(rows))
    if not rows:
        return report
    cleaner = RowCleaner(rows[0].keys(), report)
    if not cleaner.column["code"] or not cleaner.column["name_th"] or not cleaner.column["kind"]:
        raise ImportFileError(
            _(
                "The file needs at least the columns code, name_th and kind (or the DLA "
                "columns dla_code, full_name_th and lao_type)."
            )
        )
    cleaned: dict[str, dict[str, Any]] = {}
    step = max(len(rows) // 20, 1)
    for index, row in enumerate(rows):
        line = index + 2  # the header is line 1
        values = cleaner.clean(line, row)
        if values is not None:
            if values["code"] in cleaned:
                cleaner.reject(
                    "code",
                    values["code"],
                    _("Code %(code)s appears more than once; only its first row was used."),
                    code=values["code"],
                )
            else:
                values["line"] = line
                cleaned[values["code"]] = values
        if progress and (index + 1) % step == 0:
            progress(index + 1, len(rows) * 2)
    fields = sorted(cleaner.fields - (set() if contacts else {"contact_email"}))
    with transaction.atomic():
        _upsert(cleaned, fields, report, dry_run, source, cleaner)
        if progress:
            progress(len(rows) * 2, len(rows) * 2)
        if not dry_run:
            audit.record(
                "registry.import",
                actor=actor,
                detail={k: v for k, v in report.as_dict().items() if isinstance(v, int)},
            )
    return report


def _upsert(
    cleaned: dict[str, dict[str, Any]],
    fields: list[str],
    report: Report,
    dry_run: bool,
    source: str,
    cleaner: RowCleaner,
) -> None:
    existing = {
        a.code: a
        for a in Agency.objects.filter(code__in=list(cleaned)).only(
            *fields, "code", "name_en", "name_th", "parent_id"
        )
    }
    parents = _parents(cleaned, cleaner)
    new: list[Agency] = []
    changed: list[Agency] = []
    for code, values in cleaned.items():
        agency = existing.get(code)
        if agency is None:
            agency = Agency(code=code, source=source)
            for name in fields:
                setattr(agency, name, values[name])
            agency.search_text = search_text(agency.name_th, agency.name_en, code)
            new.append(agency)
            continue
        dirty = False
        for name in fields:
            if getattr(agency, name) != values[name]:
                setattr(agency, name, values[name])
                dirty = True
        if dirty:
            agency.updated_at = timezone.now()
            agency.search_text = search_text(agency.name_th, agency.name_en, code)
            changed.append(agency)
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(cleaned) - len(new) - len(changed)
    if dry_run:
        return
    Agency.objects.bulk_create(new, batch_size=1000)
    Agency.objects.bulk_update(changed, [*fields, "search_text", "updated_at"], batch_size=1000)
    if parents:
        ids = dict(
            Agency.objects.filter(code__in={*parents, *parents.values()}).values_list("code", "id")
        )
        for code, parent_code in parents.items():
            Agency.objects.filter(code=code).exclude(parent_id=ids[parent_code]).update(
                parent_id=ids[parent_code]
            )


def _parents(cleaned: dict[str, dict[str, Any]], cleaner: RowCleaner) -> dict[str, str]:
    wanted = {c: v["parent_code"] for c, v in cleaned.items() if v.get("parent_code")}
    known = set(cleaned) | set(
        Agency.objects.filter(code__in=set(wanted.values())).values_list("code", flat=True)
    )
    parents = {}
    for code, parent_code in wanted.items():
        if parent_code in known and parent_code != code:
            parents[code] = parent_code
        else:
            cleaner.line, cleaner.code = cleaned[code]["line"], code
            cleaner.correct(
                "parent_code",
                parent_code,
                "",
                _("Parent agency %(code)s is not in the register or the file; it was left out."),
                code=parent_code,
            )
    return parents


def iter_issues(report: Report) -> Iterator[tuple[str, Issue]]:
    for kind, issues in (
        ("rejected", report.rejected),
        ("corrected", report.corrected),
        ("note", report.notes),
    ):
        for issue in issues:
            yield kind, issue
