"""The growth of an impact figure drawn as an inline SVG chart, on the server."""

import math
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from armcms.content import shown

register = template.Library()

WIDTH, HEIGHT = 640, 260
TOP, RIGHT, BOTTOM = 28, 8, 30
# The space left of the plot per character of the longest scale label, at the
# labels' font size (13 units), and around it.
CHARACTER_WIDTH, LABEL_GAP = 7.5, 10
BAR_SHARE = 0.6  # of each year's slot; the rest is space between bars
# Steps of the value scale: 1, 2, 2.5 or 5 times a power of ten, so that the
# scale has two to four gridlines above zero.
NICE_STEPS = (1, 2, 2.5, 5, 10)
GRIDLINES = 3


def scale_step(top_value: Decimal) -> Decimal:
    """The gap between two gridlines for values up to ``top_value``."""
    rough = float(top_value) / GRIDLINES
    power = 10 ** math.floor(math.log10(rough))
    step = next(nice * power for nice in NICE_STEPS if nice * power >= rough)
    return Decimal(str(step)).normalize()


def plain_number(value: Decimal) -> str:
    """``value`` written in the page's language, grouped: 1,530,000 / 1.530.000."""
    decimals = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


@register.simple_tag
def growth_chart(metric, history):
    """
    A bar chart of ``history`` (the metric's last value in each year, oldest
    first): one bar per year, labelled with its year below and its value
    above, on a value scale with gridlines. The chart is an image with a
    title and a description of the growth; the same values are printed as a
    table beside it for readers who cannot see it. Drawn once and kept in
    the shared cache until a figure changes (see shown.kept_fragments).
    """
    return shown.kept_fragments(
        "growth-chart", [(metric, "")], lambda metric, _variant: draw(metric, history)
    )[0]


def draw(metric, history) -> str:
    points = list(history)
    if not points:
        return ""
    chart_id = f"chart-{metric.pk}"
    top_value = max(point.value for point in points)
    step = scale_step(top_value) if top_value > 0 else Decimal(1)
    ticks = [step * n for n in range(math.ceil(top_value / step) + 1)]
    if len(ticks) < 2:  # every value is zero
        ticks.append(step)
    scale_top = ticks[-1]
    tick_labels = [plain_number(Decimal(tick)) for tick in ticks]
    left = LABEL_GAP + CHARACTER_WIDTH * max(len(label) for label in tick_labels)
    plot_width, plot_height = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    def height_of(value) -> float:
        return round(plot_height * float(value / scale_top), 1)

    gridlines = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="chart__scale" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (
                left,
                y,
                WIDTH - RIGHT,
                y,
                left - LABEL_GAP / 2,
                y + 4,
                label,
            )
            for tick, label in zip(ticks, tick_labels, strict=True)
            for y in [round(baseline - height_of(tick), 1)]
        ),
    )
    slot = plot_width / len(points)
    bar_width = round(slot * BAR_SHARE, 1)
    bars = []
    for index, point in enumerate(points):
        x = round(left + slot * index + (slot - bar_width) / 2, 1)
        middle = round(x + bar_width / 2, 1)
        bar_height = height_of(point.value)
        classes = "chart__bar"
        if index == len(points) - 1:
            classes += " chart__bar--latest"
        if point.is_illustrative:
            classes += " chart__bar--illustrative"
        year = formats.date_format(point.measured_on, "Y")
        bars.append(
            format_html(
                '<g class="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart__value" x="{}" y="{}" text-anchor="middle">'
                "{}</text>"
                '<text class="chart__year" x="{}" y="{}" text-anchor="middle">'
                "{}</text>"
                "</g>",
                classes,
                f"{year}: {point.display_value()}",
                x,
                round(baseline - bar_height, 1),
                bar_width,
                bar_height,
                middle,
                round(baseline - bar_height - 6, 1),
                plain_number(point.value),
                middle,
                HEIGHT - 10,
                year,
            )
        )
    first, last = points[0], points[-1]
    unit = " ".join(part for part in (metric.prefix.strip(), metric.unit) if part)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}"
        '<text class="chart__unit" x="{}" y="{}" text-anchor="end">{}</text>'
        '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        _("How “%(label)s” grew") % {"label": metric.label},
        chart_id,
        _("From %(first)s in %(start)s to %(last)s in %(end)s.")
        % {
            "first": first.display_value(),
            "start": formats.date_format(first.measured_on, "Y"),
            "last": last.display_value(),
            "end": formats.date_format(last.measured_on, "Y"),
        },
        gridlines,
        left - LABEL_GAP / 2,
        TOP - 14,
        unit,
        left,
        baseline,
        WIDTH - RIGHT,
        baseline,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )
