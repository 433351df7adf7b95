"""A mail server that accepts and never answers does not hold up a
registration: the request returns at once, the registration is kept, and the
confirmation e-mail is tried again in the background, then given up."""

import logging

import pytest

from preau.core.mail import outbox
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.testing_mail import silent_smtp
from preau.registrations.models import Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_silent_mail_server_does_not_hold_up_a_registration(client, net, settings, caplog):
    settings.PREAU_EMAIL_ATTEMPTS, settings.PREAU_EMAIL_RETRY_SECONDS = 2, 0.1
    session = open_session(net.x1)
    person = user_with_role()
    client.login(email=person.email, password=TEST_PASSWORD)
    # Each attempt waits 10 s for a server that never answers: had the request waited for
    # the e-mail, both attempts would be over when it returns. No clock is read here.
    with silent_smtp(settings, timeout=10) as server, caplog.at_level(logging.WARNING):
        response = client.post(f"/inscriptions/seances/{session.pk}/inscription/")
        assert response.status_code == 302
        assert not outbox.wait(timeout=0)  # the e-mail is still being tried, in the background
        assert Registration.objects.get(session=session, user=person).status == "confirmed"

        assert outbox.wait(timeout=60)  # both attempts waited 10 s each, in the background
        assert len(server.connections) == 2
    assert "attempt 1 of 2" in caplog.text and "after 2 attempts" in caplog.text
    assert person.email not in caplog.text  # logs never hold addresses
