"""Taking attendance on a phone or tablet: today's slots, a roster of cards per
slot, signatures, the rotating QR code, personal links, logs, closing."""

from datetime import datetime
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts.models import User
from preau.attendance import checkin, selectors, services
from preau.attendance.forms import SheetForm, WebinarLogForm
from preau.attendance.models import Attendance, SlotRecord
from preau.attendance.sheet import sign_in_sheet
from preau.attendance.webinar import LIMITS, webinar_log_import
from preau.core.uploads import MAX_SHOWN, upload_bytes
from preau.registrations.links import read_check_in_token
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

MARKABLE = [s for s in Attendance.Status.choices if s[0] != Attendance.Status.WALK_IN]
SCAN_KEY = "preau_qr_scan"  # the last valid scan: token and when the server saw it
PERSON_KEY = "preau_check_in_person"  # registration id of a personal link opened here


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    session = get_object_or_404(TrainingSession.objects.select_related("offer", "atelier"), pk=pk)
    if not services.may_take_attendance(request.user, session):
        raise PermissionDenied
    return session


def _slot(request: HttpRequest, pk: int) -> Slot:
    slot = get_object_or_404(
        Slot.objects.select_related("session__offer", "session__atelier"), pk=pk
    )
    if not services.may_take_attendance(request.user, slot.session):
        raise PermissionDenied
    return slot


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _say(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """A trainer's slots of the day, each one tap from its roster."""
    slots = selectors.todays_slots(request.user)
    return render(
        request,
        "attendance/today.html",
        {"rows": [(s, selectors.roster_count(s)) for s in slots], "now": timezone.now()},
    )


@login_required
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's slots, with how many are marked, and closing."""
    session = _session(request, pk)
    slots = list(session.slots.all())
    confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED)
    return render(
        request,
        "attendance/session.html",
        {
            "session": session,
            "rows": [(s, s.attendances.count()) for s in slots],
            "confirmed": confirmed.count(),
            "outcomes": confirmed.select_related("user").order_by("user__last_name"),
        },
    )


def _roster_context(slot: Slot, **extra: Any) -> dict[str, Any]:
    registrations = selectors.confirmed(slot.session_id)
    marks = {a.user_id: a for a in Attendance.objects.filter(slot=slot).select_related("user")}
    return {
        "slot": slot,
        "session": slot.session,
        "rows": [(r.user, marks.get(r.user_id)) for r in registrations],
        "walk_ins": [a for a in marks.values() if a.status == Attendance.Status.WALK_IN],
        "statuses": MARKABLE,
        "count": selectors.roster_count(slot, registrations),
        "closed": slot.session.status == TrainingSession.Status.HELD,
        **extra,
    }


