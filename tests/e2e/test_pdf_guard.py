"""PDF guard: every PDF Préau produces — attestation de présence, certificat de
réalisation, a session's ZIP of them, the sign-in sheet, the annual report
(national and for an académie) — is built from long, accented names and
titles, its word boxes are read back (pypdfium2, core/testing_documents.py),
and no two words may overlap nor a word run off its page; the long title and
name it holds are printed whole (the sign-in sheet cut them at 110 and 48
characters).

With PREAU_TEST_ARTIFACTS=dir each PDF is also rendered to PNG there, to look at.
"""

import io
import zipfile
from datetime import time, timedelta

import pytest

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.testing_documents import keep_png, pdf_layout_problems, pdf_text, squeeze
from preau.credentials.models import Attestation
from preau.registrations.imported import registrations_sync_imported
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db

TITLE = ("Différencier ses pratiques pédagogiques en classe hétérogène : outils numériques, "
         "évaluation par compétences et coopération entre élèves au cycle 3")  # fmt: skip
FIRST, LAST = "Marie-Christine-Éléonore", "de La Rochefoucauld-Montmorency d’Aubigné-Saint-Just"
# What each document must print whole.
WHOLE = {"presence": [TITLE, f"{FIRST} {LAST}"], "realisation": [TITLE, f"{FIRST} {LAST}"],
         "zip": [TITLE], "sheet": [TITLE, f"{FIRST} {LAST}"], "report-national": [],
         "report-academie": []}  # fmt: skip
KINDS = list(WHOLE)


def _closed_session(net):  # type: ignore[no-untyped-def]
    net.x1.name = "Atelier 21 – Dijon, Maison de l’éducation et de la formation continue"
    net.x1.save()
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    trainer.first_name, trainer.last_name = "Anne-Sophie", "Vasconcelos-Delacroix"
    trainer.save()
    day = next_weekday()
    session = open_session(
        net.x1, offer=published_offer(atelier=net.x1, title=TITLE), trainers=(trainer,),
        slots=(SlotSpec(day, time(9), time(12)), SlotSpec(day, time(13, 30), time(17))),
    )  # fmt: skip
    people = [user_with_role() for _ in range(14)]  # the sheet runs onto a second page
    people[0].first_name, people[0].last_name = FIRST, LAST
    people[0].save()
    registrations_sync_imported(session=session, people=people, actor=None)
    slots = list(session.slots.all())
    for slot in slots:
        for person in people:
            attendance_mark(actor=trainer, slot=slot, user=person, status="present",
                            now=slot.starts_at)  # fmt: skip
    session_close(actor=trainer, session=session, now=slots[-1].ends_at + timedelta(minutes=1))
    return session, trainer, people[0], slots[0]


def _documents(client, net, kind: str) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    session, trainer, person, slot = _closed_session(net)
    if kind in ("presence", "realisation"):
        client.login(email=person.email, password=TEST_PASSWORD)
        number = Attestation.objects.get(user=person, kind=kind).number
        return [(kind, _get(client, f"/attestations/{number}.pdf"))]
    if kind == "zip":
        manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
        client.login(email=manager.email, password=TEST_PASSWORD)
        archive = zipfile.ZipFile(
            io.BytesIO(_get(client, f"/attestations/seances/{session.pk}.zip"))
        )
        names = archive.namelist()
        assert len(names) == 2 * 14
        return [(f"zip-{n}", archive.read(n)) for n in names]
    if kind == "sheet":
        client.login(email=trainer.email, password=TEST_PASSWORD)
        return [(kind, _get(client, f"/presence/creneaux/{slot.pk}/feuille.pdf"))]
    query = {"annee": slot.starts_at.year, "export": "pdf"}
    if kind == "report-academie":
        query["academie"] = net.a1.code
    client.login(email=user_with_role(Role.NATIONAL_ADMIN).email, password=TEST_PASSWORD)
    return [(kind, _get(client, "/pilotage/rapport/", query))]


def _get(client, url: str, query=None) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(url, query or {})
    assert response.status_code == 200, url
    return response.content


@pytest.mark.parametrize("kind", KINDS)
def test_no_word_overlaps_another_or_leaves_the_page(client, net, kind):
    problems = {}
    for i, (name, data) in enumerate(_documents(client, net, kind)):
        assert data.startswith(b"%PDF"), name
        if i < 2:
            keep_png(data, f"guard-{name.removesuffix('.pdf')}")
        found = pdf_layout_problems(data)
        text = pdf_text(data)
        found += [f"not printed whole: {w[:40]}…" for w in WHOLE[kind] if squeeze(w) not in text]
        if found:
            problems[name] = found[:10]
    assert problems == {}


def test_the_guard_sees_words_printed_over_each_other():
    """The check itself: two strings drawn at the same place, and one past the edge."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(100, 700, "Participations")
    canvas.drawString(150, 703, "Journées")  # drawn into the word before
    canvas.drawString(100, 650, "Apart and fine")
    canvas.drawString(A4[0] - 20, 600, "débordement")  # runs off the right edge
    canvas.save()
    problems = pdf_layout_problems(out.getvalue())
    assert any("'Participations'" in p and "'Journées'" in p for p in problems), problems
    assert any("'débordement' runs off the page" in p for p in problems), problems
    assert not any("Apart" in p or "fine" in p for p in problems)
