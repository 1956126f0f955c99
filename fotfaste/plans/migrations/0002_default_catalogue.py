from django.db import migrations

from fotfaste.plans.rules import DEFAULT_CATALOGUE


def add_catalogue(apps, schema_editor):
    MeasureType = apps.get_model("plans", "MeasureType")
    for order, (name, category, description) in enumerate(DEFAULT_CATALOGUE, start=1):
        MeasureType.objects.get_or_create(
            name=name, defaults={"scb_category": category, "description": description, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
