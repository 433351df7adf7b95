"""Reading the three GAIA files: pipe-separated, one record per line.

Files are read by ``core.uploads`` (Windows-1252 as GAIA writes them, or UTF-8
when a file was saved again so; sizes and line lengths bounded); a file that
cannot be read at all raises an UploadError naming it. Every line that is not
plausible is rejected and reported with its number and reason, never guessed:
the wrong number of separators, an empty mandatory field, a date that is not
one or outside 2000–2100, an occurrence longer than 31 days, an identifier too
long, an invalid e-mail address. A key listed twice in one file (the same
occurrence of a session, the same trainer of a module, the same trainee of a
session) rejects every line carrying it, and a session is read whole or not at
all: when one of its lines is rejected, so are the others.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from preau.core.uploads import Limits, UploadError, read_table

SEPARATORS = {"formations": 13, "intervenants": 5, "stagiaires": 4}
UAI = re.compile(r"\b(\d{7}[A-Z])\b")
LIMITS = Limits(max_bytes=20 * 1024 * 1024, max_rows=200_000, max_line=4_000, max_field=1_000)
FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST = timedelta(days=31)  # one occurrence (GAIA writes one line per occurrence)
ID_LENGTH, GROUP_LENGTH, NAME_LENGTH, EMAIL_LENGTH = 40, 10, 150, 254


class GaiaFiles(TypedDict):
    """The three files of a plan, as bytes (``gaia_import(**files)``)."""

    formations: bytes
    intervenants: bytes
    stagiaires: bytes


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    reason: str
    ref: str | None = None  # the session or module a person line names, when it could be read


@dataclass(frozen=True)
class SessionLine:
    line: int
    plan: str
    dispositif_id: str
    dispositif_name: str
    module_id: str
    module_name: str
    session_id: str
    group: str
    starts: datetime  # naive local time
    ends: datetime
    place_type: str
    place: str

    @property
    def key(self) -> str:
        return f"gaia:{self.session_id}-{self.group or '1'}"

    @property
    def uai(self) -> str | None:
        found = UAI.search(self.place)
        return found.group(1) if found else None


@dataclass(frozen=True)
class PersonLine:
    line: int
    ref: str  # module id (trainers) or session id (trainees)
    last_name: str
    first_name: str
    email: str


@dataclass
class GaiaPlan:
    sessions: list[SessionLine] = field(default_factory=list)
    trainers: list[PersonLine] = field(default_factory=list)
    trainees: list[PersonLine] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _fields(raw: bytes, kind: str, plan: GaiaPlan) -> list[tuple[int, list[str]]]:
    try:
        table = read_table(raw, delimiters="|", limits=LIMITS, quoting=False)
    except ValidationError as e:
        raise UploadError(
            [_("%(file)s file: %(why)s") % {"file": kind, "why": m} for m in e.messages]
        ) from e
    plan.rejected += [Rejected(kind, number, reason) for number, reason in table.rejected]
    out = []
    for row in table.rows:
        count = len(row.fields) - 1
        if count != SEPARATORS[kind]:
            ref = row.fields[1].strip()[:ID_LENGTH] if count >= 1 and kind != "formations" else ""
            plan.rejected.append(
                Rejected(
                    kind,
                    row.line,
                    _("%(n)s separators instead of %(m)s") % {"n": count, "m": SEPARATORS[kind]},
                    ref or None,  # the session it seems to name: nobody is removed from it
                )
            )
            continue
        out.append((row.line, [part.strip() for part in row.fields]))
    return out


def _moment(day: str, hour: str, which: str) -> datetime | str:
    """The moment in two fields, or why not, naming the field (“31/02/2027” is no date)."""
    names = {"start": (_("start date"), _("start time")), "end": (_("end date"), _("end time"))}
    day_name, hour_name = names[which]
    try:
        read_day = datetime.strptime(day, "%d/%m/%Y").date()
    except ValueError:
        return _("%(field)s: “%(value)s” is not a date (dd/mm/yyyy)") % {
            "field": day_name, "value": day[:40]}  # fmt: skip
    try:
        read_hour = datetime.strptime(hour, "%H:%M").time()
    except ValueError:
        return _("%(field)s: “%(value)s” is not a time (hh:mm)") % {
            "field": hour_name, "value": hour[:40]}  # fmt: skip
    return datetime.combine(read_day, read_hour)


def _empty(values: list[str], names: dict[int, str]) -> str | None:
    missing = [name for index, name in names.items() if not values[index]]
    return _("empty mandatory field: %(f)s") % {"f": ", ".join(missing)} if missing else None


def _lines(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _occurrence(v: list[str]) -> tuple[datetime, datetime] | str:
    """The occurrence's start and end, or why the line is rejected."""
    for value, name in ((v[1], "dispositif_id"), (v[3], "module_id"), (v[5], "session_id")):
        if len(value) > ID_LENGTH:
            return _("%(f)s longer than %(n)s characters") % {"f": name, "n": ID_LENGTH}
    if len(v[6]) > GROUP_LENGTH:
        return _("group longer than %(n)s characters") % {"n": GROUP_LENGTH}
    starts, ends = _moment(v[7], v[8], "start"), _moment(v[9], v[10], "end")
    if isinstance(starts, str):
        return starts
    if isinstance(ends, str):
        return ends
    if not all(FIRST_YEAR <= d.year <= LAST_YEAR for d in (starts, ends)):
        return _("date outside %(a)s–%(b)s") % {"a": FIRST_YEAR, "b": LAST_YEAR}
    if ends <= starts:
        return _("ends before it starts")
    if ends - starts > LONGEST:
        return _("an occurrence longer than %(n)s days: one line per occurrence") % {
            "n": LONGEST.days
        }
    return starts, ends


