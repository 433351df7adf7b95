"""Periods indicators are computed on, and the same period a year earlier."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


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
