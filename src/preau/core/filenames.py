"""The one way to name a downloaded file: ``Content-Disposition`` (RFC 6266).

A file name built from data (a period label, an offer's title, a person's
name) may hold anything. ``content_disposition`` drops control characters
(a CR/LF would end the header: Django refuses it with a 500), path separators
and quotes, keeps an ASCII ``filename=`` for old clients (accents folded,
anything else replaced by ``_``) and gives the exact UTF-8 name in
``filename*=`` when it differs.
"""

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._ ()+,-]+")
MAX_NAME = 150


def safe_filename(name: str, fallback: str = "export") -> str:
    """``name`` without control characters, separators or quotes; never empty."""
    cleaned = _UNSAFE.sub(" ", name).strip(" .")
    cleaned = re.sub(r"\s+\.", ".", re.sub(r"\s+", " ", cleaned))[:MAX_NAME].strip(" .")
    return cleaned or fallback


def ascii_filename(name: str, fallback: str = "export") -> str:
    """``name`` in ASCII: accents folded, other characters as ``_``; the extension kept."""
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")

    def plain(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _NOT_ASCII_SAFE.sub("_", folded).strip("_ .")

    return (plain(stem) or fallback) + (dot + plain(ext) if plain(ext) else "")


def content_disposition(name: str, *, inline: bool = False) -> str:
    """The header's value for a file named ``name`` (with its extension)."""
    kind = "inline" if inline else "attachment"
    exact = safe_filename(name)
    plain = ascii_filename(exact)
    if plain == exact:
        return f'{kind}; filename="{plain}"'
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(exact, safe='')}"
