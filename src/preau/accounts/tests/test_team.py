import re

import pytest
from django.core import mail
from django.urls import reverse

from preau.accounts.models import RoleAssignment, User
from preau.accounts.roles import Role
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db


def test_team_page_is_for_those_who_grant_roles(client, net):
    client.force_login(user_with_role(Role.ATELIER_MANAGER, atelier=net.x1))
    assert client.get(reverse("accounts:team")).status_code == 403
    client.force_login(user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1))
    assert client.get(reverse("accounts:team")).status_code == 200


def test_director_sees_and_grants_only_inside_the_territory(client, net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    inside = user_with_role(Role.TRAINER, atelier=net.x3)
    outside = user_with_role(Role.TRAINER, atelier=net.y1)
    client.force_login(director)
    body = client.get(reverse("accounts:team")).content.decode()
    assert inside.email in body and outside.email not in body
    # The place choices stop at the territory's border, and national roles are not offered.
    assert "Atelier x3" in body and "Atelier y1" not in body
    assert Role.NATIONAL_EDITOR.value not in body
    # A forged choice outside the territory is refused by the form.
    response = client.post(
        reverse("accounts:team"),
        {"email": "new@example.org", "role": Role.TRAINER, "place": f"atelier:{net.y1.pk}"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()


def test_granting_to_a_new_address_creates_and_invites(
    client, net, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:team"),
            {
                "email": "Formateur@Example.org",
                "role": Role.TRAINER,
                "place": f"atelier:{net.x1.pk}",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="formateur@example.org")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role=Role.TRAINER, atelier=net.x1).exists()
    assert len(mail.outbox) == 1
    found = re.search(r"http://\S+/compte/mot-de-passe/nouveau/\S+", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body


def test_withdrawing_a_role_outside_the_scope_is_not_found(client, net):
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    outside = user_with_role(Role.TRAINER, atelier=net.y1)
    inside = user_with_role(Role.TRAINER, atelier=net.x2)
    client.force_login(director)
    far = outside.role_assignments.get()
    near = inside.role_assignments.get()
    assert client.post(reverse("accounts:team_revoke", args=[far.pk])).status_code == 404
    assert client.post(reverse("accounts:team_revoke", args=[near.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=near.pk).exists()
    assert RoleAssignment.objects.filter(pk=far.pk).exists()
