from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Page


@receiver(post_save, sender=Page, dispatch_uid="pages.readdress_after_raw_write")
def readdress_after_raw_write(sender, instance, raw, **kwargs):
    """A revert that changed a page's address changes those below it too."""
    before = instance.__dict__.pop("url_paths_before", None)
    if raw and before is not None and before != instance.url_paths():
        instance.readdress_descendants()
