"""E-mails are logged for their recipient, use the operator's wording when there
is one (variables only), fall back to the default otherwise, and the reminder
goes once."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts import wordings
from preau.accounts.roles import Role
from preau.core.models import MessageTemplate, SentMessage
from preau.core.testing import user_with_role
from preau.registrations import messages as kinds
from preau.registrations import services
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def test_a_confirmation_is_logged_for_its_recipient_without_its_body(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    person = user_with_role()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, user=person)
    (mail,) = mailoutbox
    (log,) = SentMessage.objects.filter(recipient=person)
    assert log.key == "registrations.confirmed" and log.status == SentMessage.Status.SENT
    assert log.subject == mail.subject and mail.subject.startswith("Inscription confirmée")
    assert log.sent_at is not None and log.language == "fr"
    assert not hasattr(log, "body")  # bodies hold signed links: never kept


def test_an_edited_wording_is_sent_with_its_placeholders_filled(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    wordings.message_template_save(
        actor=admin, kind=kinds.CONFIRMED, language="fr",
        subject="C’est noté : {{ offer_title }}",
        body="Bonjour {{ name }},\n{{ session }}\nAnnuler : {{ cancel_link }}\n",
    )  # fmt: skip
    session = open_session(net.x1)
    person = user_with_role()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, user=person)
    (mail,) = mailoutbox
    assert mail.subject == f"C’est noté : {session.offer.title}"
    assert mail.body.startswith(f"Bonjour {person.first_name},\n{session.offer.title}\n")
    assert "/lien/annuler/" in mail.body
    assert SentMessage.objects.get(recipient=person).subject == mail.subject


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{% load log %}{% get_admin_log 10 as x %}", "les balises ne sont pas autorisées"),
        ("{{ r.user.password }}", "sans point ni filtre"),
        ("{{ name|upper }}", "sans point ni filtre"),
        ("{{ secret }}", "n’est pas une variable de ce message"),
    ],
)
def test_a_wording_reaching_beyond_its_placeholders_is_refused(net, body, problem):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    with pytest.raises(ValidationError) as refused:
        wordings.message_template_save(
            actor=admin, kind=kinds.CONFIRMED, language="fr", subject="Objet", body=body
        )
    assert any(problem in m for m in refused.value.messages)
    assert not MessageTemplate.objects.exists()


def test_only_national_administrators_edit_wordings(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    with pytest.raises(PermissionDenied):
        wordings.message_template_save(
            actor=manager, kind=kinds.CONFIRMED, language="fr", subject="Objet", body="Texte"
        )


def test_a_broken_wording_falls_back_to_the_default_and_is_logged(
    net, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    # Stored by other means (an old version, the admin site): not usable as it is.
    MessageTemplate.objects.create(
        key=kinds.CONFIRMED.key, language="fr", subject="{{ nope }}", body="{% debug %}"
    )
    session = open_session(net.x1)
    person = user_with_role()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, user=person)
    (mail,) = mailoutbox
    assert mail.subject.startswith("Inscription confirmée")
    assert "Votre inscription est confirmée" in mail.body
    assert "registrations.confirmed (fr): edited wording not usable" in caplog.text
    assert person.email not in caplog.text


def test_the_english_wording_is_used_in_english(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    session = open_session(net.x1)
    person = user_with_role()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, user=person)
    assert mailoutbox[0].subject.startswith("Registration confirmed")
    assert SentMessage.objects.get(recipient=person).language == "en"


def test_the_editor_default_is_the_file_template_with_its_placeholders():
    from preau.core.messaging import default_wording

    subject, body = default_wording(kinds.REMINDER, "fr")
    assert subject == "Rappel : {{ offer_title }}"
    assert "Bonjour {{ name }}," in body and "Adresse : {{ address }}" in body
    assert "{{ cancel_link }}" in body


def test_the_reminder_goes_once_with_address_and_access(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    atelier = net.x1
    atelier.address, atelier.postal_code, atelier.town = "12 rue Monge", "21000", "Dijon"
    atelier.accessibility = "Ascenseur au fond de la cour."
    atelier.save()
    session = open_session(atelier)
    person = user_with_role()
    registration = services.registration_create(session=session, user=person)
    assert session.starts_at is not None
    due = session.starts_at - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=due) == 1
        assert services.reminders_send(now=due) == 0
        # Even if the claim were lost, the message log refuses a second reminder.
        registration.__class__.objects.filter(pk=registration.pk).update(reminded_at=None)
        services.reminders_send(now=due)
    reminders = [m for m in mailoutbox if m.subject.startswith("Rappel")]
    assert len(reminders) == 1
    assert "Adresse : " in reminders[0].body and "12 rue Monge, 21000 Dijon" in reminders[0].body
    assert "Accès : Ascenseur au fond de la cour." in reminders[0].body
    assert SentMessage.objects.filter(recipient=person, key="registrations.reminder").count() == 1


def test_every_default_body_reads_only_its_declared_placeholders():
    """The editor shows a default as text with its placeholders: a variable the
    kind does not declare would vanish from it (and an edited wording could not use it)."""
    import re
    from pathlib import Path

    from django.template import Engine

    import preau.credentials.messages
    import preau.scheduling.messages  # registers its kinds
    from preau.core.messaging import kinds as all_kinds

    assert preau.credentials.messages.AVAILABLE
    for kind in all_kinds():
        _template, origin = Engine.get_default().find_template(kind.template)
        source = Path(origin.name).read_text(encoding="utf-8")
        used = set(re.findall(r"{{\s*([a-z_]+)\s*}}", source))
        used |= set(re.findall(r"{%\s*if\s+([a-z_]+)", source))
        used -= set(re.findall(r"with\s+([a-z_]+)=", source))  # blocktranslate's own names
        assert used <= kind.names, (kind.key, used - kind.names)
        assert preau.scheduling.messages.TRAINER_ASSIGNED
