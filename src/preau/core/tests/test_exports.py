"""The one rule for spreadsheet cells: typed text that starts like a formula is
shown, never run; numbers — negative ones too — stay numbers."""

import csv
import io

from openpyxl import load_workbook

from preau.core.exports import neutralise, table_response

ROW = ["=1+1", "+A1", "-1+1", "@A1", "\t=1", "\r=1", "-3", "+2.5", "1,5", -4, -2.5, None, "a=b"]


def test_the_rule():
    assert [neutralise(v) for v in ROW] == [
        "'=1+1", "'+A1", "'-1+1", "'@A1", "'\t=1", "'\r=1", "-3", "+2.5", "1,5", -4, -2.5, None,
        "a=b",
    ]  # fmt: skip


def test_csv_and_xlsx_tables_apply_it():
    text = table_response("t", "csv", ["=h"], [ROW], delimiter=";").content.decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    assert header == ["'=h"]
    assert row[:7] == ["'=1+1", "'+A1", "'-1+1", "'@A1", "'\t=1", "'\r=1", "-3"]
    assert row[9:11] == ["-4", "-2,5"]  # a decimal comma, for French spreadsheets
    sheet = load_workbook(io.BytesIO(table_response("t", "xlsx", ["=h"], [ROW]).content)).active
    cells = next(iter(sheet.iter_rows(min_row=2)))
    assert [c.value for c in cells][:5] == ["'=1+1", "'+A1", "'-1+1", "'@A1", "'\t=1"]
    assert cells[5].value == "'\n=1"  # XML reads a carriage return back as a line feed
    assert [c.value for c in cells][9:11] == [-4, -2.5] and cells[9].data_type == "n"
    assert not [c for c in cells if c.data_type == "f"]


def test_csv_follows_french_spreadsheets_unless_plain_is_asked():
    from decimal import Decimal

    rows = [["Dijon", 95.5, Decimal("2.50"), 12, 0.0, "-3"]]
    french = table_response("t", "csv", ["lieu", "taux", "h", "n", "z", "d"], rows)
    text = french.content.decode("utf-8")
    assert text.startswith("\ufeff") and text.splitlines()[1] == "Dijon;95,5;2,5;12;0;-3"
    plain = table_response("t", "csv-plain", ["lieu", "taux", "h", "n", "z", "d"], rows)
    assert plain.content.decode("utf-8").splitlines()[1] == "Dijon,95.5,2.50,12,0.0,-3"
    assert 'filename="t.csv"' in plain["Content-Disposition"]


def test_an_unknown_format_is_not_an_xlsx_in_disguise():
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        table_response("t", "pdf", ["a"], [])
