"""The home page: a search box, the next sessions near the person, the themes."""

import pytest

from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def test_home_has_search_next_sessions_near_the_person_and_themes(client, net):
    near = published_offer(atelier=net.x1, title="Près de chez moi", themes=["ludopedagogie"])
    far = published_offer(atelier=net.y1, title="Très loin")
    open_session(net.x1, offer=near, capacity=12)
    open_session(net.y1, offer=far)

    html = client.get("/").content.decode()
    assert 'action="/catalogue/"' in html and 'name="q"' in html
    assert "Prochaines séances" in html
    assert "Près de chez moi" in html and "Très loin" in html  # national when unknown
    assert "12 places libres" in html
    assert "Ludopédagogie (1)" in html and "?theme=ludopedagogie" in html
    nav = html.split('id="main-navigation"')[1].split("</nav>")[0]
    assert "/api/" not in nav  # the API link sits in the footer only
    assert "/api/" in html.split('id="footer"')[1]

    teacher = user_with_role()
    teacher.academie = net.a1
    teacher.save()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    html = client.get("/").content.decode()
    assert "Prochaines séances dans l’académie de Académie A1" in html
    assert "Près de chez moi" in html and "Très loin" not in html
