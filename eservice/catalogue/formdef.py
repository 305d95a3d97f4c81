"""The e-form engine: a form definition is data (JSON) that officers build without code.

    {"version": 1, "pages": [{"key": "applicant", "title": {"th": ..., "en": ...},
                              "fields": [FIELD, ...]}]}

A FIELD has a key (an identifier, unique in the whole definition), a type from FIELD_TYPES,
a label and optional help in Thai and English, "required" (default true), "options" for
choice and checkboxes, an optional condition "show_if": {"field": key, "equals": value} and
type-specific limits (max_length, min/max, accept, max_size_mb). docs/form-definition.md
describes the format and SCHEMA is its JSON Schema.

The server is the judge: answer_form() builds a Django form that validates every value as the
definition says, evaluates conditions itself, and never raises on hostile input.
"""

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
import geothai
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from stdnum.th import moa, pin

from eservice.lib.dates import format_date, parse_date

FIELD_TYPES = (
    "text",
    "long_text",
    "number",
    "money",
    "date",
    "choice",
    "checkboxes",
    "email",
    "phone",
    "citizen_id",
    "juristic_id",
    "thai_address",
    "file",
    "declaration",
)
WITH_OPTIONS = ("choice", "checkboxes")
WITH_LENGTH = ("text", "long_text")
WITH_RANGE = ("number", "money", "date")
# What an upload may really be (checked on its bytes, not its name), by accepted extension.
FILE_KINDS = {
    "pdf": ("application/pdf",),
    "jpg": ("image/jpeg",),
    "png": ("image/png",),
    "webp": ("image/webp",),
    "heic": ("image/heic",),
    "tif": ("image/tiff",),
}
DEFAULT_ACCEPT = ["pdf", "jpg", "png"]
DEFAULT_MAX_SIZE_MB = 10
LARGEST_FILE_MB = 50
DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 5000}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
ADDRESS_PARTS = ("line", "province", "district", "subdistrict", "postal_code")

_text = {
    "type": "object",
    "properties": {"th": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
    "required": ["th"],
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://eservice.example/schemas/form-definition-1.json",
    "title": "eservice form definition, version 1",
    "type": "object",
    "required": ["version", "pages"],
    "properties": {
        "version": {"const": 1},
        "pages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "fields"],
                "properties": {
                    "key": {"type": "string", "pattern": KEY.pattern},
                    "title": _text,
                    "fields": {"type": "array", "items": {"$ref": "#/$defs/field"}},
                },
            },
        },
    },
    "$defs": {
        "text": _text,
        "field": {
            "type": "object",
            "required": ["key", "type", "label"],
            "properties": {
                "key": {"type": "string", "pattern": KEY.pattern},
                "type": {"enum": list(FIELD_TYPES)},
                "label": _text,
                "help": {"type": "object", "properties": {"th": {}, "en": {}}},
                "required": {"type": "boolean", "default": True},
                "options": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["value", "label"],
                        "properties": {
                            "value": {"type": "string", "minLength": 1},
                            "label": _text,
                        },
                    },
                },
                "show_if": {
                    "type": "object",
                    "required": ["field", "equals"],
                    "properties": {"field": {"type": "string"}, "equals": {}},
                },
                "max_length": {"type": "integer", "minimum": 1, "maximum": 100000},
                "min": {"type": ["number", "string"]},
                "max": {"type": ["number", "string"]},
                "accept": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"enum": list(FILE_KINDS)},
                },
                "max_size_mb": {"type": "integer", "minimum": 1, "maximum": LARGEST_FILE_MB},
            },
        },
    },
}


# --- Checking a definition -------------------------------------------------------------


def _where(page: str, field: str | None = None) -> str:
    if field is None:
        return _("Page “%(page)s”") % {"page": page}
    return _("Page “%(page)s”, field “%(field)s”") % {"page": page, "field": field}


