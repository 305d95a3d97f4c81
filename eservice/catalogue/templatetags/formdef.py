"""Rendering e-form fields with USWDS markup: {% load formdef %}."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(name="formdef_describedby")
def describedby(bf: BoundField) -> str:
    ids = []
    if bf.help_text:
        ids.append(f"{bf.auto_id}-hint")
    if getattr(bf.field, "condition_text", ""):
        ids.append(f"{bf.auto_id}-condition")
    if bf.errors:
        ids.append(f"{bf.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def formdef_widget(bf: BoundField) -> SafeString:
    """The field's input(s) with the hint, condition and error linked by aria-describedby."""
    attrs: dict[str, Any] = {}
    linked = describedby(bf)
    if linked:
        attrs["aria-describedby"] = linked
    if bf.errors:
        attrs["aria-invalid"] = "true"
    return bf.as_widget(attrs=attrs)


@register.filter
def formdef_type(bf: BoundField) -> str:
    return str(getattr(bf.field, "formdef", {}).get("type", ""))
