"""Periods indicators are computed on, and the same period a year earlier."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")
FIRST_YEAR = 2000  # no record before; and ``previous()`` of a period stays a date


class BadYear(ValueError):
    """A year that is not one indicators can be computed for; the message says which are."""


def last_year() -> int:
    return timezone.localdate().year + 1


def checked_year(value: object) -> int:
    """``value`` as a year between FIRST_YEAR and next year, else BadYear."""
    try:
        year = int(str(value).strip())
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= last_year():
        raise BadYear(
            _("year: a year between %(a)s and %(b)s") % {"a": FIRST_YEAR, "b": last_year()}
        )
    return year


@dataclass(frozen=True)
class Period:
    start: date  # first day, included
    end: date  # last day, included
    label: str

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes (days are French days)."""
        after = date.fromordinal(self.end.toordinal() + 1)
        return datetime.combine(self.start, time(), PARIS), datetime.combine(after, time(), PARIS)

    def previous(self) -> "Period":
        def back(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end), _("previous year"))


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def school_year(first_year: int) -> Period:
    """September to August: 2023 means 2023-2024."""
    return Period(
        date(first_year, 9, 1), date(first_year + 1, 8, 31), f"{first_year}-{first_year + 1}"
    )
