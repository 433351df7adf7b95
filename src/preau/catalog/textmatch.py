"""What a teacher's words find: every word first, then forgiving.

A query is a list of groups, one per word typed. Each word matches by French
stem (plurals, accents and case do not matter) or as a prefix (a word being
typed); an acronym typed in capitals matches whole. Then, in this order:

1. offers matching every word as typed, those with all the words in their
   title first (acronyms and exact title words rank first);
2. offers matching every word once synonyms (``Synonym``, kept by editors)
   and one-typo corrections are allowed: a word of five letters or more that
   is no word of the catalog (nor the beginning of one) stands for the
   catalog's words at one edit (a letter missing, added, changed, or two
   swapped: "matrenelle" → "maternelle");
3. if nothing matches every word, offers matching at least one, ranked,
   and the page says so (``fallback``).

The vocabulary is the full-text index's own, held by the facet index of each
process, so this works the same on SQLite and PostgreSQL.
"""

import re
from dataclasses import dataclass, field

from preau.catalog.facet_index import INDEX, FacetIndex
from preau.catalog.models import Synonym
from preau.core.search import Alternative, Group, get_index
from preau.core.search.text import STOP_WORDS, fold, query_terms, stem, words

TYPO_MIN_LENGTH = 5
MAX_CORRECTIONS = 4
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
_RAW_WORD = re.compile(r"\w+")


@dataclass
class TextMatch:
    ranked: list[int]  # matching entry ids, best first
    fallback: bool = False  # not every word matched: offers with at least one
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed → catalog words


@dataclass
class TextPlan:
    strict: list[Group]
    expanded: list[Group] | None  # None: synonyms and corrections add nothing
    corrections: dict[str, list[str]]


def edits1(word: str) -> set[str]:
    """Every string one edit away: a letter deleted, swapped, replaced or inserted."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserted = {a + c + b for a, b in splits for c in LETTERS}
    return (deleted | swapped | replaced | inserted) - {word}


def corrections(word: str, fi: FacetIndex) -> list[str]:
    """Catalog words one typo away from ``word`` (none for short or known words)."""
    if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or fi.knows_word(word):
        return []
    found = sorted(w for w in edits1(word) if w in fi.words and len(w) >= TYPO_MIN_LENGTH - 1)
    return found[:MAX_CORRECTIONS]


def _key(terms: list[str]) -> tuple[str, ...]:
    return tuple(stem(t) for t in terms)


_synonyms: tuple[tuple[int, int], dict[tuple[str, ...], list[list[str]]]] | None = None


def synonym_table(fi: FacetIndex | None = None) -> dict[tuple[str, ...], list[list[str]]]:
    """Stems of one side → the words of each other side, both ways. Kept while
    the catalog generation stays (synonym writes move it, see ``synonyms.py``)."""
    global _synonyms
    version = (fi.generation, fi.seq) if fi is not None else None
    if version is not None and _synonyms is not None and _synonyms[0] == version:
        return _synonyms[1]
    table: dict[tuple[str, ...], list[list[str]]] = {}
    for term, equivalent in Synonym.objects.values_list("term", "equivalent"):
        a, b = words(term), words(equivalent)
        a_key = _key([w for w in a if w not in STOP_WORDS] or a)
        b_key = _key([w for w in b if w not in STOP_WORDS] or b)
        if a_key and b_key:
            table.setdefault(a_key, []).append(b)
            table.setdefault(b_key, []).append(a)
    if version is not None:
        _synonyms = (version, table)
    return table


def _acronyms(text: str) -> set[str]:
    """Words typed in capitals (TSA, EMI): matched whole, never as a prefix."""
    return {fold(w) for w in _RAW_WORD.findall(text) if len(w) > 1 and w.isupper()}


def _alternative(ws: list[str]) -> Alternative:
    meaningful = [w for w in ws if w not in STOP_WORDS]
    return Alternative(tuple(ws), phrase=len(meaningful) > 1)


def text_plan(text: str, fi: FacetIndex) -> TextPlan:
    terms = query_terms(text)
    acronyms = _acronyms(text)
    strict = [
        Group((Alternative((t,), prefix=t not in acronyms, stemmed=t not in acronyms),))
        for t in terms
    ]
    table = synonym_table(fi)
    longest = max((len(k) for k in table), default=0)
    expanded: list[Group] = []
    fixes: dict[str, list[str]] = {}
    added = False
    i = 0
    while i < len(terms):
        span = next(
            (
                n
                for n in range(min(longest, len(terms) - i), 1, -1)
                if _key(terms[i : i + n]) in table
            ),
            1,
        )
        if span > 1:  # a synonym of several words: "intelligence artificielle" → IA
            others = table[_key(terms[i : i + span])]
            alts = [Alternative(tuple(terms[i : i + span]), prefix=True)]
            alts += [_alternative(o) for o in others]
            expanded.append(Group(tuple(dict.fromkeys(alts))))
            added = True
            i += span
            continue
        t = terms[i]
        alts = list(strict[i].alternatives)
        fixed = corrections(t, fi) if t not in acronyms else []
        if fixed:
            fixes[t] = fixed
            alts += [Alternative((w,)) for w in fixed]
        for w in [t, *fixed]:
            alts += [_alternative(o) for o in table.get((stem(w),), [])]
        alts = list(dict.fromkeys(alts))
        added = added or len(alts) > 1
        expanded.append(Group(tuple(alts)))
        i += 1
    return TextPlan(strict, expanded if added else None, fixes)


def _then(first: list[int], more: list[int]) -> list[int]:
    seen = set(first)
    return first + [i for i in more if i not in seen]


def text_match(text: str, fi: FacetIndex) -> TextMatch | None:
    """The entries ``text`` finds, best first; None when it has no words."""
    plan = text_plan(text, fi)
    if not plan.strict:
        return None
    index = get_index(INDEX)
    strict = index.ranked_groups(plan.strict)
    if len(strict) > 1:  # every word in the title first
        titled = set(index.ranked_groups(plan.strict, title_only=True, ranked=False))
        strict = [i for i in strict if i in titled] + [i for i in strict if i not in titled]
    # Behind offers with the words as typed, the others need no ranking of their own.
    expanded = index.ranked_groups(plan.expanded, ranked=not strict) if plan.expanded else []
    ranked = _then(strict, expanded)
    if strict or len(plan.strict) == 1 or (expanded and plan.corrections):
        return TextMatch(ranked, False, plan.corrections)
    # No offer has every word as typed (synonyms aside): those with at least one.
    some = index.ranked_groups(plan.expanded or plan.strict, any_group=True)
    everything = _then(ranked, some)
    return TextMatch(everything, len(everything) > len(ranked), plan.corrections)
