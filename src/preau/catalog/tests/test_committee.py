"""The reading committee: four eyes, who reviews what, e-mails, the weekly digest."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.roles import Role
from preau.catalog import committee, services
from preau.catalog.models import Offer, OfferEvent, ReviewDigest, Theme
from preau.catalog.testing import offer_data, published_offer
from preau.core.models import AuditEvent
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db
Decision = services.Decision
Status = Offer.Status


def editor():
    """Someone who both writes and reviews (a national editor)."""
    return user_with_role(Role.NATIONAL_EDITOR)


@pytest.fixture
def revision():
    """A published offer under revision, and who did what to it.

    creator wrote v1, old edited v2, creator submitted, reviewer accepted (v2);
    then e1 edited the live offer (v3: back to review), e2 edited again (v4)."""
    people = {k: editor() for k in ("creator", "old", "reviewer", "e1", "e2", "other")}
    offer = services.offer_create(actor=people["creator"], data=offer_data())
    services.offer_update(actor=people["old"], offer=offer, data={"prerequisites": "Rien."})
    services.offer_submit(actor=people["creator"], offer=offer)
    services.offer_review(actor=people["reviewer"], offer=offer, decision=Decision.ACCEPT)
    services.offer_update(actor=people["e1"], offer=offer, data={"title": "Titre révisé"})
    services.offer_update(actor=people["e2"], offer=offer, data={"summary": "Résumé révisé."})
    offer.refresh_from_db()
    assert (offer.status, offer.version) == (Status.SUBMITTED, 4)
    return offer, people


# (who decides, allowed without the setting): the creator and every author of a
# version since the last accepted one are authors; the others are not.
FOUR_EYES = [
    ("creator", False),
    ("e1", False),
    ("e2", False),
    ("old", True),  # wrote a version the committee already accepted
    ("reviewer", True),
    ("other", True),
]


@pytest.mark.parametrize("self_review", [False, True], ids=["four-eyes", "self-review-allowed"])
@pytest.mark.parametrize(("who", "independent"), FOUR_EYES, ids=[w for w, _i in FOUR_EYES])
def test_four_eyes_matrix_for_accepting_a_submission(
    revision, settings, who, independent, self_review
):
    settings.PREAU_CATALOG_SELF_REVIEW = self_review
    offer, people = revision
    actor = people[who]
    if not independent and not self_review:
        with pytest.raises(PermissionDenied, match="quatre yeux"):
            services.offer_review(actor=actor, offer=offer, decision=Decision.ACCEPT)
        offer.refresh_from_db()
        assert offer.status == Status.SUBMITTED and offer.published_version.number == 2
        assert not offer.events.filter(kind=OfferEvent.Kind.ACCEPTED, version=4).exists()
        return
    offer = services.offer_review(actor=actor, offer=offer, decision=Decision.ACCEPT)
    assert offer.status == Status.PUBLISHED and offer.published_version.number == 4
    event = offer.events.get(kind=OfferEvent.Kind.ACCEPTED, version=4)
    assert event.self_reviewed is (not independent)
    audit = AuditEvent.objects.filter(action="offer.accepted", target_id=str(offer.pk)).latest("id")
    assert audit.data.get("self_review", False) is (not independent)


@pytest.mark.parametrize("who", ["creator", "e1", "e2", "other"])
def test_authors_may_still_send_their_offer_back(revision, who):
    offer, people = revision
    offer = services.offer_review(
        actor=people[who], offer=offer, decision=Decision.REQUEST_CHANGES, comment="À revoir."
    )
    assert offer.status == Status.CHANGES_REQUESTED


@pytest.mark.parametrize(("who", "allowed"), [("author", False), ("creator", False), ("x", True)])
def test_four_eyes_for_checking_a_minor_change(who, allowed):
    people = {"creator": editor(), "author": editor(), "x": editor()}
    offer = published_offer(author=people["creator"])
    offer = services.offer_update(
        actor=people["author"], offer=offer, data={"contact_phone": "01 02"}, minor=True
    )
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.offer_review(actor=people[who], offer=offer, decision=Decision.ACCEPT)
        offer.refresh_from_db()
        assert offer.minor_change_pending
    else:
        offer = services.offer_review(actor=people[who], offer=offer, decision=Decision.ACCEPT)
        assert not offer.minor_change_pending


def test_self_review_shows_a_warning_in_the_history(client, settings):
    settings.PREAU_CATALOG_SELF_REVIEW = True
    alone = editor()
    offer = services.offer_create(actor=alone, data=offer_data())
    services.offer_submit(actor=alone, offer=offer)
    services.offer_review(actor=alone, offer=offer, decision=Decision.ACCEPT)
    client.force_login(alone)
    page = client.get(f"/catalogue/gestion/{offer.pk}/").content.decode()
    assert "accepté par son propre auteur" in page


def test_the_review_page_does_not_offer_acceptance_to_an_author(client, revision):
    offer, people = revision
    client.force_login(people["e1"])
    page = client.get(f"/catalogue/relecture/{offer.pk}/").content.decode()
    assert "un autre membre du comité de lecture doit l’accepter" in page
    assert 'value="accept"' not in page
    response = client.post(f"/catalogue/relecture/{offer.pk}/", {"decision": "accept"})
    assert "quatre yeux" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


# --- who reviews what ----------------------------------------------------------


def test_rules_assign_submissions_by_theme_and_territory(net):
    admin = editor()
    inclusive, numerique = (
        Theme.objects.get(code="ecole-inclusive"),
        Theme.objects.get(code="humanites-numeriques-en-education"),
    )
    by_theme, by_territory, both = editor(), editor(), editor()
    services.review_rule_add(actor=admin, reviewer=by_theme, theme=inclusive)
    services.review_rule_add(actor=admin, reviewer=by_territory, territory=net.t1)
    services.review_rule_add(actor=admin, reviewer=both, theme=numerique, territory=net.t2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(
        actor=manager, data=offer_data(themes=["ecole-inclusive"]), atelier=net.x1
    )
    assert set(committee.assigned_reviewers(offer)) == {by_theme, by_territory}
    national = services.offer_create(actor=admin, data=offer_data())
    # No rule names anyone for a national digital offer: every committee member
    # who may review it is told, except its author.
    fallback = committee.assigned_reviewers(national)
    assert admin not in fallback and {by_theme, by_territory, both} <= set(fallback)


def test_only_the_national_committee_edits_rules_and_only_for_reviewers(net):
    admin, reviewer = editor(), editor()
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    with pytest.raises(PermissionDenied):
        services.review_rule_add(actor=director, reviewer=reviewer, territory=net.t1)
    with pytest.raises(ValidationError, match="relit"):
        services.review_rule_add(actor=admin, reviewer=director, territory=net.t1)
    rule = services.review_rule_add(actor=admin, reviewer=reviewer, territory=net.t1)
    with pytest.raises(ValidationError):
        services.review_rule_add(actor=admin, reviewer=reviewer, territory=net.t1)
    services.review_rule_remove(actor=admin, rule=rule)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"review_rule.added", "review_rule.removed"} <= actions


def test_queue_filters_by_territory_theme_assignment_and_waiting_time(net):
    reviewer = editor()
    manager1 = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    manager2 = user_with_role(Role.ATELIER_MANAGER, atelier=net.y1)
    a = services.offer_create(actor=manager1, data=offer_data(title="A"), atelier=net.x1)
    b = services.offer_create(
        actor=manager2, data=offer_data(title="B", themes=["ecole-inclusive"]), atelier=net.y1
    )
    services.offer_submit(actor=manager1, offer=a)
    services.offer_submit(actor=manager2, offer=b)
    twelve_days_ago = datetime.now(UTC) - timedelta(days=12)
    OfferEvent.objects.filter(offer=a, kind="submitted").update(at=twelve_days_ago)
    services.review_rule_add(actor=reviewer, reviewer=reviewer, territory=net.t2)

    def titles(**filters):
        return [r.offer.title for r in committee.queue(reviewer, committee.QueueFilters(**filters))]

    assert titles() == ["A", "B"]  # oldest first
    assert titles(order="newest") == ["B", "A"]
    assert titles(territory=net.t1.pk) == ["A"]
    assert titles(theme=Theme.objects.get(code="ecole-inclusive").pk) == ["B"]
    assert titles(mine=True) == [b.title] == ["B"]
    assert titles(min_days=7) == ["A"]
    assert committee.queue(reviewer, committee.QueueFilters())[0].days == 12


# --- e-mails -----------------------------------------------------------------


def test_submission_mails_assigned_reviewers_and_decisions_mail_authors(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    admin, reviewer = editor(), editor()
    services.review_rule_add(actor=admin, reviewer=reviewer, territory=net.t1)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
        services.offer_submit(actor=manager, offer=offer)
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert "Une offre à relire" in mailoutbox[0].subject
    assert f"/catalogue/relecture/{offer.pk}/" in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_review(
            actor=reviewer, offer=offer, decision=Decision.REQUEST_CHANGES,
            comment="Précisez le public visé.",
        )  # fmt: skip
    assert [m.to for m in mailoutbox] == [[manager.email]]
    assert "Précisez le public visé." in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_update(actor=manager, offer=offer, data={"title": "Nouveau titre"})
        services.offer_submit(actor=manager, offer=offer)
        services.offer_review(actor=reviewer, offer=offer, decision=Decision.ACCEPT)
    to_manager = [m for m in mailoutbox if m.to == [manager.email]]
    assert len(to_manager) == 1 and "Publiée" in to_manager[0].subject
    assert f"/catalogue/offres/{offer.pk}/" in to_manager[0].body


def test_weekly_digest_is_sent_once_a_week_and_can_be_refused(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer, quiet = editor(), editor()
    services.reviewer_preference_set(actor=quiet, weekly_digest=False)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    services.offer_submit(actor=manager, offer=offer)
    monday = datetime(2026, 11, 30, 8, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_digests_send(now=monday)
    digests = [m for m in mailoutbox if "Comité de lecture" in m.subject]
    recipients = {m.to[0] for m in digests}
    assert reviewer.email in recipients and quiet.email not in recipients
    assert offer.title in digests[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_digests_send(now=monday + timedelta(days=3)) == 0
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.review_digests_send(now=monday + timedelta(days=7))
    assert reviewer.email in {m.to[0] for m in mailoutbox}
    assert ReviewDigest.objects.filter(user=reviewer).count() == 2


# --- what changed since the version sent back ---------------------------------


def test_word_diff_marks_removed_and_added_words():
    from preau.catalog.diff import word_diff

    segments = word_diff(
        "Des ateliers pratiques en petits groupes.", "Des ateliers en grands groupes."
    )
    assert [(s.op, s.text.strip()) for s in segments] == [
        ("same", "Des ateliers"),
        ("del", "pratiques"),
        ("same", "en"),
        ("del", "petits"),
        ("ins", "grands"),
        ("same", "groupes."),
    ]


def test_reviewer_sees_what_changed_since_the_version_sent_back(client, net):
    reviewer = editor()
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    long_text = (
        "Ateliers pratiques en petits groupes, avec des temps d'échange entre pairs "
        "et une mise en commun."
    )
    offer = services.offer_create(
        actor=manager, data=offer_data(teaching_methods=long_text), atelier=net.x1
    )
    services.offer_submit(actor=manager, offer=offer)
    services.offer_review(
        actor=reviewer, offer=offer, decision=Decision.REQUEST_CHANGES, comment="Durée trop courte."
    )
    services.offer_update(
        actor=manager, offer=offer,
        data={"duration_hours": "6", "teaching_methods": long_text.replace("petits", "grands"),
              "themes": ["ecole-inclusive"]},
    )  # fmt: skip
    services.offer_update(actor=manager, offer=offer, data={"access_delay": "Une semaine."})
    services.offer_submit(actor=manager, offer=offer)

    client.force_login(reviewer)
    page = client.get(f"/catalogue/relecture/{offer.pk}/").content.decode()
    assert "Ce qui a changé depuis le renvoi aux auteurs (version 1 → version 3)" in page
    assert "Durée trop courte." in page
    section = page[page.index('id="since-sent-back"') : page.index("Contenu soumis")]
    assert '<del><span class="fr-sr-only">avant : </span>3,0</del>' in section
    assert "petits " in section and "grands " in section  # the word diff of the long text
    assert "École inclusive" in section  # a theme added, by its name
    assert "Délai d’accès" in section


def test_after_acceptance_the_reviewer_gets_a_link_to_the_published_offer(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    services.offer_submit(actor=manager, offer=offer)
    client.force_login(editor())
    response = client.post(f"/catalogue/relecture/{offer.pk}/", {"decision": "accept"}, follow=True)
    page = response.content.decode()
    assert "Décision enregistrée" in page
    assert f'href="/catalogue/offres/{offer.pk}/"' in page


def test_queue_page_filters_and_says_how_long_each_offer_waits(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(title="Vieille"), atelier=net.x1)
    services.offer_submit(actor=manager, offer=offer)
    OfferEvent.objects.filter(offer=offer, kind="submitted").update(
        at=datetime.now(UTC) - timedelta(days=12)
    )
    client.force_login(editor())
    page = client.get("/catalogue/relecture/").content.decode()
    assert "depuis 12 jours" in page
    page = client.get("/catalogue/relecture/", {"territoire": net.t2.pk}).content.decode()
    assert "Vieille" not in page and "Aucune offre en attente ne correspond" in page


def test_rules_page_adds_and_removes_for_the_national_committee_only(client, net):
    admin, reviewer = editor(), editor()
    client.force_login(admin)
    response = client.post(
        "/catalogue/relecture/affectations/", {"reviewer": reviewer.pk, "territory": net.t1.pk}
    )
    assert response.status_code == 302
    rule = reviewer.review_rules.get()
    assert (rule.territory, rule.theme) == (net.t1, None)
    page = client.get("/catalogue/relecture/affectations/").content.decode()
    assert "Territoire Un" in page and "Tout thème" in page
    client.post("/catalogue/relecture/affectations/", {"remove": rule.pk})
    assert not reviewer.review_rules.exists()
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.force_login(director)
    assert client.get("/catalogue/relecture/affectations/").status_code == 403
