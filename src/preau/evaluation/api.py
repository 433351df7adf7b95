"""Evaluation API: answer my surveys; results with N (public per offer, scoped otherwise)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from preau.api_auth import AUTH
from preau.evaluation import dashboard, links, selectors, services
from preau.evaluation.models import Invitation

router = Router()


class RateOut(Schema):
    percent: float | None
    n: int


class ResultsOut(Schema):
    satisfaction: RateOut
    transfer: RateOut
    objectives: RateOut
    impact: RateOut
    response: RateOut
    completion: RateOut
    first: str | None
    last: str | None


class SurveyOut(Schema):
    id: int
    kind: str
    session_id: int
    title: str
    answer_url: str


class AnswerIn(Schema):
    satisfaction: int | None = None
    transfer: int | None = None
    objectives_met: int | None = None
    impact: str | None = None  # "yes" or "no" (follow-up survey)
    changes: str = ""
    comment: str = ""


class RowOut(Schema):
    label: str
    results: ResultsOut


def _rate(rate: selectors.Rate, public: bool) -> RateOut:
    hidden = public and not rate.shown
    return RateOut(percent=None if hidden else rate.percent, n=rate.n)


def _results(r: selectors.Results, public: bool = False) -> ResultsOut:
    return ResultsOut(
        satisfaction=_rate(r.satisfaction, public), transfer=_rate(r.transfer, public),
        objectives=_rate(r.objectives, public), impact=_rate(r.impact, public),
        response=_rate(r.response, public), completion=_rate(r.completion, public),
        first=r.first.isoformat() if r.first else None, last=r.last.isoformat() if r.last else None,
    )  # fmt: skip


@router.get(
    "/offers/{offer_id}/results", response=ResultsOut, summary="Published results of an offer"
)
def offer_results(request: HttpRequest, offer_id: int) -> ResultsOut:
    """Percentages are null below the minimum N (PREAU_RESULTS_MIN_N); N is always given."""
    return _results(selectors.offer_results(offer_id), public=True)


@router.get("/surveys", response=list[SurveyOut], auth=AUTH, summary="My surveys to answer")
def my_surveys(request: HttpRequest) -> list[SurveyOut]:
    return [
        SurveyOut(
            id=i.pk,
            kind=i.kind,
            session_id=i.registration.session_id,
            title=i.registration.session.offer.title,
            answer_url=links.url(i),
        )
        for i in selectors.pending_for(request.user)
    ]


@router.post(
    "/surveys/{invitation_id}/answer", response={201: dict}, auth=AUTH, summary="Answer a survey"
)
def answer(request: HttpRequest, invitation_id: int, body: AnswerIn) -> Status:
    invitation = Invitation.objects.filter(
        pk=invitation_id, registration__user_id=request.user.pk or 0
    ).first()
    if invitation is None:
        raise Http404("No survey of yours has this id.")
    try:
        services.survey_answer(invitation=invitation, data=body.dict())
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, {"answered": True})


@router.get("/results", response=list[RowOut], auth=AUTH, summary="Results within my scope")
def scoped_results(request: HttpRequest, by: str = "territory") -> list[RowOut]:
    if by not in dashboard.BREAKDOWNS:
        raise HttpError(422, "by: territory, atelier or theme")
    sessions = dashboard.sessions_in_scope(request.user)
    return [
        RowOut(label=row.label, results=_results(row.results))
        for row in dashboard.breakdown(sessions, by)
    ]
