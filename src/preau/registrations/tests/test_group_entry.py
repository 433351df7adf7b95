"""A partner finds where to enrol a group from their own pages."""

import pytest

from preau.accounts.roles import Role
from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.views_group import GROUP_SESSIONS_PER_PAGE
from preau.scheduling.models import TrainingSession
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def test_the_partner_reaches_the_sessions_of_their_academie_from_their_account(client, net):
    mine = open_session(net.x1, offer=published_offer(atelier=net.x1, title="Lire au cycle 3"))
    by_convention = open_session(
        net.y1, offer=published_offer(atelier=net.y1, title="Oral en maternelle"), partner=net.a1
    )
    elsewhere = open_session(net.y1, offer=published_offer(atelier=net.y1, title="Chimie verte"))
    closed = open_session(net.x2, offer=published_offer(atelier=net.x2, title="Théâtre au lycée"))
    TrainingSession.objects.filter(pk=closed.pk).update(status=TrainingSession.Status.PLANNED)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)

    account = client.get("/compte/").content.decode()
    assert 'href="/inscriptions/groupes/"' in account and "Inscrire un groupe" in account
    approvals = client.get("/inscriptions/validations/").content.decode()
    assert 'href="/inscriptions/groupes/"' in approvals

    page = client.get("/inscriptions/groupes/").content.decode()
    assert "2 séances ouvertes à votre académie" in page
    assert "Lire au cycle 3" in page and "Oral en maternelle" in page
    assert "Chimie verte" not in page and "Théâtre au lycée" not in page
    assert f'href="/inscriptions/seances/{mine.pk}/groupe/"' in page
    assert f'href="/inscriptions/seances/{by_convention.pk}/groupe/"' in page
    assert f"/inscriptions/seances/{elsewhere.pk}/groupe/" not in page

    found = client.get("/inscriptions/groupes/", {"q": "maternelle"}).content.decode()
    assert "1 séance correspond à « maternelle »" in found.replace("“", "« ").replace("”", " »")
    assert "Lire au cycle 3" not in found


def test_the_list_is_paginated_and_closed_to_teachers(client, net):
    offer = published_offer(atelier=net.x1, title="Numérique responsable")
    for _ in range(GROUP_SESSIONS_PER_PAGE + 1):
        open_session(net.x1, offer=offer)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)
    first = client.get("/inscriptions/groupes/").content.decode()
    assert f"{GROUP_SESSIONS_PER_PAGE + 1} séances ouvertes" in first
    assert first.count("/groupe/") == GROUP_SESSIONS_PER_PAGE and "Page suivante" in first
    second = client.get("/inscriptions/groupes/", {"page": 2}).content.decode()
    assert second.count("/groupe/") == 1

    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    assert client.get("/inscriptions/groupes/").status_code == 403
    assert "/inscriptions/groupes/" not in client.get("/compte/").content.decode()
