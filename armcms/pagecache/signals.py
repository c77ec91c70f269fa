"""
Cache invalidation: a change to what public pages show makes the pages that
show it stale once its transaction commits (see armcms.pagecache.tags).
Bulk updates send no signal; their callers invalidate what they changed.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from armcms.content import shown
from armcms.content.registry import shown_publicly

from .tags import invalidate


def content_changed(sender, instance, created=False, action="", **kwargs):
    # A many-to-many change is sent by the table between the two models
    # (``sender``) for the row that changed (``instance``), before and after.
    if shown_publicly(sender) and not action.startswith("pre_"):
        invalidate(shown.changed(instance, created=created))


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"armcms_cache_{signal!r}")
