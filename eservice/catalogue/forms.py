import json
import re
from typing import Any

import geothai
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from eservice.catalogue.formdef import DEFAULT_ACCEPT, FIELD_TYPES, FILE_KINDS, fields_of
from eservice.catalogue.models import Fee, RequiredDocument, Service, Step
from eservice.lib.forms import style


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name_th",
            "name_en",
            "description_th",
            "description_en",
            "kind",
            "audience",
            "province_code",
            "legal_basis_th",
            "legal_basis_en",
            "eligibility_th",
            "eligibility_en",
            "processing_days",
            "no_fee",
            "no_documents",
            "channel_online",
            "channel_email",
            "channel_in_person",
            "in_person_reason_th",
            "in_person_reason_en",
            "where_th",
            "where_en",
            "identity_assurance",
            "output",
            "output_detail_th",
            "output_detail_en",
            "must_display",
            "last_reviewed",
            "on_citizen_portal_since",
            "on_biz_portal_since",
        ]
        widgets = {
            "description_th": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "legal_basis_th": forms.Textarea(attrs={"rows": 3}),
            "legal_basis_en": forms.Textarea(attrs={"rows": 3}),
            "eligibility_th": forms.Textarea(attrs={"rows": 3}),
            "eligibility_en": forms.Textarea(attrs={"rows": 3}),
            "in_person_reason_th": forms.Textarea(attrs={"rows": 2}),
            "in_person_reason_en": forms.Textarea(attrs={"rows": 2}),
            "where_th": forms.Textarea(attrs={"rows": 2}),
            "where_en": forms.Textarea(attrs={"rows": 2}),
            "last_reviewed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "on_citizen_portal_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "on_biz_portal_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces: list[tuple[str, Any]] = sorted(
            ((p.code, p.name_th) for p in geothai.provinces()), key=lambda c: c[1]
        )
        self.fields["province_code"] = forms.ChoiceField(
            label=_("province served"),
            required=False,
            choices=[("", _("Whole country")), *provinces],
        )
        style(self)


class NewServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name_th", "name_en", "kind", "audience", "description_th"]
        widgets = {"description_th": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def _row_form(model: Any, fields: list[str]) -> Any:
    class RowForm(forms.ModelForm):
        class Meta:
            pass

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            style(self)

    RowForm.Meta.model = model  # type: ignore[attr-defined]
    RowForm.Meta.fields = fields  # type: ignore[attr-defined]
    return inlineformset_factory(
        Service, model, form=RowForm, fields=fields, extra=2, can_delete=True
    )


StepFormSet = _row_form(
    Step,
    [
        "order",
        "description_th",
        "description_en",
        "responsible_th",
        "responsible_en",
        "duration",
        "duration_unit",
    ],
)
FeeFormSet = _row_form(Fee, ["order", "description_th", "description_en", "amount", "per_unit_of"])
DocumentFormSet = _row_form(
    RequiredDocument,
    [
        "order",
        "name_th",
        "name_en",
        "issued_by_agency",
        "originals",
        "copies",
        "note_th",
        "note_en",
    ],
)

TYPE_LABELS = {
    "text": _("Short text"),
    "long_text": _("Long text"),
    "number": _("Number"),
    "money": _("Amount of money (baht)"),
    "date": _("Date"),
    "choice": _("One choice from a list"),
    "checkboxes": _("Several choices (tick boxes)"),
    "email": _("E-mail address"),
    "phone": _("Phone number"),
    "citizen_id": _("Thai citizen ID"),
    "juristic_id": _("Juristic person ID"),
    "thai_address": _("Thai address"),
    "file": _("File attachment"),
    "declaration": _("Declaration to tick"),
}
assert set(TYPE_LABELS) == set(FIELD_TYPES)


class PageForm(forms.Form):
    title_th = forms.CharField(label=_("Page title (Thai)"), max_length=200)
    title_en = forms.CharField(label=_("Page title (English)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class FieldForm(forms.Form):
    """One question of an e-form, as an officer describes it; becomes a FIELD dict."""

    page = forms.ChoiceField(label=_("Page"))
    type = forms.ChoiceField(label=_("Kind of answer"), choices=list(TYPE_LABELS.items()))
    label_th = forms.CharField(label=_("Question (Thai)"), max_length=500)
    label_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    help_th = forms.CharField(label=_("Hint (Thai)"), max_length=1000, required=False)
    help_en = forms.CharField(label=_("Hint (English)"), max_length=1000, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        label=_("Choices, one per line"),
        help_text=_(
            "For “one choice” and “several choices”: write each choice on its own line, "
            "Thai first, then | and the English, e.g. ร้านอาหาร | Restaurant"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"), min_value=1, max_value=100000, required=False
    )
    minimum = forms.DecimalField(label=_("Smallest number allowed"), required=False)
    maximum = forms.DecimalField(label=_("Largest number allowed"), required=False)
    accept = forms.MultipleChoiceField(
        label=_("File types accepted"),
        choices=[(k, k.upper()) for k in FILE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    max_size_mb = forms.IntegerField(
        label=_("Largest file (MB)"), min_value=1, max_value=50, required=False
    )
    show_if_field = forms.ChoiceField(
        label=_("Show this question only when the answer to"), required=False
    )
    show_if_equals = forms.CharField(
        label=_("is"),
        help_text=_("For choices, write the choice as listed (Thai); for a declaration, “yes”."),
        max_length=200,
        required=False,
    )

    def __init__(
        self, *args: Any, definition: dict[str, Any], key: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition, self.key = definition, key
        self.fields["page"].choices = [  # type: ignore[attr-defined]
            (p["key"], p["title"].get("th", p["key"])) for p in definition.get("pages", [])
        ]
        self.fields["show_if_field"].choices = [  # type: ignore[attr-defined]
            ("", _("(always show)")),
            *(
                (f["key"], f["label"].get("th", f["key"]))
                for f in fields_of(definition)
                if f["key"] != key
            ),
        ]
        style(self)

    @staticmethod
    def initial_from(
        definition: dict[str, Any], page: str, field: dict[str, Any]
    ) -> dict[str, Any]:
        condition = field.get("show_if") or {}
        source = next((f for f in fields_of(definition) if f["key"] == condition.get("field")), {})
        equals = next(
            (
                o["label"].get("th")
                for o in source.get("options") or []
                if o["value"] == condition.get("equals")
            ),
            condition.get("equals", ""),
        )
        return {
            "page": page,
            "type": field["type"],
            "label_th": field["label"].get("th", ""),
            "label_en": field["label"].get("en", ""),
            "help_th": (field.get("help") or {}).get("th", ""),
            "help_en": (field.get("help") or {}).get("en", ""),
            "required": field.get("required", True),
            "options": "\n".join(
                " | ".join(filter(None, [o["label"].get("th", ""), o["label"].get("en", "")]))
                for o in field.get("options") or []
            ),
            "max_length": field.get("max_length"),
            "minimum": field.get("min"),
            "maximum": field.get("max"),
            "accept": field.get("accept") or DEFAULT_ACCEPT,
            "max_size_mb": field.get("max_size_mb"),
            "show_if_field": condition.get("field", ""),
            "show_if_equals": "yes" if equals is True else equals,
        }

    def new_key(self) -> str:
        """A key from the English question (or q1, q2...), unique in the form."""
        taken = {f["key"] for f in fields_of(self.definition)}
        words = re.findall(r"[a-z0-9]+", self.cleaned_data.get("label_en", "").lower())
        base = "_".join(words)[:40].strip("_")
        if not base or not base[0].isalpha():
            base = "q"
        if base != "q" and base not in taken:
            return base
        n = 1
        while f"{base}_{n}" in taken:
            n += 1
        return f"{base}_{n}"

    def to_field(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        """The FIELD dict; option values and the key of an edited field are kept, so answers
        and conditions that refer to them stay valid."""
        data = self.cleaned_data
        kind = data["type"]
        field: dict[str, Any] = {
            "key": old["key"] if old else self.new_key(),
            "type": kind,
            "label": {"th": data["label_th"], "en": data["label_en"]},
            "required": data["required"],
        }
        if data["help_th"] or data["help_en"]:
            field["help"] = {"th": data["help_th"], "en": data["help_en"]}
        if kind in ("choice", "checkboxes"):
            kept = {o["label"].get("th"): o["value"] for o in (old or {}).get("options") or []}
            field["options"] = []
            for line in data["options"].splitlines():
                th, _sep, en = (part.strip() for part in line.partition("|"))
                if th:
                    field["options"].append(
                        {"value": kept.get(th, th[:200]), "label": {"th": th, "en": en}}
                    )
        if kind in ("text", "long_text") and data["max_length"]:
            field["max_length"] = data["max_length"]
        if kind in ("number", "money"):
            for bound, name in (("min", "minimum"), ("max", "maximum")):
                if data[name] is not None:
                    number = data[name]
                    field[bound] = int(number) if number == int(number) else float(number)
        if kind == "file":
            field["accept"] = data["accept"] or DEFAULT_ACCEPT
            if data["max_size_mb"]:
                field["max_size_mb"] = data["max_size_mb"]
        if data["show_if_field"]:
            source = next(
                (f for f in fields_of(self.definition) if f["key"] == data["show_if_field"]), {}
            )
            equals: Any = data["show_if_equals"]
            if source.get("type") == "declaration":
                equals = equals.strip().lower() in ("yes", "true", "ใช่", "1")
            for option in source.get("options") or []:
                if equals in (option["label"].get("th"), option["label"].get("en")):
                    equals = option["value"]
            field["show_if"] = {"field": data["show_if_field"], "equals": equals}
        return field


class ImportForm(forms.Form):
    definition = forms.CharField(
        label=_("Form definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "usa-textarea font-mono-xs"}),
        help_text=_("Paste a definition exported from this or another installation."),
    )

    def clean_definition(self) -> Any:
        from eservice.catalogue.formdef import validate_definition

        try:
            definition = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s)."),
                params={"line": error.lineno, "column": error.colno},
            ) from None
        problems = validate_definition(definition)
        if problems:
            raise forms.ValidationError(problems)
        return definition
