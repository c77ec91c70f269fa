from decimal import Decimal
from typing import Self

from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from armcms.content import registry
from armcms.content.locale import default_language


class ImpactMetricQuerySet(models.QuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)


class ImpactMetric(models.Model):
    """A headline figure such as "15 countries" or "1,530,000 USD of Premium paid"."""

    site_role = registry.SETTINGS

    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_('What is counted, shown after the figure, e.g. "countries".'),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=10,
        blank=True,
        help_text=_('Shown before the number, e.g. "US$".'),
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        blank=True,
        help_text=_('Shown after the number with a space, e.g. "USD".'),
    )
    suffix = models.CharField(
        _("suffix"),
        max_length=5,
        blank=True,
        help_text=_('Attached to the number, e.g. "+" for "150+" or "%".'),
    )
    context = models.TextField(
        _("context"),
        max_length=400,
        blank=True,
        help_text=_("A short sentence that explains the figure."),
    )
    measured_on = models.DateField(
        _("as of"),
        default=timezone.localdate,
        help_text=_("The date the value was true. A new date adds to the history."),
    )
    display_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive figures are not shown.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImpactMetricQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = _("impact figure")
        verbose_name_plural = _("impact figures")

    def __str__(self):
        return f"{self.display_value()} {self.label}"

    def save(self, *args, **kwargs):
        # The original columns keep the default language's text.
        with transaction.atomic(), translation.override(default_language()):
            super().save(*args, **kwargs)
            self.record_value()

    def record_value(self) -> None:
        """Keep the history row for ``measured_on`` equal to the current value."""
        self.history.update_or_create(
            measured_on=self.measured_on,
            defaults={"value": self.value, "is_illustrative": False},
        )

    def yearly_history(self) -> list["ImpactValue"]:
        """The last value recorded in each year, oldest first (from the
        prefetched history when there is one)."""
        return last_of_each_year(self.history.all())

    def display_value(self) -> str:
        """The figure as people write it: "1,530,000 USD", "150+", "US$2.5"."""
        return format_figure(self.value, self.prefix, self.suffix, self.unit)

    def display_number(self) -> str:
        """The figure without its unit: "1,530,000", "150+", "US$2.5"."""
        return format_figure(self.value, self.prefix, self.suffix)


class ImpactValue(models.Model):
    """One recorded value of a figure, so the site can show how it grew."""

    site_role = registry.SETTINGS

    metric = models.ForeignKey(
        ImpactMetric,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("figure"),
    )
    value = models.DecimalField(
        _("value"), max_digits=15, decimal_places=2, validators=[MinValueValidator(0)]
    )
    measured_on = models.DateField(_("as of"))
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "An example value rather than a measured one (as in the demo "
            "content); the impact page says so beneath the figure."
        ),
    )

    class Meta:
        ordering = ["measured_on"]
        verbose_name = _("recorded value")
        verbose_name_plural = _("history")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "measured_on"],
                name="impact_one_value_per_date",
                violation_error_message=_(
                    "This figure already has a value for that date."
                ),
            )
        ]

    def __str__(self):
        return f"{self.measured_on}: {self.value}"

    def display_value(self) -> str:
        metric = self.metric
        return format_figure(self.value, metric.prefix, metric.suffix, metric.unit)


def format_figure(value: Decimal, prefix="", suffix="", unit="") -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    number = formats.number_format(value, decimal_pos=decimals, force_grouping=True)
    text = f"{prefix}{number}{suffix}"
    return f"{text} {unit}" if unit else text


def last_of_each_year(values) -> list[ImpactValue]:
    """Of ``values`` in the order they were measured, each year's last."""
    last_of_year = {}
    for value in values:
        last_of_year[value.measured_on.year] = value
    return list(last_of_year.values())
