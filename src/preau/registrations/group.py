"""Collective enrolment by a partner: a list of people, checked whole before anything is written."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preau.accounts.affiliation import affiliation_verify
from preau.accounts.models import Verification
from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.accounts.selectors import user_by_email
from preau.accounts.services import user_create
from preau.core.uploads import Limits, Problems, read_table
from preau.network.domains import academie_code_of
from preau.network.models import UAI_VALIDATOR
from preau.network.services import school_get_or_create
from preau.registrations.models import Invitation, Registration
from preau.scheduling.models import TrainingSession

HEADERS = {"email", "first_name", "last_name", "uai"}
# What people type as column names, folded (lower case, no accents, letters only).
HEADER_ALIASES = {
    "email": "email", "courriel": "email", "mail": "email", "adressemail": "email",
    "adresseemail": "email", "adresseelectronique": "email", "adressecourriel": "email",
    "firstname": "first_name", "prenom": "first_name",
    "lastname": "last_name", "nom": "last_name", "nomdefamille": "last_name",
    "uai": "uai", "codeuai": "uai", "etablissement": "uai", "rne": "uai",
}  # fmt: skip
TEMPLATE_HEADER = ("Courriel", "Prénom", "Nom", "UAI")
PEOPLE_LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_rows=5_000, max_line=2_000, max_field=300)
NAME_LENGTH = 150  # as the account's fields


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    uai: str = ""


def read_people_csv(raw: bytes) -> list[PersonRow]:
    """Rows of a CSV (comma or semicolon; UTF-8 or Windows-1252, read by
    core.uploads) with the columns email, first_name, last_name and optionally
    uai, in French or English (``column_of``). Raises a ValidationError
    listing the bad lines (the first ones, and how many more); nothing is
    partially read."""
    table = read_table(raw, delimiters=",;", limits=PEOPLE_LIMITS)
    header, records = table.records()
    columns = [column_of(h) for h in header]
    if "email" not in columns:
        raise ValidationError(
            _(
                "The file needs a “Courriel” column (and Prénom, Nom); "
                "its first line names the columns."
            )
        )
    rows, problems = [], Problems(table)
    for number, named in records:
        values = {column_of(k): v for k, v in named.items()}
        row = PersonRow(number, values.get("email", "").lower(), values.get("first_name", ""),
                        values.get("last_name", ""), values.get("uai", "").upper())  # fmt: skip
        try:
            validate_email(row.email)
            if row.uai:
                UAI_VALIDATOR(row.uai)
        except ValidationError as exc:
            problems.add(number, " ".join(exc.messages))
            continue
        if max(len(row.first_name), len(row.last_name)) > NAME_LENGTH:
            problems.add(number, _("a name longer than %(n)s characters") % {"n": NAME_LENGTH})
            continue
        rows.append(row)
    problems.raise_if_any()
    return rows


def column_of(header: str) -> str:
    """The column a header names, French or English, whatever its case and
    accents ("Adresse électronique", "E-mail", "Prénom", "first_name"…)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff")).lower()
    key = "".join(c for c in folded if c.isalpha())
    return HEADER_ALIASES.get(key, header.strip().lower())


def organisation_of(actor: Any) -> str:
    """The organisation a person enrols groups for, as the network knows it:
    a partner's académie ("EAFC de l’académie de Dijon"), else the Atelier or
    territory of their role; empty when none."""
    from preau.accounts.scopes import assignments_of

    for a in sorted(assignments_of(actor), key=lambda a: a.role != "partner"):
        if a.academie is not None:
            name = a.academie.name
            if name[:1].lower() in "aeiouyhéèêâîôû":
                # Another msgid for French elision ("d’Amiens"); the same in English.
                return _("EAFC of the académie of %(vowel_name)s") % {"vowel_name": name}
            return _("EAFC of the académie of %(name)s") % {"name": name}
        if a.atelier_id or a.territory_id:
            return str(a.atelier or a.territory)
    return ""


def enroller_label(actor: Any) -> str:
    """ "Marc Petit (EAFC de l’académie de Dijon)": who enrolled or invited someone."""
    who = actor.get_full_name() or actor.email
    organisation = organisation_of(actor)
    return f"{who} ({organisation})" if organisation else who


def may_enrol(actor: Any, session: TrainingSession) -> bool:
    if user_may(actor, Capability.ENROL_GROUPS, session.location):
        return True
    return bool(session.partner_id) and user_may(
        actor, Capability.ENROL_GROUPS, Location.of(session.partner)
    )


@dataclass(frozen=True)
class EnrolOutcome:
    """What became of one listed person: a registration status (enrolled),
    "already" (registered before), "invited" or "refused", and why."""

    row: PersonRow
    status: str
    reason: str = ""

    @property
    def kind(self) -> str:
        return self.status if self.status in ("already", "invited", "refused") else "enrolled"