@login_required
def slot_roster(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    return render(
        request,
        "attendance/roster.html",
        _roster_context(
            slot,
            record=SlotRecord.objects.filter(slot=slot).first(),
            sheet_form=SheetForm(),
            webinar_form=WebinarLogForm(),
        ),
    )


@login_required
@require_POST
def slot_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap on a card. With htmx the card and the counter come back, saved or
    with the reason it was not; without JavaScript, the roster reloads."""
    slot = _slot(request, pk)
    person = get_object_or_404(User, pk=request.POST.get("user", 0))
    signature = request.POST.get("signature", "")
    error = ""
    try:
        services.attendance_mark(
            actor=request.user, slot=slot, user=person,
            status=request.POST.get("status", ""), signature=signature,
            method=Attendance.Method.SIGNATURE if signature else Attendance.Method.ROSTER,
            reason=request.POST.get("reason", ""),
        )  # fmt: skip
    except ValidationError as exc:
        if not _htmx(request):
            _say(request, exc)
        error = " ".join(exc.messages)
    if not _htmx(request):
        return redirect(f"{reverse('attendance:slot', args=[pk])}#person-{person.pk}")
    context = _roster_context(slot)
    mark = Attendance.objects.filter(slot=slot, user=person).first()
    return render(
        request,
        "attendance/_card_response.html",
        {**context, "person": person, "mark": mark, "error": error, "just_saved": not error},
    )


@login_required
@require_POST
def slot_mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Everyone is here": every person not yet marked becomes present."""
    slot = _slot(request, pk)
    error, count = "", 0
    try:
        count = services.attendance_mark_all(actor=request.user, slot=slot)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        if not _htmx(request):
            _say(request, exc)
    if not _htmx(request):
        if not error:
            messages.success(request, _("%(n)s marked present.") % {"n": count})
        return redirect("attendance:slot", pk=pk)
    return render(
        request,
        "attendance/_roster_cards.html",
        {**_roster_context(slot), "error": error, "marked_now": count, "oob_counter": True},
    )


@login_required
@require_POST
def slot_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    slot = _slot(request, pk)
    try:
        if action == "signer":
            services.slot_sign(
                actor=request.user, slot=slot, signature=request.POST.get("signature", "")
            )
            messages.success(request, _("Slot signed."))
        elif action == "feuille":
            form = SheetForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose the scanned sheet to send."))
            services.sheet_attach(actor=request.user, slot=slot, upload=form.cleaned_data["sheet"])
            messages.success(request, _("Scanned sheet attached."))
        elif action == "webinaire":
            form = WebinarLogForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose the log file to import."))
            report = webinar_log_import(
                actor=request.user, slot=slot, raw=upload_bytes(form.cleaned_data["log"], LIMITS)
            )
            messages.success(
                request,
                _("Log imported: %(p)s present, %(a)s absent.")
                % {"p": len(report.present), "a": len(report.absent)},
            )
            if report.unknown:
                named = ", ".join(report.unknown[:MAX_SHOWN])
                if len(report.unknown) > MAX_SHOWN:
                    named += " " + _("… and %(n)s more") % {"n": len(report.unknown) - MAX_SHOWN}
                messages.warning(request, _("Not registered, ignored: %(l)s") % {"l": named})
        elif action == "accepter":
            walk_in = get_object_or_404(Attendance, pk=request.POST.get("attendance", 0), slot=slot)
            services.walk_in_accept(actor=request.user, attendance=walk_in)
        else:
            raise Http404
    except ValidationError as exc:
        _say(request, exc)
    return redirect("attendance:slot", pk=pk)


def _qr_context(request: HttpRequest, slot: Slot) -> dict[str, Any]:
    now = timezone.now()
    token = checkin.qr_token(slot, now)
    url = request.build_absolute_uri(reverse("attendance:check_in", args=[token]))
    svg = segno.make(url, error="m").svg_inline(
        scale=8, dark="#000091", title=_("Check-in QR code")
    )
    wait = (checkin.qr_next_rotation(now) - now).total_seconds()
    return {
        "slot": slot, "session": slot.session, "svg": svg, "url": url, "token": token,
        "refresh_ms": int(wait * 1000) + 300, "count": selectors.roster_count(slot),
        "grace_ms": settings.PREAU_QR_GRACE_SECONDS * 1000,
    }  # fmt: skip


@login_required
def slot_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code the trainer shows: it changes by itself, a photo of it soon stops working."""
    slot = _slot(request, pk)
    return render(request, "attendance/qr.html", _qr_context(request, slot))


@login_required
def slot_qr_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The current code alone, fetched again by the QR page at each rotation."""
    slot = _slot(request, pk)
    return render(request, "attendance/_qr_code.html", _qr_context(request, slot))


def _scanned_at(request: HttpRequest, token: str, now: datetime) -> datetime | None:
    scan = request.session.get(SCAN_KEY)
    if not isinstance(scan, dict) or scan.get("t") != token:
        return None
    try:
        at = datetime.fromisoformat(str(scan.get("at")))
    except ValueError:
        return None
    return at if checkin.scan_still_valid(at, now) else None


def _person_here(request: HttpRequest, slot: Slot) -> Any:
    """Who checks in: the logged-in user, or whoever opened their personal link here."""
    if request.user.is_authenticated:
        return request.user
    registration = Registration.objects.filter(
        pk=request.session.get(PERSON_KEY) or 0, session_id=slot.session_id
    ).select_related("user").first()  # fmt: skip
    return registration.user if registration else None


def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """What a trainee sees after scanning: a button, then the result. The scan
    is checked at once (a code only lives a minute); logging in may take longer."""
    now = timezone.now()
    scanned_at = _scanned_at(request, token, now)
    try:
        slot = checkin.qr_read(token, now=scanned_at or now)
    except ValidationError as exc:
        return render(request, "attendance/check_in.html", {"error": " ".join(exc.messages)})
    if scanned_at is None:
        request.session[SCAN_KEY] = {"t": token, "at": now.isoformat()}
    person = _person_here(request, slot)
    if person is None:
        return render(request, "attendance/check_in.html", {"slot": slot, "anonymous": True})
    record = None
    if request.method == "POST":
        try:
            record = checkin.qr_check_in(
                user=person, token=token, now=now, scanned_at=scanned_at or now
            )
        except ValidationError as exc:
            return render(request, "attendance/check_in.html",
                          {"error": " ".join(exc.messages), "slot": slot})  # fmt: skip
    return render(
        request, "attendance/check_in.html", {"slot": slot, "record": record, "person": person}
    )


def link_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own link (from their e-mails): present without a password."""
    registration_id = read_check_in_token(token)
    registration = (
        Registration.objects.select_related("user", "session__offer", "session__atelier")
        .filter(pk=registration_id or 0)
        .first()
    )
    if registration is None:
        raise Http404
    now = timezone.now()
    request.session[PERSON_KEY] = registration.pk  # a QR scan on this phone needs no login
    record, error = None, ""
    if request.method == "POST":
        try:
            record = checkin.link_check_in(registration=registration, now=now)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    slot = checkin.current_slot(registration.session, now)
    if record is None and slot is not None:
        record = Attendance.objects.filter(slot=slot, user=registration.user).first()
        record = record if record and record.status in Attendance.ATTENDED else None
    upcoming = registration.session.slots.filter(ends_at__gte=now).first()
    return render(
        request,
        "attendance/link.html",
        {"registration": registration, "session": registration.session, "slot": slot,
         "record": record, "error": error, "upcoming": upcoming},
    )  # fmt: skip


@login_required
def slot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    response = HttpResponse(sign_in_sheet(slot), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-{slot.pk}.pdf"'
    return response


@login_required
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing asks first: who was never marked, and each person's hours as the
    attestations will write them. Then the session is held."""
    session = _session(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.session_close(actor=request.user, session=session)
        except ValidationError as exc:
            _say(request, exc)
        else:
            messages.success(
                request, _("Session closed: attended hours and no-shows are recorded.")
            )
            return redirect("attendance:session", pk=pk)
    if session.status == TrainingSession.Status.HELD:
        return redirect("attendance:session", pk=pk)
    summary = selectors.closing_summary(session)
    return render(
        request,
        "attendance/close.html",
        {"session": session, "summary": summary,
         "over": not session.ends_at or session.ends_at <= timezone.now()},
    )  # fmt: skip
