import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.group import group_enrol, read_people_csv
from preau.registrations.models import Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db

CSV = (
    "email;first_name;last_name;uai\n"
    "ana.lopez@ac-a1.fr;Ana;López;0211234A\n"
    "ben.roy@ac-a1.fr;Ben;Roy;\n"
    "chloe.vidal@ac-a1.fr;Chloé;Vidal;\n"
).encode("cp1252")


def test_a_partner_enrols_a_list_with_the_usual_checks(net):
    session = open_session(net.x1, capacity=2)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    outcome = group_enrol(actor=partner, session=session, people=read_people_csv(CSV))
    assert [o.status for o in outcome] == ["confirmed", "confirmed", "waitlisted"]
    ana = User.objects.get(email="ana.lopez@ac-a1.fr")
    assert ana.school.uai == "0211234A" and ana.last_name == "López"
    assert Registration.objects.filter(source="partner", enrolled_by=partner).count() == 3
    again = group_enrol(actor=partner, session=session, people=read_people_csv(CSV))
    assert [o.status for o in again] == ["already"] * 3


def test_a_bad_line_rejects_the_whole_list(net):
    bad = CSV + b"not-an-address;X;Y;\nz@ac-a1.fr;Z;Z;12AB\n"
    with pytest.raises(ValidationError) as err:
        read_people_csv(bad)
    assert [m.split(":")[0].strip() for m in err.value.messages] == ["Ligne 5", "Ligne 6"]
    with pytest.raises(ValidationError):
        read_people_csv(b"name,first\nx,y\n")


def test_only_partners_covering_the_session_enrol(net):
    session = open_session(net.x1)
    with pytest.raises(PermissionDenied):
        group_enrol(actor=user_with_role(Role.PARTNER, academie=net.b1), session=session, people=[])


def test_group_page_lists_people_of_the_academie(client, net):
    session = open_session(net.x1, capacity=5)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    colleague = user_with_role()
    colleague.academie = net.a1
    colleague.save()
    stranger = user_with_role()
    stranger.academie = net.b1
    stranger.save()
    client.login(email=partner.email, password=TEST_PASSWORD)
    assert "Inscrire un groupe" in client.get(f"/seances/{session.pk}/").content.decode()
    page = client.get(f"/inscriptions/seances/{session.pk}/groupe/").content.decode()
    assert colleague.email in page and stranger.email not in page
    response = client.post(
        f"/inscriptions/seances/{session.pk}/groupe/", {"people": [colleague.email]}
    )
    assert "Inscrit" in response.content.decode()
    assert Registration.objects.get().user == colleague


def test_head_of_school_approves_or_refuses(
    net, client, mailoutbox, django_capture_on_commit_callbacks
):
    from preau.network.services import school_get_or_create
    from preau.registrations import services

    head = user_with_role()
    school = school_get_or_create(uai="0211234A", name="Collège Eiffel")
    school.head = head
    school.save()
    session = open_session(net.x1, capacity=1, requires_approval=True)
    first, second = user_with_role(), user_with_role()
    for person, name in ((first, "Inès"), (second, "Noé")):
        person.school, person.first_name, person.last_name = school, name, "Morel"
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        a = services.registration_create(session=session, user=first)
    b = services.registration_create(session=session, user=second)
    assert (a.status, b.status) == ("pending", "waitlisted")  # a pending request holds the seat
    assert any(head.email in m.to and "à valider" in m.subject for m in mailoutbox)
    with pytest.raises(PermissionDenied):
        services.registration_decide(registration=a, actor=second, approve=True)
    client.login(email=head.email, password=TEST_PASSWORD)
    assert "Inès Morel" in client.get("/inscriptions/validations/").content.decode()
    client.post("/inscriptions/validations/", {"registration": a.pk, "decision": "refuse"})
    a.refresh_from_db()
    assert a.status == "pending"  # a refusal needs a reason
    client.post(
        "/inscriptions/validations/",
        {"registration": a.pk, "decision": "refuse", "reason": "Conseil de classe"},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("cancelled", "offered")
    services.registration_accept_seat(registration=b, actor=second)
    b.refresh_from_db()
    assert b.status == "pending"
    services.registration_decide(registration=b, actor=head, approve=True)
    b.refresh_from_db()
    assert b.status == "confirmed" and b.decided_by == head
