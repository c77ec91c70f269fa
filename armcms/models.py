"""
Django finds an app's models in ``<app>.models``; the site's own (topics,
countries, the homepage, the site's identity) and the abstract base every
content type stands on live in the content kit, ``armcms.content.models``.
"""

from .content.drafts import Draft  # noqa: F401
from .content.library import Document, Image  # noqa: F401
from .content.models import (  # noqa: F401
    Country,
    DocumentMixin,
    HomePage,
    PublishableModel,
    PublishedQuerySet,
    SiteIdentity,
    Status,
    Topic,
    Visibility,
)
