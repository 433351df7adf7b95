"""Needs survey, complaints and improvement actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
from preau.core.throttle import mail_form_limit
from preau.evaluation import links, quality
from preau.evaluation.forms import ActionForm, ComplaintForm, NeedsForm, ReplyForm
from preau.evaluation.models import Complaint
from preau.network.models import Territory


def _errors(form: Form, exc: ValidationError) -> None:
    form.add_error(None, exc.messages)


def needs(request: HttpRequest) -> HttpResponse:
    form = NeedsForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            quality.needs_answer_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            done = True
    return render(request, "evaluation/needs.html", {"form": form, "done": done})


@login_required
def needs_summary(request: HttpRequest) -> HttpResponse:
    if not user_may_somewhere(request.user, Capability.VIEW_INDICATORS):
        raise PermissionDenied
    territory = Territory.objects.filter(code=request.GET.get("territoire", "")).first()
    return render(
        request,
        "evaluation/needs_summary.html",
        {"summary": quality.needs_summary(territory), "territory": territory,
         "territories": Territory.objects.all()},
    )  # fmt: skip


# Topics other pages link to (?objet=…): a fixed subject, never the link's text.
COMPLAINT_TOPICS = {"accessibilite": _lazy("Accessibility problem")}


@mail_form_limit("complaint")
def complaint_new(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("objet", "")
    initial = {"email": getattr(request.user, "email", "")}
    if topic in COMPLAINT_TOPICS:
        initial["subject"] = str(COMPLAINT_TOPICS[topic])
    else:
        topic = ""
    own = _own_sessions(request.user)
    form = ComplaintForm(request.POST or None, initial=initial, sessions=list(own.items()))
    done = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["session"] = own_session(request.user, data.pop("session", None))
        try:
            done = quality.complaint_file(channel=Complaint.Channel.WEB, user=request.user, **data)
        except ValidationError as exc:
            _errors(form, exc)
    from django.conf import settings

    return render(
        request,
        "evaluation/complaint_new.html",
        {"form": form, "done": done, "topic": topic,
         "reply_days": settings.PREAU_COMPLAINT_REPLY_DAYS},
    )  # fmt: skip


def _own_sessions(user: Any) -> dict[int, str]:
    """The sessions of the person's registrations, newest first: {pk: label}."""
    from django.utils import formats

    from preau.registrations.selectors import registrations_of

    if not getattr(user, "is_authenticated", False):
        return {}
    out: dict[int, str] = {}
    for r in registrations_of(user)[:50]:
        s = r.session
        day = formats.date_format(s.start_day, "j F Y") if s.start_day else ""
        out[s.pk] = f"{s.offer.title} — {day}" if day else s.offer.title
    return out


def own_session(user: Any, pk: int | None) -> Any:
    """One of the person's own sessions (never someone else's, whatever is posted)."""
    from preau.scheduling.models import TrainingSession

    if pk is None or pk not in _own_sessions(user):
        return None
    return TrainingSession.objects.get(pk=pk)


def complaint_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """From the e-mail: a page that asks to confirm (GET), then files (POST)."""
    found = links.read_complaint_token(token)
    complaint = Complaint.objects.filter(pk=found[0], email=found[1]).first() if found else None
    if complaint is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        complaint = quality.complaint_confirm(complaint=complaint)
    return render(request, "evaluation/complaint_confirm.html", {"complaint": complaint})


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    if not user_may_somewhere(request.user, Capability.HANDLE_COMPLAINTS):
        raise PermissionDenied
    rows = quality.complaints_for(request.user)
    return render(request, "evaluation/complaints.html", {"complaints": rows[:300]})


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=pk)
    if not quality.may_handle(request.user, complaint):
        raise PermissionDenied
    initial = {"reply": complaint.reply, "corrective_action": complaint.corrective_action}
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quality.complaint_reply(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Reply sent and recorded."))
            return redirect("evaluation:complaints")
    return render(
        request, "evaluation/complaint_detail.html", {"complaint": complaint, "form": form}
    )


@login_required
def actions(request: HttpRequest) -> HttpResponse:
    if not user_may_somewhere(request.user, Capability.HANDLE_COMPLAINTS):
        raise PermissionDenied
    form = ActionForm(
        request.POST or None,
        complaints=quality.complaints_for(request.user),
        territories=filter_in_scope(
            Territory.objects.all(), request.user, Capability.HANDLE_COMPLAINTS,
            ScopePaths(territory="id"),
        ),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            quality.improvement_action_save(
                actor=request.user, owner=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Improvement action saved."))
            return redirect("evaluation:actions")
    rows = quality.actions_for(request.user)[:300]
    return render(request, "evaluation/actions.html", {"form": form, "actions": rows})
