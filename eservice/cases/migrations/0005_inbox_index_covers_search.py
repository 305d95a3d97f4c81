from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_copies_for_the_inbox"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_open_inbox"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["agency", "due_on", "request"],
                include=[
                    "status",
                    "assignee",
                    "decided_at",
                    "paused_since",
                    "reference",
                    "applicant_name",
                ],
                name="case_inbox_covering",
            ),
        ),
    ]
