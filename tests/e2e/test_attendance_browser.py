"""A trainer takes attendance on a phone: status, a drawn signature, the QR code."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.accounts.models import User
from preau.attendance.models import Attendance
from preau.catalog.testing import published_offer
from preau.demo.accounts import demo_accounts_create
from preau.network.models import Atelier
from preau.network.services import network_load
from preau.registrations.imported import registrations_sync_imported
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import open_session

from .conftest import screenshot
from .test_catalog_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live_session(live_server):  # type: ignore[no-untyped-def]
    network_load()
    demo_accounts_create()
    atelier = Atelier.objects.get(code="21")
    atelier.timezone = "Etc/GMT-1"
    atelier.save()
    now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(60))
    start = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0))
    end = min(start + timedelta(hours=2), now.replace(hour=23, minute=59))
    trainer = User.objects.get(email="formatrice21@preau.test")
    session = open_session(
        atelier, trainers=(trainer,),
        offer=published_offer(atelier=atelier, title="Pensée visuelle"),
        slots=(SlotSpec(start.date(), start.time().replace(second=0, microsecond=0),
                        end.time().replace(second=0, microsecond=0)),),
    )  # fmt: skip
    teacher = User.objects.get(email="enseignante@preau.test")
    registrations_sync_imported(session=session, people=[teacher], actor=None)
    return live_server.url, session


def test_trainer_takes_attendance_on_a_phone(browser, live_session):  # type: ignore[no-untyped-def]
    site, session = live_session
    slot = session.slots.get()
    context = browser.new_context(locale="fr-FR", viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    login(page, site, "formatrice21@preau.test")
    page.get_by_role("link", name="Mes séances de formateur").click()
    page.get_by_role("link", name="Émargement").first.click()
    page.locator(f"a[href='/presence/creneaux/{slot.pk}/']").click()
    card = page.locator(".preau-person").filter(has_text="Roux")
    card.locator(".preau-signature[data-ready='true']").wait_for()  # the script has loaded
    canvas = card.locator("canvas")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 40 + (step % 3) * 12)
    page.mouse.up()
    screenshot(page, "attendance-roster-phone")
    with page.expect_response(lambda r: r.request.method == "POST"):  # saved before we look
        card.get_by_role("button", name="Enregistrer").click()
    record = Attendance.objects.get(slot=slot)
    assert record.status == "present" and record.signature.startswith("M ")

    page.get_by_role("link", name="Afficher le QR code").click()
    expect(page.locator(".preau-qr__code svg")).to_be_visible()
    screenshot(page, "attendance-qr-phone")
    assert errors == []
    context.close()
