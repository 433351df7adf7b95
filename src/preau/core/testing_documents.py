"""Test helpers for the documents we build: what a PDF says and what it embeds.

Imported by tests only (pypdfium2 is a development dependency).
"""

import ctypes
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Markup a person could type into a name: a file read, a font change, an
# unbalanced tag, an entity and a paragraph tag.
MARKUP = '<img src="/etc/passwd"/><font size=40>&amp; <b>x & <para>'


def pdf_text(data: bytes) -> str:
    """Every page's text, without white space (lines wrap anywhere)."""
    document = pdfium.PdfDocument(data)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return squeeze(text)


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_images(data: bytes) -> int:
    """How many images the PDF's pages draw."""
    document = pdfium.PdfDocument(data)
    return sum(
        len(list(document[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
        for i in range(len(document))
    )


def keep_png(data: bytes, name: str) -> None:
    """With PREAU_TEST_ARTIFACTS=dir, render the PDF's pages there (pdftoppm) to look at."""
    folder = os.environ.get("PREAU_TEST_ARTIFACTS")
    program = shutil.which("pdftoppm")
    if not folder or not program:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    source = Path(folder) / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(  # noqa: S603 - fixed program, our own file names
        [program, "-png", "-r", "60", str(source), str(Path(folder) / name)], check=True
    )


@dataclass(frozen=True)
class Word:
    """A word as printed: its text, page (from 1) and box in points (origin bottom left).

    Horizontally the box is the characters' advance widths; vertically it runs
    from the descender to the cap height of the font size (0.21 and 0.72 em), so
    two lines set solid touch and two lines set too tight overlap."""

    text: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


def _chars(text: Any) -> Iterator[tuple[str, float, float, float, float]]:
    """Each printed character: (char, origin x, right edge, baseline y, size); a
    space for white space and for the gaps the extraction fills in."""
    for i in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text, i))
        if char.isspace() or char == "\x00" or pdfium_c.FPDFText_IsGenerated(text, i):
            yield " ", 0, 0, 0, 0
            continue
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text, i, x, y)
        _x0, _b, x1, _t = text.get_charbox(i, loose=True)  # x1: the advance, or slanted ink
        yield char, x.value, x1, y.value, pdfium_c.FPDFText_GetFontSize(text, i)


def _page_words(number: int, text: Any) -> list[Word]:
    words: list[Word] = []
    run: list[tuple[str, float, float, float, float]] = []
    for char in [*_chars(text), (" ", 0, 0, 0, 0)]:
        c, x0, _x1, y, size = char
        if run:
            _c, last_x0, last_x1, last_y, last_size = run[-1]
            if (c == " " or abs(y - last_y) > 0.5 or abs(size - last_size) > 0.1
                    or x0 <= last_x0 or x0 < last_x1 - 0.25 * size
                    or x0 > last_x1 + 0.3 * size):  # fmt: skip
                y0, s0 = run[0][3], run[0][4]
                words.append(Word("".join(r[0] for r in run), number, run[0][1],
                                  y0 - 0.21 * s0, run[-1][2], y0 + 0.72 * s0))  # fmt: skip
                run = []
        if c != " ":
            run.append(char)
    return words


def pdf_words(data: bytes) -> tuple[list[Word], list[tuple[int, float, float]]]:
    """Every word of the PDF, and each page's (number, width, height).

    A word ends at white space, and where the next character is not on the same
    baseline, in the same size, or starts before the previous one ends or well
    after it (two pieces of text drawn into each other are two words)."""
    document = pdfium.PdfDocument(data)
    words: list[Word] = []
    pages = []
    for number in range(1, len(document) + 1):
        page = document[number - 1]
        width, height = page.get_size()
        pages.append((number, width, height))
        words += _page_words(number, page.get_textpage())
    return words, pages


def pdf_layout_problems(data: bytes) -> list[str]:
    """Words printed over each other, and words running off their page."""
    words, pages = pdf_words(data)
    sizes = {number: (width, height) for number, width, height in pages}
    problems = []
    for w in words:
        width, height = sizes[w.page]
        if w.x0 < -0.5 or w.y0 < -0.5 or w.x1 > width + 0.5 or w.y1 > height + 0.5:
            problems.append(f"p.{w.page}: {w.text!r} runs off the page")
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page_words in by_page.values():
        page_words.sort(key=lambda w: -w.y1)
        for i, a in enumerate(page_words):
            for b in page_words[i + 1 :]:
                if b.y1 <= a.y0 + 0.5:
                    break  # every later word is lower still
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > 0.5 and down > 0.5:
                    problems.append(f"p.{a.page}: {a.text!r} and {b.text!r} overlap")
    return problems
