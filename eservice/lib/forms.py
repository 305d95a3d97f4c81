"""Django form widgets drawn with the design system's (USWDS) classes."""

from django import forms


def uswds_class(widget: forms.Widget) -> str:
    """The USWDS class for a widget ("" for those a template draws itself)."""
    if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "usa-checkbox__input"
    if isinstance(widget, forms.Select):
        return "usa-select"
    if isinstance(widget, forms.Textarea):
        return "usa-textarea"
    if isinstance(widget, forms.FileInput):
        # Not "usa-file-input": its script replaces the input's accessible name (the
        # question) with "Drag file here or choose from folder".
        return "display-block margin-top-1"
    return "usa-input"


def style(form: forms.BaseForm) -> None:
    """Give every widget its USWDS class, unless the form chose one itself."""
    for field in form.fields.values():
        css = uswds_class(field.widget)
        if css:
            field.widget.attrs.setdefault("class", css)
