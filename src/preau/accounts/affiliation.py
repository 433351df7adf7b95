"""Verified affiliations. Seats reserved for an académie or a school go only to
people whose académie (or school) is verified, never to what anyone may type in
their profile:

- by a link sent to an address at one of the académie's e-mail domains
  (``network/data/academic_domains.yaml``) and followed;
- by a partner who lists them (registrations/group.py);
- by the head of their school, from a link sent to the head.

When and how is stored on the user; changing one's académie or school clears it
(``User.set_workplace``). Every verification is audited and told to the person.
"""

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.models import User, Verification, normalize_email
from preau.core.mail import email_send
from preau.core.services import audit_record
from preau.network.domains import domain_of, domains_of

# sender=User, user=…: sent inside the transaction once an affiliation is
# verified, so that seats reserved for it may be offered to the person at once.
affiliation_verified = Signal()

EMAIL_SALT = "preau.accounts.affiliation.email"
SCHOOL_SALT = "preau.accounts.affiliation.school"
EMAIL_MAX_AGE = 60 * 60 * 24 * 3
SCHOOL_MAX_AGE = 60 * 60 * 24 * 30


def _url(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"token": token})


@transaction.atomic
def affiliation_verify(
    *,
    user: User,
    how: str,
    actor: Any,
    academie: bool = False,
    school: bool = False,
    notify: bool = True,
) -> list[str]:
    """Mark the person's current académie and/or school verified by ``how``
    (a ``Verification``). Updates ``user`` in place; returns what was newly
    verified ("academie", "school"). ``notify=False`` when another e-mail
    (an account just created by a partner's list) says it first."""
    now = timezone.now()
    done, fields = [], []
    if academie and user.academie_id and not user.academie_verified_at:
        user.academie_verified_at, user.academie_verified_how = now, how
        done.append("academie")
        fields += ["academie_verified_at", "academie_verified_how"]
    if school and user.school_id and not user.school_verified_at:
        user.school_verified_at, user.school_verified_how = now, how
        done.append("school")
        fields += ["school_verified_at", "school_verified_how"]
    if not done:
        return []
    user.save(update_fields=fields)
    audit_record(actor=actor, action="user.affiliation_verified", target=user,
                 data={"verified": done, "how": how})  # fmt: skip
    if not notify:
        affiliation_verified.send(sender=User, user=user)
        return done
    places = [str(user.academie)] if "academie" in done else []
    places += [str(user.school)] if "school" in done else []
    email_send(
        to=[user.email],
        subject=_("Your affiliation is verified"),
        body=_(
            "Hello,\n\nYour affiliation (%(places)s) is now verified, through %(how)s. "
            "Seats reserved for it are open to you.\n\nIt stays verified until you change "
            "your académie or school in your account: %(url)s\n"
        )
        % {"places": ", ".join(places), "how": Verification(how).label,
           "url": settings.SITE_URL.rstrip("/") + reverse("accounts:me")},
    )  # fmt: skip
    affiliation_verified.send(sender=User, user=user)
    return done


def affiliation_email_request(*, user: User, address: str) -> str:
    """Send a verification link to ``address``, which must be at one of the
    domains of the person's académie. Returns the normalised address."""
    address = normalize_email(address)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"address": _("Enter a valid e-mail address.")}) from None
    if user.academie is None:
        raise ValidationError(_("Choose the académie where you work first, and save."))
    domains = domains_of(user.academie)
    if not domains:
        raise ValidationError(
            _("No e-mail domain is known for the académie of %(a)s: ask its partner to list you.")
            % {"a": user.academie}
        )
    if domain_of(address) not in domains:
        raise ValidationError(
            {"address": _("Give your address ending in @%(d)s (académie of %(a)s).")
             % {"d": " or @".join(domains), "a": user.academie}}
        )  # fmt: skip
    token = signing.dumps({"u": user.pk, "a": user.academie_id, "e": address}, salt=EMAIL_SALT)
    email_send(
        to=[address],
        subject=_("Verify your académie on Préau"),
        body=_(
            "Hello,\n\nTo verify that you work in the académie of %(a)s, follow this link "
            "(valid three days):\n\n%(url)s\n\nIf you did not ask for it, ignore this "
            "message: nothing changes.\n"
        )
        % {"a": user.academie, "url": _url("accounts:affiliation_email_link", token)},
    )
    audit_record(actor=user, action="user.affiliation_requested", target=user,
                 data={"how": Verification.EMAIL})  # fmt: skip
    return address


def read_email_token(token: str) -> tuple[User, str]:
    """(the person, the address) a link is for; ValidationError when it no longer holds."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired: ask for a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    user = User.objects.select_related("academie").filter(pk=data.get("u")).first()
    if user is None or user.academie_id != data.get("a"):
        raise ValidationError(_("Your académie changed since this link was sent: ask again."))
    address = str(data.get("e", ""))
    if domain_of(address) not in domains_of(user.academie):
        raise ValidationError(_("This address is no longer one of the académie's."))
    return user, address


@transaction.atomic
def affiliation_email_confirm(*, token: str) -> User:
    """The link sent to the academic address was followed: the académie is verified."""
    user, _address = read_email_token(token)
    affiliation_verify(user=user, how=Verification.EMAIL, actor=user, academie=True)
    return user


def affiliation_school_request(*, user: User) -> None:
    """Ask the head of the person's school to confirm they work there."""
    school = user.school
    if school is None:
        raise ValidationError(_("Give your school's UAI code first, and save."))
    if school.head is None:
        raise ValidationError(
            _("The head of %(s)s is not on Préau: ask the partner of your académie to list you.")
            % {"s": school}
        )
    token = signing.dumps({"u": user.pk, "s": school.pk}, salt=SCHOOL_SALT)
    email_send(
        to=[school.head.email],
        subject=_("Does %(name)s work at %(school)s?") % {"name": user, "school": school},
        body=_(
            "Hello,\n\n%(name)s (%(email)s) says they work at %(school)s and asks you to "
            "confirm it: seats reserved for the school would then be open to them. Confirm "
            "or refuse here (you will be asked to log in):\n\n%(url)s\n"
        )
        % {"name": user, "email": user.email, "school": school,
           "url": _url("accounts:affiliation_school_link", token)},
    )  # fmt: skip
    audit_record(actor=user, action="user.affiliation_requested", target=user,
                 data={"how": Verification.SCHOOL_HEAD})  # fmt: skip


def read_school_token(token: str) -> User:
    try:
        data = signing.loads(token, salt=SCHOOL_SALT, max_age=SCHOOL_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    user = User.objects.select_related("school__head", "academie").filter(pk=data.get("u")).first()
    if user is None or user.school_id != data.get("s"):
        raise ValidationError(_("This person no longer names this school."))
    return user


@transaction.atomic
def affiliation_school_decide(*, token: str, actor: Any, approve: bool) -> User:
    """The head of school confirms (school verified, and the académie if it is the
    school's) or refuses (the person is told)."""
    user = read_school_token(token)
    school = user.school
    if school is None or school.head_id is None or school.head_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the head of this school can answer."))
    if approve:
        affiliation_verify(user=user, how=Verification.SCHOOL_HEAD, actor=actor, school=True,
                           academie=user.academie_id == school.academie_id)  # fmt: skip
        return user
    audit_record(actor=actor, action="user.affiliation_refused", target=user)
    email_send(
        to=[user.email],
        subject=_("Your school was not confirmed"),
        body=_(
            "Hello,\n\nThe head of %(school)s did not confirm that you work there. Seats "
            "reserved for the school stay closed to you; unreserved seats are open as before.\n"
        )
        % {"school": school},
    )
    return user
