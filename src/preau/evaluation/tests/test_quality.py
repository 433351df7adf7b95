import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.evaluation import quality
from preau.evaluation.models import Complaint, ImprovementAction, NeedsAnswer

pytestmark = pytest.mark.django_db


def test_needs_survey_is_open_to_anyone_and_summed_per_territory(client, net):
    form = {
        "territory": net.t1.pk,
        "slots": ["weekday_morning"],
        "themes": ["ecole-inclusive"],
        "channels": ["in_person"],
    }
    client.post("/evaluation/besoins/", form)
    quality.needs_answer_record(
        territory=net.t1, themes=[], slots=["weekday_morning", "saturday_morning"], channels=[]
    )
    quality.needs_answer_record(territory=net.t2, themes=[], slots=["weekday_evening"], channels=[])
    assert NeedsAnswer.objects.count() == 3
    summary = quality.needs_summary(net.t1)
    assert summary["n"] == 2 and summary["slots"][0][1:] == (2, 100.0)
    with pytest.raises(ValidationError):
        quality.needs_answer_record(territory=net.t1, themes=["astrologie"], slots=[], channels=[])


def test_a_complaint_flows_to_resolution_with_an_improvement_action(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    complaint_form = {
        "email": "Parent@Example.org",
        "subject": "Salle trop petite",
        "body": "Nous étions debout.",
        "territory": net.t1.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evaluation/reclamation/", complaint_form)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.email, complaint.state) == (
        "web",
        "parent@example.org",
        "open",
    )
    assert mailoutbox[-1].to == ["parent@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        quality.complaint_confirm(complaint=complaint)  # the person followed the link
    outsider = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    with pytest.raises(PermissionDenied):
        quality.complaint_reply(actor=outsider, complaint=complaint, reply="x")
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)
    assert "Salle trop petite" in client.get("/evaluation/reclamations/").content.decode()
    reply = {"reply": "Nous changeons de salle.", "corrective_action": "Salle de 40", "close": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/evaluation/reclamations/{complaint.pk}/", reply)
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.days_to_reply == 0
    assert mailoutbox[-1].body == "Nous changeons de salle."
    action_form = {"title": "Jauge des salles", "state": "in_progress", "complaint": complaint.pk}
    client.post("/evaluation/actions/", action_form)
    action = ImprovementAction.objects.get()
    assert (action.complaint, action.owner, action.territory) == (complaint, director, net.t1)
