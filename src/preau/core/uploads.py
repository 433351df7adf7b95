"""Reading uploaded tabular files (CSV, GAIA's pipe-separated text) one way everywhere.

``read_table`` turns the bytes of an upload into rows of fields, each with the
number of the line it starts on, or raises an ``UploadError`` (a
ValidationError) whose message says what is wrong and where:

- encoding: a byte-order mark first (UTF-8, UTF-16), then strict UTF-8, then
  Windows-1252 when every byte is defined there; anything else is refused
  with the line and byte at fault. Nothing is ever guessed into mojibake;
- size: at most ``Limits.max_bytes`` bytes and ``Limits.max_rows`` rows;
  a NUL character (a spreadsheet saved as binary, UTF-16 without its mark)
  refuses the file;
- lines and fields: a line longer than ``max_line`` characters or a field
  longer than ``max_field`` is a rejected line (``Table.rejected``), never
  parsed; importers report it like their own rejections;
- the delimiter is chosen among the expected ones from the first line; a
  file with a single column (no delimiter to find) is read with the first.

Importers that refuse a file whole collect their problems in ``Problems``,
which keeps the first ``MAX_SHOWN`` and says how many more there are, so that
a file of 100,000 bad lines gets a short answer.
"""

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_SHOWN = 20
# A well-formed multi-byte UTF-8 sequence: text written in UTF-8 (rare by chance in CP1252).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))  # fmt: skip


class UploadError(ValidationError):
    """The file cannot be read at all; nothing was written."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 50_000
    max_line: int = 10_000  # characters
    max_field: int = 1_000  # characters


@dataclass(frozen=True)
class Row:
    line: int  # where the record starts, counting from 1
    fields: list[str]


@dataclass
class Table:
    rows: list[Row]
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    encoding: str = "utf-8"
    delimiter: str = ","

    def records(self) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
        """The first row as lower-case headers, and each later row as {header: value}."""
        if not self.rows:
            return [], []
        header = [h.strip().lower() for h in self.rows[0].fields]
        out = []
        for row in self.rows[1:]:
            values = dict(zip(header, (v.strip() for v in row.fields), strict=False))
            out.append((row.line, values))
        return header, out


class Problems:
    """Problems per line, for a file refused whole; the error shows the first
    ``shown`` in line order and says how many more there are."""

    def __init__(self, table: Table | None = None, shown: int = MAX_SHOWN) -> None:
        self.shown = shown
        self.items: list[tuple[int, str]] = list(table.rejected) if table else []

    def add(self, line: int, why: str) -> None:
        self.items.append((line, why))

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self) -> UploadError:
        first = sorted(self.items, key=lambda item: item[0])[: self.shown]
        messages = [_("Line %(n)s: %(why)s") % {"n": n, "why": why} for n, why in first]
        return UploadError(capped(messages, len(self.items)))

    def raise_if_any(self) -> None:
        if self:
            raise self.error()


def capped(messages: list[str], total: int) -> list[str]:
    more = total - len(messages)
    if more <= 0:
        return messages
    tail = ngettext("… and %(n)s more line to correct.", "… and %(n)s more lines to correct.", more)
    return [*messages, tail % {"n": more}]


def upload_bytes(upload: Any, limits: Limits | None = None) -> bytes:
    """The content of an uploaded file, refused before reading when too large."""
    limits = limits or Limits()
    if upload is None:
        return b""
    if (upload.size or 0) > limits.max_bytes:
        raise _too_large(limits)
    return bytes(upload.read(limits.max_bytes + 1))


def _too_large(limits: Limits) -> UploadError:
    size = f"{limits.max_bytes / 1024 / 1024:g}"
    return UploadError(_("The file is larger than %(n)s MB: split it.") % {"n": size})


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """(line, byte within the line), both from 1."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _unreadable(raw: bytes, offset: int, encoding: str = "") -> UploadError:
    line, column = _position(raw, offset)
    params = {"line": line, "col": column, "byte": f"0x{raw[offset]:02X}", "enc": encoding}
    if encoding:
        message = _("Line %(line)s, byte %(col)s (%(byte)s): not valid %(enc)s. "
                    "Save the file again as UTF-8 (CSV UTF-8).")  # fmt: skip
    else:
        message = _("Line %(line)s, byte %(col)s (%(byte)s): the file is neither UTF-8 nor "
                    "Windows-1252. Save it again as UTF-8 (CSV UTF-8).")  # fmt: skip
    return UploadError(message % params)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding): byte-order mark, else strict UTF-8, else Windows-1252 when valid."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise _unreadable(raw, len(bom) + e.start, encoding.upper()) from e
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8:
        if _UTF8_MULTIBYTE.search(raw, 0, utf8.start):  # UTF-8 up to a broken byte
            raise _unreadable(raw, utf8.start, "UTF-8") from utf8
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        raise _unreadable(raw, e.start) from e


def choose_delimiter(first_line: str, candidates: str) -> str:
    """The candidate found most often in the first line; the first one when none is
    (a single-column file)."""
    outside_quotes = re.sub(r'"[^"]*"', "", first_line)
    counts = [(outside_quotes.count(c), -i, c) for i, c in enumerate(candidates)]
    best = max(counts)
    return best[2] if best[0] > 0 else candidates[0]


def read_table(
    raw: bytes, *, delimiters: str = ",;", limits: Limits | None = None, quoting: bool = True
) -> Table:
    """Rows of ``raw`` (blank lines skipped). ``delimiters``: the expected ones, in
    order of preference; ``quoting`` False reads every line as one record, quotes
    as plain characters (GAIA)."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise _too_large(limits)
    text, encoding = decode(raw)
    nul = text.find("\x00")
    if nul >= 0:
        raise UploadError(
            _("Line %(n)s: a NUL character. Is this a spreadsheet's own format? "
              "Save it as CSV (UTF-8).") % {"n": text.count("\n", 0, nul) + 1}
        )  # fmt: skip
    lines = text.splitlines(keepends=True)
    delimiter = choose_delimiter(lines[0] if lines else "", delimiters)
    table = Table(rows=[], encoding=encoding, delimiter=delimiter)
    numbers: list[int] = []

    def feed() -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            if len(line) > limits.max_line:
                table.rejected.append((number, _("line longer than %(n)s characters")
                                       % {"n": limits.max_line}))  # fmt: skip
                continue
            numbers.append(number)
            yield line

    options: dict[str, Any] = {"delimiter": delimiter}
    if not quoting:
        options["quoting"] = csv.QUOTE_NONE
    reader = csv.reader(feed(), **options)
    while True:
        before = len(numbers)
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # a quoted field never closed, or longer than csv allows
            line = numbers[before] if len(numbers) > before else len(lines)
            raise UploadError(
                _("Line %(n)s: unreadable (%(why)s). Check the quotes.") % {"n": line, "why": e}
            ) from e
        line = numbers[before] if len(numbers) > before else len(lines)
        if not any(f.strip() for f in fields):
            continue
        if any(len(f) > limits.max_field for f in fields):
            table.rejected.append((line, _("a field longer than %(n)s characters")
                                   % {"n": limits.max_field}))  # fmt: skip
            continue
        if len(table.rows) >= limits.max_rows:
            raise UploadError(_("More than %(n)s lines: split the file.") % {"n": limits.max_rows})
        table.rows.append(Row(line, fields))
    return table
