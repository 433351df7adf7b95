"""Tables as files people open in a spreadsheet: CSV (UTF-8 with BOM) or XLSX.

Every cell goes through ``neutralise``: text a person typed that a spreadsheet
would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe, so it is shown, never run. Numbers
are left alone: a number stays a number in XLSX, and in CSV a plain number
("-3", "+2.5") is written as it is.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from preau.core.filenames import content_disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet cell that cannot be a formula (numbers unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


def _xlsx_row(row: Iterable[Any]) -> list[Any]:
    """Also drops the control characters XLSX cannot hold (openpyxl would refuse the row)."""
    return [
        ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value
        for value in safe_row(row)
    ]


def table_response(
    name: str, fmt: str, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> HttpResponse:
    """``fmt`` is "csv" or "xlsx"; ``name`` the file name without extension."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(_xlsx_row(header))
        for row in rows:
            sheet.append(_xlsx_row(row))
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    return response
