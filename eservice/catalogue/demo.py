# ruff: noqa: E501 - a data file of real-length Thai and English texts
"""About twenty realistic services of a town municipality, a subdistrict administrative
organisation and two central agencies, each with its manual and, where it is online, an
e-form; all published. Idempotent: a service that exists (same agency and Thai name) is left
as it is."""

from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from eservice.catalogue.models import Service
from eservice.registry.models import Agency

K, A, OUT = Service.Kind, Service.Audience, Service.Output
BBT, BRY, DBD, OPDC = "4120401", "6120405", "DBD", "OPDC"
AGENCIES = {
    BBT: ("เทศบาลเมืองบางบัวทอง", "Bang Bua Thong Town Municipality", Agency.Kind.TOWN_MUNICIPALITY),
    BRY: ("องค์การบริหารส่วนตำบลบางรักใหญ่", "Bang Rak Yai SAO", Agency.Kind.SAO),
    DBD: ("กรมพัฒนาธุรกิจการค้า", "Department of Business Development", Agency.Kind.DEPARTMENT),
    OPDC: (
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        Agency.Kind.DEPARTMENT,
    ),
}
WHERE = {
    BBT: (
        "สำนักงานเทศบาลเมืองบางบัวทอง 99 หมู่ 1 ตำบลบางบัวทอง อำเภอบางบัวทอง จังหวัดนนทบุรี "
        "วันจันทร์ถึงวันศุกร์ 08.30-16.30 น. (เว้นวันหยุดราชการ)",
        "Bang Bua Thong Town Hall, 99 Moo 1, Bang Bua Thong, Nonthaburi; "
        "Monday to Friday 08:30-16:30 except public holidays",
    ),
    BRY: (
        "ที่ทำการองค์การบริหารส่วนตำบลบางรักใหญ่ อำเภอบางบัวทอง จังหวัดนนทบุรี วันจันทร์ถึงวันศุกร์ 08.30-16.30 น.",
        "Bang Rak Yai SAO office, Bang Bua Thong, Nonthaburi; Monday to Friday 08:30-16:30",
    ),
    DBD: (
        "สำนักงานพัฒนาธุรกิจการค้าทุกจังหวัด วันจันทร์ถึงวันศุกร์ 08.30-16.30 น.",
        "Any provincial business development office, Monday to Friday 08:30-16:30",
    ),
    OPDC: (
        "สำนักงาน ก.พ.ร. ถนนพิษณุโลก เขตดุสิต กรุงเทพมหานคร",
        "OPDC, Phitsanulok Road, Dusit, Bangkok",
    ),
}


def t(th: str, en: str) -> dict[str, str]:
    return {"th": th, "en": en}


def field(key: str, kind: str, th: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": kind, "label": t(th, en), **extra}


def options(*pairs: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"value": v, "label": t(th, en)} for v, th, en in pairs]


def applicant_page(business: bool = False) -> dict[str, Any]:
    fields = [
        field("full_name", "text", "ชื่อ-นามสกุล", "Full name", max_length=150),
        field("citizen_id", "citizen_id", "เลขประจำตัวประชาชน", "Citizen ID"),
        field("phone", "phone", "หมายเลขโทรศัพท์", "Phone number"),
        field(
            "email",
            "email",
            "อีเมล",
            "E-mail",
            required=False,
            help=t(
                "เพื่อรับเลขรับและแจ้งผลทางอีเมล",
                "To receive the receipt number and the result by e-mail",
            ),
        ),
        field("home", "thai_address", "ที่อยู่ตามทะเบียนบ้าน", "Registered address"),
    ]
    if business:
        fields.insert(
            2,
            field(
                "company_id",
                "juristic_id",
                "เลขทะเบียนนิติบุคคล (ถ้ามี)",
                "Juristic person ID (if any)",
                required=False,
            ),
        )
    return {"key": "applicant", "title": t("ข้อมูลผู้ยื่นคำขอ", "About you"), "fields": fields}


DECLARE = field(
    "declaration",
    "declaration",
    "ข้าพเจ้าขอรับรองว่าข้อความและเอกสารที่ยื่นเป็นความจริงทุกประการ",
    "I declare that the information and documents given are true",
)


def form(*pages: dict[str, Any], business: bool = False) -> dict[str, Any]:
    last = (
        dict(pages[-1])
        if pages
        else {"key": "details", "title": t("รายละเอียด", "Details"), "fields": []}
    )
    rest = list(pages[:-1])
    last = {**last, "fields": [*last["fields"], DECLARE]}
    return {"version": 1, "pages": [applicant_page(business), *rest, last]}


def page(key: str, th: str, en: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "title": t(th, en), "fields": list(fields)}


PLAN = field(
    "plan",
    "file",
    "แผนผังหรือแบบแปลน",
    "Plan or drawings",
    accept=["pdf", "jpg", "png"],
    max_size_mb=10,
)
ID_COPY = ("สำเนาบัตรประจำตัวประชาชน", "Copy of the ID card", True)
HOUSE_COPY = ("สำเนาทะเบียนบ้าน", "Copy of the house registration", True)


def steps(
    check: int, consider: int, notify: int, unit_th: str, unit_en: str
) -> list[tuple[str, str, str, str, int, str]]:
    return [
        (
            "ตรวจสอบคำขอและเอกสารหลักฐาน",
            "Check the application and documents",
            unit_th,
            unit_en,
            check,
            "days",
        ),
        (
            "พิจารณาและเสนอผู้มีอำนาจอนุญาต",
            "Consider and submit to the authority",
            unit_th,
            unit_en,
            consider,
            "days",
        ),
        (
            "แจ้งผลการพิจารณาและออกเอกสาร",
            "Notify the decision and issue the document",
            unit_th,
            unit_en,
            notify,
            "days",
        ),
    ]


