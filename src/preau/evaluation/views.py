"""Answering a survey (signed link, no login), my surveys, a trainer's results."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from preau.evaluation import links, selectors, services
from preau.evaluation.models import Invitation, Level, OfferQuestion


def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("registration__session__offer", "registration__user")
        .filter(pk=links.read(token) or 0)
        .first()
    )
    if invitation is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    done = invitation.answered_at is not None
    if request.method == "POST" and not done:
        try:
            services.survey_answer(invitation=invitation, data=request.POST.dict())
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            done = True
    return render(
        request,
        "evaluation/answer.html",
        {
            "invitation": invitation,
            "session": invitation.registration.session,
            "levels": Level.choices,
            "questions": OfferQuestion.objects.filter(
                offer_id=invitation.registration.session.offer_id
            ),
            "errors": errors,
            "done": done,
            "data": request.POST,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    pending = [(i, links.url(i)) for i in selectors.pending_for(request.user)]
    return render(request, "evaluation/mine.html", {"pending": pending})


@login_required
def trainer_results(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluation/trainer.html", {"rows": selectors.trainer_results(request.user)}
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Results within the viewer's scope, with N, by territory, Atelier or theme."""
    from django.conf import settings
    from django.core.exceptions import PermissionDenied

    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may_somewhere
    from preau.evaluation import dashboard as board
    from preau.evaluation.models import Answer

    if not user_may_somewhere(request.user, Capability.VIEW_INDICATORS):
        raise PermissionDenied
    sessions = board.sessions_in_scope(request.user)
    by = request.GET.get("par", "territory")
    by = by if by in board.BREAKDOWNS else "territory"
    overall = selectors.results(sessions)
    comments = []
    if overall.satisfaction.n >= settings.PREAU_RESULTS_MIN_N:  # small groups stay anonymous
        comments = list(
            Answer.objects.filter(session__in=sessions)
            .exclude(comment="")
            .select_related("session__offer")
            .order_by("-pk")[:30]
        )
    return render(
        request,
        "evaluation/dashboard.html",
        {"overall": overall, "rows": board.breakdown(sessions, by), "by": by, "comments": comments},
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Raw answers within scope, without who gave them: CSV or XLSX."""
    from django.core.exceptions import PermissionDenied

    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may_somewhere
    from preau.core.exports import table_response
    from preau.evaluation import dashboard as board

    if not user_may_somewhere(request.user, Capability.VIEW_INDICATORS):
        raise PermissionDenied
    rows = board.raw_answers(board.sessions_in_scope(request.user))
    return table_response("reponses", fmt, board.EXPORT_COLUMNS, rows)
