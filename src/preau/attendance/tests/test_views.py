from datetime import timedelta

import pytest
from django.utils import timezone

from preau.accounts.roles import Role
from preau.attendance.models import Attendance
from preau.attendance.services import qr_token
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
