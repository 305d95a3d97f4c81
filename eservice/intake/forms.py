from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    """Asked by intake on every service, not by the e-form: where to send the receipt."""

    applicant_name = forms.CharField(
        label=_("Your full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "usa-input", "autocomplete": "name"}),
        error_messages={"required": _("Enter your full name, as on your ID card.")},
    )
    applicant_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=320,
        help_text=_("We send the receipt and every later message about this request here."),
        widget=forms.EmailInput(attrs={"class": "usa-input", "autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address, like name@example.com."),
            "invalid": _("Enter an e-mail address in the form name@example.com."),
        },
    )


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information I have given is true and complete, and that the "
            "documents I attached are genuine."
        ),
        error_messages={"required": _("Tick the box to confirm the declaration.")},
    )
    paper = forms.BooleanField(
        label=_("I also want letters and documents on paper (section 11 of the Act)."),
        required=False,
    )
