from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArmcmsConfig(AppConfig):
    name = "armcms"
    verbose_name = _("Site")
    default = True

    def ready(self):
        from .backoffice.roles import sync_roles
        from .pagecache import signals

        # After every app's migrations, when Django has made its permissions.
        post_migrate.connect(sync_roles, dispatch_uid="armcms_sync_roles")
        post_migrate.connect(sync_site, dispatch_uid="armcms_sync_site")
        signals.connect()
        connect_drafts()


def connect_drafts():
    """A content item's (or setting's) drafts are deleted with it."""
    from django.db.models.signals import post_delete

    from .content import registry
    from .content.drafts import forget_drafts

    for model in registry.models_in(registry.CONTENT, registry.SETTINGS):
        post_delete.connect(
            forget_drafts, sender=model, dispatch_uid=f"drafts:{model._meta.label}"
        )


def sync_site(**kwargs):
    """The sites framework's one row carries SITE_DOMAIN and SITE_NAME."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME[:50]},
    )


class ArmcmsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, serving our AdminSite (with its dashboard)."""

    default = False
    default_site = "armcms.backoffice.site.AdminSite"
