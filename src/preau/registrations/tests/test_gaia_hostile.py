"""GAIA files that are wrong, on purpose or not: each gets a clear refusal and
changes nothing it should not; the upload page never answers 500 nor a huge page."""

from pathlib import Path
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.catalog.models import Offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.uploads import UploadError
from preau.registrations.gaia.importer import gaia_import
from preau.registrations.gaia.parser import GaiaFiles, parse
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "gaia_sample"
URL = "/seances/planning/import-gaia/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def session_line(session: str = "S1", group: str = "1", start: str = "13/01/2027|09:00",
                 end: str = "13/01/2027|12:00", module: str = "M1") -> str:  # fmt: skip
    return f"PAF|D1|Dispositif|{module}|Module un|{session}|{group}|{start}|{end}|A|Dijon|"


def plan(formations: list[str], trainers: tuple[str, ...] | list[str] = (),
         trainees: tuple[str, ...] | list[str] = ()) -> GaiaFiles:  # fmt: skip
    return {
        "formations": "\r\n".join(formations).encode("cp1252"),
        "intervenants": "\r\n".join(trainers).encode("cp1252"),
        "stagiaires": "\r\n".join(trainees).encode("cp1252"),
    }


def reasons(parsed) -> dict[tuple[str, int], str]:
    return {(r.file, r.line): r.reason for r in parsed.rejected}


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Offer, TrainingSession, Slot, Registration, User))


@pytest.mark.parametrize("email", ["a@", "@@@", "a@b", "a b@c.fr", "x" * 250 + "@ac-dijon.fr"])
def test_an_invalid_email_rejects_the_line(email):
    parsed = parse(**plan([session_line()], trainees=[f"PAF|S1|NOM|Prénom|{email}"]))
    assert parsed.trainees == []
    assert "not an e-mail address" in reasons(parsed)[("stagiaires", 1)]


def test_a_utf8_export_is_read_as_utf8_not_as_mojibake():
    sample = cast(dict[str, bytes], plan([session_line()]))
    raw = {k: v.decode("cp1252").encode() for k, v in sample.items()}
    raw["formations"] = session_line().replace("Module un", "Créer des capsules").encode()
    raw["intervenants"] = "PAF|M1|LEFÈVRE|Hélène|h.lefevre@ac-dijon.fr|".encode()
    parsed = parse(**raw)
    assert parsed.sessions[0].module_name == "Créer des capsules"
    assert parsed.trainers[0].last_name == "LEFÈVRE"


def test_bytes_undefined_in_cp1252_refuse_the_file_naming_it(net):
    raw = plan([session_line()])
    raw["stagiaires"] = b"PAF|S1|NOM|Pr\x81nom|a@b.fr"
    with pytest.raises(UploadError) as refused:
        gaia_import(actor=None, atelier=net.x1, **raw)
    assert "stagiaires" in refused.value.messages[0] and "0x81" in refused.value.messages[0]
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        ("13/01/1954|09:00", "13/01/2027|12:00", "outside 2000"),  # 73 years
        ("13/01/2027|09:00", "13/03/2027|12:00", "longer than 31 days"),
        ("13/01/2227|09:00", "13/01/2227|12:00", "outside 2000"),
        ("13/01/2027|09:00", "13/01/2027|08:00", "ends before"),
    ],
)
def test_implausible_occurrences_are_rejected_with_a_reason(net, start, end, why):
    before = counts()
    report = gaia_import(actor=None, atelier=net.x1, **plan([session_line(start=start, end=end)]))
    assert why in {(r.file, r.line): r.reason for r in report.rejected}[("formations", 1)]
    assert counts() == before


