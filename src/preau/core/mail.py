"""Outgoing e-mail goes through a background task, after the transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

# (file name, text content, MIME type): task arguments must be JSON.
Attachment = tuple[str, str, str]


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()


def email_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    """Queue an e-mail; it leaves only if the surrounding transaction commits."""
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            to=to, subject=subject, body=body, html_body=html_body, attachments=attachments
        )
    )
