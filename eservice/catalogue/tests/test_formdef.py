import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eservice.catalogue.conftest import EVERY_TYPE
from eservice.catalogue.formdef import (
    FIELD_TYPES,
    SCHEMA,
    answer_form,
    json_answers,
    pages,
    summarise,
    validate_definition,
)

GOOD = {
    "full_name": "สมชาย ใจดี",
    "citizen_id": "1-1017-00230-70-8",
    "born": "2530-05-01",
    "phone": "081 234 5678",
    "home_line": "99/1 หมู่ 2",
    "home_province": "12",
    "home_district": "1204",
    "home_subdistrict": "120402",
    "home_postal_code": "",
    "shop_type": "restaurant",
    "capital": "1,250.5",
    "truth": "on",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_complete_definition_is_valid(every_type):
    assert validate_definition(every_type) == []
    assert [p["key"] for p in pages(every_type)] == ["applicant", "details"]


def test_the_schema_lists_every_field_type():
    assert SCHEMA["$defs"]["field"]["properties"]["type"]["enum"] == list(FIELD_TYPES)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["pages"][0]["fields"][0].update(type="colour"),
            "field “full_name”: unknown type “colour”",
        ),
        (
            lambda d: d["pages"][1]["fields"][1].update(show_if={"field": "nope", "equals": "x"}),
            "field “other_type”: the condition refers to a field “nope”",
        ),
        (
            lambda d: d["pages"][1]["fields"][1].update(
                show_if={"field": "shop_type", "equals": "bar"}
            ),
            "“bar” is not an option of “shop_type”",
        ),
        (
            lambda d: d["pages"][1]["fields"][0].update(
                show_if={"field": "other_type", "equals": "x"}
            ),
            "field “shop_type”: the conditions go round in a loop: "
            "shop_type → other_type → shop_type",
        ),
        (
            lambda d: d["pages"][1]["fields"][2].update(options=[]),
            "field “days”: give at least one option",
        ),
        (
            lambda d: d["pages"][1]["fields"][2]["options"][1].update(value="mon"),
            "field “days”: the option value “mon” is used twice",
        ),
        (
            lambda d: d["pages"][1]["fields"].append(dict(d["pages"][0]["fields"][0])),
            "field “full_name”: this field key is used twice",
        ),
        (
            lambda d: d["pages"][1]["fields"][6].update(accept=["exe"]),
            "field “plan”: accept must list file types",
        ),
        (
            lambda d: d["pages"][1]["fields"][3].update(min=10, max=1),
            "field “seats”: min is larger than max",
        ),
        (
            lambda d: d["pages"][0]["fields"][0].update(key="Full Name"),
            "Page “applicant”: field 1 needs a key",
        ),
    ],
)
def test_it_refuses_an_invalid_definition_naming_the_field(every_type, change, expected):
    change(every_type)
    with translation.override("en"):
        errors = validate_definition(every_type)
    assert any(expected in e for e in errors), errors


def test_definition_errors_are_in_thai_on_thai_pages(every_type):
    every_type["pages"][0]["fields"][0]["type"] = "colour"
    with translation.override("th"):
        (error,) = validate_definition(every_type)
    assert "ไม่รู้จักชนิด" in error and "full_name" in error


def test_a_buddhist_era_leap_day_is_a_date_and_a_day_that_never_was_is_not(every_type):
    leap = answer_form(every_type, data={**GOOD, "born": "29/02/2567"})
    assert leap.is_valid(), leap.errors
    assert json_answers(leap)["born"] == "2024-02-29"
    never = answer_form(every_type, data={**GOOD, "born": "29/02/2568"})
    assert not never.is_valid() and "born" in never.errors


def test_it_accepts_good_answers_and_keeps_them_as_json(every_type):
    form = answer_form(every_type, data=GOOD)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capital"] == Decimal("1250.50")
    answers = json_answers(form)
    assert answers["citizen_id"] == "1101700230708"
    assert answers["born"] == "1987-05-01"  # a Buddhist-era year is read as one
    assert answers["phone"] == "0812345678"
    assert answers["home"] == {
        "line": "99/1 หมู่ 2",
        "province": "12",
        "district": "1204",
        "subdistrict": "120402",
        "postal_code": "11110",
    }
    assert "other_type" not in answers


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizen_id", "1101700230709", "this number fails the check digit"),
        ("company_id", "0105536092640", "juristic person ID"),
        ("phone", "12345", "Thai phone number"),
        ("born", "31/02/2530", "Enter a real date"),
        ("born", "2027-01-01", "on or before"),
        ("capital", "-5", "greater than or equal to 0"),
        ("seats", "501", "less than or equal to 500"),
        ("home_district", "1302", "Choose the district from the list for this province"),
        ("home_postal_code", "10000", "postal code of this subdistrict is 11110"),
        ("shop_type", "casino", "Choose one of the answers listed"),
    ],
)
def test_it_rejects_bad_answers_saying_what_to_fix(every_type, field, value, message):
    with translation.override("en"):
        form = answer_form(every_type, data={**GOOD, field: value})
        assert not form.is_valid()
        assert message in str(form.errors), form.errors


def test_a_hidden_field_is_neither_required_nor_kept(every_type):
    form = answer_form(
        every_type, page="details", data={"shop_type": "stall", "other_type": "x", "truth": "on"}
    )
    assert form.is_valid(), form.errors
    assert "other_type" not in form.cleaned_data


def test_a_shown_field_is_required(every_type):
    form = answer_form(every_type, page="details", data={"shop_type": "other", "truth": "on"})
    assert not form.is_valid()
    assert list(form.errors) == ["other_type"]


