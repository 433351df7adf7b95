"""Public side of sessions: the session page and iCalendar feeds."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
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
from preau.registrations.services import registration_open_check
from preau.scheduling import selectors
from preau.scheduling.ical import sessions_calendar
from preau.scheduling.models import TrainingSession


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return session_page(request, pk)


def session_page(
    request: HttpRequest, pk: int, *, signup_form: QuickSignupForm | None = None, status: int = 200
) -> HttpResponse:
    """The public session page; the quick-registration view shows it again with
    what was typed when the form has an error."""
    session = selectors.public_session(pk)
    if session is None or catalog_selectors.public_offer(session.offer_id) is None:
        raise Http404(_("This session is not open to the public."))
    registration = registration_selectors.active_registration(session, request.user)
    position = registration_selectors.waitlist_position(registration) if registration else None
    now = timezone.now()
    free = max(0, session.capacity - session.held)  # type: ignore[attr-defined]
    try:
        registration_open_check(session=session, now=now)
        closed_reason = ""
    except ValidationError as exc:
        closed_reason = exc.messages[0]
    started = bool(session.starts_at and now >= session.starts_at)
    return render(
        request,
        "scheduling/session.html",
        {
            "session": session,
            "registration": registration,
            "position": position,
            "free": free,
            "started": started,
            "opens_later": bool(
                session.registration_opens_at and now < session.registration_opens_at
            ),
            "closed_reason": closed_reason,
            "closes": session.registration_closes_at or session.starts_at,
            "trainers": list(session.trainers.all()),
            "others": selectors.other_sessions_with_seats(session) if not free or started else [],
            "signup_form": signup_form or QuickSignupForm(),
            "may_enrol": request.user.is_authenticated and may_enrol(request.user, session),
            "crumbs": [
                (_("Training catalog"), reverse("catalog:index")),
                (session.offer.title, session.offer.get_absolute_url()),
                (_("Session"), None),
            ],
        },
        status=status,
    )


@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """This session only, for a calendar."""
    session = selectors.public_session(pk)
    if session is None or catalog_selectors.public_offer(session.offer_id) is None:
        raise Http404
    zone = session.atelier.timezone if session.atelier_id and session.atelier else "Europe/Paris"
    return _ics([session], session.offer.title, f"seance-{pk}.ics", zone)


def _ics(
    sessions: Iterable[TrainingSession], name: str, filename: str, zone: str = "Europe/Paris"
) -> HttpResponse:
    response = HttpResponse(
        sessions_calendar(sessions, name, zone, public=True),
        content_type="text/calendar; charset=utf-8",
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
