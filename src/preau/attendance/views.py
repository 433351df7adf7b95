"""Taking attendance on a phone or tablet: roster per slot, signatures, QR, logs."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts.models import User
from preau.attendance import services
from preau.attendance.forms import SheetForm, WebinarLogForm
from preau.attendance.models import Attendance, SlotRecord
from preau.attendance.sheet import sign_in_sheet
from preau.attendance.webinar import LIMITS, webinar_log_import
from preau.core.uploads import MAX_SHOWN, upload_bytes
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

MARKABLE = [s for s in Attendance.Status.choices if s[0] != Attendance.Status.WALK_IN]


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


def _say(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


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


@login_required
def slot_roster(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    people = [
        r.user
        for r in Registration.objects.filter(
            session_id=slot.session_id, status=Registration.Status.CONFIRMED
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    marks = {a.user_id: a for a in Attendance.objects.filter(slot=slot).select_related("user")}
    walk_ins = [a for a in marks.values() if a.status == Attendance.Status.WALK_IN]
    return render(
        request,
        "attendance/roster.html",
        {
            "slot": slot,
            "session": slot.session,
            "rows": [(p, marks.get(p.pk)) for p in people],
            "walk_ins": walk_ins,
            "statuses": MARKABLE,
            "record": SlotRecord.objects.filter(slot=slot).first(),
            "closed": slot.session.status == TrainingSession.Status.HELD,
            "sheet_form": SheetForm(),
            "webinar_form": WebinarLogForm(),
        },
    )


@login_required
@require_POST
def slot_mark(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    person = get_object_or_404(User, pk=request.POST.get("user", 0))
    signature = request.POST.get("signature", "")
    try:
        services.attendance_mark(
            actor=request.user, slot=slot, user=person,
            status=request.POST.get("status", ""), signature=signature,
            method=Attendance.Method.SIGNATURE if signature else Attendance.Method.ROSTER,
            reason=request.POST.get("reason", ""),
        )  # fmt: skip
    except ValidationError as exc:
        _say(request, exc)
    return redirect(f"{reverse('attendance:slot', args=[pk])}#person-{person.pk}")


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


@login_required
def slot_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code the trainer shows; it only works during the slot."""
    slot = _slot(request, pk)
    url = request.build_absolute_uri(reverse("attendance:check_in", args=[services.qr_token(slot)]))
    svg = segno.make(url, error="m").svg_inline(
        scale=8, dark="#000091", title=_("Check-in QR code")
    )
    return render(
        request,
        "attendance/qr.html",
        {"slot": slot, "session": slot.session, "svg": svg, "url": url},
    )


@login_required
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """What a trainee sees after scanning: a button, then the result."""
    record = None
    if request.method == "POST":
        try:
            record = services.qr_check_in(user=request.user, token=token)
        except ValidationError as exc:
            _say(request, exc)
    return render(request, "attendance/check_in.html", {"record": record})


@login_required
def slot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    response = HttpResponse(sign_in_sheet(slot), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-{slot.pk}.pdf"'
    return response


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        services.session_close(actor=request.user, session=session)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Session closed: attended hours and no-shows are recorded."))
    return redirect("attendance:session", pk=pk)