def test_a_condition_on_an_earlier_page_uses_the_earlier_answers(every_type):
    every_type["pages"][1]["fields"][5]["show_if"] = {"field": "full_name", "equals": "x"}
    every_type["pages"][1]["fields"][5]["required"] = True
    form = answer_form(
        every_type,
        page="details",
        data={"shop_type": "stall", "truth": "on"},
        answers={"full_name": "x"},
    )
    assert not form.is_valid()
    assert "notes" in form.errors


def test_it_checks_a_file_by_its_content_not_its_name(every_type):
    fake = SimpleUploadedFile(
        "plan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with translation.override("en"):
        form = answer_form(
            every_type,
            page="details",
            data={"shop_type": "stall", "truth": "on"},
            files={"plan": fake},
        )
        assert not form.is_valid()
        assert "not one of the accepted types (PDF, PNG)" in str(form.errors)
    real = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    form = answer_form(
        every_type, page="details", data={"shop_type": "stall", "truth": "on"}, files={"plan": real}
    )
    assert form.is_valid(), form.errors
    assert json_answers(form)["plan"]["name"] == "plan.pdf"


def test_it_rejects_a_file_over_the_size_limit(every_type):
    big = SimpleUploadedFile(
        "plan.pdf", PDF + b"0" * (1024 * 1024 + 1), content_type="application/pdf"
    )
    with translation.override("en"):
        form = answer_form(
            every_type,
            page="details",
            data={"shop_type": "stall", "truth": "on"},
            files={"plan": big},
        )
        assert not form.is_valid()
        assert "larger than 1 MB" in str(form.errors)


def test_summary_shows_labels_and_values_in_the_language_asked(every_type):
    form = answer_form(every_type, data={**GOOD, "days": ["mon", "sat"]})
    assert form.is_valid(), form.errors
    answers = {**json_answers(form), "plan": {"name": "ผังร้าน.pdf"}}
    thai = dict(summarise(every_type, answers, "th"))
    assert thai["วันเกิด"] == "1 พฤษภาคม 2530"
    assert thai["เลขประจำตัวประชาชน"] == "1-1017-00230-70-8"
    assert thai["ประเภทร้าน"] == "ร้านอาหาร"
    assert thai["วันที่เปิด"] == "จันทร์, เสาร์"
    assert thai["ที่อยู่"] == "99/1 หมู่ 2 ตำบลบางบัวทอง อำเภอบางบัวทอง จังหวัดนนทบุรี 11110"
    assert thai["เงินลงทุน"] == "1,250.50 บาท"
    assert thai["แผนผังร้าน"] == "ผังร้าน.pdf"
    assert "ระบุประเภทอื่น" not in thai
    english = dict(summarise(every_type, answers, "en"))
    assert english["Date of birth"] == "1 May 1987"
    assert english["Address"].endswith("Bang Bua Thong, Bang Bua Thong, Nonthaburi 11110")


def test_the_include_links_errors_to_their_fields(every_type):
    with translation.override("en"):
        form = answer_form(every_type, page="applicant", data={**GOOD, "citizen_id": "123"})
        form.is_valid()
        html = render_to_string("catalogue/form_fields.html", {"form": form})
    assert 'href="#id_citizen_id"' in html
    assert 'aria-describedby="id_citizen_id-error"' in html
    # The address lists are filled from the answers, so they work without JavaScript.
    assert '<option value="1204" selected>Bang Bua Thong</option>' in html
    assert '<option value="120402" selected>Bang Bua Thong</option>' in html


answer = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e400",
            "NaN",
            "Infinity",
            "2569-02-30",
            "31/12/9999",
            "\x00",
            "on",
            "other",
        ]
    ),
    st.lists(st.text(max_size=10), max_size=3),
)
KEYS = [f["key"] for p in EVERY_TYPE["pages"] for f in p["fields"]] + [
    f"home_{part}" for part in ("line", "province", "district", "subdistrict", "postal_code")
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(KEYS), answer), language=st.sampled_from(["th", "en"]))
def test_no_submitted_values_cause_an_error(data, language):
    from django.utils.datastructures import MultiValueDict

    post = MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})
    with translation.override(language):
        form = answer_form(
            EVERY_TYPE,
            data=post,
            files=MultiValueDict(
                {"plan": [SimpleUploadedFile("x.png", io.BytesIO(b"\x89PNG").read())]}
            ),
        )
        if form.is_valid():
            summarise(EVERY_TYPE, json_answers(form), language)
        else:
            assert form.errors
        render_to_string("catalogue/form_fields.html", {"form": form})


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: (
            st.lists(c, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "version",
                        "pages",
                        "key",
                        "type",
                        "label",
                        "fields",
                        "show_if",
                        "field",
                        "equals",
                        "options",
                        "value",
                        "th",
                        "min",
                        "max",
                        "accept",
                    ]
                ),
                c,
                max_size=5,
            )
        ),
        max_leaves=30,
    )
)
def test_no_definition_causes_an_error(definition):
    assert isinstance(validate_definition(definition), list)


def test_the_published_schema_file_matches_the_engine():
    import json
    from pathlib import Path

    published = Path(__file__).resolve().parents[3] / "docs" / "form-definition.schema.json"
    assert json.loads(published.read_text()) == SCHEMA


def test_a_file_question_says_which_types_and_size_it_takes(every_type):
    del every_type["pages"][1]["fields"][6]["accept"]
    with translation.override("en"):
        html = render_to_string(
            "catalogue/form_fields.html", {"form": answer_form(every_type, page="details")}
        )
    assert "Accepted: PDF, JPG, PNG, up to 1 MB." in html
