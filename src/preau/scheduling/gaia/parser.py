"""Reading the three GAIA files: pipe-separated, CP1252, one record per line.

A line with the wrong number of separators is rejected, as is a line with an
empty mandatory field; both are reported with their line number, never
silently skipped.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

SEPARATORS = {"formations": 13, "intervenants": 5, "stagiaires": 4}
UAI = re.compile(r"\b(\d{7}[A-Z])\b")


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    reason: str


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
    text = raw.decode("cp1252", errors="replace")
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        count = line.count("|")
        if count != SEPARATORS[kind]:
            plan.rejected.append(
                Rejected(kind, number, f"{count} separators instead of {SEPARATORS[kind]}")
            )
            continue
        out.append((number, [part.strip() for part in line.split("|")]))
    return out


def _moment(day: str, hour: str) -> datetime:
    return datetime.combine(
        datetime.strptime(day, "%d/%m/%Y").date(), datetime.strptime(hour, "%H:%M").time()
    )


def _empty(values: list[str], names: dict[int, str]) -> str | None:
    missing = [name for index, name in names.items() if not values[index]]
    return f"empty mandatory field: {', '.join(missing)}" if missing else None


def parse(formations: bytes, intervenants: bytes, stagiaires: bytes) -> GaiaPlan:
    plan = GaiaPlan()
    mandatory = {1: "dispositif_id", 3: "module_id", 4: "module_name", 5: "session_id",
                 7: "start date", 8: "start time", 9: "end date", 10: "end time"}  # fmt: skip
    for number, v in _fields(formations, "formations", plan):
        problem = _empty(v, mandatory)
        if problem is None:
            try:
                starts, ends = _moment(v[7], v[8]), _moment(v[9], v[10])
            except ValueError:
                problem = "date or time not in dd/mm/YYYY HH:MM form"
            else:
                if ends <= starts:
                    problem = "ends before it starts"
        if problem:
            plan.rejected.append(Rejected("formations", number, problem))
            continue
        plan.sessions.append(
            SessionLine(
                number, v[0], v[1], v[2], v[3], v[4], v[5], v[6], starts, ends, v[11], v[12]
            )
        )
    for kind, target, ref_name in (
        ("intervenants", plan.trainers, "module_id"),
        ("stagiaires", plan.trainees, "session_id"),
    ):
        source = intervenants if kind == "intervenants" else stagiaires
        for number, v in _fields(source, kind, plan):
            problem = _empty(v, {1: ref_name, 2: "name", 4: "email"})
            if problem is None and "@" not in v[4]:
                problem = f"not an e-mail address: {v[4]}"
            if problem:
                plan.rejected.append(Rejected(kind, number, problem))
                continue
            target.append(PersonLine(number, v[1], v[2], v[3], v[4].lower()))
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
