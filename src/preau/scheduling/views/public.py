"""Public side of sessions: the session page and iCalendar feeds."""

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preau.catalog import selectors as catalog_selectors
from preau.catalog.search import matching_entries
from preau.catalog.views.public import query_from
from preau.core.filenames import content_disposition
from preau.network.selectors import atelier_by_code
from preau.registrations import selectors as registration_selectors
from preau.registrations.forms import QuickSignupForm
from preau.registrations.group import may_enrol
from preau.scheduling import selectors
from preau.scheduling.ical import sessions_calendar
from preau.scheduling.models import TrainingSession


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.public_session(pk)
    if session is None or catalog_selectors.public_offer(session.offer_id) is None:
        raise Http404(_("This session is not open to the public."))
    registration = registration_selectors.active_registration(session, request.user)
    position = registration_selectors.waitlist_position(registration) if registration else None
    return render(
        request,
        "scheduling/session.html",
        {
            "session": session,
            "registration": registration,
            "position": position,
            "free": max(0, session.capacity - session.held),  # type: ignore[attr-defined]
            "signup_form": QuickSignupForm(),
            "may_enrol": request.user.is_authenticated and may_enrol(request.user, session),
            "crumbs": [
                (_("Training catalog"), reverse("catalog:index")),
                (session.offer.title, session.offer.get_absolute_url()),
                (_("Session"), None),
            ],
        },
    )


def _ics(
    sessions: Iterable[TrainingSession], name: str, filename: str, zone: str = "Europe/Paris"
) -> HttpResponse:
    response = HttpResponse(
        sessions_calendar(sessions, name, zone), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    return response


@require_GET
def offer_ics(request: HttpRequest, pk: int) -> HttpResponse:
    view = catalog_selectors.public_offer(pk)
    if view is None:
        raise Http404
    return _ics(selectors.upcoming_public(offer_id=pk), view.title, f"offre-{pk}.ics")


@require_GET
def atelier_ics(request: HttpRequest, code: str) -> HttpResponse:
    atelier = atelier_by_code(code)
    if atelier is None:
        raise Http404
    return _ics(
        selectors.upcoming_public(atelier=atelier), atelier.name, f"atelier-{code}.ics",
        atelier.timezone,
    )  # fmt: skip


@require_GET
def search_ics(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions of the offers a catalog search finds (same parameters)."""
    entries = matching_entries(query_from(request.GET)).values("offer_id")
    return _ics(
        selectors.upcoming_public(offer_id__in=entries), _("Training catalog"), "catalogue.ics"
    )
