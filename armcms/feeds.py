"""RSS 2.0 and Atom feeds of published content, one pair per content type."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .richtext import clean_text

FEED_LENGTH = 20


class PublishedFeed(Feed):
    """The newest published items of ``model``; subclasses name the section."""

    model = None
    section = ""

    def title(self):
        return f"{settings.SITE_NAME}: {self.section}"

    def author_name(self):
        return settings.SITE_NAME

    def link(self):
        return self.model.get_list_url()

    def description(self):
        return self.title()

    def items(self):
        return (
            self.model.objects.published()
            .for_listing()
            .prefetch_related("topics")[:FEED_LENGTH]
        )

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
