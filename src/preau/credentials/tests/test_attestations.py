"""Attestations issued at closing, downloaded by their holder, verified by anyone."""

import io
import zipfile
from datetime import time, timedelta

import pypdfium2 as pdfium
import pytest
import zxingcpp

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.credentials.models import Attestation
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(net):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    day = next_weekday()
    session = open_session(net.x1, trainers=(trainer,), slots=(SlotSpec(day, time(9), time(12)),))
    came, missed = user_with_role(), user_with_role()
    came.first_name, came.last_name = "Inès", "Roux"
    came.save()
    for person in (came, missed):
        registration_create(session=session, user=person)
    slot = session.slots.get()
    attendance_mark(actor=trainer, slot=slot, user=came, status="present", now=slot.starts_at)
    session_close(actor=trainer, session=session, now=slot.ends_at + timedelta(minutes=1))
    return session, came, missed


def qr_of(pdf_bytes: bytes) -> list[str]:
    page = pdfium.PdfDocument(pdf_bytes)[0]
    return [r.text for r in zxingcpp.read_barcodes(page.render(scale=2).to_pil())]


def test_closing_issues_both_documents_to_people_who_attended(closed):
    _session, came, missed = closed
    kinds = sorted(Attestation.objects.filter(user=came).values_list("kind", flat=True))
    assert kinds == ["presence", "realisation"]
    assert not Attestation.objects.filter(user=missed).exists()
    content = Attestation.objects.filter(user=came).first().content
    assert (content["name"], content["attended_hours"]) == ("Inès Roux", 3.0)


def test_the_holder_downloads_a_pdf_whose_qr_code_verifies(client, closed):
    _session, came, _missed = closed
    attestation = Attestation.objects.get(user=came, kind="presence")
    client.login(email=came.email, password=TEST_PASSWORD)
    assert attestation.number in client.get("/attestations/").content.decode()
    response = client.get(f"/attestations/{attestation.number}.pdf")
    assert response["Content-Type"] == "application/pdf"
    (url,) = qr_of(response.content)
    assert url.endswith(f"/V/{attestation.code}")
    client.logout()
    page = client.get(url.split(":8000", 1)[1])  # the path the QR code holds
    html = page.content.decode()
    assert page.status_code == 200 and "Document authentique" in html and "Inès Roux" in html
    assert came.email not in html  # nothing personal beyond the name and the course
    assert client.get("/verifier/FAUXCODE23456789").status_code == 404


def test_others_cannot_download_but_covering_staff_get_the_zip(client, closed, net):
    session, came, missed = closed
    number = Attestation.objects.filter(user=came).first().number
    client.login(email=missed.email, password=TEST_PASSWORD)
    assert client.get(f"/attestations/{number}.pdf").status_code == 404
    assert client.get(f"/attestations/seances/{session.pk}.zip").status_code == 403
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.login(email=manager.email, password=TEST_PASSWORD)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/attestations/seances/{session.pk}.zip").content)
    )
    assert len(archive.namelist()) == 2


def test_national_export_runs_in_the_background_with_progress(
    client, closed, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from preau.credentials.models import ExportJob

    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/attestations/export/", {"du": today, "au": today})
    job = ExportJob.objects.get()
    assert (job.state, job.total, job.percent) == ("done", 2, 100)
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "2 sur 2" in page or "2 of 2" in page
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(f"/attestations/export/{job.pk}.zip").streaming_content))
    )
    assert len(archive.namelist()) == 2
    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    assert client.get("/attestations/export/").status_code == 403
