from django.utils.translation import gettext_lazy as _

from armcms.content.feeds import AtomMixin, PublishedFeed

from .models import Publication


class PublicationFeed(PublishedFeed):
    model = Publication
    section = _("Publications")


class PublicationAtomFeed(AtomMixin, PublicationFeed):
    pass
