"""Dependencies point down the domain order of docs/architecture.md.

An app imports only apps below it; a lower app that must react to a higher one
listens to a signal. The known exceptions are listed here so that they can only
shrink: a new upward import fails, and so does an exception that no longer
exists but is still listed.
"""

import ast
from collections import defaultdict
from pathlib import Path

import preau

ORDER = {
    "core": 0, "network": 1, "accounts": 2, "catalog": 3, "scheduling": 4,
    "registrations": 5, "attendance": 6, "credentials": 7, "evaluation": 7,
    "lrs": 8, "selftraining": 9, "indicators": 10, "demo": 11,
}  # fmt: skip
KNOWN = {
    ("attendance", "credentials"),
    ("catalog", "evaluation"),
    ("catalog", "scheduling"),
    ("core", "accounts"),  # core/testing.py: test helpers
    ("core", "network"),
    ("network", "accounts"),
    ("network", "scheduling"),
    ("scheduling", "registrations"),
    ("selftraining", "indicators"),
}
ROOT = Path(preau.__file__).parent


def upward_imports() -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or parts[0] not in ORDER or {"tests", "migrations"} & set(parts):
            continue
        app = parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                bits = name.split(".")
                if bits[0] != "preau" or len(bits) < 2 or bits[1] not in ORDER:
                    continue
                if bits[1] != app and ORDER[bits[1]] >= ORDER[app]:
                    found[(app, bits[1])].add(str(path.relative_to(ROOT)))
    return found


def test_no_new_upward_import():
    new = {pair: files for pair, files in upward_imports().items() if pair not in KNOWN}
    assert not new, f"upward imports (use a signal, or move the code up): {new}"


def test_every_listed_exception_still_exists():
    gone = KNOWN - set(upward_imports())
    assert not gone, f"these exceptions are gone: remove them from KNOWN: {gone}"
