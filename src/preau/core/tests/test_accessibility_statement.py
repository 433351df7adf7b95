"""The RGAA accessibility statement: its status follows the audit named in the
settings, "non conforme" without one; contact form and remedies are there."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from preau.core.accessibility import check_audit_settings, statement

pytestmark = pytest.mark.django_db


def audit(settings, day: str = "", auditor: str = "", rate: str = "") -> None:
    settings.ACCESSIBILITY_AUDIT = {"date": day, "auditor": auditor, "rate": rate}


def test_without_an_audit_the_statement_says_non_conforme_and_no_audit_was_done(client, settings):
    audit(settings)
    body = client.get("/accessibilite").content.decode()
    assert "<strong>non conforme</strong>" in body
    assert "Le site n'a encore pas été audité" in body
    assert "Accessibilité : non conforme" in body  # the footer says the same
    assert 'établie le <time datetime="2026-12-02">2 décembre 2026</time>' in body
    sections = (
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Établissement de cette déclaration d'accessibilité",
        "Voies de recours",
    )
    assert all(part in body for part in sections)
    # Recourse: the Défenseur des droits, and every way to reach it.
    assert "https://formulaire.defenseurdesdroits.fr/" in body
    assert "https://www.defenseurdesdroits.fr/saisir/delegues" in body
    assert "09 69 39 00 00" in body and "Libre réponse 71120" in body
    assert "/evaluation/reclamation/?objet=accessibilite" in body


@pytest.mark.parametrize(
    ("rate", "label"),
    [("78,5", "partiellement conforme"), ("100", "totalement conforme"),
     ("42", "non conforme")],
)  # fmt: skip
def test_an_audit_sets_the_status_from_its_rate(client, settings, rate, label):
    audit(settings, (date.today() - timedelta(days=30)).isoformat(), "Cabinet Accès Plus", rate)
    body = client.get("/accessibilite").content.decode()
    assert f"<strong>{label}</strong>" in body
    assert "L'audit de conformité réalisé par Cabinet Accès Plus" in body
    assert f"<strong>{rate} %</strong>" in body
    assert "n'a encore pas été audité" not in body
    assert f"Accessibilité : {label}" in body


def test_an_audit_more_than_three_years_old_no_longer_counts(client, settings):
    audit(settings, "2022-01-10", "Cabinet Accès Plus", "88")
    body = client.get("/accessibilite").content.decode()
    assert "<strong>non conforme</strong>" in body
    assert "date de plus de trois ans" in body


def test_an_incomplete_or_unreadable_audit_is_reported_and_claims_nothing(client, settings):
    audit(settings, "2026-10-01", "", "80")
    with pytest.raises(ImproperlyConfigured, match="set all three or none"):
        statement()
    assert check_audit_settings()[0].id == "preau.E010"
    assert "<strong>non conforme</strong>" in client.get("/accessibilite").content.decode()
    audit(settings, "01/10/2026", "Cabinet", "80")
    assert "PREAU_ACCESSIBILITY_AUDIT_DATE" in check_audit_settings()[0].msg
    audit(settings, "2026-10-01", "Cabinet", "120")
    assert "PREAU_ACCESSIBILITY_AUDIT_RATE" in check_audit_settings()[0].msg


def test_the_statement_is_in_english_too(client, settings):
    audit(settings)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/accessibilite").content.decode()
    assert "<strong>not compliant</strong>" in body and "has not been audited yet" in body
    assert "Remedies" in body and "Libre réponse 71120" in body


def test_the_contact_form_is_the_complaint_form_on_the_accessibility_topic(client):
    body = client.get("/evaluation/reclamation/?objet=accessibilite").content.decode()
    assert "<h1>Signaler un défaut d'accessibilité</h1>" in body
    assert (
        'value="Défaut d\'accessibilité"' in body or 'value="Défaut d&#x27;accessibilité"' in body
    )
    # Any other topic is ignored: the subject never comes from the link.
    other = client.get("/evaluation/reclamation/?objet=<b>x</b>").content.decode()
    assert "<h1>Faire une réclamation</h1>" in other and "<b>x</b>" not in other
