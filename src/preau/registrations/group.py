"""Collective enrolment by a partner: a list of people, checked whole before anything is written."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.accounts.selectors import user_by_email
from preau.accounts.services import user_create
from preau.network.models import UAI_VALIDATOR
from preau.network.services import school_get_or_create
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

HEADERS = {"email", "first_name", "last_name", "uai"}


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    uai: str = ""


def read_people_csv(raw: bytes) -> list[PersonRow]:
    """Rows of a CSV (comma or semicolon; UTF-8 or Windows-1252) with the columns
    email, first_name, last_name and optionally uai. Raises a ValidationError
    listing every bad line; nothing is partially read."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if "email" not in columns:
        raise ValidationError(_("The file needs an “email” column (and first_name, last_name)."))
    rows, problems = [], []
    for number, record in enumerate(reader, start=2):
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()}
        row = PersonRow(number, values.get("email", "").lower(), values.get("first_name", ""),
                        values.get("last_name", ""), values.get("uai", "").upper())  # fmt: skip
        try:
            validate_email(row.email)
            if row.uai:
                UAI_VALIDATOR(row.uai)
        except ValidationError as exc:
            problems.append(_("Line %(n)s: %(why)s") % {"n": number, "why": " ".join(exc.messages)})
            continue
        rows.append(row)
    if problems:
        raise ValidationError(problems)
    return rows


def may_enrol(actor: Any, session: TrainingSession) -> bool:
    if user_may(actor, Capability.ENROL_GROUPS, session.location):
        return True
    return bool(session.partner_id) and user_may(
        actor, Capability.ENROL_GROUPS, Location.of(session.partner)
    )


@transaction.atomic
def group_enrol(
    *, actor: Any, session: TrainingSession, people: list[PersonRow]
) -> list[tuple[PersonRow, str]]:
    """Register each person with the same checks as self-registration (seats,
    reserved seats, waitlist); new addresses get an account. All or nothing."""
    from preau.registrations.services import registration_create

    if not may_enrol(actor, session):
        raise PermissionDenied(_("You may not enrol people in this session."))
    outcome = []
    for row in people:
        user = user_by_email(row.email)
        if user is None:
            user = user_create(
                email=row.email, first_name=row.first_name, last_name=row.last_name, actor=actor
            )
            if row.uai:
                user.school = school_get_or_create(uai=row.uai, academie=session.partner)
                user.academie = user.school.academie or session.partner
                user.save(update_fields=["school", "academie"])
        if Registration.objects.filter(
            session=session, user=user, status__in=Registration.ACTIVE
        ).exists():
            outcome.append((row, "already"))
            continue
        registration = registration_create(
            session=session, user=user, actor=actor, source=Registration.Source.PARTNER
        )
        outcome.append((row, registration.status))
    return outcome
