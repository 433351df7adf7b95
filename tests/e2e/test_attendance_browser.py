"""A trainer takes attendance on a phone (390 px): today's slots, the roster as
cards, "everyone is here" then exceptions, a lost connection, a drawn
signature, the rotating QR code, and closing with its confirmation."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.utils import timezone
from playwright.sync_api import expect

from preau.accounts.models import User
from preau.attendance import checkin
from preau.attendance.models import Attendance
from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.credentials.models import Attestation
from preau.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from preau.network.models import Atelier
from preau.network.services import network_load
from preau.registrations.imported import registrations_sync_imported
from preau.registrations.models import Registration
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import open_session

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
ROTATION, GRACE = 10, 8  # seconds, short for the test (45 and 20 by default)


def noon_zone() -> str:
    """A fixed zone where it is about noon now: the day's slots fit before now."""
    offset = 12 - timezone.now().hour  # -11 … +12
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


@pytest.fixture
def day_of_training(live_server, settings):  # type: ignore[no-untyped-def]
    settings.PREAU_QR_ROTATION_SECONDS = ROTATION
    settings.PREAU_QR_GRACE_SECONDS = GRACE
    network_load()
    demo_accounts_create()
    atelier = Atelier.objects.get(code="21")
    atelier.timezone = noon_zone()
    atelier.save()
    now = timezone.localtime(timezone.now(), ZoneInfo(atelier.timezone)).replace(
        second=0, microsecond=0
    )
    morning = (now - timedelta(hours=4), now - timedelta(hours=3))
    late_morning = (now - timedelta(hours=2), now - timedelta(minutes=5))  # 1 h 55
    trainer = User.objects.get(email="formatrice21@preau.test")
    session = open_session(
        atelier, trainers=(trainer,),
        offer=published_offer(atelier=atelier, title="Pensée visuelle"),
        slots=tuple(SlotSpec(a.date(), a.time(), b.time()) for a, b in (morning, late_morning)),
    )  # fmt: skip
    teacher = User.objects.get(email="enseignante@preau.test")
    others = [user_with_role() for _ in range(3)]
    for person, last in zip(others, ("Blanc", "Colin", "Faure"), strict=True):
        person.last_name = last
        person.save()
    registrations_sync_imported(session=session, people=[teacher, *others], actor=None)
    return live_server.url, session, teacher, others


