"""Load the versions shipped in fotfaste/scb/versions/ (the best known; docs/scb.md says how to check them)."""

import json
from pathlib import Path

from django.db import migrations

VERSIONS = Path(__file__).resolve().parents[1] / "versions"


def load(apps, schema_editor):
    ScbVersion = apps.get_model("scb", "ScbVersion")
    for path in sorted(VERSIONS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ScbVersion.objects.get_or_create(
            code=data["version"],
            defaults={
                "applies_from": data["galler_fran"],
                "spec": data,
                "checked": bool(data.get("kontrollerad")),
                "updated_by_name": "Fotfäste (levererad version)",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("scb", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
