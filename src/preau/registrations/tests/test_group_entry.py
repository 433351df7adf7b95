"""A partner finds where to enrol a group from their own pages."""

import pytest

from preau.accounts.roles import Role
from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.group import read_people_csv
from preau.registrations.views_group import GROUP_SESSIONS_PER_PAGE
from preau.scheduling.models import TrainingSession
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def test_the_partner_reaches_the_sessions_of_their_academie_from_their_account(client, net):
    mine = open_session(net.x1, offer=published_offer(atelier=net.x1, title="Lire au cycle 3"))
    by_convention = open_session(
        net.y1, offer=published_offer(atelier=net.y1, title="Oral en maternelle"), partner=net.a1
    )
    elsewhere = open_session(net.y1, offer=published_offer(atelier=net.y1, title="Chimie verte"))
    closed = open_session(net.x2, offer=published_offer(atelier=net.x2, title="Théâtre au lycée"))
    TrainingSession.objects.filter(pk=closed.pk).update(status=TrainingSession.Status.PLANNED)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)

    account = client.get("/compte/").content.decode()
    assert 'href="/inscriptions/groupes/"' in account and "Inscrire un groupe" in account
    approvals = client.get("/inscriptions/validations/").content.decode()
    assert 'href="/inscriptions/groupes/"' in approvals

    page = client.get("/inscriptions/groupes/").content.decode()
    assert "2 séances ouvertes à votre académie" in page
    assert "Lire au cycle 3" in page and "Oral en maternelle" in page
    assert "Chimie verte" not in page and "Théâtre au lycée" not in page
    assert f'href="/inscriptions/seances/{mine.pk}/groupe/"' in page
    assert f'href="/inscriptions/seances/{by_convention.pk}/groupe/"' in page
    assert f"/inscriptions/seances/{elsewhere.pk}/groupe/" not in page

    found = client.get("/inscriptions/groupes/", {"q": "maternelle"}).content.decode()
    assert "1 séance correspond à « maternelle »" in found.replace("“", "« ").replace("”", " »")
    assert "Lire au cycle 3" not in found


def test_the_list_is_paginated_and_closed_to_teachers(client, net):
    offer = published_offer(atelier=net.x1, title="Numérique responsable")
    for _ in range(GROUP_SESSIONS_PER_PAGE + 1):
        open_session(net.x1, offer=offer)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)
    first = client.get("/inscriptions/groupes/").content.decode()
    assert f"{GROUP_SESSIONS_PER_PAGE + 1} séances ouvertes" in first
    assert first.count("/groupe/") == GROUP_SESSIONS_PER_PAGE and "Page suivante" in first
    second = client.get("/inscriptions/groupes/", {"page": 2}).content.decode()
    assert second.count("/groupe/") == 1

    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    assert client.get("/inscriptions/groupes/").status_code == 403
    assert "/inscriptions/groupes/" not in client.get("/compte/").content.decode()


def test_french_column_names_are_read_whatever_their_case_and_accents():
    from preau.registrations.group import read_people_csv

    raw = "ADRESSE ÉLECTRONIQUE;prénom;Nom;Établissement\nana@ac-a1.fr;Ana;López;0211234a\n"
    rows = read_people_csv(("\ufeff" + raw).encode("utf-8"))
    assert [(r.email, r.first_name, r.last_name, r.uai) for r in rows] == [
        ("ana@ac-a1.fr", "Ana", "López", "0211234A")
    ]
    assert read_people_csv(b"E-mail,Prenom,NOM\nben@ac-a1.fr,Ben,Roy\n")[0].last_name == "Roy"
    with pytest.raises(Exception) as err:
        read_people_csv(b"Nom;Prenom\nRoy;Ben\n")
    assert "Courriel" in str(err.value)


def test_the_group_form_offers_a_template_and_no_empty_choice(client, net):
    session = open_session(net.x1)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)
    page = client.get(f"/inscriptions/seances/{session.pk}/groupe/").content.decode()
    assert "Courriel, Prénom, Nom" in page and "Comment se passe l’inscription d’un groupe" in page
    assert "choisissez des personnes" not in page  # nobody of the académie to tick
    assert 'href="/inscriptions/groupes/modele.csv"' in page
    template = client.get("/inscriptions/groupes/modele.csv")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content == "\ufeffCourriel;Prénom;Nom;UAI\r\n".encode()
    from preau.registrations.group import read_people_csv

    assert read_people_csv(template.content + b"ana@ac-a1.fr;Ana;Lo;\r\n")[0].email


def test_a_person_a_partner_enrols_learns_who_did_it_and_that_an_account_exists(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    from preau.registrations.group import group_enrol

    session = open_session(net.x1, capacity=5)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    partner.first_name, partner.last_name = "Marc", "Petit"
    partner.save()
    zoe = user_with_role()
    zoe.academie = net.b1
    zoe.save()
    listed = f"Courriel;Prenom;Nom\nana@ac-a1.fr;Ana;Lopez\n{zoe.email};Z;R\n"
    rows = read_people_csv(listed.encode())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_enrol(actor=partner, session=session, people=rows)
    to_ana = [m for m in mailoutbox if m.to == ["ana@ac-a1.fr"]]
    assert "Inscription confirmée" in to_ana[0].subject
    assert "Marc Petit (EAFC de l’académie d’Académie A1) vous a inscrit(e)" in to_ana[0].body
    assert "Un compte a été créé pour vous" in to_ana[0].body
    assert not any("rattachement" in m.subject.lower() for m in to_ana)
    (to_zoe,) = [m for m in mailoutbox if m.to == [zoe.email]]
    assert "Marc Petit (EAFC de l’académie d’Académie A1) vous invite" in to_zoe.body
    assert "(partenaire)" not in to_zoe.body
