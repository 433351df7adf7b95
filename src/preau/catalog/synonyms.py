"""The search synonyms editors keep (TSA ↔ autisme): writes and reads."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.catalog.facet_index import bump_generation
from preau.catalog.models import Synonym
from preau.core.search.text import fold, words
from preau.core.services import audit_record

MAX_WORDS = 6

# Sensible pairs to start with (the data migration and an emptied table load them).
SEED = [
    ("TSA", "autisme"),
    ("TSA", "troubles du spectre de l'autisme"),
    ("autisme", "autiste"),
    ("IA", "intelligence artificielle"),
    ("EMI", "éducation aux médias et à l'information"),
    ("EMI", "médias"),
    ("EDD", "développement durable"),
    ("EDD", "transition écologique"),
    ("CPS", "compétences psychosociales"),
    ("ENT", "environnement numérique de travail"),
    ("AESH", "accompagnant d'élèves en situation de handicap"),
    ("BEP", "besoins éducatifs particuliers"),
    ("dys", "dyslexie"),
    ("handicap", "école inclusive"),
    ("maternelle", "cycle 1"),
    ("maternelle", "1er degré"),
    ("primaire", "1er degré"),
    ("école élémentaire", "1er degré"),
    ("premier degré", "1er degré"),
    ("professeur des écoles", "1er degré"),
    ("collège", "2nd degré"),
    ("lycée", "2nd degré"),
    ("second degré", "2nd degré"),
    ("infox", "fake news"),
    ("infox", "désinformation"),
    ("harcèlement", "pHARe"),
    ("jeu", "ludopédagogie"),
    ("escape game", "jeu d'évasion"),
    ("programmation", "codage"),
    ("robot", "robotique"),
    ("carte mentale", "carte heuristique"),
    ("sketchnote", "sketchnoting"),
    ("visio", "webinaire"),
    ("laïcité", "valeurs de la République"),
    ("numérique", "digital"),
    ("néo-titulaire", "entrée dans le métier"),
]


def synonyms_seed(using: str = "default") -> int:
    """Load the seed pairs that are missing; returns how many were added."""
    added = 0
    for term, equivalent in SEED:
        _row, created = Synonym.objects.using(using).get_or_create(
            folded=_key(term, equivalent), defaults={"term": term, "equivalent": equivalent}
        )
        added += created
    return added


def may_edit_synonyms(user: Any) -> bool:
    """Synonyms change every search: the national reading committee keeps them."""
    return bool(user.is_authenticated) and user_may(
        user, Capability.REVIEW_CATALOG, Location.national()
    )


def synonyms_list() -> QuerySet[Synonym]:
    return Synonym.objects.select_related("created_by")


def _key(term: str, equivalent: str) -> str:
    return " | ".join(sorted([" ".join(words(term)), " ".join(words(equivalent))]))


@transaction.atomic
def synonym_create(*, actor: Any, term: str, equivalent: str) -> Synonym:
    """Record that ``term`` and ``equivalent`` mean the same in a search (both ways)."""
    if not may_edit_synonyms(actor):
        raise PermissionDenied(_("Only the national reading committee edits search synonyms."))
    term, equivalent = term.strip(), equivalent.strip()
    errors = {}
    for name, value in (("term", term), ("equivalent", equivalent)):
        found = words(value)
        if not found:
            errors[name] = _("Type a word, an acronym or a short expression.")
        elif len(found) > MAX_WORDS:
            errors[name] = _("At most %(n)d words.") % {"n": MAX_WORDS}
    if not errors and fold(" ".join(words(term))) == fold(" ".join(words(equivalent))):
        errors["equivalent"] = _("The two sides are the same words.")
    if errors:
        raise ValidationError(errors)
    key = _key(term, equivalent)
    if Synonym.objects.filter(folded=key).exists():
        raise ValidationError({"equivalent": _("This pair of synonyms already exists.")})
    synonym = Synonym.objects.create(term=term, equivalent=equivalent, folded=key, created_by=actor)
    audit_record(actor=actor, action="synonym.created", target=synonym)
    bump_generation([])  # every process reads the synonyms again
    return synonym


@transaction.atomic
def synonym_delete(*, actor: Any, synonym: Synonym) -> None:
    if not may_edit_synonyms(actor):
        raise PermissionDenied(_("Only the national reading committee edits search synonyms."))
    audit_record(actor=actor, action="synonym.deleted", target=synonym, data={"pair": str(synonym)})
    synonym.delete()
    bump_generation([])
