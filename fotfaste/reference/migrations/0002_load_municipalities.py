from django.db import migrations

from fotfaste.reference import data


def load(apps, schema_editor):
    data.load_tables(apps.get_model("reference", "County"), apps.get_model("reference", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
