"""RSS 2.0 and Atom feeds of published content, one pair per content type."""

import copy

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property

from . import shown
from .models import SiteIdentity
from .richtext import clean_text

FEED_LENGTH = 20


class PublishedFeed(Feed):
    """
    The newest published items of ``model``; subclasses name the section.

    It links to the site at the address the feed was asked at: scheme, host
    and port, as every page's canonical link does (Django's feeds name the
    sites framework's domain, which carries no port). The page cache keys a
    feed by that address too, so each address keeps its own copy.
    """

    model = None
    section = ""
    request = None

    def __call__(self, request, *args, **kwargs):
        # The URLconf's one instance serves every request: each request is
        # answered by a copy that holds it.
        feed = copy.copy(self)
        feed.request = request
        return super(PublishedFeed, feed).__call__(request, *args, **kwargs)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def feed_url(self):
        return self.absolute(self.request.path)

    @cached_property
    def site_name(self) -> str:
        return SiteIdentity.load().site_name

    def title(self):
        return f"{self.site_name}: {self.section}"

    def author_name(self):
        return self.site_name

    def link(self):
        return self.absolute(self.model.get_list_url())

    def description(self):
        return self.title()

    def items(self):
        shown.items_of(self.model)
        return (
            self.model.objects.published()
            .for_listing()
            .prefetch_related("topics")[:FEED_LENGTH]
        )

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        # Topic names are stored as typed (content text is cleaned on save),
        # and one control character, which XML cannot carry, fails the feed.
        return [clean_text(topic.name) for topic in item.topics.all()]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
