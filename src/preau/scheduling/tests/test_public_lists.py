"""Public pages list a session once, in their content, and never offer a
cancelled one for registration (the Atelier page repeated its rooms and
sessions inside the <title> and the breadcrumb, and listed a cancelled session
with "Voir et s'inscrire")."""

import re

import pytest

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.scheduling import services
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def _cancelled(atelier):
    session = open_session(atelier)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=atelier)
    return services.session_cancel(actor=manager, session=session, reason="Formatrice malade")


def test_the_atelier_page_shows_its_sessions_once_and_a_plain_title(client, net):
    session = open_session(net.x1)
    page = client.get(f"/reseau/ateliers/{net.x1.code}").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and net.x1.name in title
    assert page.count(f'href="/seances/{session.pk}/"') == 1
    assert page.count("Prochaines séances</h2>") == 1
    assert page.count("Salles</h2>") == 1


@pytest.mark.parametrize("page", ["atelier", "offer"])
def test_a_cancelled_session_is_shown_cancelled_not_open_for_registration(client, net, page):
    session = _cancelled(net.x1)
    url = {
        "atelier": f"/reseau/ateliers/{net.x1.code}",
        "offer": f"/catalogue/offres/{session.offer_id}/",
    }[page]
    html = client.get(url).content.decode()
    row = re.search(rf"<tr>((?:(?!</tr>).)*?/seances/{session.pk}/.*?)</tr>", html, re.S)
    assert row, "the cancelled session is listed"
    assert "Annulée" in row.group(1)
    assert "inscrire" not in row.group(1)
