"""Complaints: nothing typed in the form is relayed to an address nobody proved,
and the register and improvement actions are seen only by those who handle them."""

import re
from typing import Any

import pytest

from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.evaluation import quality
from preau.evaluation.models import Complaint

pytestmark = pytest.mark.django_db

SPAM: dict[str, Any] = {
    "email": "victim@example.org",
    "subject": "Cheap pills at http://spam.example",
    "body": "Click http://spam.example now",
}


def _file(client, capture, **extra):
    with capture(execute=True):
        return client.post("/evaluation/reclamation/", {**SPAM, **extra})


def _link(message) -> str:
    return re.search(r"https?://\S+/reclamation/confirmer/\S+/", message.body).group(0)


def test_an_anonymous_complaint_only_sends_a_fixed_confirmation_request(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    page = _file(client, django_capture_on_commit_callbacks, territory=net.t1.pk)
    assert "victim@example.org" in page.content.decode()  # the page says where the link went
    complaint = Complaint.objects.get()
    assert complaint.email_confirmed_at is None
    assert [m.to for m in mailoutbox] == [["victim@example.org"]]
    message = mailoutbox[0]
    for typed in ("pills", "spam.example", "Click"):
        assert typed not in message.subject and typed not in message.body
    client.login(email=director.email, password=TEST_PASSWORD)
    register = client.get("/evaluation/reclamations/").content.decode()
    assert "pills" not in register  # not filed until the address is confirmed


def test_following_the_link_files_the_complaint_with_the_staff(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    elsewhere = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    _file(client, django_capture_on_commit_callbacks, territory=net.t1.pk)
    link = _link(mailoutbox[0])
    path = link[link.index("/reclamation/") - len("/evaluation") :]
    assert client.get(path).status_code == 200  # a mail scanner's GET confirms nothing
    assert Complaint.objects.get().email_confirmed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    assert Complaint.objects.get().email_confirmed_at is not None
    ack = [m for m in mailoutbox if m.to == ["victim@example.org"]][-1]
    assert "pills" not in ack.subject + ack.body and "spam" not in ack.subject + ack.body
    to_staff = [m for m in mailoutbox if director.email in m.to]
    assert len(to_staff) == 1 and "Cheap pills" in to_staff[0].body
    assert not any(elsewhere.email in m.to for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)  # twice: nothing more is sent
    assert len([m for m in mailoutbox if director.email in m.to]) == 1
    client.login(email=director.email, password=TEST_PASSWORD)
    assert "Cheap pills" in client.get("/evaluation/reclamations/").content.decode()


def test_a_forged_or_altered_link_is_refused(client, net):
    assert client.get("/evaluation/reclamation/confirmer/forged/").status_code == 404
    complaint = quality.complaint_file(channel="web", **SPAM)
    from preau.evaluation import links

    token = links.complaint_token(complaint)
    Complaint.objects.filter(pk=complaint.pk).update(email="other@example.org")
    assert client.post(f"/evaluation/reclamation/confirmer/{token}/").status_code == 404


def test_logged_in_with_that_address_is_confirmed_at_once_another_is_not(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    _file(client, django_capture_on_commit_callbacks, email=teacher.email.upper())
    mine = Complaint.objects.get()
    assert mine.email_confirmed_at is not None
    _file(client, django_capture_on_commit_callbacks)  # someone else's address
    assert Complaint.objects.exclude(pk=mine.pk).get().email_confirmed_at is None
    assert mailoutbox[-1].to == ["victim@example.org"] and "pills" not in mailoutbox[-1].body


def test_nobody_handles_a_complaint_as_long_as_its_address_is_unconfirmed(net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    complaint = quality.complaint_file(channel="web", territory=net.t1, **SPAM)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        quality.complaint_reply(actor=director, complaint=complaint, reply="Buy more")


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.TRAINER, "territory"),
        (Role.TRAINER, "national"),
        (Role.ATELIER_MANAGER, "atelier"),
        (Role.PARTNER, "academie"),
        (Role.NATIONAL_EDITOR, "national"),
    ],
)
def test_roles_that_do_not_handle_complaints_see_neither_complaints_nor_actions(
    client, net, role, place
):
    where = {"territory": {"territory": net.t1}, "atelier": {"atelier": net.x1},
             "academie": {"academie": net.a1}, "national": {}}[place]  # fmt: skip
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    complaint = quality.complaint_file(channel="web", territory=net.t1, **SPAM)
    quality.complaint_confirm(complaint=complaint)
    quality.improvement_action_save(
        actor=director, owner=director, title="Jauge", complaint=complaint
    )
    client.login(email=user_with_role(role, **where).email, password=TEST_PASSWORD)
    assert client.get("/evaluation/reclamations/").status_code == 403
    assert client.get(f"/evaluation/reclamations/{complaint.pk}/").status_code == 403
    assert client.get("/evaluation/actions/").status_code == 403


def test_territorial_directors_see_their_territory_only(client, net):
    here = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    there = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    admin = user_with_role(Role.NATIONAL_ADMIN)
    ours = quality.complaint_file(channel="web", territory=net.t1, **SPAM)
    theirs = quality.complaint_file(
        channel="web", territory=net.t2, email="b@example.org", subject="Autre sujet", body="x"
    )
    for c in (ours, theirs):
        quality.complaint_confirm(complaint=c)
    quality.improvement_action_save(actor=here, owner=here, title="Action ici", complaint=ours)
    quality.improvement_action_save(actor=there, owner=there, title="Action là", territory=net.t2)
    quality.improvement_action_save(actor=admin, owner=admin, title="Action nationale")
    client.login(email=here.email, password=TEST_PASSWORD)
    register = client.get("/evaluation/reclamations/").content.decode()
    assert "Cheap pills" in register and "Autre sujet" not in register
    assert client.get(f"/evaluation/reclamations/{theirs.pk}/").status_code == 403
    actions = client.get("/evaluation/actions/").content.decode()
    assert "Action ici" in actions and "Action là" not in actions
    assert "Action nationale" not in actions
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # not in someone else's territory, nor nationally
        quality.improvement_action_save(actor=here, owner=here, title="x", territory=net.t2)
    with pytest.raises(PermissionDenied):
        quality.improvement_action_save(actor=here, owner=here, title="x")
    client.login(email=admin.email, password=TEST_PASSWORD)
    actions = client.get("/evaluation/actions/").content.decode()
    assert all(t in actions for t in ("Action ici", "Action là", "Action nationale"))
