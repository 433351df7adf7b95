"""French text normalisation shared by both search backends: lower case,
accents removed, words split, stop words dropped, Snowball French stems."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})

# Short grammatical words that carry no meaning in a query (PostgreSQL's French
# configuration drops a similar list).
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette d dans de des du e en et l la le les leur leurs
    m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa
    se ses son sur t ta te tes toi ton tu un une vos votre vous y
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics: "Éducation" → "education"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words of ``text``, stop words included (for prefix matching)."""
    return _WORD.findall(fold(text).replace("_", " "))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def query_terms(text: str) -> list[str]:
    """The folded words of a user's query that take part in matching.

    Stop words are dropped unless the query has nothing else, and the query is
    capped so a pasted paragraph cannot build a huge expression.
    """
    found = words(text)
    meaningful = [w for w in found if w not in STOP_WORDS]
    return (meaningful or found)[:12]
