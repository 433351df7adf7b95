"""GAIA plan import, with realistic CP1252 sample files (tests/gaia_sample/)."""

from pathlib import Path
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from preau.accounts.roles import Role
from preau.catalog.models import Offer
from preau.core.testing import user_with_role
from preau.registrations.gaia.importer import gaia_import
from preau.registrations.gaia.parser import GaiaFiles, half_days, parse
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "gaia_sample"


def files(**replace: bytes) -> GaiaFiles:
    def read(name: str) -> bytes:
        return replace.get(name) or (SAMPLE / f"{name}.txt").read_bytes()

    return GaiaFiles(
        formations=read("formations"),
        intervenants=read("intervenants"),
        stagiaires=read("stagiaires"),
    )


def test_parser_reads_cp1252_and_reports_bad_lines():
    from django.utils import translation

    with translation.override("en"):  # the reasons are translated; English is checked here
        plan = parse(**files())
    assert plan.sessions[0].module_name == "Créer des capsules vidéo pédagogiques"
    assert plan.trainers[0].last_name == "LEFÈVRE"
    rejected = {(r.file, r.line): r.reason for r in plan.rejected}
    assert rejected[("formations", 5)] == "start date: “31/02/2027” is not a date (dd/mm/yyyy)"
    assert "separators" in rejected[("formations", 6)]
    assert "not an e-mail" in rejected[("intervenants", 3)]
    assert "empty mandatory field" in rejected[("stagiaires", 4)]
    assert "separators" in rejected[("stagiaires", 5)]


def test_a_day_long_occurrence_becomes_two_half_days():
    from datetime import datetime, time

    slots = half_days(datetime(2027, 2, 3, 9), datetime(2027, 2, 4, 16, 30))
    assert [(d.day, s, e) for d, s, e in slots] == [
        (3, time(9), time(12)), (3, time(13), time(17)),
        (4, time(9), time(12)), (4, time(13), time(16, 30)),
    ]  # fmt: skip