def _text_ok(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("th"), str) and bool(value["th"])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_limits(field: dict[str, Any], kind: str, where: str) -> list[str]:
    errors: list[str] = []
    if "max_length" in field:
        n = field["max_length"]
        if kind not in WITH_LENGTH or not isinstance(n, int) or isinstance(n, bool) or n < 1:
            errors.append(
                _("%(where)s: max_length must be a whole number above 0, on text fields only.")
                % {"where": where}
            )
    for bound in ("min", "max"):
        if bound not in field:
            continue
        value = field[bound]
        if kind == "date":
            ok = isinstance(value, str) and _iso_date(value) is not None
        else:
            ok = kind in WITH_RANGE and _is_number(value)
        if not ok:
            errors.append(
                _(
                    "%(where)s: %(bound)s must be a number (a date YYYY-MM-DD for dates), "
                    "on number, money and date fields only."
                )
                % {"where": where, "bound": bound}
            )
    if not errors and "min" in field and "max" in field:
        low, high = field["min"], field["max"]
        if kind == "date":
            low, high = _iso_date(low), _iso_date(high)
        if low > high:
            errors.append(_("%(where)s: min is larger than max.") % {"where": where})
    if "accept" in field:
        accept = field["accept"]
        if (
            kind != "file"
            or not isinstance(accept, list)
            or not accept
            or any(a not in FILE_KINDS for a in accept)
        ):
            errors.append(
                _("%(where)s: accept must list file types from: %(kinds)s.")
                % {"where": where, "kinds": ", ".join(FILE_KINDS)}
            )
    if "max_size_mb" in field:
        size = field["max_size_mb"]
        if (
            kind != "file"
            or not isinstance(size, int)
            or isinstance(size, bool)
            or not 1 <= size <= LARGEST_FILE_MB
        ):
            errors.append(
                _("%(where)s: max_size_mb must be a whole number from 1 to %(most)s.")
                % {"where": where, "most": LARGEST_FILE_MB}
            )
    return errors


def _check_options(field: dict[str, Any], kind: str, where: str) -> list[str]:
    options = field.get("options")
    if kind not in WITH_OPTIONS:
        if options is not None:
            return [_("%(where)s: only choice and checkboxes have options.") % {"where": where}]
        return []
    if not isinstance(options, list) or not options:
        return [_("%(where)s: give at least one option.") % {"where": where}]
    errors: list[str] = []
    seen: set[str] = set()
    for n, option in enumerate(options, start=1):
        value = option.get("value") if isinstance(option, dict) else None
        if not isinstance(value, str) or not value:
            errors.append(_("%(where)s: option %(n)s needs a value.") % {"where": where, "n": n})
            continue
        if value in seen:
            errors.append(
                _("%(where)s: the option value “%(value)s” is used twice.")
                % {"where": where, "value": value}
            )
        seen.add(value)
        if not _text_ok(option.get("label")):
            errors.append(
                _("%(where)s: option “%(value)s” needs a Thai label.")
                % {"where": where, "value": value}
            )
    return errors


