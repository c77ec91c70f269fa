"""The growth of an impact figure drawn as an inline SVG chart, on the server."""

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 32


@register.simple_tag
def growth_chart(metric, history):
    """
    A line chart of ``history`` (the metric's recorded values, oldest first).
    The chart is an image with a title and a description; the same values
    are printed as a table beside it for readers who cannot see it.
    """
    points = list(history)
    if not points:
        return ""
    chart_id = f"chart-{metric.pk}"
    top_value = max(point.value for point in points) or 1
    first_day, last_day = points[0].measured_on, points[-1].measured_on
    span = (last_day - first_day).days or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def position(point):
        x = LEFT + plot_width * ((point.measured_on - first_day).days / span)
        if len(points) == 1:
            x = LEFT + plot_width / 2
        y = TOP + plot_height * (1 - float(point.value / top_value))
        return round(x, 1), round(y, 1)

    coordinates = [position(point) for point in points]
    line = " ".join(f"{x},{y}" for x, y in coordinates)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="4"></circle>', coordinates)
    last_x, last_y = coordinates[-1]
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<polyline class="chart__line" points="{}"></polyline>{}'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="chart__label" x="{}" y="{}">{}</text>'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>'
        "</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        _("How “%(label)s” grew") % {"label": metric.label},
        chart_id,
        _("From %(first)s on %(start)s to %(last)s on %(end)s.")
        % {
            "first": points[0].display_value(),
            "start": formats.date_format(first_day),
            "last": points[-1].display_value(),
            "end": formats.date_format(last_day),
        },
        LEFT,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        line,
        dots,
        min(max(last_x, LEFT + 80), WIDTH - RIGHT),
        max(last_y - 10, 14),
        points[-1].display_value(),
        LEFT,
        HEIGHT - 10,
        formats.date_format(first_day, "Y"),
        WIDTH - RIGHT,
        HEIGHT - 10,
        formats.date_format(last_day, "Y"),
    )
