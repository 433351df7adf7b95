from django.db.models import QuerySet

from preau.accounts.models import ApiToken, RoleAssignment, User


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    return user.role_assignments.select_related("territory", "academie", "atelier").order_by(
        "role", "id"
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.all()


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