def test_a_key_listed_twice_rejects_every_line_carrying_it(net):
    formations = [
        session_line("S1"),
        session_line("S1", start="20/01/2027|09:00", end="20/01/2027|12:00"),
        session_line("S1"),  # the first occurrence again
        session_line("S2"),
        session_line("S3", module="M1"),
        session_line("S3", module="M9", start="20/01/2027|09:00", end="20/01/2027|12:00"),
    ]
    trainees = ["PAF|S2|NOM|Ada|ada@ac-dijon.fr", "PAF|S2|NOM|Ada|ADA@ac-dijon.fr",
                "PAF|S2|NOM|Bob|bob@ac-dijon.fr"]  # fmt: skip
    report = gaia_import(actor=None, atelier=net.x1, **plan(formations, trainees=trainees))
    why = {(r.file, r.line): r.reason for r in report.rejected}
    assert all("lines 1, 2, 3" in why[("formations", n)] for n in (1, 2, 3))
    assert all("different modules" in why[("formations", n)] for n in (5, 6))
    assert "lines 1, 2" in why[("stagiaires", 1)] and "lines 1, 2" in why[("stagiaires", 2)]
    assert [s.external_ref for s in TrainingSession.objects.all()] == ["gaia:S2-1"]
    assert [r.user.email for r in Registration.objects.all()] == ["bob@ac-dijon.fr"]


def test_a_session_with_one_bad_line_is_not_imported_at_all(net):
    formations = [session_line("S1"), session_line("S1", start="31/02/2027|09:00")]
    report = gaia_import(actor=None, atelier=net.x1, **plan(formations))
    why = {(r.file, r.line): r.reason for r in report.rejected}
    assert "“31/02/2027” is not a date" in why[("formations", 2)]
    assert "line 2 of session S1-1 was rejected" in why[("formations", 1)]
    assert not TrainingSession.objects.exists()


def test_identifiers_too_long_for_the_database_are_rejected(net):
    formations = [session_line("S" * 500), session_line("S2", group="G" * 100)]
    report = gaia_import(actor=None, atelier=net.x1, **plan(formations))
    assert len(report.rejected) == 2 and not TrainingSession.objects.exists()


def _upload(client, net, **raw: bytes):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.login(email=manager.email, password=TEST_PASSWORD)
    files = {k: SimpleUploadedFile(f"{k}.txt", v) for k, v in raw.items()}
    return client.post(URL, {"atelier": net.x1.pk, **files}, follow=True)


def test_the_upload_page_says_why_a_file_is_unreadable(client, net):
    raw = plan([session_line()], ["PAF|M1|NOM|Ada|ada@ac-dijon.fr|"], ["PAF|S1|NOM|Bob|b@c.fr"])
    raw["formations"] = b"\x81" + raw["formations"]
    before = counts()
    page = _upload(client, net, **raw)
    assert page.status_code == 200
    html = page.content.decode()
    assert "formations" in html and "0x81" in html and "Windows-1252" in html
    assert counts()[:4] == before[:4]


def test_100000_bad_lines_get_a_short_page(client, net):
    bad = "\r\n".join(f"PAF|{n}|trop|court" for n in range(100_000)).encode()
    page = _upload(client, net, formations=bad, intervenants=b"x", stagiaires=b"x")
    assert page.status_code == 200
    html = page.content.decode()
    assert len(html) < 200_000
    assert 'id="gaia-rejected-more"' in html and "99802" in html  # 100,002 rejected, 200 shown
    assert not TrainingSession.objects.exists()


ODD = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["31/02/2027", "01/01/1900", "13/01/2227", "24:00", "", "a@", "S1", "|"]),
)
VALID = {
    "formations": session_line().split("|"),
    "intervenants": ["PAF", "M1", "NOM", "Ada", "ada@ac-dijon.fr", ""],
    "stagiaires": ["PAF", "S1", "NOM", "Bob", "bob@ac-dijon.fr"],
}


def lines(kind: str) -> st.SearchStrategy[bytes]:
    """Lines close to valid ones (each field valid or odd), or random bytes."""
    line = st.tuples(*(st.one_of(st.just(v), ODD) for v in VALID[kind])).map("|".join)
    text = st.lists(line, max_size=5).map(lambda ls: "\r\n".join(ls))
    return st.one_of(
        text.map(lambda t: t.encode("cp1252", "replace")), text.map(str.encode),
        st.binary(max_size=200),
    )  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    formations=lines("formations"),
    intervenants=lines("intervenants"),
    stagiaires=lines("stagiaires"),
)
def test_fuzzed_files_never_fail_and_a_refusal_writes_nothing(net, formations, intervenants,
                                                              stagiaires):  # fmt: skip
    before = counts()
    try:
        gaia_import(actor=None, atelier=net.x1, formations=formations,
                    intervenants=intervenants, stagiaires=stagiaires)  # fmt: skip
    except UploadError:
        assert counts() == before
