"""Self-training listens to the learning record store."""

from typing import Any

from preau.lrs.services import statements_stored, statements_voided
from preau.selftraining.services import consultations_from_statements, consultations_void


def _stored(sender: Any, statements: list[Any], **kwargs: Any) -> None:
    consultations_from_statements(statements)


def _voided(sender: Any, ids: list[Any], **kwargs: Any) -> None:
    consultations_void(ids)


def connect() -> None:
    statements_stored.connect(_stored, dispatch_uid="selftraining-stored")
    statements_voided.connect(_voided, dispatch_uid="selftraining-voided")
