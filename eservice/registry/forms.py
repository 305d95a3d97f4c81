from datetime import time
from typing import Any

import geothai
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from eservice.lib.forms import uswds_class
from eservice.registry import addresses
from eservice.registry.models import Agency, Channel, Closure

REQUIRED = {"required": _("This field is required.")}


class Uswds:
    """USWDS classes on every widget, and hints and errors tied to their inputs."""

    def style(self: Any) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = uswds_class(widget)
            bound = self[name]
            described = [f"{bound.auto_id}-hint"] if field.help_text else []
            if self._errors and name in self._errors:
                css += " usa-input--error"
                described.append(f"{bound.auto_id}-error")
            widget.attrs["class"] = css
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        self.style()

    def full_clean(self: Any) -> None:
        super().full_clean()  # type: ignore[misc]
        self.style()


class ChannelForm(Uswds, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["kind", "address", "unit", "announced_on", "announcement_ref"]
        widgets = {"announced_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "address": _(
                "An e-mail address (saraban@example.go.th) or, for a website or portal "
                "listing, its web address (https://...)."
            ),
            "unit": _("For the e-mail of a unit: the unit's name, like กองช่าง."),
            "announced_on": _("The date the head of the agency announced this channel (§20)."),
            "announcement_ref": _("The announcement's number or title, like ประกาศ ที่ 12/2566."),
        }
        error_messages = {
            "address": {"required": _("Enter the e-mail address or web address.")},
            "announced_on": {"invalid": _("Enter a date like 2566-01-10 (year, month, day).")},
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, address = data.get("kind"), (data.get("address") or "").strip()
        if not kind or not address:
            return data
        if kind in Channel.EMAIL_KINDS:
            try:
                addresses.check_syntax(address)
            except ValidationError as error:
                self.add_error("address", error)
                return data
            address = addresses.normalise(address)
        else:
            try:
                URLValidator(schemes=["https", "http"])(address)
            except ValidationError:
                self.add_error(
                    "address",
                    _(
                        "Enter a web address that starts with https://, like https://example.go.th/."
                    ),
                )
                return data
        if kind == Channel.Kind.UNIT_EMAIL and not data.get("unit"):
            self.add_error("unit", _("Name the unit this address belongs to."))
        duplicate = Channel.objects.filter(agency=self.agency, kind=kind, address=address)
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            self.add_error("address", _("This channel is already registered for the agency."))
        data["address"] = address
        return data


class OfficeHoursForm(Uswds, forms.Form):
    """Opening and closing time for each day of the week; empty means closed."""

    DAYS = (
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
        (5, _("Saturday")),
        (6, _("Sunday")),
    )

    def __init__(self, *args: Any, hours: dict[str, list[str]] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        hours = hours or {}
        for day, label in self.DAYS:
            opens, closes = hours.get(str(day), ["", ""])
            widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": label},
                required=False,
                initial=opens,
                widget=widget,
                error_messages={"invalid": _("Enter a time like 08:30.")},
            )
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": label},
                required=False,
                initial=closes,
                widget=widget,
                error_messages={"invalid": _("Enter a time like 16:30.")},
            )
        self.style()

    def day_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"opens_{d}"], self[f"closes_{d}"]) for d, label in self.DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, _label in self.DAYS:
            opens, closes = data.get(f"opens_{day}"), data.get(f"closes_{day}")
            if bool(opens) != bool(closes):
                self.add_error(
                    f"closes_{day}", _("Give both the opening and the closing time, or neither.")
                )
            elif opens and closes and opens >= closes:
                self.add_error(f"closes_{day}", _("The office must close after it opens."))
        if not any(data.get(f"opens_{d}") for d, _label in self.DAYS):
            raise ValidationError(_("The office must be open on at least one day."))
        return data

    def hours(self) -> dict[str, list[str]]:
        result = {}
        for day, _label in self.DAYS:
            opens: time | None = self.cleaned_data.get(f"opens_{day}")
            closes: time | None = self.cleaned_data.get(f"closes_{day}")
            if opens and closes:
                result[str(day)] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        return result


class ClosureForm(Uswds, forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["day", "reason"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "day": {
                "required": _("Enter the date the office is closed."),
                "invalid": _("Enter a date like 2569-12-31 (year, month, day)."),
            }
        }


class ClaimForm(Uswds, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, error_messages=REQUIRED)
    position = forms.CharField(label=_("Your position"), max_length=200, error_messages=REQUIRED)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)


class ImportForm(Uswds, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns code, name_th, name_en, kind, parent_code, province_code, district_code, "
            "subdistrict_code, address, postal_code, website, latitude, longitude; or the DLA "
            "open-data file as published."
        ),
        error_messages={"required": _("Choose a file to import.")},
    )
    apply = forms.BooleanField(
        label=_("Apply the changes (leave unticked for a dry run that changes nothing)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.REGISTRY_IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB. Split it and import the parts.")
                % {"mb": settings.REGISTRY_IMPORT_MAX_BYTES // 1_048_576}
            )
        name = upload.name.lower()
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head == b"PK\x03\x04":
            return upload
        if name.endswith(".csv") and b"\x00" not in head:
            return upload
        raise ValidationError(_("Upload a .csv or .xlsx file."))


def province_choices() -> list[tuple[str, Any]]:
    return [("", _("All provinces")), *((p.code, p.name_th) for p in geothai.provinces())]


class DirectoryForm(Uswds, forms.Form):
    q = forms.CharField(label=_("Name of the agency"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agency.Kind.choices]
    )
    province = forms.ChoiceField(label=_("Province"), required=False, choices=province_choices)
    district = forms.CharField(label=_("District"), required=False, max_length=4)
    verified = forms.ChoiceField(
        label=_("E-mail"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("With a verified e-mail")),
            ("no", _("Without a verified e-mail")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = self.data.get("province", "")
        choices: list[tuple[str, Any]] = [("", _("All districts"))]
        if province:
            choices += [(d.code, d.name_th) for d in geothai.districts(province)]
        self.fields["district"] = forms.ChoiceField(
            label=_("District"),
            required=False,
            choices=choices,
            help_text="" if province else _("Choose a province and search to list its districts."),
        )
        self.style()
