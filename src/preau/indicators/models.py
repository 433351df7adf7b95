"""Roll-up of the indicators: rebuilt from raw records, never written by hand.

One row per (named period, scope) holds that scope's sums, breakdowns and
monthly series (see rollup.py). A period's roll-up is stale once a record of
one of its years changed after it was built (``DataChange``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupPeriod(models.Model):
    key = models.CharField(_("period"), max_length=12, primary_key=True)  # Y2023, S2023
    built_at = models.DateTimeField(_("built"))  # when reading began: later changes make it stale
    seconds = models.FloatField(_("build time (s)"), default=0)

    class Meta:
        verbose_name = _("indicator roll-up")
        verbose_name_plural = _("indicator roll-ups")

    def __str__(self) -> str:
        return self.key


class Rollup(models.Model):
    period = models.ForeignKey(RollupPeriod, on_delete=models.CASCADE, related_name="scopes")
    scope = models.CharField(_("scope"), max_length=16)  # all, t<id>, a<id>, w<id>
    data = models.JSONField(_("figures"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "scope"], name="rollup_period_scope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.scope}"


class DataChange(models.Model):
    """The last time records counted in a calendar year changed."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    changed_at = models.DateTimeField(_("changed"))

    def __str__(self) -> str:
        return f"{self.year}: {self.changed_at:%Y-%m-%d %H:%M}"
