from django.conf import settings
from django.db import migrations, models


def fill_receiving_account(apps, schema_editor):
    """Payments recorded before: statements are of their agency's account, callbacks of the
    provider's merchant id (as Payment.statement_account and provider_account say)."""
    Payment = apps.get_model("payments", "Payment")
    Agency = apps.get_model("registry", "Agency")
    codes = dict(Agency.objects.values_list("pk", "code"))
    for payment in Payment.objects.filter(receiving_account=""):
        if payment.source == "provider":
            payment.receiving_account = f"provider:{settings.PAYMENT_PROVIDER_MERCHANT_ID}"
        else:
            payment.receiving_account = f"statement:{codes.get(payment.agency_id, '')}"
        payment.save(update_fields=["receiving_account"])


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="receiving_account",
            field=models.CharField(default="", max_length=80, verbose_name="receiving account"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_receiving_account, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="payment", name="one_payment_per_txn"),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(
                fields=("receiving_account", "external_id"), name="one_payment_per_account_txn"
            ),
        ),
    ]
