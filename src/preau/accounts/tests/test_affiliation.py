"""A verified affiliation: by an academic address, the head of school or a
partner; typing an académie in one's profile verifies nothing, and changing it
clears the verification."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts import affiliation
from preau.accounts.models import User
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.network import domains
from preau.network.loader import read_network
from preau.network.services import school_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def academic(monkeypatch):
    monkeypatch.setattr(domains, "academic_domains", lambda: {"a1": ("ac-a1.fr",)})


def _link(message, kind: str) -> str:
    return re.search(rf"https?://[^/\s]+(/compte/rattachement/{kind}/\S+)", message.body).group(1)


def test_the_shipped_domains_are_data_for_every_academie():
    codes = {a.code for _t, a in read_network().academies()}
    assert set(domains.academic_domains()) == codes
    assert domains.academie_code_of("Prof.Dupont@AC-Dijon.fr") == "dijon"
    assert domains.academie_code_of("prof@gmail.com") is None


def test_typing_an_academie_verifies_nothing_and_changing_it_clears_it(client, net):
    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    client.post("/compte/", {"first_name": "A", "last_name": "B", "academie": net.a1.pk})
    teacher.refresh_from_db()
    assert teacher.academie == net.a1 and teacher.academie_verified_at is None
    affiliation.affiliation_verify(user=teacher, how="partner", actor=None, academie=True)
    teacher.refresh_from_db()
    assert teacher.academie_verified_at and teacher.academie_verified_how == "partner"
    client.post("/compte/", {"first_name": "A", "last_name": "B", "academie": net.a1.pk})
    teacher.refresh_from_db()
    assert teacher.academie_verified_at is not None  # saving the same académie keeps it
    client.post("/compte/", {"first_name": "A", "last_name": "B", "academie": net.b1.pk})
    teacher.refresh_from_db()
    assert (teacher.academie, teacher.academie_verified_at, teacher.academie_verified_how) == (
        net.b1, None, "",
    )  # fmt: skip


def test_an_academic_address_verifies_the_academie_once_its_link_is_followed(
    client, net, academic, mailoutbox, django_capture_on_commit_callbacks
):
    teacher = user_with_role()
    teacher.academie = net.a1
    teacher.save()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    page = client.get("/compte/").content.decode()
    assert "non vérifié" in page and "@ac-a1.fr" in page
    client.post("/compte/rattachement/adresse", {"address": "someone@gmail.com"})
    assert mailoutbox == []  # only an address of the académie's domains
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/rattachement/adresse", {"address": "Prof@AC-A1.fr"})
    assert mailoutbox[-1].to == ["prof@ac-a1.fr"]
    path = _link(mailoutbox[-1], "adresse")
    client.logout()  # the link stands for the person
    assert client.get(path).status_code == 200
    teacher.refresh_from_db()
    assert teacher.academie_verified_at is None  # a GET (mail scanner) changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    teacher.refresh_from_db()
    assert teacher.academie_verified_how == "email"
    assert mailoutbox[-1].to == [teacher.email] and "vérifié" in mailoutbox[-1].subject
    assert client.get("/compte/rattachement/adresse/forged").status_code == 400


def test_the_outcome_is_said_in_the_affiliation_box_keeping_what_was_typed(client, net, academic):
    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    page = client.get("/compte/").content.decode()
    assert 'id="affiliation-first"' in page  # no académie yet: what to do first
    teacher.academie = net.a1
    teacher.save()
    page = client.post("/compte/rattachement/adresse", {"address": "me@gmail.com"}, follow=True)
    html = page.content.decode()
    box = html[html.index('id="affiliation"') :]
    assert "@ac-a1.fr" in box[: box.index("</section>")].split("fr-alert--error")[1]
    assert 'value="me@gmail.com"' in box and 'aria-invalid="true"' in box
    top = html[: html.index('id="affiliation"')]
    assert "fr-alert--error" not in top  # said once, where the person is looking


def test_a_link_for_a_former_academie_verifies_nothing(client, net, academic, mailoutbox):
    teacher = user_with_role()
    teacher.academie = net.a1
    teacher.save()
    with pytest.raises(ValidationError):
        affiliation.affiliation_email_request(user=teacher, address="x@ac-b1.fr")
    affiliation.affiliation_email_request(user=teacher, address="x@ac-a1.fr")
    from django.core import signing

    token = signing.dumps(
        {"u": teacher.pk, "a": net.a1.pk, "e": "x@ac-a1.fr"}, salt=affiliation.EMAIL_SALT
    )
    teacher.save(update_fields=teacher.set_workplace(net.b1, None))
    assert client.post(f"/compte/rattachement/adresse/{token}").status_code == 400
    teacher.refresh_from_db()
    assert teacher.academie_verified_at is None


def test_the_head_of_school_confirms_a_school(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    head = user_with_role()
    school = school_get_or_create(uai="0211234A", name="Collège Eiffel", academie=net.a1)
    school.head = head
    school.save()
    teacher = user_with_role()
    teacher.save(update_fields=teacher.set_workplace(net.a1, school))
    client.login(email=teacher.email, password=TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/rattachement/ecole")
    assert mailoutbox[-1].to == [head.email]
    path = _link(mailoutbox[-1], "ecole")
    assert client.get(path).status_code == 403  # the person cannot answer for the head
    with pytest.raises(PermissionDenied):
        affiliation.affiliation_school_decide(token=path.rsplit("/", 1)[1], actor=teacher,
                                              approve=True)  # fmt: skip
    client.login(email=head.email, password=TEST_PASSWORD)
    assert teacher.email in client.get(path).content.decode()
    client.post(path, {"decision": "approve"})
    teacher = User.objects.get(pk=teacher.pk)
    assert teacher.school_verified_how == "school_head"
    assert teacher.academie_verified_how == "school_head"  # the school's own académie
