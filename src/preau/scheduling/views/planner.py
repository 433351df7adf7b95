"""Planning sessions: list, create (single or weekly series), edit, duplicate, open, cancel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from preau.registrations import selectors as registration_selectors
from preau.scheduling import selectors, services
from preau.scheduling.forms import (
    CancelForm,
    NewSessionForm,
    QuotaForm,
    SessionForm,
    SlotCorrectionForm,
    SlotFormSet,
)
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import SessionSpec, SlotSpec


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Planning"), reverse("scheduling:planning")), *extra]


@login_required
def planning(request: HttpRequest) -> HttpResponse:
    if not selectors.may_plan(request.user):
        raise PermissionDenied
    past = request.GET.get("passees") == "1"
    return render(
        request,
        "scheduling/planning.html",
        {
            "sessions": selectors.sessions_for_planner(request.user, past=past)[:300],
            "past": past,
            "crumbs": [(_("Planning"), None)],
        },
    )


def _spec(form: SessionForm, slots: Any) -> SessionSpec:
    data = form.cleaned_data
    school = None
    if data["venue"] == TrainingSession.Venue.SCHOOL and data["school_uai"]:
        school = services.school_get_or_create(uai=data["school_uai"], name=data["school_name"])
    return SessionSpec(
        offer=data["offer"],
        venue=data["venue"],
        capacity=data["capacity"],
        slots=tuple(
            SlotSpec(
                f.cleaned_data["day"],
                f.cleaned_data["start"],
                f.cleaned_data["end"],
                f.cleaned_data.get("id"),
            )
            for f in slots
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ),
        atelier=data["atelier"],
        room=data["room"],
        school=school,
        online_url=data["online_url"],
        venue_details=data["venue_details"],
        trainers=tuple(data["trainers"]),
        registration_opens_at=data["registration_opens_at"],
        registration_closes_at=data["registration_closes_at"],
        programme=data["programme"],
        partner=data["partner"],
        convention=data["convention"],
        requires_approval=data["requires_approval"],
    )


def _show_errors(form: SessionForm, slots: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            if name == "slots":
                slots._non_form_errors = slots.error_class(errors)
            else:
                form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    if not selectors.may_plan(request.user):
        raise PermissionDenied
    initial: dict[str, Any] = {"offer": request.GET.get("offre")}
    form = NewSessionForm(request.POST or None, user=request.user, initial=initial)
    slots = SlotFormSet(request.POST or None, prefix="slots")
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        try:
            spec = _spec(form, slots)
            weeks, open_now = form.cleaned_data["weeks"], form.cleaned_data["open_now"]
            if weeks > 1:
                created = services.session_series_create(
                    actor=request.user, spec=spec, weeks=weeks, open_now=open_now
                )
            else:
                created = [
                    services.session_create(actor=request.user, spec=spec, open_now=open_now)
                ]
        except ValidationError as exc:
            _show_errors(form, slots, exc)
        else:
            messages.success(request, _("%(n)s session(s) planned.") % {"n": len(created)})
            return redirect("scheduling:manage", pk=created[0].pk)
    return render(
        request,
        "scheduling/session_form.html",
        {
            "form": form,
            "slots": slots,
            "heading": _("Plan a session"),
            "crumbs": _crumbs((_("New session"), None)),
        },
    )


def _plannable(request: HttpRequest, pk: int) -> TrainingSession:
    session = selectors.plannable_session(request.user, pk)
    if session is None:
        raise Http404(_("No session you may plan has this number."))
    return session


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _plannable(request, pk)
    spec = services.spec_of(session)
    initial = {
        "offer": session.offer, "atelier": session.atelier, "venue": session.venue,
        "room": session.room, "school_uai": session.school.uai if session.school else "",
        "school_name": session.school.name if session.school else "",
        "online_url": session.online_url, "venue_details": session.venue_details,
        "capacity": session.capacity, "trainers": list(session.trainers.all()),
        "registration_opens_at": session.registration_opens_at,
        "registration_closes_at": session.registration_closes_at,
        "programme": session.programme, "partner": session.partner,
        "convention": session.convention, "requires_approval": session.requires_approval,
    }  # fmt: skip
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    slots = SlotFormSet(
        request.POST or None,
        prefix="slots",
        initial=[{"id": s.pk, "day": s.day, "start": s.start, "end": s.end} for s in spec.slots],
    )
    started = set(session.slots.filter(starts_at__lte=timezone.now()).values_list("pk", flat=True))
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        try:
            saved = services.session_update(
                actor=request.user, session=session, spec=_spec(form, slots)
            )
        except ValidationError as exc:
            _show_errors(form, slots, exc)
        else:
            told = getattr(saved, "people_told", 0)
            messages.success(
                request,
                ngettext(
                    "Session saved; %(n)s registered person is told of the new dates by e-mail.",
                    "Session saved; %(n)s registered people are told of the new dates by e-mail.",
                    told,
                )
                % {"n": told}
                if told
                else _("Session saved."),
            )
            return redirect("scheduling:manage", pk=pk)
    return render(
        request,
        "scheduling/session_form.html",
        {
            "form": form, "slots": slots, "session": session, "heading": str(session),
            "started": started,
            "crumbs": _crumbs(
                (str(session), reverse("scheduling:manage", args=[pk])), (_("Edit"), None)
            ),
        },
    )  # fmt: skip


@login_required
def session_manage(request: HttpRequest, pk: int) -> HttpResponse:
    session = _plannable(request, pk)
    started = _started_slots(session)
    return render(
        request,
        "scheduling/manage.html",
        {
            "session": session,
            "roster": registration_selectors.roster(request.user, session),
            "counts": registration_selectors.seat_counts(session),
            "cancel_form": CancelForm(),
            "quota_form": QuotaForm(),
            "correction_form": _correction_form(session, started),
            "quotas": session.quotas.select_related("academie", "school"),
            "crumbs": _crumbs((str(session), None)),
        },
    )


@login_required
@require_POST
def session_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = _plannable(request, pk)
    target = session
    try:
        if action == "ouvrir":
            services.session_open(actor=request.user, session=session)
            messages.success(request, _("Registration is open."))
        elif action == "dupliquer":
            target = services.session_duplicate(actor=request.user, session=session)
            messages.success(request, _("Copy planned a week later: adjust it if needed."))
        elif action == "reserver":
            _reserve(request, session)
        elif action == "corriger-creneau":
            _correct_slot(request, session)
        elif action == "annuler":
            form = CancelForm(request.POST)
            reason = form.data.get("reason", "")
            services.session_cancel(actor=request.user, session=session, reason=reason)
            messages.success(request, _("Session cancelled; the participants are told by e-mail."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("scheduling:manage", pk=target.pk)


def _started_slots(session: TrainingSession) -> list[Any]:
    """Slots of a running session that have started: corrected, never edited."""
    if session.status not in (TrainingSession.Status.PLANNED, TrainingSession.Status.OPEN):
        return []
    zone = session.zone
    slots = list(session.slots.filter(starts_at__lte=timezone.now()).order_by("starts_at"))
    for slot in slots:  # labelled in the Atelier's time zone
        start, end = (
            timezone.localtime(slot.starts_at, zone),
            timezone.localtime(slot.ends_at, zone),
        )
        slot.label = f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"  # type: ignore[attr-defined]
    return slots


def _correction_form(session: TrainingSession, started: list[Any]) -> Any:
    """The form, filled in with the latest started slot's hours (the usual fix)."""
    if not started:
        return None
    last = started[-1]
    zone = session.zone
    initial = {
        "slot": last.pk,
        "start": timezone.localtime(last.starts_at, zone).time(),
        "end": timezone.localtime(last.ends_at, zone).time(),
    }
    return SlotCorrectionForm(slots=started, initial=initial)


