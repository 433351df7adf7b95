"""Tables as files people open in a spreadsheet: CSV or XLSX.

``csv`` follows French spreadsheets' conventions, so that a double click opens
it right: ``;`` between fields, a decimal comma, UTF-8 with a BOM. ``csv-plain``
is for programs: ``,`` and a decimal point, UTF-8 without BOM.

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
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
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


FORMATS = ("csv", "csv-plain", "xlsx")


def _french(value: Any) -> Any:
    """A decimal number with a comma (95,5): French spreadsheets read it as a number."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return format(value, "f").rstrip("0").rstrip(".").replace(".", ",") if value else "0"
    return value


def table_response(
    name: str,
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    delimiter: str | None = None,
) -> HttpResponse:
    """``fmt`` is one of FORMATS; ``name`` the file name without extension.
    ``delimiter`` is for ``csv-plain`` (a comma unless said). Another format is a 404."""
    if fmt not in FORMATS:
        raise Http404(f"no export as {fmt[:20]}")
    if fmt in ("csv", "csv-plain"):
        french = fmt == "csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if french else (delimiter or ","))
        writer.writerow(safe_row(header))
        for row in rows:
            cells = safe_row(row)
            writer.writerow([_french(c) for c in cells] if french else cells)
        response = HttpResponse(
            ("\ufeff" if french else "") + buffer.getvalue(),
            content_type="text/csv; charset=utf-8",
        )
        extension = "csv"
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
        extension = "xlsx"
    response["Content-Disposition"] = content_disposition(f"{name}.{extension}")
    return response