def _sessions(formations: bytes, plan: GaiaPlan) -> None:
    mandatory = {1: "dispositif_id", 3: "module_id", 4: "module_name", 5: "session_id",
                 7: "start date", 8: "start time", 9: "end date", 10: "end time"}  # fmt: skip
    rejected: dict[int, str] = {}
    by_key: dict[str, list[int]] = defaultdict(list)  # session key -> every line naming it
    read: list[SessionLine] = []
    for number, v in _fields(formations, "formations", plan):
        if v[5]:
            by_key[f"{v[5]}-{v[6] or '1'}"].append(number)
        problem = _empty(v, mandatory)
        moment = _occurrence(v) if problem is None else problem
        if isinstance(moment, str):
            rejected[number] = moment
            continue
        starts, ends = moment
        read.append(SessionLine(number, v[0], v[1], v[2], v[3], v[4], v[5], v[6], starts, ends,
                                v[11], v[12]))  # fmt: skip
    lines_of: dict[str, list[SessionLine]] = defaultdict(list)
    for line in read:
        lines_of[f"{line.session_id}-{line.group or '1'}"].append(line)
    for key, lines in lines_of.items():
        modules = {(s.dispositif_id, s.module_id) for s in lines}
        moments = [s.starts for s in lines]
        if len(modules) > 1:
            reason = _("session %(k)s is listed with different modules on lines %(l)s: "
                       "none of them is imported")  # fmt: skip
        elif len(set(moments)) < len(moments):
            reason = _("session %(k)s lists the same occurrence twice (lines %(l)s): "
                       "none of its lines is imported")  # fmt: skip
        else:
            continue
        for s in lines:
            rejected[s.line] = reason % {"k": key, "l": _lines(by_key[key])}
    for key, numbers in by_key.items():  # a session is read whole or not at all
        bad = [n for n in numbers if n in rejected]
        for n in numbers:
            if bad and n not in rejected:
                rejected[n] = _("line %(l)s of session %(k)s was rejected: none of its lines "
                                "is imported") % {"l": _lines(bad), "k": key}  # fmt: skip
    plan.sessions += [s for s in read if s.line not in rejected]
    plan.rejected += [Rejected("formations", n, why) for n, why in sorted(rejected.items())]


def _people(raw: bytes, kind: str, ref_name: str, plan: GaiaPlan) -> list[PersonLine]:
    read: list[PersonLine] = []
    rejected: list[Rejected] = []
    for number, v in _fields(raw, kind, plan):
        problem = _empty(v, {1: ref_name, 2: _("last name"), 4: _("e-mail")})
        email = v[4].lower()
        if problem is None and len(v[1]) > ID_LENGTH:
            problem = _("%(f)s longer than %(n)s characters") % {"f": ref_name, "n": ID_LENGTH}
        if problem is None and max(len(v[2]), len(v[3])) > NAME_LENGTH:
            problem = _("a name longer than %(n)s characters") % {"n": NAME_LENGTH}
        if problem is None:
            try:
                if len(email) > EMAIL_LENGTH:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                problem = _("not an e-mail address: %(e)s") % {"e": v[4][:80]}
        if problem:
            rejected.append(Rejected(kind, number, problem, v[1] or None))
            continue
        read.append(PersonLine(number, v[1], v[2], v[3], email))
    twice: dict[tuple[str, str], list[int]] = defaultdict(list)
    for person in read:
        twice[(person.ref, person.email)].append(person.line)
    for (ref, email), numbers in twice.items():
        if len(numbers) > 1:
            reason = _("%(e)s is listed %(n)s times for %(r)s (lines %(l)s): none of these "
                       "lines is imported") % {"e": email, "n": len(numbers), "r": ref,
                                                "l": _lines(numbers)}  # fmt: skip
            rejected += [Rejected(kind, n, reason, ref) for n in numbers]
    plan.rejected += sorted(rejected, key=lambda r: r.line)
    return [p for p in read if len(twice[(p.ref, p.email)]) == 1]


def parse(formations: bytes, intervenants: bytes, stagiaires: bytes) -> GaiaPlan:
    """The plan in three files; an UploadError when a file cannot be read at all."""
    plan = GaiaPlan()
    _sessions(formations, plan)
    plan.trainers = _people(intervenants, "intervenants", "module_id", plan)
    plan.trainees = _people(stagiaires, "stagiaires", "session_id", plan)
    order = list(SEPARATORS)
    plan.rejected.sort(key=lambda r: (order.index(r.file), r.line))
    return plan


def half_days(starts: datetime, ends: datetime) -> list[tuple[date, time, time]]:
    """Split a GAIA occurrence into half-day slots: one per morning and afternoon."""
    out = []
    day = starts.date()
    while day <= ends.date():
        start = starts.time() if day == starts.date() else time(9)
        end = ends.time() if day == ends.date() else time(17)
        if start < time(12) and end > time(13):
            out += [(day, start, time(12)), (day, time(13), end)]
        elif end > start:
            out.append((day, start, end))
        day = date.fromordinal(day.toordinal() + 1)
    return out
