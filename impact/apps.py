from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")
    # Where its public pages live (see armcms.content.registry).
    url_prefix = "impact/"
    section_pages = ["impact:metric_list"]
    # Kinds of page sections it offers (see armcms.content.sections).
    section_kinds = {"impact_figures": "impact.sections.ImpactFigures"}
