"""Ship the first edition of the guide, written from the domain brief (see guide/)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

EDITION = Path(__file__).resolve().parent.parent / "guide" / "edition-1.json"
LIST_FIELDS = ("preparation", "recommendations", "cautions")


def load(apps, schema_editor):
    GuideEdition = apps.get_model("oversight", "GuideEdition")
    Tool = apps.get_model("oversight", "Tool")
    data = json.loads(EDITION.read_text(encoding="utf-8"))
    if GuideEdition.objects.filter(number=data["number"]).exists():
        return
    edition = GuideEdition.objects.create(
        number=data["number"],
        title_th=data["title_th"],
        title_en=data["title_en"],
        changes=data["changes"],
        published_at=timezone.now(),
    )
    tools = []
    for order, item in enumerate(data["tools"], start=1):
        fields = {k: v for k, v in item.items() if not k.startswith(LIST_FIELDS)}
        for name in LIST_FIELDS:
            for lang in ("th", "en"):
                fields[f"{name}_{lang}"] = "\n".join(item[f"{name}_{lang}"])
        tools.append(Tool(edition=edition, order=order, **fields))
    Tool.objects.bulk_create(tools)


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
