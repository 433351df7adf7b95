from django.db import migrations, models
from django.db.models import F


def existing_passwords_verified(apps, schema_editor):
    """Accounts that have a password chose it from an e-mailed link (sign-up,
    invitation, reset) or were made by an administrator: take their address as
    verified. Accounts created without password (registration by e-mail,
    imports, partners' lists) wait for their owner to follow a link."""
    User = apps.get_model("accounts", "User")
    User.objects.exclude(password__startswith="!").exclude(password="").update(
        email_verified_at=F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_affiliation_verified"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mail address verified"
            ),
        ),
        migrations.RunPython(existing_passwords_verified, migrations.RunPython.noop),
    ]
