from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eservice.documents import issuing
from eservice.documents.models import DocumentTemplate


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = [
            "kind",
            "title",
            "subject",
            "body",
            "letter_prefix",
            "signatory_name",
            "signatory_position",
            "valid_days",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": format_lazy(
                "{} {}",
                _(
                    "Fill-ins: {{ holder }}, {{ service }}, {{ agency }}, {{ reference }}, "
                    "{{ valid_until }}, {{ today }}, {{ answers.FIELD }} for an answer on the form."
                ),
                _(
                    "HTML for headings, paragraphs, lists, tables, bold, italic and underline "
                    "may be used; links, images and stylesheets are removed when saved."
                ),
            )
        }

    def clean_body(self) -> str:
        # Saved as it will be printed: without what a letter does not need (links, images,
        # styles), which could make the renderer fetch files from the server.
        body = issuing.clean_body(self.cleaned_data["body"])
        try:
            issuing.check_body(body)
        except issuing.TemplateSyntaxError as e:
            raise forms.ValidationError(
                _("The body has a fill-in that cannot be used: %(error)s. Check the braces.")
                % {"error": e}
            ) from e
        return body


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to everyone who checks this document."),
    )


class LookupForm(forms.Form):
    token = forms.CharField(label=_("Document id"), max_length=64)


class UploadForm(forms.Form):
    pdf = forms.FileField(label=_("Signed PDF file"))

    def __init__(self, *args, max_bytes: int, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_pdf(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["pdf"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Upload the PDF the agency sent you.")
                % {"mb": self.max_bytes // 1_048_576}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This is not a PDF file. Choose the PDF document."))
        return upload


class RegisterFilter(forms.Form):
    holder = forms.CharField(label=_("Holder"), required=False, max_length=255)
    agency = forms.CharField(label=_("Agency"), required=False, max_length=255)
    kind = forms.CharField(label=_("Kind of licence"), required=False, max_length=255)
    area = forms.CharField(label=_("Area"), required=False, max_length=255)
    current = forms.BooleanField(label=_("Valid licences only"), required=False)
