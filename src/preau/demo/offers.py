"""Realistic, deterministic training offers for demos and benchmarks.

Titles and texts are assembled from a vocabulary per national theme, so a
catalog of any size reads like a real one and searches behave realistically.
"""

import random
from collections.abc import Iterator
from typing import Any

from preau.catalog import choices
from preau.catalog.reference import theme_code

# theme name -> (topics, extra keywords)
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "Bien-être à l'école": (
        [
            "le climat scolaire",
            "les compétences psychosociales",
            "la gestion des émotions",
            "la prévention du harcèlement",
            "la relaxation en classe",
            "l'estime de soi",
        ],
        ["climat scolaire", "CPS", "harcèlement", "émotions"],
    ),
    "Coéducation": (
        [
            "le dialogue avec les familles",
            "la mallette des parents",
            "les réunions parents-professeurs",
            "l'accueil des familles allophones",
            "les espaces parents",
        ],
        ["familles", "parents", "partenariat"],
    ),
    "École inclusive": (
        [
            "les besoins éducatifs particuliers",
            "l'accueil des élèves autistes",
            "les troubles dys",
            "le travail avec les AESH",
            "l'accessibilité numérique",
            "la différenciation pédagogique",
        ],
        ["handicap", "AESH", "dyslexie", "TSA", "accessibilité"],
    ),
    "Éducation à la transition écologique et sociale": (
        [
            "le développement durable",
            "la biodiversité au jardin",
            "les éco-délégués",
            "le climat et l'énergie",
            "la sobriété numérique",
            "les objectifs de développement durable",
        ],
        ["EDD", "climat", "biodiversité", "éco-délégués"],
    ),
    "Éducation aux médias et à l'information, et valeurs de la République": (
        [
            "la lutte contre les infox",
            "le journal scolaire",
            "la webradio",
            "la laïcité",
            "l'esprit critique",
            "les réseaux sociaux",
            "l'intelligence artificielle générative",
        ],
        ["EMI", "infox", "laïcité", "presse", "IA"],
    ),
    "Humanités numériques en éducation": (
        [
            "les tablettes en classe",
            "l'environnement numérique de travail",
            "les capsules vidéo",
            "la classe inversée",
            "les outils collaboratifs",
            "l'intelligence artificielle en classe",
            "les ressources numériques éducatives",
        ],
        ["numérique", "ENT", "tablettes", "IA", "Pix"],
    ),
    "Ludopédagogie": (
        [
            "les jeux de société",
            "l'escape game pédagogique",
            "la création de jeux",
            "les jeux sérieux",
            "la gamification des apprentissages",
        ],
        ["jeu", "escape game", "gamification"],
    ),
    "Pédagogies actives": (
        [
            "la coopération entre élèves",
            "la pédagogie de projet",
            "les îlots bonifiés",
            "l'évaluation positive",
            "le tutorat entre pairs",
            "la classe flexible",
        ],
        ["coopération", "projet", "évaluation", "classe flexible"],
    ),
    "Pensée visuelle": (
        ["les cartes mentales", "le sketchnoting", "les infographies", "la facilitation graphique"],
        ["carte mentale", "sketchnote", "visuel"],
    ),
    "Premiers usages des matériels pédagogiques et programmation": (
        [
            "la robotique pédagogique",
            "la programmation avec Scratch",
            "les microcontrôleurs",
            "l'impression 3D",
            "le codage débranché",
            "les cartes micro:bit",
        ],
        ["robotique", "Scratch", "programmation", "codage", "3D"],
    ),
}

