"""Reserved seats need a verified affiliation: what a person types in their
profile gets them only unreserved seats, and the session page says why."""

import pytest

from preau.accounts.affiliation import affiliation_verify
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.network.services import school_get_or_create
from preau.registrations import services
from preau.scheduling import services as scheduling
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def _session_with_quota(net, capacity=2, **beneficiary):
    session = open_session(net.x1, capacity=capacity)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    scheduling.session_quota_set(actor=manager, session=session, seats=1, **beneficiary)
    return session


def _claims(academie=None, school=None):
    person = user_with_role()
    person.save(update_fields=person.set_workplace(academie, school))
    return person


def test_a_typed_academie_takes_only_unreserved_seats_until_verified(net, client):
    session = _session_with_quota(net, academie=net.a1)
    services.registration_create(session=session, user=user_with_role())  # the unreserved seat
    claimant = _claims(academie=net.a1)
    client.login(email=claimant.email, password=TEST_PASSWORD)
    page = client.get(f"/seances/{session.pk}/").content.decode()
    assert 'id="reserved-unverified"' in page and "/compte/#affiliation" in page
    waiting = services.registration_create(session=session, user=claimant)
    assert waiting.status == "waitlisted"  # the reserved seat stays free
    affiliation_verify(user=claimant, how="partner", actor=None, academie=True)
    waiting.refresh_from_db()
    assert waiting.status == "offered" and waiting.quota is not None  # at once
    verified = _claims(academie=net.a1)
    affiliation_verify(user=verified, how="email", actor=None, academie=True)
    client.login(email=verified.email, password=TEST_PASSWORD)
    assert 'id="reserved-unverified"' not in client.get(f"/seances/{session.pk}/").content.decode()


def test_a_school_seat_needs_the_school_verified_not_only_the_academie(net):
    school = school_get_or_create(uai="0211234A", name="Collège Eiffel", academie=net.a1)
    session = _session_with_quota(net, capacity=1, school=school)
    person = _claims(academie=net.a1, school=school)
    affiliation_verify(user=person, how="email", actor=None, academie=True)
    assert services.registration_create(session=session, user=person).status == "waitlisted"
    other = _claims(academie=net.a1, school=school)
    affiliation_verify(user=other, how="school_head", actor=None, academie=True, school=True)
    # The school's seat goes to the person whose school is verified, though the
    # other (académie verified, school only typed) waits ahead.
    assert services.registration_create(session=session, user=other).status == "confirmed"


def test_changing_one_s_school_after_verification_closes_its_seats(net):
    school = school_get_or_create(uai="0211234A", name="Collège Eiffel", academie=net.a1)
    elsewhere = school_get_or_create(uai="0211235B", name="Lycée Carnot", academie=net.a1)
    session = _session_with_quota(net, capacity=1, school=school)
    person = _claims(academie=net.a1, school=elsewhere)
    affiliation_verify(user=person, how="school_head", actor=None, school=True)
    person.save(update_fields=person.set_workplace(net.a1, school))  # edits the profile
    assert person.school_verified_at is None
    assert services.registration_create(session=session, user=person).status == "waitlisted"