SERVICES: list[dict[str, Any]] = [
    {
        "agency": BBT,
        "kind": K.PERMIT,
        "audience": A.BOTH,
        "name": t("การขออนุญาตก่อสร้างอาคาร", "Building permit"),
        "description": t(
            "ผู้ที่จะก่อสร้างอาคารในเขตเทศบาลต้องได้รับใบอนุญาต (แบบ อ.1) จากเจ้าพนักงานท้องถิ่นก่อนเริ่มก่อสร้าง",
            "Anyone building in the municipality needs a permit (form Or.1) from the local official before work starts.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522 มาตรา 21", "Building Control Act B.E. 2522, section 21"
        ),
        "eligibility": t(
            "เจ้าของอาคารหรือผู้ได้รับมอบอำนาจ", "The building owner or an authorised person"
        ),
        "days": 45,
        "steps": steps(1, 42, 2, "กองช่าง", "Engineering Division"),
        "fees": [
            ("ค่าธรรมเนียมใบอนุญาตก่อสร้าง", "Permit fee", "20.00"),
            (
                "ค่าตรวจแบบแปลน (อาคารสูงไม่เกินสองชั้น ตารางเมตรละ 0.50 บาท)",
                "Plan check, buildings up to two storeys, 0.50 baht per m²",
                "0.50",
            ),
        ],
        "documents": [
            ID_COPY,
            HOUSE_COPY,
            ("โฉนดที่ดินหรือหนังสือสำคัญแสดงกรรมสิทธิ์ที่ดิน (สำเนา)", "Copy of the land title deed", True),
            ("แบบแปลนและรายการประกอบแบบแปลน 5 ชุด", "Plans and specifications, 5 sets", False),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.LICENCE,
        "output_detail": t("ใบอนุญาตก่อสร้างอาคาร (แบบ อ.1)", "Building permit (Or.1)"),
        "display": True,
        "citizen_portal": date(2024, 3, 1),
        "form": form(
            page(
                "building",
                "ข้อมูลอาคาร",
                "The building",
                field("site", "thai_address", "สถานที่ก่อสร้าง", "Building site"),
                field(
                    "building_use",
                    "choice",
                    "ประเภทการใช้อาคาร",
                    "Use of the building",
                    options=options(
                        ("home", "บ้านพักอาศัย", "Home"),
                        ("shop", "อาคารพาณิชย์", "Shop-house"),
                        ("factory", "โรงงาน", "Factory"),
                    ),
                ),
                field("floors", "number", "จำนวนชั้น", "Number of floors", min=1, max=50),
                field("area", "number", "พื้นที่อาคาร (ตารางเมตร)", "Floor area (m²)", min=1),
                PLAN,
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.LICENCE,
        "audience": A.BUSINESSES,
        "name": t("การขอใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร", "Food shop licence"),
        "description": t(
            "ร้านอาหารที่มีพื้นที่เกิน 200 ตารางเมตรต้องได้รับใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหารหรือสะสมอาหาร",
            "Restaurants larger than 200 m² need a licence to run a place selling or storing food.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 38 และเทศบัญญัติเทศบาลเมืองบางบัวทอง",
            "Public Health Act B.E. 2535, section 38, and the municipal ordinance",
        ),
        "eligibility": t(
            "ผู้ประกอบการร้านอาหารที่มีพื้นที่เกิน 200 ตารางเมตร", "Restaurant operators with more than 200 m²"
        ),
        "days": 30,
        "steps": steps(1, 27, 2, "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health Division"),
        "fees": [
            (
                "ค่าธรรมเนียมใบอนุญาตรายปี (พื้นที่ 201-300 ตารางเมตร)",
                "Yearly licence fee, 201-300 m²",
                "1000.00",
            )
        ],
        "documents": [
            ID_COPY,
            HOUSE_COPY,
            (
                "ใบรับรองแพทย์ของผู้ประกอบการและผู้สัมผัสอาหาร",
                "Medical certificates of the operator and food handlers",
                False,
            ),
            ("แผนผังแสดงที่ตั้งสถานประกอบการ", "Map of the premises", False),
        ],
        "channels": ("online", "email", "in_person"),
        "assurance": "ial2",
        "output": OUT.LICENCE,
        "output_detail": t("ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร", "Food shop licence"),
        "display": True,
        "biz_portal": date(2023, 9, 15),
        "form": form(
            page(
                "shop",
                "ข้อมูลร้าน",
                "The shop",
                field("shop_name", "text", "ชื่อร้าน", "Shop name"),
                field("shop_address", "thai_address", "ที่ตั้งร้าน", "Shop address"),
                field("shop_area", "number", "พื้นที่ร้าน (ตารางเมตร)", "Shop area (m²)", min=1),
                field(
                    "shop_type",
                    "choice",
                    "ประเภทร้าน",
                    "Kind of shop",
                    options=options(
                        ("restaurant", "ร้านอาหาร", "Restaurant"),
                        ("cafe", "ร้านเครื่องดื่ม", "Café"),
                        ("other", "อื่น ๆ", "Other"),
                    ),
                ),
                field(
                    "shop_type_other",
                    "text",
                    "ระบุประเภทร้าน",
                    "Which kind",
                    show_if={"field": "shop_type", "equals": "other"},
                ),
                field("opening", "date", "วันที่เริ่มเปิดร้าน", "Opening date"),
                PLAN,
            ),
            business=True,
        ),
    },
    {
        "agency": BBT,
        "kind": K.NOTIFICATION,
        "audience": A.BUSINESSES,
        "name": t(
            "การแจ้งจัดตั้งสถานที่จำหน่ายอาหาร (พื้นที่ไม่เกิน 200 ตารางเมตร)",
            "Notice of a small food shop (up to 200 m²)",
        ),
        "description": t(
            "ร้านอาหารขนาดเล็กแจ้งต่อเทศบาลและรับหนังสือรับรองการแจ้ง",
            "Small food shops notify the municipality and receive a certificate of notification.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 48", "Public Health Act B.E. 2535, section 48"
        ),
        "eligibility": t("ผู้ประกอบการร้านอาหารที่มีพื้นที่ไม่เกิน 200 ตารางเมตร", "Food shops up to 200 m²"),
        "days": 7,
        "steps": steps(1, 5, 1, "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health Division"),
        "fees": [("ค่าธรรมเนียมหนังสือรับรองการแจ้ง", "Certificate of notification fee", "200.00")],
        "documents": [ID_COPY, HOUSE_COPY],
        "channels": ("online", "in_person"),
        "assurance": "ial1",
        "output": OUT.CERTIFICATE,
        "output_detail": t("หนังสือรับรองการแจ้ง", "Certificate of notification"),
        "display": True,
        "form": form(
            page(
                "shop",
                "ข้อมูลร้าน",
                "The shop",
                field("shop_name", "text", "ชื่อร้าน", "Shop name"),
                field("shop_address", "thai_address", "ที่ตั้งร้าน", "Shop address"),
                field(
                    "shop_area", "number", "พื้นที่ร้าน (ตารางเมตร)", "Shop area (m²)", min=1, max=200
                ),
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.MONEY_OR_WELFARE,
        "audience": A.PEOPLE,
        "name": t("การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", "Registering for the old-age allowance"),
        "description": t(
            "ผู้ที่จะมีอายุครบ 60 ปีบริบูรณ์ในปีงบประมาณถัดไป ลงทะเบียนเพื่อรับเงินเบี้ยยังชีพรายเดือน",
            "People turning 60 in the next fiscal year register to receive the monthly allowance.",
        ),
        "legal_basis": t(
            "ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2552",
            "Ministry of Interior Regulation on old-age allowances paid by local government, B.E. 2552",
        ),
        "eligibility": t(
            "มีสัญชาติไทย มีภูมิลำเนาในเขตเทศบาล อายุ 60 ปีบริบูรณ์ขึ้นไป และไม่ได้รับสวัสดิการอื่นจากรัฐ",
            "Thai nationals living in the municipality, aged 60 or over, without other state pensions",
        ),
        "days": 30,
        "steps": steps(1, 28, 1, "กองสวัสดิการสังคม", "Social Welfare Division"),
        "no_fee": True,
        "documents": [
            ID_COPY,
            HOUSE_COPY,
            ("สำเนาหน้าสมุดบัญชีเงินฝากธนาคาร", "Copy of the bank book", False),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.MONEY,
        "output_detail": t("เงินเบี้ยยังชีพรายเดือน", "Monthly allowance"),
        "citizen_portal": date(2023, 6, 1),
        "form": form(
            page(
                "allowance",
                "การรับเงิน",
                "Payment",
                field("born", "date", "วันเดือนปีเกิด", "Date of birth"),
                field(
                    "payment",
                    "choice",
                    "ช่องทางรับเงิน",
                    "How to receive the money",
                    options=options(
                        ("bank", "โอนเข้าบัญชีธนาคาร", "Bank transfer"),
                        (
                            "promptpay",
                            "พร้อมเพย์ที่ผูกกับเลขประจำตัวประชาชน",
                            "PromptPay linked to the citizen ID",
                        ),
                    ),
                ),
                field(
                    "bank_book",
                    "file",
                    "สำเนาหน้าสมุดบัญชี",
                    "Copy of the bank book",
                    accept=["pdf", "jpg", "png"],
                    max_size_mb=5,
                    show_if={"field": "payment", "equals": "bank"},
                ),
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.MONEY_OR_WELFARE,
        "audience": A.PEOPLE,
        "name": t("การลงทะเบียนรับเงินเบี้ยความพิการ", "Registering for the disability allowance"),
        "description": t(
            "คนพิการที่มีบัตรประจำตัวคนพิการลงทะเบียนเพื่อรับเงินเบี้ยความพิการรายเดือน",
            "People with a disability card register for the monthly disability allowance.",
        ),
        "legal_basis": t(
            "ระเบียบกระทรวงมหาดไทยว่าด้วยการจ่ายเงินเบี้ยความพิการให้คนพิการขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2553",
            "Ministry of Interior Regulation on disability allowances, B.E. 2553",
        ),
        "eligibility": t(
            "คนพิการที่มีบัตรประจำตัวคนพิการและมีภูมิลำเนาในเขตเทศบาล",
            "Holders of a disability card living in the municipality",
        ),
        "days": 30,
        "steps": steps(1, 28, 1, "กองสวัสดิการสังคม", "Social Welfare Division"),
        "no_fee": True,
        "documents": [
            ID_COPY,
            ("สำเนาบัตรประจำตัวคนพิการ", "Copy of the disability card", True),
            ("สำเนาหน้าสมุดบัญชีเงินฝากธนาคาร", "Copy of the bank book", False),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.MONEY,
        "output_detail": t("เงินเบี้ยความพิการรายเดือน", "Monthly disability allowance"),
        "form": form(
            page(
                "allowance",
                "การรับเงิน",
                "Payment",
                field("disability_card", "text", "เลขที่บัตรประจำตัวคนพิการ", "Disability card number"),
                field(
                    "carer",
                    "declaration",
                    "มีผู้ดูแลยื่นคำขอแทน",
                    "A carer is applying on my behalf",
                    required=False,
                ),
                field(
                    "carer_name",
                    "text",
                    "ชื่อผู้ดูแล",
                    "Carer's name",
                    show_if={"field": "carer", "equals": True},
                ),
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.CERTIFICATE,
        "audience": A.PEOPLE,
        "name": t("การขอหนังสือรับรองการอยู่อาศัย", "Certificate of residence"),
        "description": t(
            "ออกหนังสือรับรองว่าผู้ยื่นคำขออาศัยอยู่จริงในเขตเทศบาล เพื่อใช้ประกอบการติดต่อราชการหรือเอกชน",
            "A letter confirming that the applicant lives in the municipality, for use with other offices.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติเทศบาล พ.ศ. 2496 มาตรา 50", "Municipality Act B.E. 2496, section 50"
        ),
        "eligibility": t("ผู้ที่อาศัยอยู่จริงในเขตเทศบาล", "People who actually live in the municipality"),
        "days": 3,
        "steps": steps(1, 1, 1, "สำนักปลัดเทศบาล งานทะเบียนราษฎร", "Civil Registration Office"),
        "no_fee": True,
        "documents": [ID_COPY, HOUSE_COPY],
        "channels": ("online", "email", "in_person"),
        "assurance": "ial2",
        "output": OUT.CERTIFICATE,
        "output_detail": t("หนังสือรับรองการอยู่อาศัย", "Certificate of residence"),
        "form": form(
            page(
                "purpose",
                "วัตถุประสงค์",
                "Purpose",
                field("since", "date", "อาศัยอยู่ตั้งแต่วันที่", "Living here since"),
                field(
                    "purpose",
                    "long_text",
                    "นำหนังสือรับรองไปใช้เพื่อ",
                    "What the certificate is for",
                    max_length=500,
                ),
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.COMPLAINT,
        "audience": A.BOTH,
        "name": t("การร้องเรียนเหตุเดือดร้อนรำคาญ", "Complaint about a nuisance"),
        "description": t(
            "แจ้งเหตุเดือดร้อนรำคาญ เช่น กลิ่น เสียง ฝุ่น ควัน น้ำเสีย เพื่อให้เทศบาลตรวจสอบและสั่งแก้ไข",
            "Report a nuisance such as smell, noise, dust, smoke or waste water so the municipality inspects and orders a fix.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 25-28",
            "Public Health Act B.E. 2535, sections 25-28",
        ),
        "eligibility": t("ทุกคนที่ได้รับความเดือดร้อน", "Anyone affected"),
        "days": 15,
        "steps": steps(1, 12, 2, "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health Division"),
        "no_fee": True,
        "no_documents": True,
        "channels": ("online", "email", "in_person"),
        "assurance": "none",
        "output": OUT.LETTER,
        "output_detail": t("หนังสือแจ้งผลการดำเนินการ", "Letter on the action taken"),
        "citizen_portal": date(2023, 11, 1),
        "form": {
            "version": 1,
            "pages": [
                page(
                    "complaint",
                    "เรื่องร้องเรียน",
                    "Your complaint",
                    field(
                        "nuisance",
                        "checkboxes",
                        "ประเภทเหตุรำคาญ",
                        "Kind of nuisance",
                        options=options(
                            ("smell", "กลิ่น", "Smell"),
                            ("noise", "เสียง", "Noise"),
                            ("dust", "ฝุ่นหรือควัน", "Dust or smoke"),
                            ("water", "น้ำเสีย", "Waste water"),
                        ),
                    ),
                    field("place", "thai_address", "สถานที่เกิดเหตุ", "Where it happens"),
                    field(
                        "details",
                        "long_text",
                        "รายละเอียด",
                        "What happens and when",
                        max_length=3000,
                    ),
                    field(
                        "photo",
                        "file",
                        "ภาพถ่าย (ถ้ามี)",
                        "Photo (if any)",
                        required=False,
                        accept=["jpg", "png"],
                        max_size_mb=5,
                    ),
                    field(
                        "anonymous",
                        "choice",
                        "ต้องการเปิดเผยชื่อหรือไม่",
                        "May we give your name?",
                        options=options(
                            ("yes", "เปิดเผยชื่อได้", "Yes"),
                            ("no", "ไม่ประสงค์เปิดเผยชื่อ", "No, keep it private"),
                        ),
                    ),
                    field(
                        "contact_phone",
                        "phone",
                        "หมายเลขโทรศัพท์สำหรับติดต่อกลับ",
                        "Phone to call you back",
                        show_if={"field": "anonymous", "equals": "yes"},
                    ),
                )
            ],
        },
    },
    {
        "agency": BBT,
        "kind": K.NOTIFICATION,
        "audience": A.BOTH,
        "name": t("การแจ้งการขุดดินหรือถมดิน", "Notice of earth excavation or filling"),
        "description": t(
            "ผู้ที่จะขุดดินลึกเกิน 3 เมตรหรือพื้นที่เกิน 10,000 ตารางเมตร หรือถมดินสูงกว่าที่ดินข้างเคียงและพื้นที่เกิน 2,000 ตารางเมตร ต้องแจ้งต่อเจ้าพนักงานท้องถิ่น",
            "Excavation deeper than 3 m or over 10,000 m², or filling above neighbouring land over 2,000 m², must be notified.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการขุดดินและถมดิน พ.ศ. 2543 มาตรา 17 และ 26",
            "Earth Excavation and Filling Act B.E. 2543, sections 17 and 26",
        ),
        "eligibility": t("เจ้าของที่ดินหรือผู้รับจ้าง", "Landowners or contractors"),
        "days": 7,
        "steps": steps(1, 5, 1, "กองช่าง", "Engineering Division"),
        "fees": [("ค่าธรรมเนียมใบรับแจ้ง", "Notice receipt fee", "500.00")],
        "documents": [
            ID_COPY,
            ("สำเนาโฉนดที่ดิน", "Copy of the land title deed", True),
            ("แผนผังบริเวณที่จะขุดดินหรือถมดิน", "Site plan", False),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.CERTIFICATE,
        "output_detail": t("ใบรับแจ้งการขุดดินหรือถมดิน (แบบ ขถ.2)", "Receipt of notice (form KhTh.2)"),
        "form": form(
            page(
                "work",
                "ลักษณะงาน",
                "The work",
                field(
                    "work",
                    "choice",
                    "ประเภทงาน",
                    "Kind of work",
                    options=options(("dig", "ขุดดิน", "Excavation"), ("fill", "ถมดิน", "Filling")),
                ),
                field("site", "thai_address", "ที่ตั้งที่ดิน", "Land location"),
                field("area", "number", "พื้นที่ (ตารางเมตร)", "Area (m²)", min=1),
                field(
                    "depth",
                    "number",
                    "ความลึก (เมตร)",
                    "Depth (m)",
                    min=0,
                    show_if={"field": "work", "equals": "dig"},
                ),
                field("start", "date", "วันเริ่มงาน", "Start date"),
                PLAN,
            )
        ),
    },
    {
        "agency": BBT,
        "kind": K.LICENCE,
        "audience": A.BUSINESSES,
        "name": t(
            "การขอใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ", "Licence for a business hazardous to health"
        ),
        "description": t(
            "กิจการตามที่เทศบัญญัติกำหนด เช่น อู่ซ่อมรถ ร้านเสริมสวย ตลาด ต้องได้รับใบอนุญาตก่อนดำเนินกิจการ",
            "Businesses listed in the ordinance, such as garages, beauty salons and markets, need a licence first.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 31-33",
            "Public Health Act B.E. 2535, sections 31-33",
        ),
        "eligibility": t("ผู้ประกอบกิจการในเขตเทศบาล", "Businesses in the municipality"),
        "days": 30,
        "steps": steps(1, 27, 2, "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health Division"),
        "fees": [("ค่าธรรมเนียมใบอนุญาตรายปี", "Yearly licence fee", "500.00")],
        "documents": [ID_COPY, HOUSE_COPY, ("แผนที่ตั้งสถานประกอบการ", "Map of the premises", False)],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.LICENCE,
        "output_detail": t(
            "ใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ", "Licence for a business hazardous to health"
        ),
        "display": True,
        "biz_portal": date(2024, 1, 10),
        "form": form(
            page(
                "business",
                "กิจการ",
                "The business",
                field("business_type", "text", "ประเภทกิจการ", "Kind of business"),
                field("premises", "thai_address", "ที่ตั้งสถานประกอบการ", "Premises"),
                field("workers", "number", "จำนวนคนงาน", "Number of workers", min=0),
            ),
            business=True,
        ),
    },
    {
        "agency": BBT,
        "kind": K.REGISTRATION,
        "audience": A.BUSINESSES,
        "name": t(
            "การจดทะเบียนพาณิชย์ (ตั้งใหม่) บุคคลธรรมดา", "Commercial registration (new), individual"
        ),
        "description": t(
            "ผู้ประกอบพาณิชยกิจตามที่กฎหมายกำหนดต้องจดทะเบียนพาณิชย์ภายใน 30 วันนับแต่วันเริ่มประกอบกิจการ",
            "Traders in listed businesses register within 30 days of starting.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499 มาตรา 11",
            "Commercial Registration Act B.E. 2499, section 11",
        ),
        "eligibility": t(
            "บุคคลธรรมดาที่ประกอบพาณิชยกิจในเขตเทศบาล", "Individuals trading in the municipality"
        ),
        "days": 1,
        "steps": [
            (
                "ตรวจสอบเอกสารและรับจดทะเบียน",
                "Check documents and register",
                "กองคลัง",
                "Finance Division",
                60,
                "minutes",
            )
        ],
        "fees": [("ค่าธรรมเนียมจดทะเบียน", "Registration fee", "50.00")],
        "documents": [ID_COPY, HOUSE_COPY],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.REGISTRATION,
        "output_detail": t("ใบทะเบียนพาณิชย์", "Commercial registration certificate"),
        "display": True,
        "form": form(
            page(
                "trade",
                "การค้า",
                "Your trade",
                field("trade_name", "text", "ชื่อที่ใช้ในการประกอบพาณิชยกิจ", "Trading name"),
                field("trade", "text", "ชนิดแห่งพาณิชยกิจ", "Kind of trade"),
                field("capital", "money", "จำนวนเงินทุน (บาท)", "Capital (baht)"),
                field("started", "date", "วันเริ่มประกอบกิจการ", "Start date"),
            ),
            business=True,
        ),
    },
    {
        "agency": BBT,
        "kind": K.NOTIFICATION,
        "audience": A.PEOPLE,
        "name": t("การแจ้งเกิด", "Birth registration"),
        "description": t(
            "แจ้งการเกิดต่อนายทะเบียนท้องถิ่นภายใน 15 วันนับแต่วันเกิด",
            "Register a birth with the local registrar within 15 days.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534 มาตรา 18",
            "Civil Registration Act B.E. 2534, section 18",
        ),
        "eligibility": t("บิดา มารดา หรือผู้ได้รับมอบหมาย", "The father, mother or an authorised person"),
        "days": 1,
        "steps": [
            (
                "ตรวจสอบหลักฐานและออกสูติบัตร",
                "Check the evidence and issue the birth certificate",
                "สำนักทะเบียนท้องถิ่นเทศบาลเมืองบางบัวทอง",
                "Local Registration Office",
                30,
                "minutes",
            )
        ],
        "no_fee": True,
        "documents": [
            (
                "หนังสือรับรองการเกิด (ท.ร.1/1) จากโรงพยาบาล",
                "Hospital birth notice (Tor.Ror.1/1)",
                True,
            ),
            ("บัตรประจำตัวประชาชนของผู้แจ้ง", "ID card of the person registering", True),
        ],
        "channels": ("in_person",),
        "assurance": "ial3",
        "output": OUT.CERTIFICATE,
        "in_person_reason": t(
            "พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534 มาตรา 18 กำหนดให้แจ้งต่อนายทะเบียนและนายทะเบียนต้องตรวจสอบตัวผู้แจ้ง",
            "Civil Registration Act B.E. 2534, section 18: the birth is registered before the registrar, who checks the person registering.",
        ),
        "output_detail": t("สูติบัตร (ท.ร.1)", "Birth certificate (Tor.Ror.1)"),
    },
    {
        "agency": BRY,
        "kind": K.MONEY_OR_WELFARE,
        "audience": A.PEOPLE,
        "name": t("การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", "Registering for the old-age allowance"),
        "description": t(
            "ผู้สูงอายุในเขตองค์การบริหารส่วนตำบลลงทะเบียนเพื่อรับเงินเบี้ยยังชีพรายเดือน",
            "Older people in the subdistrict register for the monthly allowance.",
        ),
        "legal_basis": t(
            "ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2552",
            "Ministry of Interior Regulation on old-age allowances, B.E. 2552",
        ),
        "eligibility": t(
            "มีสัญชาติไทย มีภูมิลำเนาในตำบลบางรักใหญ่ อายุ 60 ปีบริบูรณ์ขึ้นไป",
            "Thai nationals living in Bang Rak Yai aged 60 or over",
        ),
        "days": 30,
        "steps": steps(1, 28, 1, "สำนักปลัด งานพัฒนาชุมชน", "Community Development Section"),
        "no_fee": True,
        "documents": [ID_COPY, HOUSE_COPY],
        "channels": ("email", "in_person"),
        "assurance": "ial2",
        "output": OUT.MONEY,
        "output_detail": t("เงินเบี้ยยังชีพรายเดือน", "Monthly allowance"),
    },
    {
        "agency": BRY,
        "kind": K.PERMIT,
        "audience": A.BOTH,
        "name": t("การขออนุญาตจำหน่ายสินค้าในที่หรือทางสาธารณะ", "Permit to sell goods in a public place"),
        "description": t(
            "ผู้ที่จะตั้งแผงลอยหรือเร่ขายสินค้าในที่สาธารณะต้องได้รับอนุญาต",
            "Stalls and hawkers in public places need a permit.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 41", "Public Health Act B.E. 2535, section 41"
        ),
        "eligibility": t("ผู้จำหน่ายสินค้าในเขตตำบล", "Vendors in the subdistrict"),
        "days": 15,
        "steps": steps(1, 12, 2, "กองสาธารณสุข", "Public Health Division"),
        "fees": [("ค่าธรรมเนียมรายปี", "Yearly fee", "300.00")],
        "documents": [ID_COPY, ("รูปถ่ายผู้จำหน่ายขนาด 1 นิ้ว", "Photo of the vendor", False)],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.LICENCE,
        "output_detail": t("ใบอนุญาตจำหน่ายสินค้าในที่หรือทางสาธารณะ", "Street-vending permit"),
        "display": True,
        "form": form(
            page(
                "stall",
                "การจำหน่าย",
                "Selling",
                field("goods", "text", "สินค้าที่จำหน่าย", "Goods sold"),
                field(
                    "mode",
                    "choice",
                    "ลักษณะการจำหน่าย",
                    "How you sell",
                    options=options(
                        ("stall", "ตั้งแผงลอย", "Fixed stall"), ("hawker", "เร่ขาย", "Hawker")
                    ),
                ),
                field(
                    "spot",
                    "text",
                    "จุดที่ตั้งแผง",
                    "Where the stall stands",
                    show_if={"field": "mode", "equals": "stall"},
                ),
            )
        ),
    },
    {
        "agency": BRY,
        "kind": K.REQUEST_FOR_ACTION,
        "audience": A.PEOPLE,
        "name": t("การขอให้ซ่อมแซมไฟฟ้าส่องสว่างสาธารณะ", "Request to repair a street light"),
        "description": t(
            "แจ้งไฟฟ้าส่องสว่างสาธารณะชำรุดเพื่อให้องค์การบริหารส่วนตำบลซ่อมแซม",
            "Report a broken street light so the SAO repairs it.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537 มาตรา 68",
            "Tambon Council and SAO Act B.E. 2537, section 68",
        ),
        "eligibility": t("ทุกคน", "Anyone"),
        "days": 7,
        "steps": steps(1, 5, 1, "กองช่าง", "Engineering Division"),
        "no_fee": True,
        "no_documents": True,
        "channels": ("online", "email", "in_person"),
        "assurance": "none",
        "output": OUT.LETTER,
        "output_detail": t("แจ้งผลการซ่อมแซม", "Notice that the repair is done"),
        "form": {
            "version": 1,
            "pages": [
                page(
                    "light",
                    "จุดที่ชำรุด",
                    "The broken light",
                    field(
                        "where",
                        "long_text",
                        "ตำแหน่งเสาไฟหรือจุดสังเกต",
                        "Where the light is (pole number or landmark)",
                    ),
                    field(
                        "photo",
                        "file",
                        "ภาพถ่าย",
                        "Photo",
                        required=False,
                        accept=["jpg", "png"],
                        max_size_mb=5,
                    ),
                    field("phone", "phone", "หมายเลขโทรศัพท์", "Phone", required=False),
                )
            ],
        },
    },
    {
        "agency": BRY,
        "kind": K.REQUEST_FOR_ACTION,
        "audience": A.PEOPLE,
        "name": t("การขอรับการสนับสนุนน้ำอุปโภคบริโภค", "Request for drinking and household water"),
        "description": t(
            "ครัวเรือนที่ขาดแคลนน้ำขอรับการสนับสนุนน้ำอุปโภคบริโภค",
            "Households short of water ask for a water delivery.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติป้องกันและบรรเทาสาธารณภัย พ.ศ. 2550",
            "Disaster Prevention and Mitigation Act B.E. 2550",
        ),
        "eligibility": t(
            "ครัวเรือนในเขตตำบลที่ขาดแคลนน้ำ", "Households in the subdistrict short of water"
        ),
        "days": 3,
        "steps": steps(1, 1, 1, "สำนักปลัด งานป้องกันและบรรเทาสาธารณภัย", "Disaster Prevention Section"),
        "no_fee": True,
        "documents": [ID_COPY],
        "channels": ("online", "in_person"),
        "assurance": "ial1",
        "output": OUT.NONE,
        "form": form(
            page(
                "water",
                "ความต้องการ",
                "What you need",
                field(
                    "people",
                    "number",
                    "จำนวนสมาชิกในครัวเรือน",
                    "People in the household",
                    min=1,
                    max=50,
                ),
                field("litres", "number", "ปริมาณน้ำที่ต้องการ (ลิตร)", "Water needed (litres)", min=1),
            )
        ),
    },
    {
        "agency": DBD,
        "kind": K.REGISTRATION,
        "audience": A.BUSINESSES,
        "name": t("การจดทะเบียนจัดตั้งบริษัทจำกัด", "Registering a limited company"),
        "description": t(
            "จดทะเบียนหนังสือบริคณห์สนธิและจัดตั้งบริษัทในคราวเดียวกัน ผ่านระบบจดทะเบียนนิติบุคคลทางอิเล็กทรอนิกส์",
            "Register the memorandum and the company in one go, electronically.",
        ),
        "legal_basis": t(
            "ประมวลกฎหมายแพ่งและพาณิชย์ มาตรา 1097-1111",
            "Civil and Commercial Code, sections 1097-1111",
        ),
        "eligibility": t("ผู้เริ่มก่อการตั้งแต่ 2 คนขึ้นไป", "Two or more promoters"),
        "days": 1,
        "steps": [
            (
                "ตรวจสอบคำขอและรับจดทะเบียน",
                "Check the application and register",
                "สำนักทะเบียนธุรกิจ",
                "Business Registration Office",
                1,
                "days",
            )
        ],
        "fees": [
            (
                "ค่าจดทะเบียนหนังสือบริคณห์สนธิ (ทุนละ 100,000 บาท 50 บาท)",
                "Memorandum, 50 baht per 100,000 baht of capital",
                "500.00",
            ),
            (
                "ค่าจดทะเบียนจัดตั้งบริษัท (ทุนละ 100,000 บาท 500 บาท)",
                "Incorporation, 500 baht per 100,000 baht of capital",
                "5000.00",
            ),
        ],
        "documents": [
            ("แบบคำขอจดทะเบียนบริษัทจำกัด", "Company registration form", False),
            ("สำเนาบัตรประจำตัวประชาชนของกรรมการ", "Copies of the directors' ID cards", True),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.REGISTRATION,
        "output_detail": t("หนังสือรับรองการจดทะเบียนบริษัท", "Certificate of incorporation"),
        "biz_portal": date(2023, 5, 20),
        "form": form(
            page(
                "company",
                "บริษัท",
                "The company",
                field("company_name", "text", "ชื่อบริษัท", "Company name"),
                field("capital", "money", "ทุนจดทะเบียน (บาท)", "Registered capital (baht)", min=1),
                field("objects", "long_text", "วัตถุที่ประสงค์", "Objects"),
                field("office", "thai_address", "ที่ตั้งสำนักงานใหญ่", "Head office"),
            ),
            business=True,
        ),
    },
    {
        "agency": DBD,
        "kind": K.CERTIFICATE,
        "audience": A.BUSINESSES,
        "name": t("การขอหนังสือรับรองนิติบุคคล", "Company certificate (affidavit)"),
        "description": t(
            "ขอหนังสือรับรองรายการจดทะเบียนของห้างหุ้นส่วนหรือบริษัท",
            "Request a certificate of a partnership's or company's registered particulars.",
        ),
        "legal_basis": t(
            "กฎกระทรวงกำหนดค่าธรรมเนียมการจดทะเบียนห้างหุ้นส่วนและบริษัท",
            "Ministerial Regulation on fees for partnerships and companies",
        ),
        "eligibility": t("ทุกคน", "Anyone"),
        "days": 1,
        "steps": [
            (
                "ออกหนังสือรับรอง",
                "Issue the certificate",
                "สำนักข้อมูลธุรกิจ",
                "Business Information Office",
                30,
                "minutes",
            )
        ],
        "fees": [
            ("ค่าหนังสือรับรอง", "Certificate", "200.00"),
            ("ค่ารับรองสำเนาเอกสาร (หน้าละ)", "Certified copy, per page", "50.00"),
        ],
        "no_documents": True,
        "channels": ("online", "in_person"),
        "assurance": "ial1",
        "output": OUT.CERTIFICATE,
        "output_detail": t("หนังสือรับรองนิติบุคคล", "Company certificate"),
        "form": {
            "version": 1,
            "pages": [
                page(
                    "company",
                    "นิติบุคคล",
                    "The company",
                    field("company_id", "juristic_id", "เลขทะเบียนนิติบุคคล", "Juristic person ID"),
                    field("copies", "number", "จำนวนฉบับ", "Number of copies", min=1, max=20),
                    field("email", "email", "อีเมลสำหรับรับเอกสาร", "E-mail for the document"),
                )
            ],
        },
    },
    {
        "agency": OPDC,
        "kind": K.COMPLAINT,
        "audience": A.BOTH,
        "name": t(
            "การร้องเรียนการให้บริการของหน่วยงานของรัฐ", "Complaint about a state agency's service"
        ),
        "description": t(
            "ร้องเรียนเมื่อหน่วยงานของรัฐไม่รับคำขอทางอิเล็กทรอนิกส์ ให้บริการล่าช้ากว่าคู่มือ หรือเรียกเอกสารเกินที่กำหนด",
            "Complain when an agency refuses electronic applications, takes longer than its manual, or asks for more documents than it lists.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการปฏิบัติราชการทางอิเล็กทรอนิกส์ พ.ศ. 2565 มาตรา 7 และ 22",
            "Electronic Public Service Act B.E. 2565, sections 7 and 22",
        ),
        "eligibility": t("ทุกคน", "Anyone"),
        "days": 15,
        "steps": steps(1, 12, 2, "กองพัฒนาระบบราชการ", "Public Sector Development Bureau"),
        "no_fee": True,
        "no_documents": True,
        "channels": ("online", "email"),
        "assurance": "ial1",
        "output": OUT.LETTER,
        "output_detail": t("หนังสือแจ้งผล", "Letter with the outcome"),
        "citizen_portal": date(2023, 2, 1),
        "form": {
            "version": 1,
            "pages": [
                page(
                    "complaint",
                    "เรื่องร้องเรียน",
                    "Your complaint",
                    field("agency_name", "text", "หน่วยงานที่ถูกร้องเรียน", "Agency complained about"),
                    field(
                        "problem",
                        "choice",
                        "ปัญหาที่พบ",
                        "What went wrong",
                        options=options(
                            (
                                "refused",
                                "ไม่รับคำขอทางอิเล็กทรอนิกส์",
                                "Refused an electronic application",
                            ),
                            ("late", "ล่าช้ากว่าคู่มือ", "Took longer than the manual"),
                            (
                                "documents",
                                "เรียกเอกสารเกินคู่มือ",
                                "Asked for documents not in the manual",
                            ),
                            ("other", "อื่น ๆ", "Other"),
                        ),
                    ),
                    field("when", "date", "วันที่เกิดเหตุ", "When it happened", required=False),
                    field("details", "long_text", "รายละเอียด", "Details", max_length=3000),
                    field("email", "email", "อีเมลสำหรับแจ้งผล", "E-mail for the outcome"),
                )
            ],
        },
    },
    {
        "agency": OPDC,
        "kind": K.OTHER,
        "audience": A.BOTH,
        "name": t(
            "การขอคำปรึกษาเรื่องการปฏิบัติราชการทางอิเล็กทรอนิกส์", "Advice on electronic public service"
        ),
        "description": t(
            "หน่วยงานของรัฐและประชาชนขอคำปรึกษาเกี่ยวกับการปฏิบัติตามพระราชบัญญัติการปฏิบัติราชการทางอิเล็กทรอนิกส์",
            "Agencies and the public ask for advice on applying the Electronic Public Service Act.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติการปฏิบัติราชการทางอิเล็กทรอนิกส์ พ.ศ. 2565 มาตรา 22",
            "Electronic Public Service Act B.E. 2565, section 22",
        ),
        "eligibility": t("หน่วยงานของรัฐและประชาชนทั่วไป", "State agencies and the public"),
        "days": 10,
        "steps": steps(1, 8, 1, "กองนวัตกรรมบริการภาครัฐ", "Public Service Innovation Bureau"),
        "no_fee": True,
        "no_documents": True,
        "channels": ("online", "email", "in_person"),
        "assurance": "none",
        "output": OUT.LETTER,
        "output_detail": t("คำตอบเป็นลายลักษณ์อักษร", "A written answer"),
        "form": {
            "version": 1,
            "pages": [
                page(
                    "question",
                    "คำถาม",
                    "Your question",
                    field(
                        "asker",
                        "choice",
                        "ผู้ขอคำปรึกษา",
                        "You are",
                        options=options(
                            ("agency", "เจ้าหน้าที่หน่วยงานของรัฐ", "An agency officer"),
                            ("public", "ประชาชน", "A member of the public"),
                        ),
                    ),
                    field(
                        "agency_name",
                        "text",
                        "ชื่อหน่วยงาน",
                        "Agency",
                        show_if={"field": "asker", "equals": "agency"},
                    ),
                    field("question", "long_text", "คำถาม", "Question", max_length=3000),
                    field("email", "email", "อีเมลสำหรับตอบกลับ", "E-mail for the answer"),
                )
            ],
        },
    },
    {
        "agency": BBT,
        "kind": K.APPEAL,
        "audience": A.BOTH,
        "name": t(
            "การอุทธรณ์การประเมินภาษีที่ดินและสิ่งปลูกสร้าง",
            "Appeal against a land and building tax assessment",
        ),
        "description": t(
            "ผู้เสียภาษีที่ไม่เห็นด้วยกับการประเมินภาษีขอให้ทบทวนการประเมินภายใน 30 วัน",
            "Taxpayers who disagree with the assessment ask for a review within 30 days.",
        ),
        "legal_basis": t(
            "พระราชบัญญัติภาษีที่ดินและสิ่งปลูกสร้าง พ.ศ. 2562 มาตรา 73",
            "Land and Buildings Tax Act B.E. 2562, section 73",
        ),
        "eligibility": t("ผู้เสียภาษีที่ได้รับแจ้งการประเมิน", "Taxpayers who received an assessment"),
        "days": 60,
        "steps": steps(1, 55, 4, "กองคลัง งานพัฒนารายได้", "Revenue Section"),
        "no_fee": True,
        "documents": [
            ID_COPY,
            ("สำเนาหนังสือแจ้งการประเมินภาษี", "Copy of the assessment notice", True),
        ],
        "channels": ("online", "in_person"),
        "assurance": "ial2",
        "output": OUT.LETTER,
        "output_detail": t("หนังสือแจ้งผลการพิจารณาคำร้องคัดค้าน", "Decision on the appeal"),
        "form": form(
            page(
                "appeal",
                "การอุทธรณ์",
                "Your appeal",
                field("notice_no", "text", "เลขที่หนังสือแจ้งการประเมิน", "Assessment notice number"),
                field("assessed", "money", "จำนวนภาษีที่ถูกประเมิน (บาท)", "Tax assessed (baht)"),
                field("reason", "long_text", "เหตุผลที่คัดค้าน", "Why you disagree"),
            )
        ),
    },
]


def _agency(code: str) -> Agency:
    name_th, name_en, kind = AGENCIES[code]
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name_th": name_th, "name_en": name_en, "kind": kind}
    )
    return agency


def create(data: dict[str, Any]) -> Service | None:
    """One demo service with its steps, fees and documents, published; None when it exists."""
    agency = _agency(data["agency"])
    if Service.objects.filter(agency=agency, name_th=data["name"]["th"]).exists():
        return None
    channels = set(data["channels"])
    reason = data.get("in_person_reason", t("", ""))
    where = WHERE[data["agency"]]
    service = Service.objects.create(
        agency=agency,
        name_th=data["name"]["th"],
        name_en=data["name"]["en"],
        description_th=data["description"]["th"],
        description_en=data["description"]["en"],
        kind=data["kind"],
        audience=data["audience"],
        province_code="12" if data["agency"] in (BBT, BRY) else "",
        legal_basis_th=data["legal_basis"]["th"],
        legal_basis_en=data["legal_basis"]["en"],
        eligibility_th=data["eligibility"]["th"],
        eligibility_en=data["eligibility"]["en"],
        processing_days=data["days"],
        no_fee=data.get("no_fee", False),
        no_documents=data.get("no_documents", False),
        channel_online="online" in channels,
        channel_email="email" in channels,
        channel_in_person="in_person" in channels,
        in_person_reason_th=reason["th"],
        in_person_reason_en=reason["en"],
        where_th=where[0] if "in_person" in channels else "",
        where_en=where[1] if "in_person" in channels else "",
        identity_assurance=data["assurance"],
        output=data["output"],
        output_detail_th=data.get("output_detail", t("", ""))["th"],
        output_detail_en=data.get("output_detail", t("", ""))["en"],
        must_display=data.get("display", False),
        last_reviewed=date(2026, 10, 1),
        form_draft=data.get("form") or {},
        on_citizen_portal_since=data.get("citizen_portal"),
        on_biz_portal_since=data.get("biz_portal"),
    )
    for n, (d_th, d_en, r_th, r_en, duration, unit) in enumerate(data["steps"], start=1):
        service.steps.create(
            order=n,
            description_th=d_th,
            description_en=d_en,
            responsible_th=r_th,
            responsible_en=r_en,
            duration=duration,
            duration_unit=unit,
        )
    for n, (f_th, f_en, amount) in enumerate(data.get("fees", []), start=1):
        service.fees.create(
            order=n, description_th=f_th, description_en=f_en, amount=Decimal(amount)
        )
    for n, (name_th, name_en, by_agency) in enumerate(data.get("documents", []), start=1):
        service.documents.create(
            order=n,
            name_th=name_th,
            name_en=name_en,
            issued_by_agency=by_agency,
            originals=0,
            copies=1,
        )
    service.publish(by=None)
    return service


def load(out: TextIO) -> None:
    created = sum(1 for data in SERVICES if create(data) is not None)
    out.write(f"catalogue: {created} services created, {len(SERVICES) - created} already there\n")