OPENINGS = {
    "webinar": ["Webinaire : {t}", "{T} en 45 minutes"],
    "workshop": ["Atelier pratique : {t}", "Mettre en œuvre {t}", "Découvrir {t}"],
    "conference": ["Conférence : {t}", "Regards croisés sur {t}"],
    "focus": ["Focus 1h30 : {t}"],
    "parcours": ["Parcours d'autoformation : {t}", "{T} : se former à son rythme"],
    "microlearning": ["5 minutes pour comprendre {t}"],
    "in_school": ["Formation en établissement : {t}", "Accompagner une équipe sur {t}"],
    "residence": ["Résidence pédagogique : {t}"],
}
FORMAT_WEIGHTS = {
    "webinar": 30,
    "workshop": 30,
    "conference": 5,
    "focus": 12,
    "parcours": 8,
    "microlearning": 5,
    "in_school": 7,
    "residence": 3,
}
DURATIONS = {
    "webinar": ["1", "1.5"],
    "workshop": ["3", "6"],
    "conference": ["2"],
    "focus": ["1.5"],
    "parcours": ["3", "6", "9"],
    "microlearning": ["0.5"],
    "in_school": ["6", "12"],
    "residence": ["12", "18"],
}
VERBS = ["Identifier", "Concevoir", "Expérimenter", "Analyser", "Mettre en œuvre", "Évaluer"]


def _modality(fmt: str, rng: random.Random) -> tuple[str, str]:
    if fmt in ("webinar",):
        return choices.Modality.DISTANCE, choices.Rhythm.SYNCHRONOUS
    if fmt in ("parcours", "microlearning"):
        return choices.Modality.DISTANCE, choices.Rhythm.ASYNCHRONOUS
    modality = rng.choices(
        [choices.Modality.IN_PERSON, choices.Modality.HYBRID, choices.Modality.COMODAL],
        [80, 12, 8],
    )[0]
    return modality, choices.Rhythm.SYNCHRONOUS


def offer_content(rng: random.Random, programmes: list[str]) -> dict[str, Any]:
    """One offer's content, complete for review, drawn from ``rng``."""
    theme = rng.choice(list(TOPICS))
    topics, keywords = TOPICS[theme]
    topic = rng.choice(topics)
    fmt = rng.choices(list(FORMAT_WEIGHTS), list(FORMAT_WEIGHTS.values()))[0]
    title = rng.choice(OPENINGS[fmt]).format(t=topic, T=topic[0].upper() + topic[1:])
    modality, rhythm = _modality(fmt, rng)
    themes = [theme_code(theme)]
    if rng.random() < 0.25:
        themes.append(theme_code(rng.choice(list(TOPICS))))
    audiences = rng.sample(
        [a for a in choices.Audience.values if a != choices.Audience.OTHERS],
        k=rng.choice([1, 1, 2, 2, 3]),
    )
    price_model = rng.choices(list(choices.PriceModel.values), [88, 8, 4])[0]
    return {
        "title": title,
        "summary": (
            f"Une formation pour explorer {topic} avec des exemples concrets, "
            f"des outils prêts à l'emploi et des échanges entre pairs."
        ),
        "objectives": [f"{v} {topic}" for v in rng.sample(VERBS, 3)],
        "prerequisites": rng.choice(["Aucun.", "Avoir suivi une formation de découverte."]),
        "duration_hours": rng.choice(DURATIONS[fmt]),
        "teaching_methods": "Apports courts, mises en situation, production en groupe.",
        "evaluation_methods": "Auto-positionnement en début et en fin de formation.",
        "access_modalities": "Inscription en ligne sur le catalogue.",
        "access_delay": "Inscription possible jusqu'à 48 h avant la session.",
        "accessibility": "Lieux et supports accessibles ; aménagements sur demande.",
        "disability_referent": "Référent handicap du territoire, via le contact ci-dessous.",
        "price_model": price_model,
        "price": {"free": None, "cofinanced": "0", "commercial": "180"}[price_model] or None,
        "contact_email": "contact@preau.test",
        "themes": sorted(set(themes)),
        "programmes": rng.sample(programmes, k=rng.choice([0, 1, 1, 2])) if programmes else [],
        "audiences": audiences,
        "career_stage": rng.choices(list(choices.CareerStage.values), [80, 12, 8])[0],
        "level": rng.choices(list(choices.Level.values), [45, 30, 18, 7])[0],
        "modality": modality,
        "rhythm": rhythm,
        "format": fmt,
        "keywords": rng.sample(keywords, k=min(2, len(keywords))),
    }


def offer_contents(count: int, seed: int, programmes: list[str]) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for _ in range(count):
        yield offer_content(rng, programmes)