def validate_definition(definition: Any) -> list[str]:
    """What is wrong with a definition, one message per problem, each naming the page and
    field to fix, in the active language; an empty list when the definition is usable."""
    if not isinstance(definition, dict):
        return [_("The form definition must be a JSON object.")]
    errors: list[str] = []
    if definition.get("version") != 1:
        errors.append(_("The form definition must have “version”: 1."))
    page_list = definition.get("pages")
    if not isinstance(page_list, list) or not page_list:
        return [*errors, _("The form definition needs at least one page.")]

    fields: dict[str, tuple[str, dict[str, Any]]] = {}
    page_keys: set[str] = set()
    for n, page in enumerate(page_list, start=1):
        if not isinstance(page, dict):
            errors.append(_("Page %(n)s must be a JSON object.") % {"n": n})
            continue
        page_key = page.get("key")
        if not isinstance(page_key, str) or not KEY.match(page_key):
            page_key = str(n)
            errors.append(
                _(
                    "Page %(n)s: the key must start with a small English letter and use only "
                    "a-z, 0-9 and _ (at most 50)."
                )
                % {"n": n}
            )
        elif page_key in page_keys:
            errors.append(
                _("%(where)s: this page key is used twice.") % {"where": _where(page_key)}
            )
        page_keys.add(page_key)
        if not _text_ok(page.get("title")):
            errors.append(_("%(where)s: give the page a Thai title.") % {"where": _where(page_key)})
        field_list = page.get("fields")
        if not isinstance(field_list, list):
            errors.append(_("%(where)s: “fields” must be a list.") % {"where": _where(page_key)})
            continue
        for m, field in enumerate(field_list, start=1):
            if not isinstance(field, dict):
                errors.append(
                    _("%(where)s: field %(n)s must be a JSON object.")
                    % {"where": _where(page_key), "n": m}
                )
                continue
            key = field.get("key")
            if not isinstance(key, str) or not KEY.match(key):
                errors.append(
                    _(
                        "%(where)s: field %(n)s needs a key that starts with a small English "
                        "letter and uses only a-z, 0-9 and _ (at most 50)."
                    )
                    % {"where": _where(page_key), "n": m}
                )
                continue
            where = _where(page_key, key)
            if key in fields or any(
                key.startswith(f"{other}_") and fields[other][1].get("type") == "thai_address"
                for other in fields
            ):
                errors.append(_("%(where)s: this field key is used twice.") % {"where": where})
            fields[key] = (page_key, field)
            kind = field.get("type")
            if kind not in FIELD_TYPES:
                errors.append(
                    _("%(where)s: unknown type “%(type)s”; use one of: %(types)s.")
                    % {"where": where, "type": kind, "types": ", ".join(FIELD_TYPES)}
                )
                continue
            if not _text_ok(field.get("label")):
                errors.append(_("%(where)s: give the field a Thai label.") % {"where": where})
            if "help" in field and not isinstance(field["help"], dict):
                errors.append(
                    _("%(where)s: help must be a text in Thai and English.") % {"where": where}
                )
            if not isinstance(field.get("required", True), bool):
                errors.append(_("%(where)s: required must be true or false.") % {"where": where})
            errors += _check_options(field, kind, where)
            errors += _check_limits(field, kind, where)

    errors += _check_conditions(fields)
    return errors


def _check_conditions(fields: dict[str, tuple[str, dict[str, Any]]]) -> list[str]:
    errors: list[str] = []
    depends: dict[str, str] = {}
    for key, (page_key, field) in fields.items():
        if "show_if" not in field:
            continue
        where = _where(page_key, key)
        condition = field["show_if"]
        if not isinstance(condition, dict) or "equals" not in condition:
            errors.append(_("%(where)s: show_if needs “field” and “equals”.") % {"where": where})
            continue
        target = condition.get("field")
        if not isinstance(target, str) or target not in fields:
            errors.append(
                _("%(where)s: the condition refers to a field “%(target)s” that does not exist.")
                % {"where": where, "target": target}
            )
            continue
        target_field = fields[target][1]
        values = [o.get("value") for o in target_field.get("options") or [] if isinstance(o, dict)]
        if target_field.get("type") in WITH_OPTIONS and condition["equals"] not in values:
            errors.append(
                _("%(where)s: the condition value “%(value)s” is not an option of “%(target)s”.")
                % {"where": where, "value": condition["equals"], "target": target}
            )
        depends[key] = target
    for start in depends:
        seen = [start]
        current = start
        while current in depends:
            current = depends[current]
            if current == start:
                errors.append(
                    _("%(where)s: the conditions go round in a loop: %(loop)s.")
                    % {
                        "where": _where(fields[start][0], start),
                        "loop": " → ".join([*seen, start]),
                    }
                )
                break
            if current in seen:
                break  # a loop that does not pass through start; reported from its own members
            seen.append(current)
    return errors


# --- Reading a definition -----------------------------------------------------------------


