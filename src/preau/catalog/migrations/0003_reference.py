"""Load the ten national themes and the programmes shipped with Préau."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from preau.catalog.reference import read_reference

    Theme = apps.get_model("catalog", "Theme")
    Programme = apps.get_model("catalog", "Programme")
    themes, programmes = read_reference()
    for position, (code, name) in enumerate(themes):
        Theme.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(programmes):
        Programme.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
