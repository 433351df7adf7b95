"""The forms of /pilotage resend the place and the year as they are: a hidden
value passed through the figure filter ("2 025", "DT- ONE") was a 404 for a
territorial director and silently reset the place for a national reader; the
year form also keeps the chosen breakdown."""

from html.parser import HTMLParser
from typing import Any

import pytest

from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """Each GET form's fields as a browser would send them (hidden inputs and selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a: dict[str, Any] = dict(attrs)
        if tag == "form" and a.get("method", "get") == "get":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and a.get("type") == "hidden":
            self.forms[-1][a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select, self._first = a["name"], None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value") or ""
                self.forms[-1].setdefault(self._select, self._first)
            if "selected" in a:
                self.forms[-1][self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _forms(html: str) -> list[dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@pytest.mark.parametrize("role", [Role.TERRITORIAL_DIRECTOR, Role.NATIONAL_ADMIN])
def test_every_form_of_pilotage_keeps_the_place_and_the_year(client, net, role):
    place = {"territory": net.t1} if role == Role.TERRITORIAL_DIRECTOR else {}
    client.login(email=user_with_role(role, **place).email, password=TEST_PASSWORD)
    first = client.get("/pilotage/", {"territoire": "DT-ONE", "annee": "2025", "par": "theme"})
    assert first.status_code == 200
    forms = _forms(first.content.decode())
    assert len(forms) == 2
    for fields in forms:
        assert fields["territoire"] == "DT-ONE"
        assert fields["annee"] == "2025"
        assert fields["par"] == "theme"  # changing the year keeps the breakdown
        again = client.get("/pilotage/", fields)
        assert again.status_code == 200, fields
        chosen = again.context["chosen"]
        assert chosen.place == net.t1 and chosen.year == 2025