def test_import_creates_offers_sessions_trainers_and_enrolments(net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    trainers = frozenset({"helene.lefevre@ac-dijon.fr", "francois.muller@ac-dijon.fr"})
    report = gaia_import(actor=director, atelier=net.x1, trainers=trainers, **files())

    assert (report.offers_created, report.sessions_created, report.trainers) == (2, 3, 2)
    assert report.enrolled == 3 and len(report.rejected) == 5
    capsules = TrainingSession.objects.get(external_ref="gaia:270001-1")
    assert capsules.slots.count() == 2 and capsules.offer.status == Offer.Status.DRAFT
    local = timezone.localtime(capsules.starts_at, capsules.zone)
    assert (local.day, local.hour) == (13, 9)
    inclusive = TrainingSession.objects.get(external_ref="gaia:270002-1")
    assert inclusive.venue == "school" and inclusive.school.uai == "0211234A"
    assert (inclusive.school.name, inclusive.school.town) == ("Collège Gustave Eiffel", "Dijon")
    assert inclusive.slots.count() == 4
    assert [t.email for t in capsules.trainers.all()] == ["helene.lefevre@ac-dijon.fr"]
    assert sorted(r.user.email for r in Registration.objects.filter(session=capsules)) == [
        "chloe.martin@ac-dijon.fr",
        "theo.bernard@ac-dijon.fr",
    ]


def test_reimport_is_idempotent_and_follows_changes(net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    gaia_import(actor=director, atelier=net.x1, **files())
    snapshot = (
        Offer.objects.count(),
        TrainingSession.objects.count(),
        Registration.objects.count(),
    )
    again = gaia_import(actor=director, atelier=net.x1, **files())
    assert (again.offers_created, again.sessions_created, again.enrolled) == (0, 0, 0)
    assert (
        Offer.objects.count(),
        TrainingSession.objects.count(),
        Registration.objects.count(),
    ) == snapshot

    # A newer export: the capsules session moves and Théo leaves the plan.
    formations = files()["formations"].replace(
        b"13/01/2027|09:00|13/01/2027", b"14/01/2027|09:00|14/01/2027"
    )
    stagiaires = b"PAF_DIJON_2027|270001|MARTIN|Chlo\xe9|chloe.martin@ac-dijon.fr\r\n"
    report = gaia_import(
        actor=director, atelier=net.x1, **files(formations=formations, stagiaires=stagiaires)
    )
    capsules = TrainingSession.objects.get(external_ref="gaia:270001-1")
    assert timezone.localtime(capsules.starts_at, capsules.zone).day == 14
    assert report.unenrolled == 2  # Théo, and Léa from the other session
    active = Registration.objects.filter(session=capsules, status__in=Registration.ACTIVE)
    assert [r.user.email for r in active] == ["chloe.martin@ac-dijon.fr"]


def test_import_needs_planning_rights_and_is_all_or_nothing(net):
    with pytest.raises(PermissionDenied):
        gaia_import(
            actor=user_with_role(Role.ATELIER_MANAGER, atelier=net.x2), atelier=net.x1, **files()
        )
    assert not TrainingSession.objects.exists() and not Offer.objects.exists()


def test_a_failure_midway_leaves_the_previous_state(net, monkeypatch):
    import preau.registrations.gaia.importer as registrations

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(registrations, "registrations_sync_imported", broken)
    with pytest.raises(RuntimeError):
        gaia_import(actor=None, atelier=net.x1, **files())
    assert not TrainingSession.objects.exists() and not Offer.objects.exists()


def test_command_line_import_prints_a_report(net, tmp_path, capsys):
    from preau.cli import main

    assert main(["import", "gaia", str(SAMPLE), "--atelier", net.x1.code, "--dry-run"]) == 0
    assert "rien n'a été écrit" in capsys.readouterr().out
    assert not TrainingSession.objects.exists()
    assert main(["import", "gaia", str(SAMPLE), "--atelier", net.x1.code]) == 0
    out = capsys.readouterr().out
    assert "3 séances créées" in out and "formations.txt ligne 5" in out
    assert main(["import", "gaia", str(tmp_path), "--atelier", net.x1.code]) == 2


def test_upload_previews_then_imports_on_confirmation(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from preau.core.testing import TEST_PASSWORD
    from preau.registrations.gaia.models import GaiaImport

    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)
    raw = cast(dict[str, bytes], files())
    uploads = {k: SimpleUploadedFile(f"{k}.txt", v) for k, v in raw.items()}
    page = client.post("/seances/planning/import-gaia/", {"atelier": net.x1.pk, **uploads})
    preview = client.get(page["Location"]).content.decode()
    assert "Rien n’est encore écrit" in preview and "Lignes rejetées" in preview
    assert "helene.lefevre@ac-dijon.fr" in preview and "31/02/2027" in preview
    assert not TrainingSession.objects.exists() and mailoutbox == []

    # Another manager cannot see nor confirm it: the files name people.
    other = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=other.email, password=TEST_PASSWORD)
    assert client.get(page["Location"]).status_code == 404
    assert client.post(page["Location"]).status_code == 404

    client.login(email=director.email, password=TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit
        client.post(page["Location"], {"trainer": ["helene.lefevre@ac-dijon.fr"]})
    done = client.get(page["Location"])
    html = done.content.decode()
    assert "Plan importé" in html and "3 séances créées" in html
    capsules = TrainingSession.objects.get(external_ref="gaia:270001-1")
    assert f"/seances/planning/{capsules.pk}/" in html  # links to what was created
    assert [t.email for t in capsules.trainers.all()] == ["helene.lefevre@ac-dijon.fr"]
    assert not TrainingSession.objects.get(external_ref="gaia:270002-1").trainers.exists()
    staged = GaiaImport.objects.get()
    assert staged.state == "done" and bytes(staged.stagiaires) == b""  # the files are forgotten
    summary = [m for m in mailoutbox if m.to == [director.email]]
    assert len(summary) == 1 and "Import GAIA" in summary[0].subject
    # Confirming twice imports once.
    again = client.post(page["Location"], follow=True).content.decode()
    assert "déjà été importé" in again and TrainingSession.objects.count() == 3


def test_an_unreadable_trainee_line_removes_nobody(net):
    """A typo in the trainees file is not a departure: the person keeps their seat."""
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    gaia_import(actor=director, atelier=net.x1, **files())
    capsules = TrainingSession.objects.get(external_ref="gaia:270001-1")
    # Théo's address lost its domain in the newer export, and Chloé's line is listed twice.
    stagiaires = (
        b"PAF_DIJON_2027|270001|MARTIN|Chlo\xe9|chloe.martin@ac-dijon.fr\r\n"
        b"PAF_DIJON_2027|270001|MARTIN|Chlo\xe9|chloe.martin@ac-dijon.fr\r\n"
        b"PAF_DIJON_2027|270001|BERNARD|Th\xe9o|theo.bernard@\r\n"
    )
    report = gaia_import(actor=director, atelier=net.x1, **files(stagiaires=stagiaires))
    active = Registration.objects.filter(session=capsules, status__in=Registration.ACTIVE)
    assert sorted(r.user.email for r in active) == [
        "chloe.martin@ac-dijon.fr",
        "theo.bernard@ac-dijon.fr",
    ]
    assert sorted(report.kept) == ["chloe.martin@ac-dijon.fr", "theo.bernard@ac-dijon.fr"]
    assert report.unenrolled == 1  # Léa, whose session's lines were all read


def test_a_trainee_line_naming_no_session_removes_nobody_anywhere(net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    gaia_import(actor=director, atelier=net.x1, **files())
    report = gaia_import(actor=director, atelier=net.x1, **files(stagiaires=b"garbage\r\n"))
    assert report.unenrolled == 0 and len(report.kept) == 3
    assert Registration.objects.filter(status__in=Registration.ACTIVE).count() == 3


def test_a_preview_says_what_an_import_would_do_and_writes_nothing(net, mailoutbox):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    preview = gaia_import(actor=director, atelier=net.x1, dry_run=True, **files())
    assert preview.dry_run and (preview.sessions_created, preview.enrolled) == (3, 3)
    assert [(s.change, s.pk) for s in preview.sessions] == [("created", None)] * 3
    assert {t.email for t in preview.trainers_to_confirm} == {
        "helene.lefevre@ac-dijon.fr", "francois.muller@ac-dijon.fr"}  # fmt: skip
    assert not TrainingSession.objects.exists() and not Offer.objects.exists()
    assert not Registration.objects.exists() and mailoutbox == []


def test_unconfirmed_previews_are_forgotten_after_a_day(net):
    from datetime import timedelta

    from preau.registrations.gaia.models import GaiaImport
    from preau.registrations.gaia.staged import gaia_previews_forget

    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    from preau.registrations.gaia.staged import gaia_preview

    staged = gaia_preview(actor=director, atelier=net.x1, files=files())
    assert gaia_previews_forget() == 0
    assert gaia_previews_forget(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not GaiaImport.objects.filter(pk=staged.pk).exists()
