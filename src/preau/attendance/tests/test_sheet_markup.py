"""The printable sign-in sheet prints the offer title, trainers' and trainees'
names as typed (markup is text, a tab from an import is a space), labelled in
French, and draws no picture."""

import pytest

from preau.catalog.models import Offer
from preau.core.testing_documents import keep_png, pdf_images, pdf_text, squeeze

from .test_views import live, login  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_sign_in_sheet_prints_names_as_typed(client, live):  # noqa: F811
    session, trainer, (a, b) = live
    Offer.objects.filter(pk=session.offer_id).update(title="Offre <b>gras & <font color=red>")
    trainer.first_name, trainer.last_name = "<b>Formatrice", "<img src='/etc/passwd'/>"
    trainer.save()
    a.first_name, a.last_name = '<img src="/etc/passwd"/>', "<b>&<para><font>"
    a.save()
    b.first_name, b.last_name = "Marie\tCurie", "D'Arc\x0b"  # as a spreadsheet import gives them
    b.save()
    slot = session.slots.get()
    login(client, trainer)
    response = client.get(f"/presence/creneaux/{slot.pk}/feuille.pdf")
    assert response.status_code == 200
    keep_png(response.content, "feuille-balises")
    text = pdf_text(response.content)
    for typed in (
        "Formation : Offre <b>gras & <font color=red>",
        "Formateur(s) : <b>Formatrice <img src='/etc/passwd'/>",
        a.get_full_name(),
    ):
        assert squeeze(typed) in text, typed
    assert "■" not in text and squeeze("Marie Curie D'Arc") in text
    assert pdf_images(response.content) == 0
