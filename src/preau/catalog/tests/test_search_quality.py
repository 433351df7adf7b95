# ruff: noqa: E501 - the fixture catalog reads as a table, one offer a line
"""Search quality: what teachers type, and the offer they expect in the first results.

A fixture catalog written here (not the random demo) and a set of realistic
queries — typos, acronyms, synonyms, plurals, accents, several words — each
with the offer it must find in its top N. Runs on SQLite and PostgreSQL.
"""

from typing import Any

import pytest

from preau.catalog.search import CatalogQuery, catalog_search
from preau.catalog.testing import published_offer

pytestmark = pytest.mark.django_db

INCLUSIVE = "ecole-inclusive"
DIGITAL = "humanites-numeriques-en-education"
MEDIA = "education-aux-medias-et-a-linformation-et-valeurs-de-la-republique"
GREEN = "education-a-la-transition-ecologique-et-sociale"
GAMES = "ludopedagogie"
VISUAL = "pensee-visuelle"
ACTIVE = "pedagogies-actives"
WELLBEING = "bien-etre-a-lecole"
CODING = "premiers-usages-des-materiels-pedagogiques-et-programmation"
FAMILIES = "coeducation"

# key: (title, summary, keywords, theme, extra fields)
CATALOG: dict[str, tuple[str, str, list[str], str, dict[str, Any]]] = {
    "maternelle": ("Langage oral en maternelle", "Faire parler les élèves de petite et moyenne section.", ["cycle 1", "oral"], ACTIVE, {"audiences": ["first_degree"]}),
    "autisme": ("Accueillir un élève autiste en classe ordinaire", "Comprendre les troubles du spectre de l'autisme et adapter sa pédagogie.", ["TSA", "handicap"], INCLUSIVE, {}),
    "ia": ("L'intelligence artificielle générative en classe", "Usages, limites et esprit critique face aux outils conversationnels.", ["ChatGPT"], DIGITAL, {}),
    "emi": ("Éducation aux médias et à l'information au collège", "Lutter contre les infox et développer l'esprit critique.", ["EMI", "presse"], MEDIA, {"audiences": ["second_degree"]}),
    "edd": ("Le développement durable au quotidien de l'école", "Éco-délégués, biodiversité et sobriété : mener un projet EDD.", ["EDD"], GREEN, {}),
    "harcelement": ("Prévenir le harcèlement scolaire", "Le programme pHARe : repérer, agir, accompagner.", ["pHARe", "climat scolaire"], WELLBEING, {}),
    "robotique": ("Robotique pédagogique avec Thymio", "Programmer des robots au cycle 3.", ["robot"], CODING, {}),
    "scratch": ("Programmer avec Scratch au collège", "Algorithmique et codage par blocs.", ["algorithmique"], CODING, {"audiences": ["second_degree"]}),
    "dys": ("Troubles dys : adapter les supports", "Dyslexie, dyspraxie : des aménagements simples.", ["dyslexie"], INCLUSIVE, {}),
    "aesh": ("Travailler avec les AESH", "Organiser la collaboration entre enseignant et accompagnant.", ["AESH"], INCLUSIVE, {}),
    "cps": ("Développer les compétences psychosociales des élèves", "Gestion des émotions, estime de soi et coopération.", ["CPS", "émotions"], WELLBEING, {}),
    "escape": ("Créer un escape game pédagogique", "Concevoir des énigmes au service des apprentissages.", ["énigmes"], GAMES, {}),
    "jeux": ("Jeux de société en classe", "Choisir et animer des jeux pour faire apprendre.", ["plateau"], GAMES, {}),
    "cartes": ("Les cartes mentales pour apprendre", "Organiser ses idées visuellement.", ["carte heuristique"], VISUAL, {}),
    "sketch": ("Sketchnoting : prendre des notes en images", "Dessiner pour retenir.", ["croquis"], VISUAL, {}),
    "inversee": ("La classe inversée pas à pas", "Capsules vidéo et travail en autonomie.", ["capsules"], ACTIVE, {}),
    "ent": ("Bien utiliser l'environnement numérique de travail", "Cahier de textes, messagerie et espaces de classe.", ["ENT"], DIGITAL, {}),
    "laicite": ("Enseigner la laïcité", "Transmettre les valeurs de la République au quotidien.", ["citoyenneté"], MEDIA, {}),
    "familles": ("Dialoguer avec les familles", "Réunions parents-professeurs et mallette des parents.", ["coéducation", "parents"], FAMILIES, {}),
    "evaluer": ("Évaluer par compétences", "Évaluation positive et retours aux élèves.", ["feedback"], ACTIVE, {}),
    "neo": ("Bien débuter : l'entrée dans le métier", "Gestion de classe pour les néo-titulaires.", ["gestion de classe"], ACTIVE, {"career_stage": "new"}),
    "lecture": ("Enseigner la lecture au CP", "Phonologie, décodage et compréhension.", ["lecture"], ACTIVE, {"audiences": ["first_degree"]}),
    "maths": ("Résolution de problèmes en mathématiques", "La méthode de Singapour au cycle 2.", ["problèmes"], ACTIVE, {"audiences": ["first_degree"]}),
    "philo": ("Ateliers philo avec les enfants", "Discussion à visée philosophique en classe.", ["débat"], ACTIVE, {}),
    "webradio": ("Créer une webradio scolaire", "Enregistrer, monter et diffuser une émission.", ["podcast"], MEDIA, {}),
    "differencier": ("Différencier sa pédagogie", "Répondre aux besoins éducatifs particuliers de chacun.", ["BEP"], INCLUSIVE, {}),
    "flexible": ("Aménager une classe flexible", "Mobilier, espaces et autonomie des élèves.", ["aménagement"], ACTIVE, {}),
    "tablettes": ("Les tablettes en classe", "Photographier, enregistrer, créer avec des tablettes.", ["iPad"], DIGITAL, {}),
    "pix": ("Préparer la certification Pix", "Évaluer et développer les compétences numériques des élèves.", ["Pix"], DIGITAL, {"audiences": ["second_degree"]}),
    "oral": ("L'éloquence au lycée", "Préparer le grand oral du baccalauréat.", ["éloquence"], ACTIVE, {"audiences": ["second_degree"]}),
    "climat": ("Climat et énergie : comprendre pour enseigner", "Les bases scientifiques du changement climatique.", ["énergie"], GREEN, {}),
    "secours": ("Gestes qui sauvent", "Former les élèves aux premiers secours.", ["secourisme"], WELLBEING, {}),
    "direction": ("Diriger une école", "Pilotage et animation d'équipe pour les directeurs d'école.", ["direction"], ACTIVE, {"audiences": ["leaders"]}),
    "anglais": ("Enseigner l'anglais en élémentaire", "Oser l'oral en langue vivante au cycle 3.", ["langues vivantes"], ACTIVE, {"audiences": ["first_degree"]}),
    "webinaire": ("Les réseaux sociaux expliqués aux élèves", "Un webinaire d'une heure.", ["réseaux sociaux"], MEDIA, {"format": "webinar", "modality": "distance"}),
}  # fmt: skip