def pages(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The definition's pages in order (each with key, title and fields)."""
    return list(definition.get("pages") or [])


def fields_of(definition: Mapping[str, Any], page: str | None = None) -> list[dict[str, Any]]:
    """The fields of one page, or of every page when page is None, in order."""
    return [
        field
        for p in pages(definition)
        if page is None or p.get("key") == page
        for field in p.get("fields") or []
    ]


def text(value: Any, language: str | None = None) -> str:
    """A {"th", "en"} text in the given (or active) language, falling back to Thai."""
    if not isinstance(value, dict):
        return str(value or "")
    language = (language or get_language() or "th")[:2]
    return str(value.get(language) or value.get("th") or "")


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# --- Answering a form --------------------------------------------------------------------


class MoneyField(forms.DecimalField):
    """Baht and satang: accepts "1,250.5" and keeps Decimal("1250.50")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=14, decimal_places=2, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(",", "").replace("฿", "").strip()
        number = super().to_python(value)
        if number is None:
            return None
        try:
            return number.quantize(Decimal("0.01"))
        except InvalidOperation:
            return number  # too large to quantize; max_digits rejects it with a clear message


class ThaiDateField(forms.DateField):
    """ISO dates (what <input type=date> sends); day/month/year with a Buddhist-era year is
    read too, because that is how Thai people write dates."""

    def to_python(self, value: Any) -> date | None:
        if not isinstance(value, str) or not value.strip():
            return super().to_python(value)
        parsed = parse_date(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class IdentifierField(forms.CharField):
    """A 13-digit Thai identifier checked with python-stdnum; kept without dashes."""

    def __init__(self, module: Any, message: Any, **kwargs: Any) -> None:
        self.module, self.message = module, message
        super().__init__(max_length=40, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value in self.empty_values:
            return value
        if not self.module.is_valid(value):
            raise ValidationError(self.message, code="invalid")
        return str(self.module.compact(value))


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value in self.empty_values:
            return value
        digits = re.sub(r"[\s().-]", "", value)
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        if not re.fullmatch(r"0\d{8,9}", digits):
            raise ValidationError(
                gettext_lazy(
                    "Enter a Thai phone number of 9 or 10 digits starting with 0, "
                    "such as 081 234 5678."
                ),
                code="invalid",
            )
        return digits


class ThaiAddressWidget(forms.MultiWidget):
    """House and street, then province → district → subdistrict as selects and the postal
    code. Without JavaScript the lists fill in when the form comes back from the server."""

    template_name = "catalogue/widgets/thai_address.html"

    def __init__(self) -> None:
        select = {"class": "usa-select"}
        super().__init__(
            {
                "line": forms.TextInput(
                    attrs={"class": "usa-input", "autocomplete": "street-address"}
                ),
                "province": forms.Select(attrs=select),
                "district": forms.Select(attrs=select),
                "subdistrict": forms.Select(attrs=select),
                "postal_code": forms.TextInput(
                    attrs={
                        "class": "usa-input usa-input--small",
                        "inputmode": "numeric",
                        "autocomplete": "postal-code",
                        "maxlength": "5",
                    }
                ),
            }
        )

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_line" if id_ else id_

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [value.get(part, "") for part in ADDRESS_PARTS]
        return [""] * len(ADDRESS_PARTS)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        values = [v if isinstance(v, str) else "" for v in values]
        values += [""] * (len(ADDRESS_PARTS) - len(values))
        th = (get_language() or "th")[:2] == "th"

        def named(area: Any) -> str:
            return str(area.name_th if th else area.name_en)

        self.widgets[1].choices = [("", _("Choose a province"))] + sorted(  # type: ignore[attr-defined]
            ((p.code, named(p)) for p in geothai.provinces()), key=lambda c: c[1]
        )
        self.widgets[2].choices = [("", _("Choose a district"))] + [  # type: ignore[attr-defined]
            (d.code, named(d)) for d in geothai.districts(values[1])
        ]
        self.widgets[3].choices = [("", _("Choose a subdistrict"))] + [  # type: ignore[attr-defined]
            (s.code, named(s))
            for s in geothai.subdistricts(values[2])
            if values[2].startswith(values[1])
        ]
        context = super().get_context(name, value, attrs)
        # Ids named like the inputs (id_home_province), not numbered (id_home_1).
        for part, sub in zip(ADDRESS_PARTS, context["widget"]["subwidgets"], strict=True):
            if sub["attrs"].get("id"):
                sub["attrs"]["id"] = f"{attrs.get('id') if attrs else ''}_{part}".lstrip("_")
        context["widget"]["parts"] = dict(
            zip(ADDRESS_PARTS, context["widget"]["subwidgets"], strict=True)
        )
        return context


class ThaiAddressField(forms.MultiValueField):
    widget = ThaiAddressWidget

    def __init__(self, **kwargs: Any) -> None:
        # The parts are checked together in compress(), with messages that say which to fix.
        fields = (
            forms.CharField(max_length=300, required=False),
            forms.CharField(max_length=2, required=False),
            forms.CharField(max_length=4, required=False),
            forms.CharField(max_length=6, required=False),
            forms.CharField(max_length=5, required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, str] | None:
        if not data_list or not any(data_list):
            return None
        line, province, district, subdistrict, postal = (
            list(data_list) + [""] * len(ADDRESS_PARTS)
        )[: len(ADDRESS_PARTS)]
        line, province, district, subdistrict, postal = (
            str(v or "").strip() for v in (line, province, district, subdistrict, postal)
        )
        if not line:
            raise ValidationError(
                gettext_lazy("Enter the house number and street or village."), code="line"
            )
        if geothai.province(province) is None:
            raise ValidationError(gettext_lazy("Choose the province."), code="province")
        found = geothai.district(district)
        if found is None or found.province_code != province:
            raise ValidationError(
                gettext_lazy(
                    "Choose the district from the list for this province (without JavaScript, "
                    "press “Show districts” after choosing the province)."
                ),
                code="district",
            )
        place = geothai.subdistrict(subdistrict)
        if place is None or place.district_code != district:
            raise ValidationError(
                gettext_lazy(
                    "Choose the subdistrict from the list for this district (without "
                    "JavaScript, press “Show subdistricts” after choosing the district)."
                ),
                code="subdistrict",
            )
        if not postal and len(place.postal_codes) == 1:
            postal = place.postal_codes[0]
        if postal not in place.postal_codes:
            raise ValidationError(
                gettext_lazy("The postal code of this subdistrict is %(codes)s."),
                code="postal_code",
                params={"codes": ", ".join(place.postal_codes)},
            )
        return {
            "line": line,
            "province": province,
            "district": district,
            "subdistrict": subdistrict,
            "postal_code": postal,
        }


class FileAnswerField(forms.FileField):
    """An attachment whose size and real content (its first bytes, not its name) are checked."""

    def __init__(self, accept: list[str], max_size_mb: int, **kwargs: Any) -> None:
        self.accept, self.max_size_mb = accept, max_size_mb
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not isinstance(upload, UploadedFile):
            return upload
        if upload.size is not None and upload.size > self.max_size_mb * 1024 * 1024:
            raise ValidationError(
                gettext_lazy("The file is larger than %(size)s MB; attach a smaller file."),
                code="too_large",
                params={"size": self.max_size_mb},
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        allowed = {mime for a in self.accept for mime in FILE_KINDS.get(a, ())}
        if kind is None or kind.mime not in allowed:
            raise ValidationError(
                gettext_lazy("This file is not one of the accepted types (%(types)s)."),
                code="file_type",
                params={"types": ", ".join(t.upper() for t in self.accept)},
            )
        return upload


def _label(field: dict[str, Any]) -> str:
    return text(field.get("label")) or str(field.get("key", ""))


def _required_message(kind: str, label: str) -> str:
    if kind == "choice":
        return _("Choose an answer for “%(label)s”.") % {"label": label}
    if kind == "checkboxes":
        return _("Tick at least one answer for “%(label)s”.") % {"label": label}
    if kind == "file":
        return _("Attach a file for “%(label)s”.") % {"label": label}
    if kind == "declaration":
        return _("Tick the box to confirm the declaration.")
    return _("Fill in “%(label)s”.") % {"label": label}


INVALID = {
    "number": gettext_lazy("Enter a number, such as 12 or 12.5."),
    "money": gettext_lazy("Enter an amount in baht, such as 1,250 or 1250.50."),
    "date": gettext_lazy("Enter a real date, such as 25/11/2569 or 2026-11-25."),
    "email": gettext_lazy("Enter an e-mail address such as name@example.com."),
    "choice": gettext_lazy("Choose one of the answers listed."),
    "checkboxes": gettext_lazy("Choose only from the answers listed."),
}


def _form_field(field: dict[str, Any]) -> forms.Field:
    kind = field["type"]
    label = _label(field)
    messages: dict[str, Any] = {"required": _required_message(kind, label)}
    if kind in INVALID:
        messages["invalid"] = INVALID[kind]
        messages["invalid_choice"] = INVALID[kind]
        messages["invalid_list"] = INVALID[kind]
    common: dict[str, Any] = {
        "label": label,
        "help_text": text(field.get("help")),
        "required": field.get("required", True) is not False,
        "error_messages": messages,
    }
    if kind in WITH_LENGTH:
        widget = (
            forms.Textarea(attrs={"class": "usa-textarea", "rows": 5})
            if kind == "long_text"
            else forms.TextInput(attrs={"class": "usa-input"})
        )
        return forms.CharField(
            max_length=field.get("max_length", DEFAULT_MAX_LENGTH[kind]), widget=widget, **common
        )
    if kind in ("number", "money"):
        limits: dict[str, Any] = {
            f"{bound}_value": Decimal(str(field[bound]))
            for bound in ("min", "max")
            if bound in field
        }
        if kind == "money":
            limits.setdefault("min_value", Decimal(0))
            return MoneyField(
                widget=forms.TextInput(attrs={"class": "usa-input", "inputmode": "decimal"}),
                **limits,
                **common,
            )
        return forms.DecimalField(
            max_digits=18,
            decimal_places=6,
            widget=forms.TextInput(attrs={"class": "usa-input", "inputmode": "decimal"}),
            **limits,
            **common,
        )
    if kind == "date":
        validators = []
        if "min" in field:
            validators.append(_date_bound(field["min"], low=True))
        if "max" in field:
            validators.append(_date_bound(field["max"], low=False))
        return ThaiDateField(
            widget=forms.DateInput(attrs={"class": "usa-input", "type": "date"}, format="%Y-%m-%d"),
            validators=validators,
            **common,
        )
    if kind in WITH_OPTIONS:
        choices = [(o["value"], text(o["label"])) for o in field["options"]]
        if kind == "choice":
            return forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
                **common,
            )
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
            **common,
        )
    if kind == "email":
        return forms.EmailField(
            widget=forms.EmailInput(attrs={"class": "usa-input", "autocomplete": "email"}), **common
        )
    if kind == "phone":
        return PhoneField(
            max_length=30,
            widget=forms.TextInput(
                attrs={"class": "usa-input", "type": "tel", "autocomplete": "tel"}
            ),
            **common,
        )
    if kind == "citizen_id":
        return IdentifierField(
            pin,
            gettext_lazy(
                "Enter the 13-digit citizen ID exactly as on the ID card; "
                "this number fails the check digit."
            ),
            widget=forms.TextInput(attrs={"class": "usa-input", "inputmode": "numeric"}),
            **common,
        )
    if kind == "juristic_id":
        return IdentifierField(
            moa,
            gettext_lazy(
                "Enter the 13-digit juristic person ID starting with 0, as on the company "
                "certificate; this number fails the check digit."
            ),
            widget=forms.TextInput(attrs={"class": "usa-input", "inputmode": "numeric"}),
            **common,
        )
    if kind == "thai_address":
        return ThaiAddressField(**common)
    if kind == "file":
        return FileAnswerField(
            accept=field.get("accept") or DEFAULT_ACCEPT,
            max_size_mb=field.get("max_size_mb") or DEFAULT_MAX_SIZE_MB,
            widget=forms.ClearableFileInput(
                attrs={
                    # Not USWDS's "usa-file-input": its script replaces the input's accessible
                    # name (the question) with "Drag file here or choose from folder".
                    "class": "display-block margin-top-1",
                    "accept": ",".join(f".{a}" for a in field.get("accept") or DEFAULT_ACCEPT),
                }
            ),
            **common,
        )
    if kind != "declaration":
        raise ValueError(
            f"Unknown field type {kind!r}: check definitions with validate_definition()."
        )
    return forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}), **common
    )


def _date_bound(bound: str, *, low: bool) -> Any:
    limit = date.fromisoformat(bound)

    def check(value: date) -> None:
        if (value < limit) if low else (value > limit):
            raise ValidationError(
                gettext_lazy("Enter a date on or after %(date)s.")
                if low
                else gettext_lazy("Enter a date on or before %(date)s."),
                code="date_range",
                params={"date": format_date(limit, (get_language() or "th")[:2])},
            )

    return check


def _condition_text(spec: dict[str, Any], every: dict[str, dict[str, Any]]) -> str:
    condition = spec.get("show_if")
    if not isinstance(condition, dict):
        return ""
    source = every.get(str(condition.get("field")), {})
    equals = condition.get("equals")
    value = next(
        (text(o["label"]) for o in source.get("options") or [] if o.get("value") == equals),
        _("yes") if equals is True else str(equals),
    )
    return _("Answer this only if “%(field)s” is “%(value)s”.") % {
        "field": _label(source) if source else condition.get("field"),
        "value": value,
    }


def _matches(value: Any, expected: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_matches(v, expected) for v in value)
    if isinstance(value, bool) or isinstance(expected, bool):
        truthy = {"true", "on", "1", "yes"}
        return (str(value).lower() in truthy) == (str(expected).lower() in truthy)
    return value is not None and str(value) == str(expected)


class AnswerForm(forms.Form):
    """A form built from a definition; see answer_form()."""

    definition_fields: dict[str, dict[str, Any]]

    def __init__(
        self,
        *args: Any,
        definition: Mapping[str, Any],
        page: str | None,
        earlier: Mapping[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition_fields = {f["key"]: f for f in fields_of(definition, page)}
        self.earlier = earlier
        self.every = every = {f["key"]: f for f in fields_of(definition)}
        for key, spec in self.definition_fields.items():
            self.fields[key] = _form_field(spec)
            self.fields[key].formdef = spec  # type: ignore[attr-defined]
            self.fields[key].condition_text = _condition_text(spec, every)  # type: ignore[attr-defined]
        self.hidden = self._hidden_fields() if self.is_bound else set()
        for key in self.hidden:
            self.fields[key].required = False

    def _raw(self, key: str) -> Any:
        if key in self.fields:
            return self[key].value()
        return self.earlier.get(key)

    def _hidden_fields(self) -> set[str]:
        """Fields whose condition the submitted (or earlier) answers do not meet."""
        every = {**{k: {} for k in self.earlier}, **self.every}
        return {key for key in self.definition_fields if not _shown(every, key, self._raw)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in self.hidden:
            # Whatever was typed into a field the answers hide is neither checked nor kept.
            cleaned.pop(key, None)
            self.errors.pop(key, None)
        return cleaned


def answer_form(
    definition: Mapping[str, Any],
    page: str | None = None,
    data: Any = None,
    files: Any = None,
    *,
    answers: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> AnswerForm:
    """A Django form for one page of a definition (every page when page is None), bound when
    data is given. Field names are the definition's keys. Conditions are evaluated here, on
    the server: a field whose show_if is not met is neither required nor in cleaned_data.
    answers holds earlier pages' answers, for conditions on a field of another page."""
    return AnswerForm(
        data, files, definition=definition, page=page, earlier=answers or {}, **kwargs
    )


def json_answers(form: forms.Form) -> dict[str, Any]:
    """A valid form's cleaned_data as JSON-safe answers: dates as ISO strings, money and
    numbers as strings of their Decimal, files as {"name", "size", "content_type"} (the
    caller stores the file itself)."""
    result: dict[str, Any] = {}
    for key, value in form.cleaned_data.items():
        if isinstance(value, date):
            result[key] = value.isoformat()
        elif isinstance(value, Decimal):
            result[key] = str(value)
        elif isinstance(value, UploadedFile):
            result[key] = {
                "name": value.name,
                "size": value.size,
                "content_type": value.content_type,
            }
        else:
            result[key] = value
    return result


# --- Showing answers ------------------------------------------------------------------------


def _display(field: dict[str, Any], value: Any, language: str) -> str:
    kind = field.get("type")
    if value in (None, "", [], {}):
        return _("Not answered")
    try:
        if kind in WITH_OPTIONS:
            labels = {
                o.get("value"): text(o.get("label"), language) for o in field.get("options") or []
            }
            chosen = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(v, str(v)) for v in chosen)
        if kind == "date":
            day = value if isinstance(value, date) else _iso_date(value)
            if isinstance(day, datetime):
                day = day.date()
            return format_date(day, language) if day else str(value)
        if kind == "money":
            amount = number_format(Decimal(str(value)), 2, force_grouping=True)
            return _("%(amount)s baht") % {"amount": amount}
        if kind == "number":
            return number_format(Decimal(str(value)), force_grouping=True)
        if kind == "citizen_id":
            return str(pin.format(value)) if pin.is_valid(value) else str(value)
        if kind == "juristic_id":
            return str(moa.format(value)) if moa.is_valid(value) else str(value)
        if kind == "declaration":
            return _("Confirmed") if value else _("Not confirmed")
        if kind == "thai_address" and isinstance(value, dict):
            return address_text(value, language)
        if kind == "file":
            if isinstance(value, dict):
                return str(value.get("name") or _("File attached"))
            return str(getattr(value, "name", "") or _("File attached"))
    except (InvalidOperation, TypeError, ValueError, AttributeError):
        pass
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def address_text(value: Mapping[str, Any], language: str) -> str:
    """An address as written on an envelope: ต./อ./จ. in Thai (แขวง/เขต in Bangkok)."""
    found = geothai.address(str(value.get("subdistrict") or ""))
    line = str(value.get("line") or "")
    postal = str(value.get("postal_code") or "")
    if found is None:
        return " ".join(filter(None, [line, postal]))
    if language == "th":
        bangkok = found.province.code == "10"
        parts = [
            line,
            ("แขวง" if bangkok else "ตำบล") + found.subdistrict.name_th,
            ("เขต" if bangkok else "อำเภอ") + found.district.name_th,
            found.province.name_th if bangkok else "จังหวัด" + found.province.name_th,
            postal,
        ]
    else:
        parts = [
            line + ",",
            found.subdistrict.name_en + ",",
            found.district.name_en + ",",
            found.province.name_en,
            postal,
        ]
    return " ".join(p for p in parts if p)


