"""Demo accounts: one per role, so that anyone can try every side of Préau."""

from dataclasses import dataclass

from django.db import transaction

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.accounts.services import role_assign, user_create
from preau.accounts.signin import user_email_verify
from preau.network.models import Academie, Atelier, Territory

DEMO_PASSWORD = "demo-preau-2026"  # noqa: S105 - printed on purpose, demo instances only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str
    place: str  # "", "territory:CODE", "academie:CODE" or "atelier:CODE"


DEMO_ACCOUNTS = (
    DemoAccount("admin@preau.test", "Camille", "Martin", Role.NATIONAL_ADMIN, ""),
    DemoAccount("comite@preau.test", "Nadia", "Benali", Role.NATIONAL_EDITOR, ""),
    DemoAccount(
        "direction.bfc@preau.test",
        "Julien",
        "Moreau",
        Role.TERRITORIAL_DIRECTOR,
        "territory:DT-BFC",
    ),
    DemoAccount("atelier21@preau.test", "Sophie", "Lambert", Role.ATELIER_MANAGER, "atelier:21"),
    DemoAccount("formatrice21@preau.test", "Léa", "Girard", Role.TRAINER, "atelier:21"),
    DemoAccount("eafc.dijon@preau.test", "Marc", "Petit", Role.PARTNER, "academie:dijon"),
    DemoAccount("enseignante@preau.test", "Inès", "Roux", Role.TEACHER, ""),
)


def _place(spec: str) -> dict[str, object]:
    if not spec:
        return {}
    kind, code = spec.split(":", 1)
    model = {"territory": Territory, "academie": Academie, "atelier": Atelier}[kind]
    return {kind: model._default_manager.get(code=code)}


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet (idempotent); needs the network."""
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = user_create(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
            )
            user_email_verify(user=user, how="demo")  # demo addresses are known
        if account.role != Role.TEACHER:
            role_assign(actor=None, user=user, role=account.role, **_place(account.place))
    return list(DEMO_ACCOUNTS)
