"""Sensible synonyms to start with; editors change them at /catalogue/synonymes/."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from preau.catalog.synonyms import SEED, _key

    Synonym = apps.get_model("catalog", "Synonym")
    for term, equivalent in SEED:
        Synonym.objects.get_or_create(
            folded=_key(term, equivalent), defaults={"term": term, "equivalent": equivalent}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_search_forgiving")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
