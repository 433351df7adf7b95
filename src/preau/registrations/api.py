"""Sessions and registrations API: public upcoming sessions; registering with a token."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from preau.api_auth import AUTH
from preau.registrations import selectors, services
from preau.registrations.models import Registration
from preau.scheduling import selectors as scheduling_selectors
from preau.scheduling.models import TrainingSession

router = Router()


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime


class SessionOut(Schema):
    id: int
    offer_id: int
    title: str
    status: str
    venue: str
    place: str
    capacity: int
    seats_left: int
    slots: list[SlotOut]


class RegistrationOut(Schema):
    id: int
    session_id: int
    title: str
    status: str
    waitlist_position: int | None
    offer_expires_at: datetime | None


class RosterLine(Schema):
    registration_id: int
    name: str
    email: str
    status: str
    registered_at: datetime


def _session_out(s: TrainingSession) -> SessionOut:
    held = getattr(s, "held", None)
    if held is None:
        held = selectors.seat_counts(s)["held"]
    return SessionOut(
        id=s.pk, offer_id=s.offer_id, title=s.offer.title, status=s.status, venue=s.venue,
        place=s.place_label, capacity=s.capacity, seats_left=max(0, s.capacity - held),
        slots=[SlotOut(starts_at=x.starts_at, ends_at=x.ends_at) for x in s.slots.all()],
    )  # fmt: skip


def _registration_out(r: Registration) -> RegistrationOut:
    return RegistrationOut(
        id=r.pk, session_id=r.session_id, title=r.session.offer.title, status=r.status,
        waitlist_position=selectors.waitlist_position(r), offer_expires_at=r.offer_expires_at,
    )  # fmt: skip


def _call(service: Any, **kwargs: Any) -> Registration:
    try:
        return service(**kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


@router.get("/sessions", response=list[SessionOut], summary="Upcoming public sessions")
def list_sessions(
    request: HttpRequest, offer: int | None = None, atelier: str | None = None
) -> list[SessionOut]:
    filters: dict[str, Any] = {}
    if offer:
        filters["offer_id"] = offer
    if atelier:
        filters["atelier__code"] = atelier
    return [_session_out(s) for s in scheduling_selectors.upcoming_public(**filters)[:500]]


@router.post(
    "/sessions/{session_id}/registrations",
    response={201: RegistrationOut},
    auth=AUTH,
    summary="Register me (or join the waitlist)",
)
def register(request: HttpRequest, session_id: int) -> Status:
    session = get_object_or_404(TrainingSession, pk=session_id)
    registration = _call(services.registration_create, session=session, user=request.user)
    return Status(201, _registration_out(registration))


@router.get("/registrations", response=list[RegistrationOut], auth=AUTH, summary="My registrations")
def my_registrations(request: HttpRequest) -> list[RegistrationOut]:
    return [_registration_out(r) for r in selectors.registrations_of(request.user)]


def _mine(request: HttpRequest, registration_id: int) -> Registration:
    registration = Registration.objects.filter(
        pk=registration_id, user_id=request.user.pk or 0
    ).first()
    if registration is None:
        raise Http404("No registration of yours has this id.")
    return registration


@router.delete(
    "/registrations/{registration_id}", response=RegistrationOut, auth=AUTH, summary="Cancel"
)
def cancel(request: HttpRequest, registration_id: int) -> RegistrationOut:
    registration = _call(
        services.registration_cancel,
        registration=_mine(request, registration_id),
        actor=request.user,
    )
    return _registration_out(registration)


@router.post(
    "/registrations/{registration_id}/accept", response=RegistrationOut, auth=AUTH,
    summary="Take the seat offered to me",
)  # fmt: skip
def accept(request: HttpRequest, registration_id: int) -> RegistrationOut:
    registration = _call(
        services.registration_accept_seat,
        registration=_mine(request, registration_id),
        actor=request.user,
    )
    return _registration_out(registration)


@router.get(
    "/sessions/{session_id}/roster", response=list[RosterLine], auth=AUTH,
    summary="Registered people (trainers and managers within scope)",
)  # fmt: skip
def roster(request: HttpRequest, session_id: int) -> list[RosterLine]:
    session = get_object_or_404(TrainingSession, pk=session_id)
    lines = selectors.roster(request.user, session)
    if lines is None:
        raise HttpError(403, "You may not see this session's participants.")
    return [
        RosterLine(
            registration_id=r.pk,
            name=r.user.get_full_name(),
            email=r.user.email,
            status=r.status,
            registered_at=r.queued_at,
        )
        for r in lines
    ]
