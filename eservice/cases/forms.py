from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservice.cases.models import Deficiency
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.intake.services import check_upload
from eservice.lib.forms import style

S = Request.Status
# These moves have their own forms (they need more than a reason), or belong to the
# applicant and the payment system.
SPECIAL_MOVES = {S.DEFICIENCIES_REQUESTED, S.CLOSED_INCOMPLETE, S.FORWARDED, S.PAID}
REASON_REQUIRED = {S.REJECTED, S.WITHDRAWN, S.FORWARDED, S.CLOSED_INCOMPLETE}


class UswdsForm(forms.Form):
    """Fields drawn with the design system's classes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)


class VersionedForm(UswdsForm):
    # The case version the officer's page showed: a stale page is refused, not applied.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(VersionedForm):
    expected = forms.ChoiceField(choices=S.choices, widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("New state"), choices=S.choices)
    reason = forms.CharField(
        label=_("Reason (the applicant sees it when told of a decision)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("to") in REASON_REQUIRED and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give the reasons: the applicant is told them with the decision.")
            )
        return data


class AssignForm(VersionedForm):
    assignee = forms.CharField(label=_("Handled by"), required=False)


class ForwardForm(VersionedForm):
    unit = forms.CharField(label=_("Unit of this agency"), required=False, max_length=150)
    agency_code = forms.CharField(
        label=_("Or the code of the competent agency"), required=False, max_length=20
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("unit")) == bool(data.get("agency_code")):
            raise forms.ValidationError(
                _("Enter either a unit of this agency or the code of another agency, not both.")
            )
        if data.get("agency_code") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tell the applicant why the other agency is competent."))
        return data


class DeficiencyForm(VersionedForm):
    documents = forms.MultipleChoiceField(
        label=_("Documents from the manual that are missing or wrong"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problem = forms.ChoiceField(
        label=_("What is wrong with the ticked documents"),
        choices=Deficiency.Problem.choices,
        initial=Deficiency.Problem.MISSING,
    )
    other = forms.CharField(
        label=_("Anything else missing or wrong (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    note = forms.CharField(
        label=_("Notes to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    deadline = forms.DateField(
        label=_("The applicant must answer by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as year-month-day, like 2026-12-31.")},
    )

    def __init__(self, *args: object, required_documents: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["documents"].choices = [(d, d) for d in required_documents]  # type: ignore[attr-defined]

    def clean_deadline(self) -> date:
        deadline: date = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be a date after today."))
        return deadline

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("documents") and not (data.get("other") or "").strip():
            raise forms.ValidationError(
                _("Tick or add at least one document that is missing or wrong.")
            )
        return data

    def items(self) -> list[dict[str, str]]:
        problem = self.cleaned_data["problem"]
        items = [
            {"document": d, "problem": problem, "note": ""} for d in self.cleaned_data["documents"]
        ]
        for line in self.cleaned_data["other"].splitlines():
            if line.strip():
                items.append({"document": line.strip(), "problem": problem, "note": ""})
        return items


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AnswerForm(UswdsForm):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )
    documents = MultipleFileField(
        label=_("Documents (PDF, JPEG or PNG, up to 10 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_documents(self) -> list[Any]:
        documents: list[Any] = self.cleaned_data["documents"]
        for upload in documents:
            check_upload(upload)
        return documents

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("answer") or "").strip() and not data.get("documents"):
            raise forms.ValidationError(_("Write an answer or attach at least one document."))
        return data


class TextForm(UswdsForm):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        error_messages={"required": _("Write the text first.")},
    )


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Give the reason: the applicant is told it.")},
    )


class NotifiedForm(UswdsForm):
    how = forms.CharField(
        label=_("How the applicant was told (by post, in person, by phone)"),
        max_length=200,
        error_messages={"required": _("Say how the applicant was told.")},
    )


class OfficerForm(UswdsForm):
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        error_messages={"invalid": _("Use 3 or more letters, digits or . @ + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (User.Role.OFFICER, User.Role.OFFICER.label),
            (User.Role.VIEWER, User.Role.VIEWER.label),
            (User.Role.AGENCY_ADMIN, User.Role.AGENCY_ADMIN.label),
        ],
    )
    password = forms.CharField(
        label=_("First password (the officer changes it)"),
        widget=forms.PasswordInput,
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            # The settings' validators: long enough, not common, not like the person's names.
            person = User(
                **{k: data.get(k, "") for k in ("username", "first_name", "last_name", "email")}
            )
            try:
                password_validation.validate_password(data["password"], person)
            except forms.ValidationError as e:
                self.add_error("password", e)
        return data


def required_documents(manual: dict[str, Any] | None) -> list[str]:
    """The names of the documents the service manual requires (the catalogue's frozen
    manual lists them under "documents", each with its Thai name)."""
    names = []
    for item in (manual or {}).get("documents") or []:
        name = item.get("name_th") if isinstance(item, dict) else item
        if name:
            names.append(str(name))
    return names
