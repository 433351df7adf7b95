"""Records that indicators count mark their year as changed, once committed,
so that the roll-up of that year's periods is rebuilt before it is read."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from preau.attendance.models import Attendance
from preau.evaluation.models import Answer
from preau.indicators.models import DataChange
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession


def years_changed(years: set[int]) -> None:
    now = timezone.now()
    for year in years:
        if not DataChange.objects.filter(year=year).update(changed_at=now):
            try:
                with transaction.atomic():
                    DataChange.objects.create(year=year, changed_at=now)
            except IntegrityError:  # created meanwhile by another writer
                DataChange.objects.filter(year=year).update(changed_at=now)


def _days(instance: Any) -> set[date | None]:
    if isinstance(instance, TrainingSession):
        end = timezone.localtime(instance.ends_at).date() if instance.ends_at else None
        return {instance.start_day, end}
    if isinstance(instance, Attendance):
        return {instance.slot.day}
    return {instance.session.start_day}  # registrations, answers


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    years = {d.year for d in _days(instance) if d}
    if years:
        transaction.on_commit(lambda: years_changed(years))


def connect() -> None:
    for model in (TrainingSession, Attendance, Registration, Answer):
        post_save.connect(_changed, sender=model, dispatch_uid=f"indicators-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"indicators-del-{model.__name__}")
