"""What a teacher lives through: the e-mail's links (my registration, sign in
once), verified addresses before attestations, the summary after registering,
my registrations apart, a confirmation step before leaving."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from preau.accounts.models import User
from preau.accounts.services import user_create
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations import links, services
from preau.registrations.models import Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def _quick(client, session, callbacks, **data):
    values = {"email": "nouvelle@example.org", "first_name": "Anne", "last_name": "Prof", **data}
    with callbacks(execute=True):
        return client.post(f"/inscriptions/seances/{session.pk}/inscription/", values)


def _link(pattern: str, body: object) -> str:
    return re.search(r"http://[^/\s]+(" + pattern + r"\S*)", str(body)).group(1)


def test_quick_registration_mails_my_registration_and_a_one_time_sign_in_link(
    net, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    client = Client()
    response = _quick(client, session, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    summary = client.get(response["Location"]).content.decode()
    assert "Consultez votre messagerie" in summary and session.offer.title in summary
    message = next(m for m in mail.outbox if "Inscription confirmée" in m.subject)
    page = _link("/inscriptions/mon-inscription/", message.body)
    signin = _link("/compte/connexion/lien/", message.body)
    # The signed page shows this registration without logging in, with the
    # person's own check-in link.
    shown = Client().get(page).content.decode()
    assert "Vous êtes inscrit" in shown and 'id="item-checkin"' in shown
    assert "/presence/" in shown[shown.index('id="item-checkin"') :]
    # A mail scanner's GET signs nobody in and spends nothing.
    scanner = Client()
    assert "Me connecter" in scanner.get(signin).content.decode()
    assert "_auth_user_id" not in scanner.session
    user = User.objects.get(email="nouvelle@example.org")
    assert user.email_verified_at is None
    landed = client.post(signin, follow=True)
    registration = Registration.objects.get()
    assert landed.redirect_chain[-1][0] == f"/inscriptions/{registration.pk}/"
    assert int(client.session["_auth_user_id"]) == user.pk
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert session.offer.title in client.get("/inscriptions/").content.decode()
    # Used once: another browser cannot use it again.
    assert Client().post(signin).status_code == 410


def test_a_registration_link_opens_only_its_own_registration_and_purpose(net):
    session = open_session(net.x1)
    anne, bob = user_with_role(), user_with_role()
    mine = services.registration_create(session=session, user=anne)
    other = services.registration_create(session=session, user=bob)
    client = Client()
    assert client.get(links.page_path(mine)).status_code == 200
    # A cancel link is not a page link, and a page link does not cancel.
    cancel_token = links.token_for(mine, "annuler")
    assert client.get(f"/inscriptions/mon-inscription/{cancel_token}/").status_code == 404
    page_token = links.token_for(mine, "page")
    assert client.post(f"/inscriptions/lien/annuler/{page_token}/").status_code == 404
    # A token whose person is not the registration's person opens nothing.
    forged = type("R", (), {"pk": other.pk, "user_id": anne.pk})()
    assert client.get(links.page_path(forged)).status_code == 404
    assert client.get(links.page_path(mine)[:-3] + "xx/").status_code == 404
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED


def test_a_wrong_email_keeps_what_was_typed(net, django_capture_on_commit_callbacks):
    session = open_session(net.x1)
    response = _quick(Client(), session, django_capture_on_commit_callbacks, email="anne@@x")
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="anne@@x"' in body and 'value="Anne"' in body and 'value="Prof"' in body
    assert "Saisissez une adresse de courriel valide" in body
    assert not Registration.objects.exists() and mail.outbox == []


def test_my_registrations_apart_and_leaving_a_waitlist_is_confirmed_first(
    net, django_capture_on_commit_callbacks
):
    full = open_session(net.x1, capacity=1)
    services.registration_create(session=full, user=user_with_role())
    teacher = user_with_role()
    waiting = services.registration_create(session=full, user=teacher)
    other = open_session(net.x1)
    left = services.registration_create(session=other, user=teacher)
    services.registration_cancel(registration=left, actor=teacher)
    client = Client()
    client.login(username=teacher.email, password=TEST_PASSWORD)
    page = client.get("/inscriptions/").content.decode()
    upcoming = page[page.index('id="upcoming"') : page.index('id="cancelled"')]
    assert full.offer.title in upcoming and "Quitter la liste d’attente" in upcoming
    assert other.offer.title in page[page.index('id="cancelled"') :]
    step = client.get(f"/inscriptions/{waiting.pk}/annuler/")
    assert "Quitter la liste d’attente de cette séance ?" in step.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/inscriptions/{waiting.pk}/annuler/", follow=True)
    assert "Vous avez quitté la liste d’attente." in done.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED


def test_registering_while_logged_in_leads_to_the_registration_page(net):
    session = open_session(net.x1)
    teacher = user_with_role()
    client = Client()
    client.login(username=teacher.email, password=TEST_PASSWORD)
    response = client.post(f"/inscriptions/seances/{session.pk}/inscription/", follow=True)
    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == f"/inscriptions/{registration.pk}/"
    assert "Mon inscription" in response.content.decode()


def test_an_unverified_address_waits_for_its_attestation(net, django_capture_on_commit_callbacks):
    from preau.accounts.signin import user_email_verify
    from preau.credentials.models import Attestation
    from preau.credentials.services import attestations_issue

    session = open_session(net.x1)
    person = user_create(email="importee@example.org", first_name="Iris", last_name="Prof")
    registration = services.registration_create(session=session, user=person)
    Registration.objects.filter(pk=registration.pk).update(attended_minutes=180)
    assert attestations_issue(session=session) == 0
    page = Client().get(links.page_path(registration)).content.decode()
    assert "attendent la confirmation de votre adresse" in page
    user_email_verify(user=person, how="signin_link")
    assert Attestation.objects.filter(user=person).count() == 2
    page = Client().get(links.page_path(registration)).content.decode()
    pdf = re.search(r'href="(/attestations/lien/[^"]+)"', page).group(1)
    response = Client().get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_signing_up_verifies_the_address(net):
    from preau.accounts.services import user_password_set

    person = user_create(email="signup@example.org")
    assert person.email_verified_at is None
    user_password_set(user=person, password="un-long-mot-de-passe-42", reason="reset")
    person.refresh_from_db()
    assert person.email_verified_at is not None


def test_the_session_page_says_where_who_until_when_and_offers_other_sessions(net):
    from preau.scheduling.testing import morning, next_weekday

    trainer = user_with_role()
    net.x1.address, net.x1.postal_code = "3 rue des Écoles", "21000"
    net.x1.accessibility = "Tram T1, arrêt Université."
    net.x1.save()
    full = open_session(net.x1, capacity=1, trainers=[trainer])
    services.registration_create(session=full, user=user_with_role())
    other = open_session(net.x1, offer=full.offer, slots=(morning(next_weekday(weeks_ahead=5)),))
    body = Client().get(f"/seances/{full.pk}/").content.decode()
    assert "3 rue des Écoles" in body and "Tram T1" in body
    assert trainer.last_name in body
    assert "Inscriptions jusqu’au" in body
    assert f"/seances/{other.pk}/" in body[body.index('id="other-sessions"') :]
    assert f"/seances/{full.pk}/seance.ics" in body
    calendar = Client().get(f"/seances/{full.pk}/seance.ics").content.decode()
    assert calendar.count("BEGIN:VEVENT") == 1


def test_a_started_session_shows_no_register_button(net):
    session = open_session(net.x1)
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save(update_fields=["starts_at"])
    body = Client().get(f"/seances/{session.pk}/").content.decode()
    assert "La séance a commencé" in body
    assert "/inscription/" not in body and "S’inscrire" not in body
