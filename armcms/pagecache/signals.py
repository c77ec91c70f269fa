"""
Cache invalidation: any change to public content makes cached pages stale
once its transaction commits (see armcms.pagecache.version.bump_content_version). Bulk
updates send no signal; their callers bump the version themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from armcms.content.registry import shown_publicly

from .version import bump_content_version


def content_changed(sender, **kwargs):
    if shown_publicly(sender):
        bump_content_version()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"armcms_cache_{signal!r}")
