from typing import TextIO

from eservice.payments.models import PaymentAccount
from eservice.registry.models import Agency

# A made-up biller id (tax id 0994000165500 + suffix 01): demo QR codes decode, banks refuse.
DEMO_BILLER_SUFFIX = "01"


def load(out: TextIO) -> None:
    made = 0
    with_services = Agency.objects.filter(services__isnull=False, payment_account__isnull=True)
    for agency in with_services.distinct():
        digits = "".join(c for c in agency.code if c.isdigit()).rjust(13, "0")[:13]
        PaymentAccount.objects.create(
            agency=agency,
            biller_id=digits + DEMO_BILLER_SUFFIX,
            account_name=agency.name_th,
        )
        made += 1
    out.write(f"demo PromptPay accounts: {made}\n")
