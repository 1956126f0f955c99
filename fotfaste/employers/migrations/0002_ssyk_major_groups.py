import csv
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "data" / "ssyk2012_huvudgrupper.csv"


def load(apps, schema_editor):
    Occupation = apps.get_model("employers", "Occupation")
    with FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            Occupation.objects.update_or_create(
                code=row["kod"], defaults={"name": row["benamning"], "source": "SSYK 2012 huvudgrupper (Fotfäste)"}
            )


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
