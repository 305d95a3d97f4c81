"""PromptPay QR payloads: EMVCo merchant-presented QR as profiled by the Bank of Thailand.

Fields are TLV: a two-digit tag, a two-digit length, the value. The tag order follows the
payloads Thai banks' apps and the common open-source generators produce, so that a payload
can be compared byte for byte with published examples.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

BILL_PAYMENT_AID = "A000000677010112"  # tag 30: to a biller, with references
TRANSFER_AID = "A000000677010111"  # tag 29: to a PromptPay id
CURRENCY_THB = "764"
COUNTRY = "TH"

# Bill-payment references: up to 20 upper-case letters and digits.
REFERENCE_RE = re.compile(r"^[A-Z0-9]{1,20}$")


class InvalidPayload(ValueError):
    """The payload is not a PromptPay QR, or its checksum is wrong."""


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"Field {tag} is too long for a QR payload.")
    return f"{tag}{len(value):02d}{value}"


def promptpay_target(identifier: str) -> str:
    """Sub-tag and value for a PromptPay id: mobile (01), citizen/tax id (02), e-wallet (03)."""
    digits = re.sub(r"\D", "", identifier)
    if len(digits) == 10 and digits.startswith("0"):
        return tlv("01", ("66" + digits[1:]).rjust(13, "0"))
    if len(digits) == 13:
        return tlv("02", digits)
    if len(digits) == 15:
        return tlv("03", digits)
    raise ValueError(
        "A PromptPay id is a 10-digit mobile number, a 13-digit id or a 15-digit e-wallet."
    )


def clean_reference(value: str) -> str:
    """References as banks accept them: upper-case letters and digits, at most 20."""
    cleaned = re.sub(r"[^A-Z0-9]", "", value.upper())[:20]
    if not cleaned:
        raise ValueError("A bill-payment reference needs letters or digits.")
    return cleaned


def build(
    *,
    amount: Decimal | None,
    biller_id: str = "",
    ref1: str = "",
    ref2: str = "",
    promptpay_id: str = "",
) -> str:
    """A bill payment (tag 30) when biller_id is given, else a transfer to promptpay_id
    (tag 29). With an amount the QR is for one payment (01 = "12"), else reusable ("11")."""
    if biller_id:
        account = tlv(
            "30",
            tlv("00", BILL_PAYMENT_AID)
            + tlv("01", biller_id)
            + tlv("02", clean_reference(ref1))
            + (tlv("03", clean_reference(ref2)) if ref2 else ""),
        )
    elif promptpay_id:
        account = tlv("29", tlv("00", TRANSFER_AID) + promptpay_target(promptpay_id))
    else:
        raise ValueError("Give a biller id or a PromptPay id.")
    payload = (
        tlv("00", "01")
        + tlv("01", "12" if amount is not None else "11")
        + account
        + tlv("58", COUNTRY)
        + tlv("53", CURRENCY_THB)
        + (tlv("54", f"{amount:.2f}") if amount is not None else "")
        + "6304"
    )
    return payload + crc16(payload)


def fields(payload: str) -> dict[str, str]:
    """Split one level of TLV fields."""
    result: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit():
            raise InvalidPayload(f"Broken field at position {i}.")
        end = i + 4 + int(length)
        if end > len(payload):
            raise InvalidPayload(f"Field {tag} is longer than the payload.")
        result[tag] = payload[i + 4 : end]
        i = end
    return result


@dataclass
class Parsed:
    kind: str  # "bill_payment" or "transfer"
    amount: Decimal | None
    currency: str
    country: str
    biller_id: str = ""
    ref1: str = ""
    ref2: str = ""
    promptpay_id: str = ""


def parse(payload: str) -> Parsed:
    """Read a PromptPay payload back, checking its CRC."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise InvalidPayload("The payload does not end with a CRC field (6304).")
    if crc16(payload[:-4]) != payload[-4:].upper():
        raise InvalidPayload("The CRC does not match: the payload was changed or misread.")
    top = fields(payload)
    if top.get("00") != "01":
        raise InvalidPayload("Not an EMVCo payload (field 00 must be 01).")
    amount = Decimal(top["54"]) if "54" in top else None
    common = {"amount": amount, "currency": top.get("53", ""), "country": top.get("58", "")}
    if "30" in top:
        sub = fields(top["30"])
        if sub.get("00") != BILL_PAYMENT_AID:
            raise InvalidPayload("Field 30 is not a PromptPay bill payment.")
        return Parsed(
            "bill_payment",
            biller_id=sub.get("01", ""),
            ref1=sub.get("02", ""),
            ref2=sub.get("03", ""),
            **common,  # type: ignore[arg-type]
        )
    if "29" in top:
        sub = fields(top["29"])
        if sub.get("00") != TRANSFER_AID:
            raise InvalidPayload("Field 29 is not a PromptPay transfer.")
        target = sub.get("01") or sub.get("02") or sub.get("03") or ""
        return Parsed("transfer", promptpay_id=target, **common)  # type: ignore[arg-type]
    raise InvalidPayload("The payload has neither a PromptPay bill payment nor a transfer.")
