"""NUL and control characters in addresses, parameters, forms, headers and
cookies are refused before any database lookup (PostgreSQL refuses NUL in
text: these answered 500 there); downloaded file names are always safe."""

import pytest
from django.http import HttpResponse

from preau.core.filenames import content_disposition

pytestmark = pytest.mark.django_db

PATHS = [
    "/verifier/ABC%00DEF", "/V/ABC%00", "/badges/%00.json", "/badges/A%00.png",
    "/attestations/%00.pdf", "/inscriptions/invitation/%00/", "/inscriptions/confirmer/a%00/",
    "/evaluation/%00/", "/presence/qr/%00/", "/compte/rattachement/adresse/%00",
    "/verifier/A%0D%0ASet-Cookie:x", "/api/network/territories/%00",
]  # fmt: skip
QUERIES = [
    "/catalogue/?q=%00", "/catalogue/?q=a%01b", "/catalogue/?du=%00",
    "/catalogue/seances.ics?q=%00", "/api/catalog/offers?q=%00", "/pilotage/?annee=%00",
    "/reseau/?q=%00",
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_a_control_character_in_the_path_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", QUERIES)
def test_a_nul_in_a_query_parameter_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["detail"]
    else:
        assert "Requête refusée" in response.content.decode()


def test_line_breaks_and_tabs_stay_allowed_in_a_search(client):
    assert client.get("/catalogue/?q=maths%0A%09num%C3%A9rique").status_code == 200


def test_a_nul_in_a_form_a_header_or_a_cookie_is_a_400(client, net):
    assert (
        client.post("/compte/connexion", {"username": "a\x00@b.fr", "password": "x"}).status_code
        == 400
    )
    assert client.get("/catalogue/", headers={"Authorization": "Bearer a\x00b"}).status_code == 400
    assert client.get("/api/me/", headers={"Authorization": "Bearer a\x00b"}).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


def test_a_request_larger_than_the_limit_is_a_413(client, settings):
    settings.PREAU_MAX_REQUEST_BYTES = 1000
    response = client.post("/api/catalog/offers", b"x" * 2000, content_type="application/json")
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("seances-2024.csv", 'attachment; filename="seances-2024.csv"'),
        ("rapport-activité-2024.pdf", "attachment; filename=\"rapport-activite-2024.pdf\"; "
                                      "filename*=UTF-8''rapport-activit%C3%A9-2024.pdf"),
        ("a\r\nSet-Cookie: x=1.csv", "attachment; filename=\"a Set-Cookie_ x_1.csv\"; "
                                     "filename*=UTF-8''a%20Set-Cookie%3A%20x%3D1.csv"),
        ('../"x".csv', 'attachment; filename="x.csv"'),
        ("\r\n", 'attachment; filename="export"'),
    ],
)  # fmt: skip
def test_file_names_cannot_break_the_header(name, expected):
    header = content_disposition(name)
    assert header == expected
    HttpResponse()["Content-Disposition"] = header  # Django refuses CR/LF in a header


def test_the_refusal_speaks_the_readers_language(client):
    english = client.get("/catalogue/?q=%00", headers={"Accept-Language": "en"})
    assert "Request refused" in english.content.decode()
    assert "Requête refusée" in client.get("/catalogue/?q=%00").content.decode()
