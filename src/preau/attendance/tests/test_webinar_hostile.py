"""Webinar logs that are wrong: a clear refusal, nothing marked, never a 500."""

from datetime import time

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.accounts.roles import Role
from preau.attendance.models import Attendance
from preau.attendance.webinar import webinar_log_import
from preau.core.testing import TEST_PASSWORD, UserFactory, user_with_role
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(net):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    session = open_session(
        net.x1, trainers=(trainer,), slots=(SlotSpec(next_weekday(), time(9), time(12)),)
    )
    registration_create(session=session, user=UserFactory(email="ada@ac-dijon.fr"))
    found = session.slots.get()
    found.trainer = trainer  # type: ignore[attr-defined]
    return found


def refusal(slot, raw: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        webinar_log_import(actor=slot.trainer, slot=slot, raw=raw, now=slot.ends_at)
    assert not Attendance.objects.exists()
    return refused.value.messages


def test_bytes_undefined_in_cp1252_are_refused_with_their_line(slot):
    (message,) = refusal(slot, b"email;join;leave\nada@ac-dijon.fr;\x81;\x9d\n")
    assert "Line 2" in message and "0x81" in message


def test_a_single_column_says_which_columns_are_needed(slot):
    (message,) = refusal(slot, b"ada@ac-dijon.fr\nbob@ac-dijon.fr\n")
    assert "join and a leave column" in message


def test_a_5_mb_line_is_refused_without_reading_it(slot):
    raw = b"email,join,leave\n" + b"a" * 5_000_000 + b"\n"
    messages = refusal(slot, raw[: 5 * 1024 * 1024])
    assert "Line 2: line longer than 2000 characters" in messages[0]


def test_thousands_of_unreadable_rows_give_a_short_answer(slot):
    raw = b"email,join,leave\n" + b"ada@ac-dijon.fr,hier,demain\n" * 19_000
    messages = refusal(slot, raw)
    assert len(messages) == 21 and "18980 more lines" in messages[-1]
    assert "More than 20000 lines" in refusal(slot, raw * 2)[0]


def test_times_outside_any_plausible_year_are_refused(slot):
    raw = b"email,join,leave\nada@ac-dijon.fr,0001-01-01 09:00,9999-12-31 23:59\n"
    assert "outside 2000" in refusal(slot, raw)[0]


def post(client, slot, raw: bytes):
    return client.post(
        f"/presence/creneaux/{slot.pk}/webinaire/", {"log": SimpleUploadedFile("log.csv", raw)}
    )


def test_the_page_answers_a_bad_log_with_a_short_message(client, slot):
    client.login(email=slot.trainer.email, password=TEST_PASSWORD)
    raw = b"email,join,leave\n" + b"x@y.fr,hier,demain\n" * 19_000
    response = post(client, slot, raw)
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(shown) == 21 and sum(len(m) for m in shown) < 5_000
    assert not Attendance.objects.exists()


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["ada@ac-dijon.fr", "2030-01-07 09:00", "07/01/2030 10:00", "", '"']),
)
LOG = st.lists(st.lists(CELL, min_size=1, max_size=4).map(",".join), max_size=6).map(
    lambda rows: "\n".join(["email,join,leave", *rows])
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(log=st.one_of(LOG.map(str.encode), LOG.map(lambda t: t.encode("utf-16")),
                     st.binary(max_size=300)))  # fmt: skip
def test_fuzzed_logs_never_answer_500_and_a_refusal_marks_nothing(client, slot, log):
    client.login(email=slot.trainer.email, password=TEST_PASSWORD)
    before = Attendance.objects.count()
    response = post(client, slot, log)
    assert response.status_code == 302
    levels = {m.level_tag for m in get_messages(response.wsgi_request)}
    if "error" in levels:
        assert Attendance.objects.count() == before
