from decimal import Decimal

import pytest
from django.utils import translation

from eservice.payments import promptpay

# Published examples from open-source PromptPay generators (kittinan/php-promptpay-qr and
# dtinth/promptpay-qr), which Thai banks' apps accept.
PUBLISHED = [
    (
        "0899999999",
        None,
        "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29",
    ),
    (
        "089-999-9999",
        Decimal("420"),
        "00020101021229370016A000000677010111011300668999999995802TH53037645406420.006304CF9E",
    ),
    (
        "0801234567",
        None,
        "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
    ),
]


def test_the_crc_is_ccitt_false():
    assert promptpay.crc16("123456789") == "29B1"  # the catalogued check value


@pytest.mark.parametrize(("target", "amount", "expected"), PUBLISHED)
def test_transfers_match_published_payloads(target, amount, expected):
    assert promptpay.build(amount=amount, promptpay_id=target) == expected
    assert promptpay.parse(expected).amount == amount


def test_a_bill_payment_carries_biller_references_and_amount():
    payload = promptpay.build(
        amount=Decimal("500.00"),
        biller_id="099400016550001",
        ref1="BBT-2569-000123",
        ref2="INV2569000001",
    )
    top = promptpay.fields(payload)
    assert top["00"] == "01" and top["01"] == "12"
    assert top["53"] == "764" and top["54"] == "500.00" and top["58"] == "TH"
    assert promptpay.fields(top["30"]) == {
        "00": "A000000677010112",
        "01": "099400016550001",
        "02": "BBT2569000123",
        "03": "INV2569000001",
    }
    assert payload.endswith("6304" + promptpay.crc16(payload[:-4]))
    parsed = promptpay.parse(payload)
    assert (parsed.kind, parsed.biller_id, parsed.ref1, parsed.ref2) == (
        "bill_payment",
        "099400016550001",
        "BBT2569000123",
        "INV2569000001",
    )


def test_a_changed_payload_fails_its_crc():
    payload = PUBLISHED[1][2].replace("420.00", "42.000")
    with pytest.raises(promptpay.InvalidPayload, match="CRC"):
        promptpay.parse(payload)


def test_a_bad_promptpay_id_is_refused():
    with translation.override("en"), pytest.raises(ValueError, match="10-digit mobile"):
        promptpay.build(amount=None, promptpay_id="12345")


# Built by hand from the BOT layout (tag 00 "01", 01 "11"/"12", 29/30 with the AID, 58 "TH",
# 53 "764", 54 amount, 63 CRC-16/CCITT-FALSE), in the tag order of the generators above.
BILL_500 = (
    "000201"
    "010212"
    "3056"
    "0016A000000677010112"
    "0115099400016550001"
    "0213BBT2569000123"
    "5802TH"
    "5303764"
    "5406500.00"
    "63049E78"
)
BILL_REUSABLE = (
    "00020101021130560016A00000067701011201150994000165500010213BBT25690001235802TH53037646304C64E"
)
TAX_ID_REUSABLE = "00020101021129370016A000000677010111021309940001655005802TH53037646304A14B"
E_WALLET_50_25 = (
    "00020101021229390016A00000067701011103150049990002885055802TH5303764540550.256304D816"
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"amount": Decimal("500"), "biller_id": "099400016550001", "ref1": "BBT2569000123"},
            BILL_500,
        ),
        ({"amount": None, "biller_id": "099400016550001", "ref1": "BBT2569000123"}, BILL_REUSABLE),
        ({"amount": None, "promptpay_id": "0994000165500"}, TAX_ID_REUSABLE),
        ({"amount": Decimal("50.25"), "promptpay_id": "004999000288505"}, E_WALLET_50_25),
    ],
)
def test_payloads_match_the_layout_built_by_hand(kwargs, expected):
    assert promptpay.build(**kwargs) == expected
    assert promptpay.crc16(expected[:-4]) == expected[-4:]


def test_thai_digits_are_written_as_ascii_digits():
    thai_phone = promptpay.build(amount=None, promptpay_id="๐๘๙-๙๙๙-๙๙๙๙")
    assert thai_phone == PUBLISHED[0][2]
    thai_biller = promptpay.build(
        amount=Decimal("500"), biller_id="๐๙๙๔๐๐๐๑๖๕๕๐๐๐๑", ref1="BBT-๒๕๖๙-๐๐๐๑๒๓"
    )
    assert thai_biller == BILL_500
    assert thai_biller.isascii()


@pytest.mark.parametrize("other_digits", ["٠٨٩٩٩٩٩٩٩٩", "０８９９９９９９９９", "08999999O9"])
def test_digits_of_other_scripts_and_letters_are_refused(other_digits):
    with translation.override("en"), pytest.raises(ValueError, match="digits only: 0-9 or ๐-๙"):
        promptpay.build(amount=None, promptpay_id=other_digits)
    with translation.override("th"), pytest.raises(ValueError, match="ตัวเลข"):
        promptpay.build(amount=None, promptpay_id=other_digits)


@pytest.mark.parametrize("short_or_long", ["09940001655000", "0994000165500011", "0994000165500"])
def test_a_biller_id_is_fifteen_digits(short_or_long):
    with translation.override("en"), pytest.raises(ValueError, match="15 digits"):
        promptpay.build(amount=Decimal("1"), biller_id=short_or_long, ref1="A1")


def test_no_amount_or_zero_makes_the_reusable_qr_and_a_negative_one_is_refused():
    for amount in (None, Decimal("0")):
        top = promptpay.fields(promptpay.build(amount=amount, promptpay_id="0899999999"))
        assert top["01"] == "11" and "54" not in top
    with pytest.raises(ValueError):
        promptpay.build(amount=Decimal("-1"), promptpay_id="0899999999")


def test_two_long_references_keep_different_ref1():
    first = promptpay.clean_reference("PROVINCIALOFFICE-2569-0000001")
    second = promptpay.clean_reference("PROVINCIALOFFICE-2569-0000002")
    assert first != second
    assert len(first) == len(second) == 20
    assert first.startswith("PROVINCIALOF") and first.isascii() and first.isalnum()
    # The bank sends ref 1 back as printed; reading it again must not change it.
    assert promptpay.clean_reference(first) == first
    assert promptpay.clean_reference("BBT-2569-000123") == "BBT2569000123"
