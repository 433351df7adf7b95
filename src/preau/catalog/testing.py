"""Test helpers for offers: complete content and offers in a given state.

Offers are built through the real services, so they carry versions, events
and catalog entries exactly as in use.
"""

from typing import Any

from preau.accounts.roles import Role
from preau.catalog import services
from preau.catalog.models import Offer
from preau.core.testing import user_with_role
from preau.network.models import Atelier, Territory


def offer_data(**overrides: Any) -> dict[str, Any]:
    """Content that satisfies every Qualiopi indicator 1 field."""
    data: dict[str, Any] = {
        "title": "Enseigner avec le numérique en classe",
        "summary": "Des usages simples des outils numériques pour faire apprendre.",
        "objectives": ["Choisir un outil adapté", "Concevoir une séance"],
        "prerequisites": "Aucun.",
        "duration_hours": "3",
        "teaching_methods": "Ateliers pratiques en petits groupes.",
        "evaluation_methods": "Questionnaire de fin de formation.",
        "access_modalities": "Inscription en ligne.",
        "access_delay": "Jusqu'à 48 h avant la session.",
        "accessibility": "Salle accessible aux personnes à mobilité réduite.",
        "disability_referent": "Référente handicap : handicap@example.org",
        "contact_email": "contact@example.org",
        "themes": ["humanites-numeriques-en-education"],
        "audiences": ["first_degree", "second_degree"],
    }
    data.update(overrides)
    return data


def reviewer() -> Any:
    return user_with_role(Role.NATIONAL_EDITOR)


def published_offer(
    *,
    territory: Territory | None = None,
    atelier: Atelier | None = None,
    author: Any = None,
    **overrides: Any,
) -> Offer:
    """An offer written, submitted and accepted through the services."""
    editor = author or reviewer()
    offer = services.offer_create(
        actor=editor, data=offer_data(**overrides), territory=territory, atelier=atelier
    )
    services.offer_submit(actor=editor, offer=offer)
    return services.offer_review(actor=reviewer(), offer=offer, decision=services.Decision.ACCEPT)