def log_in(page, site, email, password=DEMO_PASSWORD):  # type: ignore[no-untyped-def]
    page.goto(site + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/")


def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR", viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_a_trainers_morning_on_a_phone(browser, day_of_training):  # type: ignore[no-untyped-def]
    site, session, teacher, (blanc, colin, faure) = day_of_training
    first_slot, slot = session.slots.order_by("starts_at")
    context, page = phone(browser)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Today, from the menu
    log_in(page, site, "formatrice21@preau.test")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Aujourd’hui").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd’hui")
    screenshot(page, "attendance-today-phone")
    page.get_by_role("link", name="Relever les présences").nth(1).click()
    page.wait_for_url(f"**/presence/creneaux/{slot.pk}/")

    # The roster: nothing ticked, everyone is here, then one exception
    counter = page.locator("#roster-counter")
    expect(counter).to_have_text("0 / 4 marqués · 0 présents")
    expect(page.locator(".preau-card [aria-pressed='true']")).to_have_count(0)
    screenshot(page, "attendance-roster-phone")
    page.get_by_role("button", name="Tous présents").click()
    expect(counter).to_have_text("4 / 4 marqués · 4 présents")
    card = page.locator(".preau-card").filter(has_text="Colin")
    card.get_by_role("button", name="Absent", exact=True).click()
    expect(counter).to_have_text("4 / 4 marqués · 3 présents")
    expect(card.locator(".fr-badge")).to_have_text("Absent")
    assert Attendance.objects.get(slot=slot, user=colin).status == "absent"
    assert page.url.endswith(f"/presence/creneaux/{slot.pk}/")  # no reload

    # The connection drops: the tap is kept, said not saved, then sent
    card = page.locator(".preau-card").filter(has_text="Faure")
    context.set_offline(True)
    card.get_by_role("button", name="En retard").click()
    expect(card).to_have_attribute("data-state", "failed")
    expect(page.locator("#roster-status")).to_contain_text("connexion")
    assert Attendance.objects.get(slot=slot, user=faure).status == "present"
    screenshot(page, "attendance-roster-offline-phone")
    context.set_offline(False)
    expect(card.locator(".fr-badge")).to_have_text("En retard")
    expect(page.locator("#roster-status")).to_contain_text("Enregistré")
    assert Attendance.objects.get(slot=slot, user=faure).status == "late"

    # A drawn signature: "signé à HH:MM"
    card = page.locator(".preau-card").filter(has_text="Roux")
    card.locator("summary").click()
    pad = card.locator(".preau-signature[data-ready='true']")
    pad.locator("canvas").scroll_into_view_if_needed()
    box = pad.locator("canvas").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 40 + (step % 3) * 12)
    page.mouse.up()
    card.get_by_role("button", name="Enregistrer la signature").click()
    expect(card.locator(".preau-card__signed")).to_contain_text("signé à")
    record = Attendance.objects.get(slot=slot, user=teacher)
    assert record.method == "signature" and record.signature.startswith("M ")
    screenshot(page, "attendance-roster-marked-phone")

    # The QR code changes; the old one is accepted for a short grace, then refused
    late_context, late = phone(browser)  # two trainees, already logged in on their phones
    log_in(late, site, blanc.email, TEST_PASSWORD)
    other_context, other = phone(browser)
    log_in(other, site, colin.email, TEST_PASSWORD)
    page.goto(f"{site}/presence/creneaux/{slot.pk}/qr/")
    code = page.locator("#qr-code")
    expect(code.locator("svg")).to_be_visible()
    screenshot(page, "attendance-qr-phone")
    old = code.get_attribute("data-token")
    expect(code).not_to_have_attribute("data-token", old, timeout=(ROTATION + 5) * 1000)
    rotated_at = (signing.loads(old, salt=checkin.QR_SALT)["w"] + 1) * ROTATION  # epoch seconds
    assert time.time() < rotated_at + GRACE - 1, "the page showed the new code too late"
    late.goto(f"{site}/presence/qr/{old}/")  # scanned as the code changed
    expect(late.get_by_role("button", name="Je suis là")).to_be_visible()
    time.sleep(max(0.0, rotated_at + GRACE + 0.5 - time.time()))
    other.goto(f"{site}/presence/qr/{old}/")  # a photo forwarded a few seconds later
    expect(other.get_by_role("alert")).to_contain_text("Ce QR code a expiré")
    screenshot(other, "attendance-qr-expired-phone")
    late.get_by_role("button", name="Je suis là").click()  # confirming may take a while
    expect(late.get_by_role("status")).to_contain_text("Vous êtes noté présent")
    scanned = Attendance.objects.get(slot=slot, user=blanc)
    assert scanned.method == "qr" and scanned.signed_at is not None
    late_context.close()
    other_context.close()

    # Closing: who was never marked, hours as the attestations will say, confirmation
    page.goto(f"{site}/presence/seances/{session.pk}/")
    page.get_by_role("link", name="Clôturer la séance").click()
    expect(page.get_by_role("heading", name="Jamais marqués")).to_be_visible()
    never = page.locator("main li").filter(has_text="Blanc")
    expect(never).to_contain_text("Colin")  # nobody was marked on the first slot
    hours = page.locator("table")
    expect(hours.locator("tr").filter(has_text="Roux")).to_contain_text("1,92 h")
    expect(hours.locator("tr").filter(has_text="Colin")).to_contain_text("absent")
    screenshot(page, "attendance-close-phone")
    session.refresh_from_db()
    assert session.status == "open"  # nothing closed before the confirmation
    page.get_by_role("button", name="Confirmer la clôture").click()
    expect(page.get_by_role("status").first).to_contain_text("Séance clôturée")
    minutes = Registration.objects.get(session=session, user=teacher).attended_minutes
    attestation = Attestation.objects.get(registration__session=session, registration__user=teacher,
                                          kind="presence")  # fmt: skip
    assert minutes == 115 and attestation.content["attended_hours"] == 1.92
    expect(page.locator("main")).to_contain_text("1,92 h")
    screenshot(page, "attendance-closed-phone")
    unexpected = [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e and "htmx" not in e]
    assert unexpected == []
    assert first_slot.attendances.count() == 0
    context.close()
