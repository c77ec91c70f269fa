from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArmcmsConfig(AppConfig):
    name = "armcms"
    verbose_name = _("Site")
    default = True

    def ready(self):
        from .pagecache import signals

        post_migrate.connect(after_migrate, dispatch_uid="armcms_after_migrate")
        signals.connect()
        connect_drafts()
        connect_search()
        connect_library()
        connect_requests()


def after_migrate(sender, **kwargs):
    """
    The roles and the site's row, synced once per ``migrate`` or ``flush``.
    Django sends post_migrate once for each app, in order: the last app's
    comes after every app's permissions are made (and a flush between
    tests would otherwise sync the roles once per app).
    """
    from .backoffice.roles import sync_roles

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    sync_roles(**kwargs)
    sync_site(**kwargs)


def connect_drafts():
    """A content item's (or setting's) drafts are deleted with it."""
    from django.db.models.signals import post_delete

    from .content import registry
    from .content.drafts import forget_drafts

    for model in registry.models_in(registry.CONTENT, registry.SETTINGS):
        post_delete.connect(
            forget_drafts, sender=model, dispatch_uid=f"drafts:{model._meta.label}"
        )


def connect_search():
    """A content item leaves the search index with it, however it is deleted."""
    from django.db.models.signals import post_delete

    from .content import registry
    from .content.search import forget_item

    for model in registry.publishable_models():
        post_delete.connect(
            forget_item, sender=model, dispatch_uid=f"search:{model._meta.label}"
        )


def connect_library():
    """A library record's files go with it, however it is deleted."""
    from django.db.models.signals import post_delete

    from .content.library import Document, Image, forget_record_files

    for model in (Image, Document):
        post_delete.connect(
            forget_record_files,
            sender=model,
            dispatch_uid=f"library:{model._meta.label}",
        )


def connect_requests():
    from django.core.signals import request_started

    from .content.unavailable import note_kept_connection

    request_started.connect(note_kept_connection, dispatch_uid="armcms_kept")


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
