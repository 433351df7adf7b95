"""The annual report PDF is readable: each big figure stands clear of its label,
no two words are printed over each other, and month names are unambiguous
(Django's three-letter French months wrote June and July "Jui")."""

import pytest

from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.testing_documents import keep_png, pdf_layout_problems, pdf_text, pdf_words
from preau.indicators.presentation import month_label

from .test_rollup import _year_of_activity

pytestmark = pytest.mark.django_db
FRENCH_MONTHS = ["jan.", "fév.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                 "nov.", "déc."]  # fmt: skip


def test_month_labels_say_which_month():
    assert [month_label(f"2025-{m:02}") for m in range(1, 13)] == [
        f"{name} 2025" for name in FRENCH_MONTHS
    ]


def test_the_report_pdf_sets_figures_clear_of_their_labels(client, net):
    day, _sessions = _year_of_activity(net)
    client.login(email=user_with_role(Role.NATIONAL_ADMIN).email, password=TEST_PASSWORD)
    response = client.get("/pilotage/rapport/", {"annee": day.year, "export": "pdf"})
    assert response.status_code == 200
    keep_png(response.content, "rapport-mise-en-page")
    assert pdf_layout_problems(response.content) == []
    text = pdf_text(response.content)
    assert f"juin{day.year}" in text and f"juil.{day.year}" in text
    words, _pages = pdf_words(response.content)
    figures = [w for w in words if w.page == 1 and abs(w.y1 - w.y0 - 0.93 * 20) < 0.1]  # 20 pt
    assert len(figures) >= 6
    for figure in figures:
        below = [w for w in words if w.page == 1 and abs(w.x0 - figure.x0) < 1 and w.y1 < figure.y0]
        label = max(below, key=lambda w: w.y1)
        # 3 pt: room for an accent on a capital of the label, and a little air
        assert figure.y0 - label.y1 >= 3, (figure.text, label.text)
