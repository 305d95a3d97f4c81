from django.db import migrations, models
from django.db.models import Count


def no_duplicates(apps, schema_editor):
    """Name any numbers given twice before the constraint fails on them: they are printed
    on signed documents, so an officer must decide which document keeps its number."""
    Document = apps.get_model("documents", "Document")
    repeated = (
        Document.objects.exclude(number="")
        .values("agency__code", "kind", "number")
        .annotate(times=Count("pk"))
        .filter(times__gt=1)
    )
    if repeated:
        listed = "; ".join(
            f"agency {r['agency__code']}, {r['kind']} {r['number']} ({r['times']} documents)"
            for r in repeated[:20]
        )
        raise RuntimeError(
            f"Document numbers given more than once: {listed}. Renumber or revoke and "
            "reissue all but one of each, then migrate again."
        )


class Migration(migrations.Migration):
    """No two documents of one agency and kind share a number. Issuing used to count the
    year's documents, so two workers at once, or a deleted document, could repeat one; if
    this migration fails on existing duplicates, they must be resolved by hand first."""

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(no_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True),
                fields=("agency", "kind", "number"),
                name="unique_document_number",
            ),
        ),
    ]
