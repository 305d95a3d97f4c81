from django import forms

from eservice.lib.forms import style


class Example(forms.Form):
    name = forms.CharField(label="Name")
    note = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField()
    plan = forms.FileField(label="Floor plan")
    token = forms.CharField(widget=forms.HiddenInput)


def test_widgets_get_the_design_systems_classes():
    form = Example()
    style(form)
    html = str(form)
    assert 'class="usa-input"' in html
    assert 'class="usa-textarea"' in html
    assert 'class="usa-select"' in html
    assert 'class="usa-checkbox__input"' in html


def test_a_file_input_keeps_its_label_as_its_accessible_name():
    # USWDS's file-input script would rename it "Drag file here or choose from folder".
    form = Example()
    style(form)
    assert "usa-file-input" not in str(form["plan"])
