from django.db import migrations, models


class Migration(migrations.Migration):
    """No two documents of one agency and kind share a number. Issuing used to count the
    year's documents, so two workers at once, or a deleted document, could repeat one; if
    this migration fails on existing duplicates, they must be resolved by hand first."""

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True),
                fields=("agency", "kind", "number"),
                name="unique_document_number",
            ),
        ),
    ]
