from decimal import Decimal

import pytest

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
    with pytest.raises(ValueError, match="10-digit mobile"):
        promptpay.build(amount=None, promptpay_id="12345")