def _correct_slot(request: HttpRequest, session: TrainingSession) -> None:
    slots = _started_slots(session)
    form = SlotCorrectionForm(request.POST, slots=slots)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    slot = next(s for s in slots if s.pk == data["slot"])
    services.slot_times_correct(
        actor=request.user, slot=slot, start=data["start"], end=data["end"], reason=data["reason"]
    )
    messages.success(request, _("Slot hours corrected; the change is kept in the audit log."))


def _reserve(request: HttpRequest, session: TrainingSession) -> None:
    form = QuotaForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    school = None
    if data["school_uai"]:
        school = services.school_get_or_create(uai=data["school_uai"])
    services.session_quota_set(
        actor=request.user, session=session, seats=data["seats"],
        academie=None if school else data["academie"], school=school,
    )  # fmt: skip
    messages.success(request, _("Reservation saved."))


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """Trainers: the sessions they run, with dates and seats."""
    return render(
        request,
        "scheduling/mine.html",
        {"sessions": selectors.trainer_sessions(request.user), "now": timezone.now()},
    )


@login_required
@require_POST
def room_add(request: HttpRequest, code: str) -> HttpResponse:
    from preau.network.selectors import atelier_by_code
    from preau.scheduling.forms import RoomForm

    atelier = atelier_by_code(code)
    if atelier is None:
        raise Http404
    form = RoomForm(request.POST)
    if form.is_valid():
        try:
            services.room_save(actor=request.user, atelier=atelier, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Room added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(atelier)
