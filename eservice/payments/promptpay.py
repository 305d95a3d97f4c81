"""PromptPay QR payloads: EMVCo merchant-presented QR as profiled by the Bank of Thailand.

Fields are TLV: a two-digit tag, a two-digit length, the value. The tag order follows the
payloads Thai banks' apps and the common open-source generators produce, so that a payload
can be compared byte for byte with published examples.
"""

import base64
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from pythainlp.util import thai_digit_to_arabic_digit

BILL_PAYMENT_AID = "A000000677010112"  # tag 30: to a biller, with references
TRANSFER_AID = "A000000677010111"  # tag 29: to a PromptPay id
CURRENCY_THB = "764"
COUNTRY = "TH"

# Bill-payment references: up to 20 upper-case letters and digits.
REFERENCE_LENGTH = 20
# What people type between digit groups ("081-234-5678", "0-9940-00165-50-0 01").
SEPARATORS_RE = re.compile(r"[\s-]")


class InvalidPayload(ValueError):
    """The payload is not a PromptPay QR, or its checksum is wrong."""


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"Field {tag} is too long for a QR payload.")
    return f"{tag}{len(value):02d}{value}"


def ascii_digits(value: str) -> str:
    """The digits of an id as the payload must carry them: ASCII 0-9 only. Thai digits
    (๐-๙) are read as their ASCII twins; a bank's app cannot read them in a QR, and Python's
    \\d would let them (and every other script's digits) through."""
    digits = SEPARATORS_RE.sub("", thai_digit_to_arabic_digit(value))
    if not re.fullmatch(r"[0-9]*", digits, flags=re.ASCII):
        raise ValueError(_("Use digits only: 0-9 or ๐-๙, with spaces or dashes between them."))
    return digits


def clean_biller_id(value: str) -> str:
    """A biller id: the agency's 13-digit tax id and a 2-digit suffix, 15 ASCII digits."""
    digits = ascii_digits(value)
    if len(digits) != 15:
        raise ValueError(
            _("A PromptPay biller id has 15 digits; this one has %(count)d.")
            % {"count": len(digits)}
        )
    return digits


def promptpay_target(identifier: str) -> str:
    """Sub-tag and value for a PromptPay id: mobile (01), citizen/tax id (02), e-wallet (03)."""
    digits = ascii_digits(identifier)
    if len(digits) == 10 and digits.startswith("0"):
        return tlv("01", ("66" + digits[1:]).rjust(13, "0"))
    if len(digits) == 13:
        return tlv("02", digits)
    if len(digits) == 15:
        return tlv("03", digits)
    raise ValueError(
        _("A PromptPay id is a 10-digit mobile number, a 13-digit id or a 15-digit e-wallet.")
    )


def clean_reference(value: str) -> str:
    """References as banks accept them: upper-case letters and digits, at most 20. A longer
    reference keeps its first 12 characters and gets 8 from a hash of the whole, so two long
    references that share a beginning still get different references (cutting at 20 would
    give them one, and a payment for one would be matched to the other)."""
    cleaned = re.sub(r"[^A-Z0-9]", "", thai_digit_to_arabic_digit(value).upper())
    if not cleaned:
        raise ValueError(_("A bill-payment reference needs letters or digits."))
    if len(cleaned) <= REFERENCE_LENGTH:
        return cleaned
    # Base32 is upper-case letters and 2-7, which banks accept in a reference.
    suffix = base64.b32encode(hashlib.sha256(cleaned.encode()).digest()).decode()[:8]
    return cleaned[: REFERENCE_LENGTH - 8] + suffix


def build(
    *,
    amount: Decimal | None,
    biller_id: str = "",
    ref1: str = "",
    ref2: str = "",
    promptpay_id: str = "",
) -> str:
    """A bill payment (tag 30) when biller_id is given, else a transfer to promptpay_id
    (tag 29). With an amount the QR is for one payment (01 = "12", amount in tag 54); without
    one, or with zero as the reference generators read it, the QR is reusable ("11", no tag
    54) and the payer types the amount."""
    if amount is not None and amount < 0:
        raise ValueError(_("A QR code cannot ask for a negative amount."))
    fixed_amount = amount if amount else None
    if biller_id:
        account = tlv(
            "30",
            tlv("00", BILL_PAYMENT_AID)
            + tlv("01", clean_biller_id(biller_id))
            + tlv("02", clean_reference(ref1))
            + (tlv("03", clean_reference(ref2)) if ref2 else ""),
        )
    elif promptpay_id:
        account = tlv("29", tlv("00", TRANSFER_AID) + promptpay_target(promptpay_id))
    else:
        raise ValueError("Give a biller id or a PromptPay id.")
    payload = (
        tlv("00", "01")
        + tlv("01", "12" if fixed_amount is not None else "11")
        + account
        + tlv("58", COUNTRY)
        + tlv("53", CURRENCY_THB)
        + (tlv("54", f"{fixed_amount:.2f}") if fixed_amount is not None else "")
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
