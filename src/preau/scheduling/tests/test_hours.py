"""One rounding rule for hours, whatever shows them."""

from datetime import timedelta

from django.utils import translation

from preau.scheduling.hours import (
    attended_hours_text,
    hours_from_minutes,
    hours_of_lengths,
    hours_text,
)


def test_minutes_become_hours_to_the_hundredth():
    assert hours_from_minutes(123) == 2.05  # the closing screen once said "2 h" here
    assert hours_from_minutes(120) == 2.0
    assert hours_from_minutes(1) == 0.02  # 0.0166… rounds up
    assert hours_from_minutes(59) == 0.98
    assert hours_from_minutes(None) == 0.0


def test_several_slots_are_summed_in_minutes_then_rounded_once():
    # three slots of 1 minute are 3 minutes = 0.05 h, not 3 × 0.02 = 0.06 h
    assert hours_of_lengths([timedelta(minutes=1)] * 3) == 0.05
    assert hours_of_lengths([timedelta(minutes=1, seconds=59)]) == 0.02  # seconds dropped


def test_hours_are_written_as_people_read_them():
    with translation.override("fr"):
        assert attended_hours_text(123) == "2,05"
        assert attended_hours_text(120) == "2"
        assert attended_hours_text(90) == "1,5"
        assert hours_text(3.0) == "3"
    with translation.override("en"):
        assert attended_hours_text(123) == "2.05"