def _shown(every: Mapping[str, Any], key: str, value_of: Callable[[str], Any]) -> bool:
    """Whether a field's condition holds, and its condition field's, up the chain."""
    current, chain = key, set()
    while current not in chain:
        condition = (every.get(current) or {}).get("show_if")
        if not isinstance(condition, dict):
            return True
        chain.add(current)
        source = str(condition.get("field"))
        if not _matches(value_of(source), condition.get("equals")):
            return False
        current = source
    return True  # a loop, which validate_definition refuses; show rather than lose the field


def visible_keys(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> set[str]:
    """The keys of fields whose conditions the answers meet."""
    every = {str(f.get("key")): f for f in fields_of(definition)}
    return {key for key in every if _shown(every, key, answers.get)}


def summarise(
    definition: Mapping[str, Any], answers: Mapping[str, Any], language: str
) -> list[tuple[str, str]]:
    """(label, value as shown) for every field the answers make visible, in order: for
    check-your-answers pages and receipts. Dates are in the Buddhist era in Thai."""
    language = (language or "th")[:2]
    shown = visible_keys(definition, answers)
    with translation.override(language):
        return [
            (
                text(field.get("label"), language),
                _display(field, answers.get(field["key"]), language),
            )
            for field in fields_of(definition)
            if isinstance(field, dict) and field.get("key") in shown
        ]
