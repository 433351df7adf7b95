"""Years are checked in one place (periods.checked_year): an implausible one is a
404 page or a 422 answer of the API with a message, never a 500."""

import pytest
from django.utils import timezone

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.indicators.periods import BadYear, checked_year

pytestmark = pytest.mark.django_db
BAD = ["0", "-5", "99999", "1999", "abc", "2023\r\nX", str(10**30)]
PAGES = ["/pilotage/", "/pilotage/export.csv", "/pilotage/export.xlsx", "/pilotage/seances/",
         "/pilotage/conventions/", "/pilotage/autoformation/", "/pilotage/rapport/"]  # fmt: skip
API = ["key-figures", "breakdown", "monthly", "conventions"]


def test_a_year_is_between_2000_and_next_year():
    next_year = timezone.localdate().year + 1
    assert checked_year("2000") == 2000 and checked_year(next_year) == next_year
    for bad in [*BAD, next_year + 1, None]:
        with pytest.raises(BadYear):
            checked_year(bad)


@pytest.mark.parametrize("year", BAD)
def test_pages_and_exports_answer_404_to_an_implausible_year(client, net, year):
    client.login(email=user_with_role(Role.NATIONAL_ADMIN).email, password=TEST_PASSWORD)
    for page in PAGES:
        for kind in ("civile", "scolaire"):
            assert client.get(page, {"annee": year, "type": kind}).status_code == 404, page
    assert client.get("/pilotage/", {"annee": "2024"}).status_code == 200


@pytest.mark.parametrize("year", ["0", "-5", "99999", "1999"])
def test_the_api_answers_422_with_a_message(client, net, year):
    _t, raw = api_token_create(user=user_with_role(Role.NATIONAL_ADMIN), name="app")
    headers = {"Authorization": f"Bearer {raw}"}
    for endpoint in API:
        response = client.get(f"/api/indicators/{endpoint}", {"year": year}, headers=headers)
        assert response.status_code == 422, endpoint
        assert "année : une année entre 2000" in response.json()["detail"]