# (what the teacher types, the offer expected, within the first N results)
QUERIES = [
    ("maternelle", "maternelle", 1),
    ("maternelles", "maternelle", 1),
    ("MATERNELLE", "maternelle", 1),
    ("matrenelle", "maternelle", 1),  # two letters swapped
    ("maternele", "maternelle", 1),  # a letter missing
    ("langage oral maternelle", "maternelle", 1),
    ("petite section", "maternelle", 1),
    ("cycle 1", "maternelle", 3),
    ("autisme", "autisme", 1),
    ("autsime", "autisme", 1),
    ("autiste", "autisme", 1),
    ("autistes", "autisme", 1),
    ("TSA", "autisme", 1),
    ("tsa", "autisme", 1),
    ("élève autiste", "autisme", 1),
    ("eleve autiste", "autisme", 1),
    ("intelligence artificielle", "ia", 1),
    ("IA", "ia", 1),
    ("IA générative", "ia", 1),
    ("inteligence artificielle", "ia", 1),
    ("chatgpt", "ia", 1),
    ("EMI", "emi", 1),
    ("éducation aux médias", "emi", 1),
    ("education medias", "emi", 1),
    ("infox", "emi", 1),
    ("fake news", "emi", 1),  # a synonym of "infox"
    ("EDD", "edd", 2),
    ("développement durable", "edd", 1),
    ("developpement durable", "edd", 1),
    ("developement durable", "edd", 1),
    ("éco-délégués", "edd", 1),
    ("harcèlement", "harcelement", 1),
    ("harcelement", "harcelement", 1),
    ("harclement", "harcelement", 1),
    ("phare", "harcelement", 1),
    ("robotique", "robotique", 1),
    ("robotiqe", "robotique", 1),
    ("robots", "robotique", 1),
    ("thymio", "robotique", 1),
    ("scratch", "scratch", 1),
    ("scrach", "scratch", 1),
    ("codage", "scratch", 2),
    ("programmation scratch collège", "scratch", 1),
    ("dyslexie", "dys", 1),
    ("dislexie", "dys", 1),
    ("dys", "dys", 1),
    ("AESH", "aesh", 1),
    ("accompagnant", "aesh", 1),
    ("compétences psychosociales", "cps", 1),
    ("CPS", "cps", 1),
    ("émotions", "cps", 1),
    ("escape game", "escape", 1),
    ("escape", "escape", 1),
    ("jeu d'évasion", "escape", 1),
    ("jeux de société", "jeux", 1),
    ("ludopédagogie", "jeux", 2),
    ("cartes mentales", "cartes", 1),
    ("carte mentale", "cartes", 1),
    ("carte heuristique", "cartes", 1),
    ("sketchnote", "sketch", 1),
    ("classe inversée", "inversee", 1),
    ("classe inversee", "inversee", 1),
    ("ENT", "ent", 1),
    ("laïcité", "laicite", 1),
    ("laicite", "laicite", 1),
    ("valeurs de la république", "laicite", 1),
    ("parents", "familles", 1),
    ("relation avec les familles", "familles", 3),  # no offer has every word
    ("évaluer par compétences", "evaluer", 1),
    ("evaluation", "evaluer", 2),
    ("néo-titulaire", "neo", 1),
    ("débuter dans le métier", "neo", 1),
    ("lecture CP", "lecture", 1),
    ("mathématiques", "maths", 1),
    ("maths singapour", "maths", 3),
    ("méthode de Singapour", "maths", 1),
    ("philosophie enfants", "philo", 1),
    ("webradio", "webradio", 1),
    ("podcast", "webradio", 1),
    ("besoins éducatifs particuliers", "differencier", 1),
    ("BEP", "differencier", 1),
    ("différenciation", "differencier", 1),
    ("classe flexible", "flexible", 1),
    ("tablette", "tablettes", 1),
    ("tabletes", "tablettes", 1),
    ("pix", "pix", 1),
    ("grand oral", "oral", 1),
    ("eloquence", "oral", 1),
    ("premiers secours", "secours", 1),
    ("directeur d'école", "direction", 3),
    ("anglais cycle 3", "anglais", 1),
    ("webinaire réseaux sociaux", "webinaire", 1),  # the format's name is searched
    ("autisme maternelle", "autisme", 3),  # nothing has both: at least one word
    ("autisme maternelle", "maternelle", 3),
    ("changement climatique", "climat", 1),
]


