from django.http import HttpRequest
from ninja import Router, Schema

from preau.accounts.selectors import roles_of

router = Router()


class RoleOut(Schema):
    role: str
    scope_kind: str
    scope: str


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    roles: list[RoleOut]


@router.get("", response=MeOut, summary="The authenticated user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        first_name=user.first_name,  # type: ignore[union-attr]
        last_name=user.last_name,  # type: ignore[union-attr]
        roles=[
            RoleOut(role=a.role, scope_kind=a.scope_kind, scope=a.scope_label)
            for a in roles_of(user)  # type: ignore[arg-type]
        ],
    )
