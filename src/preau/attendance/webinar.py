"""Webinar participant logs: connected minutes per person, then presence.

The log is a CSV with a name or an e-mail, a join time and a leave time; a
person may join several times. Intervals are merged and clipped to the slot,
so reconnections are not counted twice and time before or after the slot does
not count. Unknown people are reported, never invented.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from preau.attendance.models import Attendance
from preau.core.uploads import Limits, Problems, read_table
from preau.registrations.models import Registration
from preau.scheduling.models import Slot

HEADERS = {
    "email": ("email", "e-mail", "mail", "adresse e-mail", "courriel"),
    "name": ("name", "nom", "participant", "nom complet", "full name"),
    "join": ("join", "join time", "joined", "arrivée", "heure d'arrivée", "connexion"),
    "leave": ("leave", "leave time", "left", "départ", "heure de départ", "déconnexion"),
}
LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=20_000, max_line=2_000, max_field=500)
FIRST_YEAR, LAST_YEAR = 2000, 2100
FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)


@dataclass
class WebinarReport:
    present: list[tuple[str, int]] = field(default_factory=list)  # (e-mail, minutes)
    absent: list[tuple[str, int]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _moment(value: str, zone: ZoneInfo) -> datetime:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        for fmt in FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(value) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def read_log(raw: bytes, zone: ZoneInfo) -> list[tuple[str, str, datetime, datetime]]:
    """(email, name, joined, left) per line; a ValidationError lists the bad lines
    (the first ones, and how many more), and nothing is read from a file with any."""
    table = read_table(raw, delimiters=",;\t", limits=LIMITS)
    header, records = table.records()
    column = {k: next((c for c in names if c in header), None) for k, names in HEADERS.items()}
    if not (column["email"] or column["name"]) or not column["join"] or not column["leave"]:
        raise ValidationError(
            _("The log needs a name or e-mail column, a join and a leave column.")
        )
    rows, problems = [], Problems(table)
    for number, record in records:
        email = record.get(column["email"] or "", "").lower()
        name = record.get(column["name"] or "", "")
        try:
            joined = _moment(record[column["join"]], zone)
            left = _moment(record[column["leave"]], zone)
        except (ValueError, KeyError, TypeError, OverflowError):
            problems.add(number, _("unreadable time."))
            continue
        if not all(FIRST_YEAR <= t.year <= LAST_YEAR for t in (joined, left)):
            problems.add(number, _("a time outside %(a)s–%(b)s.") % {"a": FIRST_YEAR,
                                                                     "b": LAST_YEAR})  # fmt: skip
            continue
        if left < joined:
            problems.add(number, _("leaves before joining."))
            continue
        rows.append((email, name, joined, left))
    problems.raise_if_any()
    return rows


def connected_minutes(intervals: list[tuple[datetime, datetime]], slot: Slot) -> int:
    clipped = sorted(
        (max(a, slot.starts_at), min(b, slot.ends_at))
        for a, b in intervals
        if b > slot.starts_at and a < slot.ends_at
    )
    total, current_start, current_end = 0.0, None, None
    for start, end in clipped:
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += (current_end - current_start).total_seconds()
    return int(total // 60)


@transaction.atomic
def webinar_log_import(
    *, actor: Any, slot: Slot, raw: bytes, now: datetime | None = None
) -> WebinarReport:
    """Set the attendance of every registered person of ``slot`` from the log."""
    from preau.attendance.services import attendance_mark

    zone = slot.session.zone
    rows = read_log(raw, zone)
    registrations = list(
        Registration.objects.filter(
            session_id=slot.session_id, status=Registration.Status.CONFIRMED
        ).select_related("user")
    )
    by_email = {r.user.email.lower(): r for r in registrations}
    by_name = {
        r.user.get_full_name().casefold(): r for r in registrations if r.user.get_full_name()
    }
    intervals: dict[int, list[tuple[datetime, datetime]]] = {}
    report = WebinarReport()
    for email, name, joined, left in rows:
        registration = by_email.get(email) or by_name.get(name.casefold())
        if registration is None:
            label = email or name
            if label not in report.unknown:
                report.unknown.append(label)
            continue
        intervals.setdefault(registration.pk, []).append((joined, left))
    needed = settings.PREAU_WEBINAR_PRESENCE_RATIO * slot.duration.total_seconds() / 60
    for registration in registrations:
        minutes = connected_minutes(intervals.get(registration.pk, []), slot)
        status = Attendance.Status.PRESENT if minutes >= needed else Attendance.Status.ABSENT
        record = attendance_mark(
            actor=actor, slot=slot, user=registration.user, status=status,
            method=Attendance.Method.WEBINAR, reason=_("Webinar log imported."), now=now,
        )  # fmt: skip
        record.connected_minutes = minutes
        record.save(update_fields=["connected_minutes"])
        target = report.present if status == Attendance.Status.PRESENT else report.absent
        target.append((registration.user.email, minutes))
    return report
