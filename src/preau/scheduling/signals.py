"""Events other apps react to (registrations notify people, for instance)."""

from django.dispatch import Signal

# sender=TrainingSession, session=…, reason=str
session_cancelled = Signal()
# sender=TrainingSession, session=…  (capacity raised: seats may be offered)
session_capacity_raised = Signal()
# sender=TrainingSession, session=…, capacity=int  (before a capacity is lowered: a
# receiver raises ValidationError to refuse, e.g. when more seats are held)
session_capacity_lowering = Signal()
# sender=TrainingSession, session=…  (closed after its last slot: attendance is final)
session_closed = Signal()
# sender=TrainingSession, session=…, changes=("slots", "place", "trainers") (those that
# changed), removed_slots=[(slot id, start, end), …]: people are told, with a calendar update
session_rescheduled = Signal()
