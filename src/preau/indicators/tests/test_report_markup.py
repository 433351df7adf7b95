"""The annual report PDF shows names as typed: markup in an Atelier's, a theme's
or a resource's name is text, never an image read from the server's disk."""

import pytest
from PIL import Image

from preau.accounts.roles import Role
from preau.catalog.models import Theme
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.testing_documents import MARKUP, keep_png, pdf_images, pdf_text, squeeze
from preau.selftraining.models import Resource

from .test_rollup import _year_of_activity

pytestmark = pytest.mark.django_db


def test_markup_in_names_is_printed_not_obeyed(client, net, tmp_path):
    day, _sessions = _year_of_activity(net)
    stored = tmp_path / "another-ateliers-scanned-sheet.png"  # a file the server may read
    Image.new("RGB", (40, 40), "red").save(stored)
    net.x1.name = f'<img src="{stored}" width="200" height="200"/>Atelier X1'
    net.x1.save()
    net.a1.name = MARKUP  # the place, in the report's first line
    net.a1.save()
    Theme.objects.update(name="Thème <b>gras & <font color=red>")
    Resource.objects.update(title="Vidéo <para>&lt;")
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)

    response = client.get(
        "/pilotage/rapport/", {"annee": day.year, "academie": net.a1.code, "export": "pdf"}
    )
    assert response.status_code == 200
    keep_png(response.content, "rapport-balises")
    text = pdf_text(response.content)
    # The path is one long word a narrow cell splits anywhere: its ends are enough.
    assert squeeze('<img src="') in text and squeeze('height="200"/>Atelier X1') in text
    assert squeeze(MARKUP) in text
    assert squeeze("Thème <b>gras & <font color=red>") in text
    assert pdf_images(response.content) == 0  # the report draws charts, no picture


def test_the_national_report_prints_markup_in_a_territory_name(client, net):
    day, _sessions = _year_of_activity(net)
    net.t1.name = MARKUP
    net.t1.save()
    Resource.objects.update(title="Vidéo <para>&lt;")
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    response = client.get("/pilotage/rapport/", {"annee": day.year, "export": "pdf"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert squeeze(MARKUP) in text and squeeze("Vidéo <para>&lt;") in text
    assert pdf_images(response.content) == 0
