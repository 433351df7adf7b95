"""The RGAA accessibility statement's status, from the audit named in the settings.

The RGAA's rule: *totalement conforme* when every criterion is met,
*partiellement conforme* from 50 %, *non conforme* below 50 % or when no audit
result is valid. Without an audit (``PREAU_ACCESSIBILITY_AUDIT_DATE``,
``PREAU_ACCESSIBILITY_AUDITOR``, ``PREAU_ACCESSIBILITY_AUDIT_RATE``) the
platform is therefore *non conforme*, whatever its editor thinks of it. An
audit is taken as valid for three years, when the statement must be renewed.
"""

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
RGAA_VERSION = "4.1.2"
STATEMENT_DATE = date(2026, 12, 2)  # when this software's statement was written
VALID_YEARS = 3
LABELS = {
    "non": _("not compliant"),
    "partiellement": _("partially compliant"),
    "totalement": _("fully compliant"),
}


@dataclass(frozen=True)
class Audit:
    day: date
    auditor: str
    rate: float  # share of the RGAA criteria met, in %


@dataclass(frozen=True)
class Statement:
    status: str  # "non", "partiellement" or "totalement"
    audit: Audit | None
    expired: bool  # an audit exists but is more than VALID_YEARS old
    established: date

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}: a date as YYYY-MM-DD is expected, not {value!r}."
        ) from None


def audit() -> Audit | None:
    """The audit the settings name, None when there is none (all three empty)."""
    given = settings.ACCESSIBILITY_AUDIT
    values = [str(given.get(k) or "").strip() for k in ("date", "auditor", "rate")]
    if not any(values):
        return None
    if not all(values):
        raise ImproperlyConfigured(
            "PREAU_ACCESSIBILITY_AUDIT_DATE, PREAU_ACCESSIBILITY_AUDITOR and "
            "PREAU_ACCESSIBILITY_AUDIT_RATE name the audit together: set all three or none."
        )
    day, auditor, rate = values
    try:
        share = float(rate.replace(",", ".").rstrip("% "))
    except ValueError:
        share = -1.0
    if not 0 <= share <= 100:
        raise ImproperlyConfigured(
            f"PREAU_ACCESSIBILITY_AUDIT_RATE: a share of criteria met between 0 and 100, "
            f"not {rate!r}."
        )
    return Audit(_date("PREAU_ACCESSIBILITY_AUDIT_DATE", day), auditor, share)


def statement(today: date | None = None) -> Statement:
    today = today or timezone.localdate()
    found = audit()
    established = _date(
        "PREAU_ACCESSIBILITY_STATEMENT_DATE", str(settings.ACCESSIBILITY_STATEMENT_DATE)
    )
    expired = bool(found and _years_after(found.day, VALID_YEARS) < today)
    if found is None or expired or found.rate < 50:
        status = "non"
    elif found.rate >= 100:
        status = "totalement"
    else:
        status = "partiellement"
    if found and not expired and found.day > established:
        established = found.day  # a statement follows its audit
    return Statement(status, found, expired, established)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def statement_or_default(today: date | None = None) -> Statement:
    """The statement; a misconfigured audit (reported by ``preau check``) never
    makes the platform claim any compliance."""
    try:
        return statement(today)
    except ImproperlyConfigured:
        logger.error("accessibility audit settings are invalid: see `preau check`")
        return Statement("non", None, False, STATEMENT_DATE)


def check_audit_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: the audit settings are complete and readable."""
    try:
        statement()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="preau.E010")]
    return []
