from datetime import timedelta

import pytest
from django.utils import timezone

from preau.accounts.roles import Role
from preau.attendance.checkin import qr_token
from preau.attendance.models import Attendance
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.imported import registrations_sync_imported
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(net):
    """A session happening now, with two registered people and a trainer."""
    now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(60))
    start = max(
        (now - timedelta(minutes=30)).replace(second=0, microsecond=0),
        now.replace(hour=0, minute=0, second=0, microsecond=0),  # same day, even at 00:10
    )
    end = min(start + timedelta(hours=2), now.replace(hour=23, minute=59, second=0, microsecond=0))
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    net.x1.timezone = "Etc/GMT-1"  # a fixed +01:00 zone, whatever the date
    net.x1.save()
    session = open_session(
        net.x1, trainers=(trainer,),
        slots=(SlotSpec(start.date(), start.time(), end.time()),),
    )  # fmt: skip
    people = [user_with_role(), user_with_role()]
    registrations_sync_imported(session=session, people=people, actor=None)
    return session, trainer, people


def login(client, user):
    client.login(email=user.email, password=TEST_PASSWORD)


def test_trainer_marks_with_a_signature_on_the_roster(client, live):
    session, trainer, (a, _b) = live
    slot = session.slots.get()
    login(client, trainer)
    page = client.get(f"/presence/creneaux/{slot.pk}/").content.decode()
    assert a.email in page or a.get_full_name() in page
    client.post(f"/presence/creneaux/{slot.pk}/marquer/",
                {"user": a.pk, "status": "present", "signature": "M 1 1 L 40 30"})  # fmt: skip
    record = Attendance.objects.get(user=a)
    assert (record.status, record.method, record.signature) == (
        "present",
        "signature",
        "M 1 1 L 40 30",
    )
    pdf = client.get(f"/presence/creneaux/{slot.pk}/feuille.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_qr_code_page_and_check_in(client, live):
    session, trainer, (a, _b) = live
    slot = session.slots.get()
    login(client, trainer)
    qr = client.get(f"/presence/creneaux/{slot.pk}/qr/").content.decode()
    assert "<svg" in qr
    client.logout()
    login(client, a)
    url = f"/presence/qr/{qr_token(slot)}/"
    assert "Je suis là" in client.get(url).content.decode()
    assert not Attendance.objects.exists()  # a GET changes nothing
    page = client.post(url).content.decode()
    assert "présent" in page and Attendance.objects.get(user=a).method == "qr"


def test_people_outside_the_session_cannot_open_the_roster(client, live, net):
    session, _trainer, (a, _b) = live
    slot = session.slots.get()
    login(client, a)
    assert client.get(f"/presence/creneaux/{slot.pk}/").status_code == 403
    login(client, user_with_role(Role.TRAINER, atelier=net.x2))
    assert client.get(f"/presence/creneaux/{slot.pk}/feuille.pdf").status_code == 403


def test_today_lists_the_trainers_own_slots_one_tap_from_the_roster(client, live, net):
    session, trainer, _people = live
    slot = session.slots.get()
    other = user_with_role(Role.TRAINER, atelier=net.x1)
    login(client, trainer)
    home = client.get("/").content.decode()
    assert "/presence/aujourdhui/" in home  # the menu entry
    page = client.get("/presence/aujourdhui/").content.decode()
    assert f"/presence/creneaux/{slot.pk}/" in page and "0</strong> / 2 marqués" in page
    login(client, other)
    assert (
        f"/presence/creneaux/{slot.pk}/" not in client.get("/presence/aujourdhui/").content.decode()
    )


def test_roster_saves_one_tap_with_htmx_and_without_javascript(client, live):
    session, trainer, (a, b) = live
    slot = session.slots.get()
    login(client, trainer)
    page = client.get(f"/presence/creneaux/{slot.pk}/").content.decode()
    assert 'aria-pressed="true"' not in page  # nothing ticked in advance
    mark = f"/presence/creneaux/{slot.pk}/marquer/"
    htmx = {"HX-Request": "true"}
    answer = client.post(mark, {"user": a.pk, "status": "late"}, headers=htmx)
    html = answer.content.decode()
    assert answer.status_code == 200 and f'id="person-{a.pk}"' in html
    assert 'hx-swap-oob="true"' in html and "1</strong> / 2 marqués" in html
    assert Attendance.objects.get(user=a).status == "late"
    # the form without JavaScript: a plain post, then the roster again
    plain = client.post(
        f"/presence/creneaux/{slot.pk}/marquer/", {"user": b.pk, "status": "absent"}
    )
    assert plain.status_code == 302 and plain.url.endswith(f"#person-{b.pk}")
    assert Attendance.objects.get(user=b).status == "absent"
    refused = client.post(mark, {"user": b.pk, "status": "asleep"}, headers=htmx)
    assert "Statut de présence inconnu" in refused.content.decode()
    assert Attendance.objects.get(user=b).status == "absent"  # nothing changed


def test_everyone_is_here_then_an_exception(client, live):
    session, trainer, (a, b) = live
    slot = session.slots.get()
    login(client, trainer)
    html = client.post(
        f"/presence/creneaux/{slot.pk}/tous-presents/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "2</strong> / 2 marqués · 2 présents" in html
    client.post(f"/presence/creneaux/{slot.pk}/marquer/", {"user": b.pk, "status": "excused"})
    statuses = dict(Attendance.objects.values_list("user_id", "status"))
    assert statuses == {a.pk: "present", b.pk: "excused"}


def test_a_scan_is_checked_at_once_and_survives_logging_in(client, live, monkeypatch):
    from types import SimpleNamespace

    from preau.attendance import views

    session, _trainer, (a, _b) = live
    slot = session.slots.get()
    url = f"/presence/qr/{qr_token(slot)}/"
    first = client.get(url).content.decode()  # not logged in yet
    assert "Connectez-vous" in first and "/compte/connexion?next=" in first
    later = timezone.now() + timedelta(minutes=3)  # typing a password; the code has changed
    monkeypatch.setattr(views, "timezone", SimpleNamespace(now=lambda: later))
    login(client, a)
    client.post(url)  # the scan was valid when it was made
    assert Attendance.objects.get(user=a).method == "qr"


def test_an_old_photo_of_the_code_is_refused(client, live, settings):
    session, _trainer, (a, _b) = live
    slot = session.slots.get()
    old = qr_token(slot, now=timezone.now() - timedelta(minutes=3))
    login(client, a)
    page = client.get(f"/presence/qr/{old}/").content.decode()
    assert "Ce QR code a expiré" in page
    client.post(f"/presence/qr/{old}/")
    assert not Attendance.objects.exists()


def test_a_personal_link_checks_in_without_password(client, live):
    from preau.registrations.links import check_in_link
    from preau.registrations.models import Registration

    session, _trainer, (a, _b) = live
    registration = Registration.objects.get(session=session, user=a)
    path = check_in_link(registration).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}").content.decode()
    assert "Je suis là" in page and not Attendance.objects.exists()  # a GET changes nothing
    client.post(f"/{path}")
    assert Attendance.objects.get(user=a).method == "link"
    assert client.get("/presence/moi/faux/").status_code == 404


def test_closing_asks_for_confirmation_listing_the_never_marked(client, live):
    session, trainer, (a, b) = live
    slot = session.slots.get()
    login(client, trainer)
    client.post(f"/presence/creneaux/{slot.pk}/marquer/", {"user": a.pk, "status": "present"})
    page = client.get(f"/presence/seances/{session.pk}/cloturer/").content.decode()
    assert "Jamais marqués" in page and b.get_full_name() in page
    assert "Confirmer la clôture" in page
    client.post(f"/presence/seances/{session.pk}/cloturer/")  # no confirmation: nothing
    session.refresh_from_db()
    assert session.status == "open"
