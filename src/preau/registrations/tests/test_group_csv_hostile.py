"""Group-enrolment lists that are wrong: a clear refusal on the page, nobody
enrolled, no account created, never a 500 nor a huge page."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.group import read_people_csv
from preau.registrations.models import Invitation, Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def refused(raw: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationError) as err:
        read_people_csv(raw)
    return err.value.messages


def test_bytes_undefined_in_cp1252_name_their_line():
    (message,) = refused(b"email;last_name\nana@ac-a1.fr;L\x8fpez\n")
    assert "Line 2" in message and "0x8F" in message


def test_a_single_column_list_of_addresses_is_read():
    rows = read_people_csv(b"email\nana@ac-a1.fr\nben@ac-a1.fr\n")
    assert [r.email for r in rows] == ["ana@ac-a1.fr", "ben@ac-a1.fr"]
    assert "needs a “Courriel” column" in refused(b"ana@ac-a1.fr\n")[0]


def test_a_5_mb_line_and_names_too_long_are_refused():
    assert "longer than 2000" in refused(b"email\n" + b"a" * 2_000_000 + b"\n")[0]
    assert "longer than 150" in refused(b"email;last_name\nana@ac-a1.fr;" + b"L" * 200)[0]


def test_thousands_of_bad_lines_give_a_short_answer():
    messages = refused(b"email\n" + b"pas-une-adresse\n" * 4_000)
    assert len(messages) == 21 and "3980 more lines" in messages[-1]
    assert "More than 5000 lines" in refused(b"email\n" + b"a@ac-a1.fr\n" * 6_000)[0]


@pytest.fixture
def page(client, net):
    session = open_session(net.x1, capacity=5)
    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)
    return f"/inscriptions/seances/{session.pk}/groupe/"


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Registration.objects.count(), Invitation.objects.count()


def test_the_page_answers_100000_bad_rows_briefly(client, page):
    raw = b"email\n" + b"pas-une-adresse\n" * 100_000
    before = counts()
    response = client.post(page, {"people_file": SimpleUploadedFile("liste.csv", raw)})
    assert response.status_code == 200 and len(response.content) < 200_000
    assert "5000" in response.content.decode()  # more than 5,000 lines: split the file
    assert counts() == before


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["ana@ac-a1.fr", "x@", "0211234A", "", '"', ";", "\r"]),
)
TEXT = st.lists(st.lists(CELL, min_size=1, max_size=4).map(";".join), max_size=6).map(
    lambda rows: "\n".join(["email;first_name;last_name;uai", *rows])
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.one_of(TEXT.map(str.encode), TEXT.map(lambda t: t.encode("cp1252", "replace")),
                     st.binary(max_size=300)))  # fmt: skip
def test_fuzzed_lists_never_answer_500_and_a_refusal_writes_nothing(client, page, raw):
    before = counts()
    response = client.post(page, {"people_file": SimpleUploadedFile("liste.csv", raw)})
    assert response.status_code == 200
    if 'class="errorlist nonfield"' in response.content.decode():
        assert counts() == before
