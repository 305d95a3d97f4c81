from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from eservice.payments import promptpay
from eservice.payments.models import PaymentAccount


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


class PaymentAccountForm(forms.ModelForm):
    class Meta:
        model = PaymentAccount
        fields = ["account_name", "biller_id", "promptpay_id"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Room for the dashes and spaces people type ("0-9940-00165-50-0 01"): the digits
        # alone are kept, and the model checks how many.
        for name in ("biller_id", "promptpay_id"):
            model_field = self.fields[name]
            self.fields[name] = forms.CharField(
                label=model_field.label,
                help_text=model_field.help_text,
                required=False,
                max_length=30,
            )

    def _digits(self, name: str) -> str:
        try:
            return promptpay.ascii_digits(self.cleaned_data[name])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from e

    def clean_biller_id(self) -> str:
        return self._digits("biller_id")

    def clean_promptpay_id(self) -> str:
        return self._digits("promptpay_id")
