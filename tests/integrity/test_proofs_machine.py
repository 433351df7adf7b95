"""Property-based: whatever sequence of edits, GAIA re-imports, attendance marks,
closing and corrections people make, every attendance record and every
attestation that ever existed still exists, as last written."""

from contextlib import suppress
from dataclasses import replace
from datetime import time, timedelta
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from preau.accounts.roles import Role
from preau.attendance.models import Attendance
from preau.attendance.services import attendance_mark, session_close
from preau.core.testing import user_with_role
from preau.credentials.models import Attestation
from preau.network.models import Atelier
from preau.registrations.gaia.importer import gaia_import
from preau.scheduling import services
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import SlotSpec, spec_of

pytestmark = pytest.mark.django_db
EMAILS = [f"p{i}@ac-test.fr" for i in range(4)]
STATUSES = ["present", "late", "absent", "excused"]


def plan(key, days, people, hours=("09:00", "12:00")):
    formations = "".join(
        f"PAF|28A1|D|28A1M1|Module|{key}|1|{d:%d/%m/%Y}|{hours[0]}|{d:%d/%m/%Y}|{hours[1]}|A|X|\n"
        for d in days
    )
    stagiaires = "".join(f"PAF|{key}|NOM|Prénom|{e}\n" for e in people)
    return {
        "formations": formations.encode("cp1252"),
        "intervenants": b"",
        "stagiaires": stagiaires.encode("cp1252"),
    }


def machine_for(atelier: Atelier) -> type[RuleBasedStateMachine]:
    keys = count(280001)  # one GAIA session per example: the database is shared

    class Proofs(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            today = timezone.localdate()
            self.key = str(next(keys))
            self.days = [today - timedelta(days=3), today - timedelta(days=2)]
            gaia_import(actor=None, atelier=atelier, **plan(self.key, self.days, EMAILS))
            self.session = TrainingSession.objects.get(external_ref=f"gaia:{self.key}-1")
            self.trainer = user_with_role(Role.TRAINER, atelier=atelier)
            self.manager = user_with_role(Role.ATELIER_MANAGER, atelier=atelier)
            self.session.trainers.add(self.trainer)
            self.marks: dict[int, str] = {}  # attendance id → last status written
            self.attestations: dict[int, str] = {}  # attestation id → verification code

        def _session(self) -> TrainingSession:
            return TrainingSession.objects.get(pk=self.session.pk)

        @rule(
            slot_index=st.integers(0, 3), person=st.integers(0, 3), status=st.sampled_from(STATUSES)
        )
        def mark(self, slot_index: int, person: int, status: str) -> None:
            slots = list(self._session().slots.order_by("starts_at"))
            slot = slots[slot_index % len(slots)]
            registration = self._session().registrations.filter(user__email=EMAILS[person]).first()
            if registration is None:
                return
            try:
                record = attendance_mark(actor=self.trainer, slot=slot, user=registration.user,
                                         status=status, reason="correction")  # fmt: skip
            except ValidationError:
                return
            self.marks[record.pk] = status

        @rule(
            capacity=st.integers(1, 30),
            shift_past=st.booleans(),
            drop=st.sets(st.integers(0, 3), max_size=2),
            add_future=st.integers(0, 2),
        )
        def edit(self, capacity: int, shift_past: bool, drop: set[int], add_future: int) -> None:
            session = self._session()
            spec = spec_of(session)
            slots = [s for i, s in enumerate(spec.slots) if i not in drop]
            if shift_past and slots:
                slots[0] = replace(slots[0], start=time(8), end=time(11))
            future = timezone.localdate() + timedelta(days=10)
            slots += [
                SlotSpec(future + timedelta(days=i), time(14), time(17)) for i in range(add_future)
            ]
            edited = replace(spec, capacity=capacity, slots=tuple(slots))
            with suppress(ValidationError):  # refused edits are part of the game
                services.session_update(actor=self.manager, session=session, spec=edited)

        @rule(
            keep=st.sets(st.integers(0, 1), min_size=0, max_size=2),
            people=st.sets(st.sampled_from(EMAILS)),
            later=st.booleans(),
        )
        def reimport(self, keep: set[int], people: set[str], later: bool) -> None:
            days = [d for i, d in enumerate(self.days) if i in keep] or self.days[:1]
            hours = ("14:00", "17:00") if later else ("09:00", "12:00")
            gaia_import(
                actor=self.manager, atelier=atelier, **plan(self.key, days, sorted(people), hours)
            )

        @rule()
        def close(self) -> None:
            with suppress(ValidationError):
                session_close(actor=self.trainer, session=self._session())

        @invariant()
        def every_proof_is_kept(self) -> None:
            current = dict(Attendance.objects.values_list("pk", "status"))
            for pk, status in self.marks.items():
                assert current.get(pk) == status, "an attendance record was lost or altered"
            codes = dict(Attestation.objects.values_list("pk", "code"))
            for pk, code in self.attestations.items():
                assert codes.get(pk) == code, "an attestation was lost"
            self.attestations.update(codes)

    return Proofs


def test_no_sequence_of_edits_reimports_and_corrections_loses_a_proof(net):
    machine = machine_for(net.x1)
    run_state_machine_as_test(
        lambda: machine(),
        settings=settings(
            max_examples=12, stateful_step_count=10, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )  # fmt: skip
