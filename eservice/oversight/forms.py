from typing import Any

import geothai
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from eservice.oversight.models import GUIDE_LEVELS, Declaration, Level, Step, Tool

EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


def kind_choices() -> list[tuple[str, Any]]:
    from eservice.registry.models import Agency

    return [("", _("All kinds")), *Agency.Kind.choices]


def province_choices() -> list[tuple[str, Any]]:
    return [("", _("All provinces"))] + [(p.code, p.name_th) for p in geothai.provinces()]


class GroupForm(forms.Form):
    """Which agencies: by kind, province, overall level and compliance. Blank is "any"."""

    kind = forms.ChoiceField(label=_("Kind of agency"), required=False, choices=kind_choices)
    province = forms.ChoiceField(label=_("Province"), required=False, choices=province_choices)
    level = forms.ChoiceField(
        label=_("Overall level"),
        required=False,
        choices=[("", _("All levels")), *[(str(v), label) for v, label in Level.choices]],
    )
    compliance = forms.ChoiceField(
        label=_("Compliance with §20"),
        required=False,
        choices=[
            ("", _("All agencies")),
            ("not_compliant", _("Not yet compliant")),
            ("compliant", _("Compliant")),
        ],
    )


class NoticeForm(GroupForm):
    message_th = forms.CharField(
        label=_("Additional message (Thai)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Each agency's list of duties is written for it automatically."),
    )
    message_en = forms.CharField(
        label=_("Additional message (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["step", "level", "evidence_url", "evidence_file", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "evidence_url": {
                "invalid": _("Enter a full web address, like https://www.example.go.th/eservice.")
            }
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["level"].choices = [(v.value, v.label) for v in GUIDE_LEVELS]  # type: ignore[attr-defined]
        self.fields["level"].error_messages["required"] = _("Choose the level you work at.")
        self.fields["step"].error_messages["required"] = _("Choose the step.")
        self.fields["evidence_url"].help_text = _(
            "A page where the public can see the method, e.g. your e-service or announcement."
        )
        self.fields["evidence_file"].help_text = _(
            "Or a document (PDF, PNG or JPEG, at most 5 MB), e.g. the signed announcement."
        )

    def clean_evidence_file(self) -> object:
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return upload
        if upload.size > settings.OVERSIGHT_EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The document is larger than 5 MB. Send a smaller file or a web address.")
            )
        import filetype

        kind = filetype.guess(upload.read(2048))
        upload.seek(0)
        if kind is None or kind.mime not in EVIDENCE_TYPES:
            raise forms.ValidationError(_("Send the document as a PDF, PNG or JPEG file."))
        self.instance.evidence_type = kind.mime
        return upload

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("evidence_url") and not data.get("evidence_file"):
            raise forms.ValidationError(
                _(
                    "A declaration needs evidence: give the web address of the method, or "
                    "attach a document that shows it."
                ),
                code="no_evidence",
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept or reject.")},
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error(
                "reason", _("Say why the declaration is rejected, so the agency can fix it.")
            )
        return data


class ToolForm(forms.ModelForm):
    class Meta:
        model = Tool
        fields = [
            "step",
            "level",
            "name_th",
            "name_en",
            "summary_th",
            "summary_en",
            "preparation_th",
            "preparation_en",
            "legal_basis",
            "recommendations_th",
            "recommendations_en",
            "cautions_th",
            "cautions_en",
            "inferred",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in [
                "summary_th",
                "summary_en",
                "preparation_th",
                "preparation_en",
                "recommendations_th",
                "recommendations_en",
                "cautions_th",
                "cautions_en",
            ]
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["level"].choices = [(v.value, v.label) for v in GUIDE_LEVELS]  # type: ignore[attr-defined]
        self.fields["step"].choices = Step.choices  # type: ignore[attr-defined]