def _covers(actor: Any, academie: Any) -> bool:
    return academie is not None and user_may(actor, Capability.ENROL_GROUPS, Location.of(academie))


def is_staff_account(user: Any) -> bool:
    """Anyone holding a role (or the admin site): never enrolled by someone else's list."""
    return bool(user.is_staff or user.is_superuser or user.role_assignments.exists())


def _home_academie(actor: Any, session: TrainingSession) -> Any:
    """The académie new people listed by ``actor`` for ``session`` work in."""
    for place in (session.partner, session.academie):
        if _covers(actor, place):
            return place
    return None


def _new_person(actor: Any, session: TrainingSession, row: PersonRow) -> tuple[Any, bool]:
    """An account for an address never seen, with the actor's académie (and the
    school given) verified when the partner may vouch for it. (user, direct)."""
    user = user_create(
        email=row.email, first_name=row.first_name, last_name=row.last_name, actor=actor
    )
    home = _home_academie(actor, session)
    school = school_get_or_create(uai=row.uai, academie=home) if row.uai else None
    academie = school.academie if school is not None and school.academie_id else home
    code = academie_code_of(row.email)
    if academie is None or not _covers(actor, academie) or code not in (None, academie.code):
        return user, False  # another académie's address or school: asked, not enrolled
    user.save(update_fields=user.set_workplace(academie, school))
    affiliation_verify(user=user, how=Verification.PARTNER, actor=actor, academie=True,
                       school=school is not None, notify=False)  # fmt: skip
    return user, True


def _known_person(actor: Any, user: Any, row: PersonRow) -> tuple[bool, str]:
    """(enrolled directly, why not). People of the actor's académie, or of a
    school it covers, are; their affiliation is verified by the listing."""
    if not user.is_active:
        return False, _("This account is deactivated.")
    if user != actor and is_staff_account(user):
        return False, Invitation.Reason.STAFF
    academie_ok = _covers(actor, user.academie)
    school_ok = user.school is not None and _covers(actor, user.school.academie)
    if not (academie_ok or school_ok):
        return False, Invitation.Reason.OUTSIDE
    if user != actor:
        named_school = bool(row.uai) and school_ok and row.uai == user.school.uai
        affiliation_verify(user=user, how=Verification.PARTNER, actor=actor,
                           academie=academie_ok, school=named_school)  # fmt: skip
    return True, ""


@transaction.atomic
def group_enrol(
    *, actor: Any, session: TrainingSession, people: list[PersonRow]
) -> list[EnrolOutcome]:
    """Register the people of the actor's académie (or of a school it covers)
    with the same checks as self-registration (seats, reserved seats, waitlist);
    anyone else, and every staff account, is invited by e-mail and registered
    only if they accept. New addresses get an account. All or nothing."""
    from preau.registrations.services import registration_create

    if not may_enrol(actor, session):
        raise PermissionDenied(_("You may not enrol people in this session."))
    outcome = []
    for row in people:
        user = user_by_email(row.email)
        if user is None:
            user, direct = _new_person(actor, session, row)
            why = "" if direct else Invitation.Reason.OUTSIDE
        else:
            direct, why = _known_person(actor, user, row)
        if Registration.objects.filter(
            session=session, user=user, status__in=Registration.ACTIVE
        ).exists():
            outcome.append(EnrolOutcome(row, "already"))
        elif direct:
            registration = registration_create(
                session=session, user=user, actor=actor, source=Registration.Source.PARTNER
            )
            outcome.append(EnrolOutcome(row, registration.status))
        elif why not in Invitation.Reason.values:  # a refusal, said in ``why``
            outcome.append(EnrolOutcome(row, "refused", why))
        else:
            outcome.append(_invite(session, user, actor, why, row))
    return outcome


INVITED_BECAUSE: dict[str, Any] = {
    Invitation.Reason.OUTSIDE: gettext_lazy(
        "Not of your académie: invited, registered only if they accept."
    ),
    Invitation.Reason.STAFF: gettext_lazy(
        "A staff account: invited, registered only if they accept."
    ),
}


def _invite(
    session: TrainingSession, user: Any, actor: Any, why: str, row: PersonRow
) -> EnrolOutcome:
    from preau.registrations.invitations import invitation_create

    earlier = Invitation.objects.filter(session=session, user=user).order_by("-created_at").first()
    if earlier is not None and earlier.status == Invitation.Status.PENDING:
        return EnrolOutcome(row, "invited", _("Invited before: waiting for their answer."))
    if earlier is not None and earlier.status == Invitation.Status.DECLINED:
        return EnrolOutcome(row, "refused", _("They declined an invitation to this session."))
    invitation_create(session=session, user=user, actor=actor, reason=why)
    return EnrolOutcome(row, "invited", str(INVITED_BECAUSE[why]))
