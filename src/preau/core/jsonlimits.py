"""JSON bodies from the outside, read within limits.

``loads_checked`` refuses, before or while parsing, with a message naming what
is wrong (``JSONRefused``, with the HTTP status to answer):

- a body larger than ``max_bytes`` (413);
- a body that is not UTF-8 or not JSON (400);
- nesting deeper than ``max_depth`` arrays and objects, counted by a scan
  outside strings before the parser runs, so that 100,000 ``[`` never reach
  its recursion (400);
- NaN, Infinity and numbers too large for a float (400): PostgreSQL's jsonb
  cannot hold them;
- a NUL character (``\\u0000``) or a lone surrogate in any string or key (400):
  PostgreSQL refuses both in text and jsonb.
"""

import json
import math
import re
from typing import Any

MAX_DEPTH = 32
MAX_BYTES = 1024 * 1024
_TOKENS = re.compile(r'"(?:[^"\\]+|\\.)*"|[\[\]{}]', re.DOTALL)
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


class JSONRefused(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (strings skipped)."""
    deepest = current = 0
    for match in _TOKENS.finditer(text):
        piece = match.group()
        if piece in "[{":
            current += 1
            deepest = max(deepest, current)
        elif piece in "]}":
            current -= 1
    return deepest


def _constant(name: str) -> Any:
    raise JSONRefused(f"body: {name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JSONRefused(f"body: the number {text[:20]} is too large")
    return value


def _check_strings(value: Any, where: str) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                raise JSONRefused(f"{where}: a NUL character or a lone surrogate in a string")
        elif isinstance(item, dict):
            stack += list(item.keys()) + list(item.values())
        elif isinstance(item, list):
            stack += item


def loads_checked(
    raw: bytes | str, *, where: str = "body", max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Any:  # fmt: skip
    """``raw`` parsed, or JSONRefused saying why not."""
    if len(raw) > max_bytes:
        raise JSONRefused(f"{where}: larger than {max_bytes} bytes", status=413)
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as e:
        raise JSONRefused(f"{where}: not UTF-8 (byte {e.start})") from e
    if depth(text) > max_depth:
        raise JSONRefused(f"{where}: nested deeper than {max_depth} arrays and objects")
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float)
    except JSONRefused as e:
        raise JSONRefused(str(e).replace("body", where, 1)) from e
    except (ValueError, RecursionError) as e:
        raise JSONRefused(f"{where}: not valid JSON") from e
    _check_strings(value, where)
    return value
