"""A partner enrols only the people of their académie (or of a school it
covers); anyone else, and every staff account, is invited and registered only
if they accept."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.network import domains
from preau.network.services import school_get_or_create
from preau.registrations.group import PersonRow, group_enrol
from preau.registrations.models import Invitation, Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def academic(monkeypatch):
    monkeypatch.setattr(
        domains, "academic_domains", lambda: {"a1": ("ac-a1.fr",), "b1": ("ac-b1.fr",)}
    )


def _person(academie=None, school=None, role=None, **place):
    person = user_with_role(role, **place)
    person.save(update_fields=person.set_workplace(academie, school))
    return person


def _rows(*emails):
    return [PersonRow(n, e) for n, e in enumerate(emails, start=2)]


def _link(mailoutbox, email):
    message = [m for m in mailoutbox if m.to == [email]][-1]
    return re.search(r"https?://[^/\s]+(/inscriptions/invitation/\S+/)", message.body).group(1)


def test_only_the_partner_s_people_are_enrolled_the_others_are_invited(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1, capacity=10)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    colleague = _person(academie=net.a1)
    admin = _person(academie=net.a1, role=Role.NATIONAL_ADMIN)  # says A1: still staff
    stranger = _person(academie=net.b1)
    gone = _person(academie=net.a1)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    people = _rows(colleague.email, admin.email, stranger.email, gone.email,
                   "new.local@gmail.com", "new.other@ac-b1.fr")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        outcome = group_enrol(actor=partner, session=session, people=people)
    assert [o.kind for o in outcome] == [
        "enrolled", "invited", "invited", "refused", "enrolled", "invited",
    ]  # fmt: skip
    assert "staff" in outcome[1].reason or "personnel" in outcome[1].reason
    assert outcome[3].reason  # why it was refused
    registered = set(Registration.objects.values_list("user__email", flat=True))
    assert registered == {colleague.email, "new.local@gmail.com"}
    assert set(Invitation.objects.values_list("user__email", flat=True)) == {
        admin.email, stranger.email, "new.other@ac-b1.fr",
    }  # fmt: skip
    colleague.refresh_from_db()
    assert colleague.academie_verified_how == "partner"  # the partner's list verifies
    newcomer = User.objects.get(email="new.local@gmail.com")
    assert (newcomer.academie, newcomer.academie_verified_how) == (net.a1, "partner")
    other = User.objects.get(email="new.other@ac-b1.fr")  # another académie's address
    assert other.academie is None and other.academie_verified_at is None
    stranger.refresh_from_db()
    assert stranger.academie_verified_at is None
    for email in (admin.email, stranger.email, "new.other@ac-b1.fr"):
        assert _link(mailoutbox, email)


def test_a_school_the_partner_covers_is_enough(net):
    session = open_session(net.x1)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    school = school_get_or_create(uai="0211234A", name="Collège Eiffel", academie=net.a1)
    teacher = _person(academie=net.b1, school=school)
    [result] = group_enrol(actor=partner, session=session,
                           people=[PersonRow(2, teacher.email, uai="0211234A")])  # fmt: skip
    assert result.kind == "enrolled"
    teacher.refresh_from_db()
    assert teacher.school_verified_how == "partner" and teacher.academie_verified_at is None


def test_only_acceptance_registers_an_invited_person(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1, capacity=5)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    stranger = _person(academie=net.b1)
    with django_capture_on_commit_callbacks(execute=True):
        group_enrol(actor=partner, session=session, people=_rows(stranger.email))
    path = _link(mailoutbox, stranger.email)
    page = client.get(path)
    assert page.status_code == 200 and not Registration.objects.exists()  # a GET does nothing
    again = group_enrol(actor=partner, session=session, people=_rows(stranger.email))
    assert again[0].kind == "invited" and Invitation.objects.count() == 1  # not asked twice
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"decision": "accept"})
    registration = Registration.objects.get()
    assert (registration.user, registration.status, registration.enrolled_by) == (
        stranger, "confirmed", partner,
    )  # fmt: skip
    assert any(partner.email in m.to and "accept" in m.subject for m in mailoutbox)
    client.post(path, {"decision": "accept"})  # answered once
    assert Registration.objects.count() == 1
    assert client.get("/inscriptions/invitation/forged/").status_code == 404


def test_a_declined_invitation_is_not_sent_again(client, net, mailoutbox,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    session = open_session(net.x1)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    admin = _person(role=Role.NATIONAL_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        group_enrol(actor=partner, session=session, people=_rows(admin.email))
    client.post(_link(mailoutbox, admin.email), {"decision": "decline"})
    assert not Registration.objects.exists()
    assert Invitation.objects.get().status == "declined"
    [result] = group_enrol(actor=partner, session=session, people=_rows(admin.email))
    assert result.kind == "refused" and result.reason


def test_the_page_reports_who_was_enrolled_invited_or_refused_and_why(client, net):
    session = open_session(net.x1, capacity=5)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    colleague = _person(academie=net.a1)
    stranger = _person(academie=net.b1)
    gone = _person(academie=net.a1)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    csv = "email;first_name;last_name\n" + "".join(
        f"{p.email};A;B\n" for p in (colleague, stranger, gone)
    )
    client.login(email=partner.email, password=TEST_PASSWORD)
    page = client.post(
        f"/inscriptions/seances/{session.pk}/groupe/",
        {"people_file": SimpleUploadedFile("liste.csv", csv.encode())},
    ).content.decode()
    table = page[page.index('id="group-outcome"') :]
    for email, said in ((colleague.email, "Inscrit"), (stranger.email, "Invité"),
                        (gone.email, "Refusé")):  # fmt: skip
        row = table[table.index(email) :].split("</tr>")[0]
        assert said in row, row
    assert "désactivé" in table and "académie" in table
