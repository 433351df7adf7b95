"""Loading the official school calendar (open data of the education ministry).

Accepts the CSV export of data.education.gouv.fr's "fr-en-calendrier-scolaire"
with either its labels (Description;Population;Date de début;Date de fin;
Académies;Zones;annee_scolaire) or its field names (description, population,
start_date, end_date, location, zones, annee_scolaire).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from preau.core.uploads import Limits, Problems, read_table
from preau.network.models import Academie, SchoolHoliday

COLUMNS = {
    "description": ("description",),
    "population": ("population",),
    "start": ("date de début", "date de debut", "start_date"),
    "end": ("date de fin", "end_date"),
    "academie": ("académies", "academies", "location"),
    "year": ("annee_scolaire", "année scolaire"),
}
PARIS = ZoneInfo("Europe/Paris")
LIMITS = Limits(max_bytes=20 * 1024 * 1024, max_rows=100_000, max_line=4_000, max_field=1_000)


@dataclass
class HolidayReport:
    loaded: int = 0
    unknown_academies: set[str] = field(default_factory=set)


def _day(value: str) -> date:
    value = value.strip()
    if "T" in value:
        return datetime.fromisoformat(value).astimezone(PARIS).date()
    return date.fromisoformat(value[:10])


def _key(name: str) -> str:
    return slugify(name.replace("’", "'"))


@transaction.atomic
def school_holidays_load(raw: bytes) -> HolidayReport:
    """Replace the holidays of the school years in the file: all or nothing."""
    table = read_table(raw, delimiters=";,", limits=LIMITS)
    Problems(table).raise_if_any()  # a line or field too long: the file is not the calendar
    headers, reader = table.records()
    columns = {}
    for name, candidates in COLUMNS.items():
        found = next((c for c in candidates if c in headers), None)
        if found is None:
            raise ValidationError(f"column missing: {candidates[0]}")
        columns[name] = found
    academies = {_key(a.name): a for a in Academie.objects.all()}
    report = HolidayReport()
    rows = []
    for number, values in reader:
        record = {k: values.get(k, "") for k in columns.values()}
        if (record[columns["population"]] or "").strip().lower() == "enseignants":
            continue  # teachers' dates differ only for the pre-rentrée
        academie = academies.get(_key(record[columns["academie"]] or ""))
        if academie is None:
            report.unknown_academies.add((record[columns["academie"]] or "").strip())
            continue
        try:
            rows.append(
                SchoolHoliday(
                    academie=academie,
                    description=(record[columns["description"]] or "").strip()[:120],
                    school_year=(record[columns["year"]] or "").strip()[:9],
                    starts_on=_day(record[columns["start"]]),
                    ends_on=_day(record[columns["end"]]),
                )
            )
        except (ValueError, OverflowError) as exc:
            raise ValidationError(f"line {number}: bad date ({exc})") from exc
    years = {r.school_year for r in rows}
    SchoolHoliday.objects.filter(school_year__in=years).delete()
    SchoolHoliday.objects.bulk_create(rows)
    report.loaded = len(rows)
    return report
