from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Page, Section


@receiver(post_save, sender=Page, dispatch_uid="pages.readdress_after_raw_write")
def readdress_after_raw_write(sender, instance, raw, **kwargs):
    """A revert that changed a page's address changes those below it too."""
    before = instance.__dict__.pop("url_paths_before", None)
    if raw and before is not None and before != instance.url_paths():
        instance.readdress_descendants()


@receiver(post_save, sender=Section, dispatch_uid="pages.section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="pages.section_deleted")
def refresh_sections_text(sender, instance, **kwargs):
    """Search finds a page by what its sections say, as they now say it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        page.refresh_sections_text()