@pytest.fixture
def catalog(db):
    offers = {}
    for key, (title, summary, keywords, theme, extra) in CATALOG.items():
        offers[key] = published_offer(
            title=title, summary=summary, keywords=keywords, themes=[theme], **extra
        ).pk
    return offers


def test_teachers_find_what_they_type(catalog):
    assert len(QUERIES) >= 60
    misses = []
    for text, expected, top in QUERIES:
        page = catalog_search(CatalogQuery(text=text, per_page=top))
        if catalog[expected] not in [e.offer_id for e in page.entries]:
            found = [e.title for e in catalog_search(CatalogQuery(text=text, per_page=3)).entries]
            misses.append(f"{text!r}: expected {CATALOG[expected][0]!r} in top {top}, got {found}")
    assert not misses, "\n".join(misses)


def test_nothing_with_every_word_falls_back_to_any_word_and_says_so(catalog):
    page = catalog_search(CatalogQuery(text="autisme maternelle"))
    assert page.fallback and page.total >= 2
    assert not catalog_search(CatalogQuery(text="autisme TSA")).fallback
    assert catalog_search(CatalogQuery(text="matrenelle")).corrections == {
        "matrenelle": ["maternelle"]
    }


def test_nothing_found_keeps_the_facets(catalog):
    page = catalog_search(CatalogQuery(text="astronomie"))
    assert page.total == 0 and not page.fallback
    themes = {f.key: f for f in page.facets}["theme"]
    assert {v.value for v in themes.values} >= {INCLUSIVE, DIGITAL}


def test_acronym_and_title_words_rank_first(catalog):
    # "TSA" is typed on one offer; others only speak of autism through a synonym
    published_offer(title="Autisme : ressources", summary="Des ressources.", keywords=[])
    page = catalog_search(CatalogQuery(text="TSA"))
    assert page.entries[0].offer_id == catalog["autisme"]
    page = catalog_search(CatalogQuery(text="tablettes"))
    assert page.entries[0].offer_id == catalog["tablettes"]  # in the title, not only the body
