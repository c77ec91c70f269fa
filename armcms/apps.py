from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArmcmsConfig(AppConfig):
    name = "armcms"
    verbose_name = _("Site")
