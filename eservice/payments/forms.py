from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class FeeForm(forms.Form):
    label = forms.CharField(label=_("What the fee is for"), max_length=255)
    amount = forms.DecimalField(
        label=_("Amount (baht)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_(
            "A CSV file whose first line names the columns: date, amount, ref1, ref2, "
            "transaction_id."
        ),
    )

    def clean_statement(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["statement"]
        if upload.size > 5_242_880:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it by day."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a CSV file (.csv) exported from the bank."))
        return upload


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What you did about it"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
