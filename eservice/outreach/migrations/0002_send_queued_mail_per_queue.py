from django.db import migrations

OLD = "eservice.outreach.tasks.send_mail"
NEW = "eservice.outreach.tasks.send_queued_mail"


def per_queue(apps, schema_editor):
    """Tasks that were waiting to send one message each (outreach.tasks.send_mail, before
    mail was sent per queue) become waiting sends of their queue, instead of failing with an
    import error while their mail waits for the sweeper."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for task in DBTaskResult.objects.filter(task_path=OLD, status="READY"):
        task.task_path = NEW
        task.args_kwargs = {"args": [task.queue_name], "kwargs": {}}
        task.save(update_fields=["task_path", "args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(per_queue, migrations.RunPython.noop)]
