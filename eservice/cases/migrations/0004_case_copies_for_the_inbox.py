from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_requests(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Request = apps.get_model("intake", "Request")
    same = Request.objects.filter(pk=OuterRef("pk"))
    Case.objects.update(
        reference=Subquery(same.values("reference")[:1]),
        applicant_name=Subquery(same.values("applicant_name")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_inbox_index_with_tiebreak"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="reference",
            field=models.CharField(
                db_index=True, default="", max_length=40, verbose_name="reference"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="applicant_name",
            field=models.CharField(default="", max_length=255, verbose_name="applicant"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_from_requests, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="case", name="case_open_by_due_on"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["agency", "due_on", "request"],
                include=["status", "assignee", "decided_at", "paused_since"],
                name="case_open_inbox",
            ),
        ),
    ]
