from typing import Any

import pytest

# A small but complete definition: every field type, a condition, two pages.
EVERY_TYPE: dict[str, Any] = {
    "version": 1,
    "pages": [
        {
            "key": "applicant",
            "title": {"th": "ผู้ยื่นคำขอ", "en": "Applicant"},
            "fields": [
                {
                    "key": "full_name",
                    "type": "text",
                    "label": {"th": "ชื่อ-สกุล", "en": "Full name"},
                    "max_length": 100,
                },
                {
                    "key": "citizen_id",
                    "type": "citizen_id",
                    "label": {"th": "เลขประจำตัวประชาชน", "en": "Citizen ID"},
                },
                {
                    "key": "company_id",
                    "type": "juristic_id",
                    "label": {"th": "เลขทะเบียนนิติบุคคล", "en": "Juristic person ID"},
                    "required": False,
                },
                {
                    "key": "born",
                    "type": "date",
                    "label": {"th": "วันเกิด", "en": "Date of birth"},
                    "max": "2026-12-31",
                },
                {
                    "key": "email",
                    "type": "email",
                    "label": {"th": "อีเมล", "en": "E-mail"},
                    "required": False,
                },
                {"key": "phone", "type": "phone", "label": {"th": "โทรศัพท์", "en": "Phone"}},
                {"key": "home", "type": "thai_address", "label": {"th": "ที่อยู่", "en": "Address"}},
            ],
        },
        {
            "key": "details",
            "title": {"th": "รายละเอียด", "en": "Details"},
            "fields": [
                {
                    "key": "shop_type",
                    "type": "choice",
                    "label": {"th": "ประเภทร้าน", "en": "Kind of shop"},
                    "options": [
                        {"value": "restaurant", "label": {"th": "ร้านอาหาร", "en": "Restaurant"}},
                        {"value": "stall", "label": {"th": "แผงลอย", "en": "Stall"}},
                        {"value": "other", "label": {"th": "อื่น ๆ", "en": "Other"}},
                    ],
                },
                {
                    "key": "other_type",
                    "type": "text",
                    "label": {"th": "ระบุประเภทอื่น", "en": "Which kind"},
                    "show_if": {"field": "shop_type", "equals": "other"},
                },
                {
                    "key": "days",
                    "type": "checkboxes",
                    "label": {"th": "วันที่เปิด", "en": "Days open"},
                    "required": False,
                    "options": [
                        {"value": "mon", "label": {"th": "จันทร์", "en": "Monday"}},
                        {"value": "sat", "label": {"th": "เสาร์", "en": "Saturday"}},
                    ],
                },
                {
                    "key": "seats",
                    "type": "number",
                    "label": {"th": "จำนวนที่นั่ง", "en": "Seats"},
                    "min": 0,
                    "max": 500,
                    "required": False,
                },
                {
                    "key": "capital",
                    "type": "money",
                    "label": {"th": "เงินลงทุน", "en": "Capital"},
                    "required": False,
                },
                {
                    "key": "notes",
                    "type": "long_text",
                    "label": {"th": "หมายเหตุ", "en": "Notes"},
                    "required": False,
                    "help": {"th": "ไม่บังคับ", "en": "Optional"},
                },
                {
                    "key": "plan",
                    "type": "file",
                    "label": {"th": "แผนผังร้าน", "en": "Shop plan"},
                    "accept": ["pdf", "png"],
                    "max_size_mb": 1,
                    "required": False,
                },
                {
                    "key": "truth",
                    "type": "declaration",
                    "label": {
                        "th": "ข้าพเจ้าขอรับรองว่าข้อความข้างต้นเป็นความจริง",
                        "en": "I declare that the above is true",
                    },
                },
            ],
        },
    ],
}


@pytest.fixture
def every_type() -> dict[str, Any]:
    import copy

    return copy.deepcopy(EVERY_TYPE)


SHOP_FORM: dict[str, Any] = {
    "version": 1,
    "pages": [
        {
            "key": "shop",
            "title": {"th": "ข้อมูลร้าน", "en": "The shop"},
            "fields": [
                {"key": "shop_name", "type": "text", "label": {"th": "ชื่อร้าน", "en": "Shop name"}},
                {
                    "key": "area",
                    "type": "number",
                    "label": {"th": "พื้นที่ (ตารางเมตร)", "en": "Area (m²)"},
                    "min": 1,
                },
            ],
        }
    ],
}


@pytest.fixture
def ready_service(agency: Any) -> Any:
    """A draft food-shop licence with everything its manual needs and an e-form."""
    from eservice.catalogue.models import Service

    service = Service.objects.create(
        agency=agency,
        name_th="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        name_en="Food shop licence",
        description_th="ร้านอาหารที่มีพื้นที่เกิน 200 ตารางเมตรต้องได้รับใบอนุญาต",
        description_en="Restaurants over 200 m² need a licence.",
        kind=Service.Kind.LICENCE,
        audience=Service.Audience.BUSINESSES,
        province_code="12",
        legal_basis_th="พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 38",
        eligibility_th="ผู้ประกอบการร้านอาหาร",
        processing_days=30,
        channel_online=True,
        channel_in_person=True,
        output=Service.Output.LICENCE,
        output_detail_th="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        must_display=True,
        form_draft=SHOP_FORM,
    )
    service.steps.create(
        order=1,
        description_th="ตรวจสอบคำขอและเอกสาร",
        description_en="Check the application",
        responsible_th="กองสาธารณสุขและสิ่งแวดล้อม",
        duration=1,
        duration_unit="days",
    )
    service.fees.create(
        description_th="ค่าธรรมเนียมใบอนุญาตรายปี", description_en="Yearly fee", amount="1000"
    )
    service.documents.create(
        name_th="สำเนาบัตรประจำตัวประชาชน", name_en="Copy of the ID card", issued_by_agency=True
    )
    return service


@pytest.fixture
def published_service(ready_service: Any) -> Any:
    ready_service.publish(by=None)
    return ready_service
