"""Local dates of slots and sessions, so that indicators count an overseas
session in the period of its own calendar day."""

from zoneinfo import ZoneInfo

from django.db import migrations, models


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Slot = apps.get_model("scheduling", "Slot")
    TrainingSession = apps.get_model("scheduling", "TrainingSession")
    zones: dict[str, ZoneInfo] = {}
    for session in TrainingSession.objects.select_related("atelier").iterator():
        name = session.atelier.timezone if session.atelier_id else "Europe/Paris"
        zone = zones.setdefault(name, ZoneInfo(name))
        slots = list(Slot.objects.filter(session=session))
        for slot in slots:
            slot.day = slot.starts_at.astimezone(zone).date()
        Slot.objects.bulk_update(slots, ["day"])
        if session.starts_at:
            session.start_day = session.starts_at.astimezone(zone).date()
            session.save(update_fields=["start_day"])


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0003_trainingsession_requires_approval")]

    operations = [
        migrations.AddField(
            model_name="trainingsession",
            name="start_day",
            field=models.DateField(db_index=True, null=True, verbose_name="first day"),
        ),
        migrations.AddField(
            model_name="slot",
            name="day",
            field=models.DateField(db_index=True, null=True, verbose_name="day"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="slot",
            name="day",
            field=models.DateField(db_index=True, verbose_name="day"),
        ),
    ]
