from django.db import migrations

from fotfaste.reference import data


def load(apps, schema_editor):
    County = apps.get_model("reference", "County")
    Municipality = apps.get_model("reference", "Municipality")
    County.objects.bulk_create([County(code=c, name=n) for c, n in data.counties()], ignore_conflicts=True)
    Municipality.objects.bulk_create(
        [Municipality(code=c, name=n, county_id=lc) for c, n, lc in data.municipalities()], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
