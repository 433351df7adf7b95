"""Reading uploaded tables: encodings, delimiters, limits, capped problems."""

import codecs

import pytest
from django.utils import translation

from preau.core.uploads import Limits, Problems, UploadError, read_table


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fields(table):
    return [row.fields for row in table.rows]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("nom;prénom\nÉlodie;Noël\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "nom;prénom\nÉlodie;Noël\n".encode(), "utf-8"),
        (codecs.BOM_UTF16_LE + "nom;prénom\nÉlodie;Noël\n".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "nom;prénom\nÉlodie;Noël\n".encode("utf-16-be"), "utf-16-be"),
        ("nom;prénom\nÉlodie;Noël\n".encode("cp1252"), "cp1252"),
    ],
)
def test_every_usual_encoding_reads_the_same_text(raw, encoding):
    table = read_table(raw)
    assert table.encoding == encoding
    assert fields(table) == [["nom", "prénom"], ["Élodie", "Noël"]]


def test_bytes_undefined_in_cp1252_are_refused_with_their_line_and_byte():
    raw = b"email;nom\nx@y.fr;ok\nz@y.fr;\x81\x8d\n"
    with pytest.raises(UploadError) as refused:
        read_table(raw)
    message = refused.value.messages[0]
    assert "Line 3" in message and "byte 8" in message and "0x81" in message


def test_utf8_with_one_broken_byte_is_refused_not_turned_into_mojibake():
    raw = "nom\nÉlodie\n".encode() + b"No\xebl\n"
    with pytest.raises(UploadError) as refused:
        read_table(raw)
    assert "Line 3" in refused.value.messages[0] and "UTF-8" in refused.value.messages[0]


def test_a_single_column_file_is_read_with_the_first_delimiter():
    table = read_table(b"email\na@b.fr\nc@d.fr\n", delimiters=",;")
    assert fields(table) == [["email"], ["a@b.fr"], ["c@d.fr"]]
    assert read_table(b"a;b;c,d\n1;2;3,4\n").delimiter == ";"


def test_a_very_long_line_is_rejected_and_the_rest_read():
    raw = b"email;nom\n" + b"x" * 5_000_000 + b"\na@b.fr;Ada\n"
    table = read_table(raw, limits=Limits(max_line=10_000))
    assert fields(table) == [["email", "nom"], ["a@b.fr", "Ada"]]
    assert table.rows[1].line == 3
    assert [line for line, _why in table.rejected] == [2]


def test_limits_on_size_rows_fields_and_nul():
    with pytest.raises(UploadError, match="larger than 1 MB"):
        read_table(b"x" * (1024 * 1024 + 1), limits=Limits(max_bytes=1024 * 1024))
    with pytest.raises(UploadError, match="More than 10 lines"):
        read_table(b"a\n" * 11, limits=Limits(max_rows=10))
    assert read_table(b"a;" + b"b" * 50 + b"\n", limits=Limits(max_field=20)).rejected
    with pytest.raises(UploadError, match="NUL"):
        read_table(b"a;b\n1;\x002\n")
    with pytest.raises(UploadError, match="Line 2"):  # a quote never closed: a huge field
        read_table(b'a;b\n"1;2\n' + (b"x" * 100 + b"\n") * 2_000)


def test_record_lines_follow_quoted_line_breaks_and_blank_lines():
    table = read_table(b'a;b\n\n"one\ntwo";3\n4;5\n')
    assert [(r.line, r.fields) for r in table.rows] == [
        (1, ["a", "b"]), (3, ["one\ntwo", "3"]), (5, ["4", "5"]),
    ]  # fmt: skip


def test_problems_show_the_first_lines_and_count_the_rest():
    problems = Problems()
    for n in range(100_000, 0, -1):
        problems.add(n, "unreadable time.")
    messages = problems.error().messages
    assert len(messages) == 21
    assert messages[0] == "Line 1: unreadable time."
    assert messages[-1] == "… and 99980 more lines to correct."
