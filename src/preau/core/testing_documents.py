"""Test helpers for the documents we build: what a PDF says and what it embeds.

Imported by tests only (pypdfium2 is a development dependency).
"""

import os
import shutil
import subprocess
from pathlib import Path

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
