"""
Cache invalidation: any change to public content makes cached pages stale
once its transaction commits (see armcms.pagecache.pages.bump_content_version). Bulk
updates send no signal; their callers bump the version themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .pages import bump_content_version

CONTENT_APPS = {"armcms", "news", "impact", "publications"}


def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_version()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"armcms_cache_{signal!r}")
