"""
The kinds of sections the pages app offers (see ``armcms.content.sections``
for what a kind is, and ``PagesConfig.section_kinds`` for their names).
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from armcms.content import registry, shown
from armcms.content.locale import default_language, field_name
from armcms.content.models import DocumentMixin, library_alt
from armcms.content.sections import (
    NOT_SHOWN,
    SectionKind,
    chosen,
    item_key,
    item_pks,
)
from armcms.content.video import (
    check_video_url,
    parse_video_url,
    player,
    shown_details,
)


def original(data: dict, name: str):
    """A translated field's value in the default language."""
    return data.get(field_name(name, default_language()))


class RichText(SectionKind):
    label = _("Text")
    fields = ("heading", "text")
    required = ("text",)
    template = "pages/sections/_text.html"


class Image(SectionKind):
    label = _("Image")
    fields = ("image", "image_alt", "caption", "credit")
    required = ("image",)
    template = "pages/sections/_image.html"

    def clean(self, data):
        image = data.get("image")
        if image and not (original(data, "image_alt") or library_alt(image)):
            return {
                field_name("image_alt", default_language()): _(
                    "Describe the image for people who cannot see it, here or "
                    "in the library."
                )
            }
        return {}


class CallToAction(SectionKind):
    label = _("Call to action")
    fields = ("heading", "text", "button_label", "link_page", "link_url")
    required = ("heading", "button_label")
    template = "pages/sections/_call_to_action.html"
    help_text = _("A heading, a few words and a button to a page or an address.")

    def clean(self, data):
        page, url = data.get("link_page"), original(data, "link_url")
        if page and url:
            return {"link_url": _("Choose a page or type an address, not both.")}
        if not page and not url:
            return {
                "link_page": _(
                    "Choose the page the button leads to, or type an address."
                )
            }
        return {}


class Quote(SectionKind):
    label = _("Quote")
    fields = ("text", "source")
    required = ("text", "source")
    template = "pages/sections/_quote.html"


class Latest(SectionKind):
    label = _("Latest news, press releases or publications")
    fields = ("heading", "listing", "topic", "country", "count")
    required = ("listing",)
    template = "pages/sections/_latest.html"

    def load(self, sections):
        # One query per section: each has its own list, filters and length.
        models = {
            model._meta.label_lower: model for model in registry.publishable_models()
        }
        for section in sections:
            model = models.get(section.listing)
            section.content = []
            if model is None:
                continue
            shown.items_of(model)
            items = model.objects.published().for_listing()
            query = {}
            if section.topic_id:
                items = items.filter(topics=section.topic_id)
                query["topic"] = section.topic.slug
            if section.country_id:
                items = items.filter(countries=section.country_id)
                query["country"] = section.country.slug
            section.content = list(items.distinct()[: section.count])
            section.list_title = capfirst(model._meta.verbose_name_plural)
            section.list_url = model.get_list_url() + (
                f"?{urlencode(query)}" if query else ""
            )


def document_models():
    return [
        model
        for model in registry.publishable_models()
        if issubclass(model, DocumentMixin)
    ]


class Documents(SectionKind):
    label = _("Documents")
    fields = ("heading", "items", "files")
    template = "pages/sections/_documents.html"
    help_text = _("Published items with a PDF, and files uploaded under Documents.")

    def item_choices(self, held=()):
        choices = []
        for model in document_models():
            published = model.objects.published().exclude(pdf=None)
            items = model.objects.filter(
                Q(pk__in=published.values("pk")) | Q(pk__in=item_pks(held, model))
            ).for_listing()
            for item in items:
                label = f"{capfirst(model._meta.verbose_name)}: {item.title}"
                if not (item.is_live() and item.pdf):
                    label = NOT_SHOWN % {"item": label}
                choices.append((item_key(item), label))
        return choices

    def clean(self, data):
        if not data.get("items") and not data.get("files"):
            return {"items": _("Choose at least one published item or file.")}
        return {}

    def load(self, sections):
        loaded = {}
        for model in document_models():
            pks = {pk for section in sections for pk in item_pks(section.items, model)}
            if pks:
                shown.items_of(model)
                items = model.objects.published().exclude(pdf=None).for_listing()
                loaded |= {item_key(item): item for item in items.filter(pk__in=pks)}
        for section in sections:
            section.content = chosen(section.items, loaded)


class People(SectionKind):
    label = _("People")
    fields = ("heading", "people")
    required = ("people",)
    template = "pages/sections/_people.html"
    help_text = _("Name, role, photo and a short biography, kept under People.")

    def load(self, sections):
        for section in sections:
            section.content = section.people.all()


class ChildPages(SectionKind):
    label = _("Sub-pages as cards")
    fields = ("heading",)
    template = "pages/sections/_child_pages.html"
    shows_child_pages = True
    help_text = _("The page's published sub-pages, in their order in the tree.")


class Video(SectionKind):
    label = _("Video")
    fields = ("heading", "video_url", "video_title", "transcript_url")
    required = ("video_url",)
    template = "pages/sections/_video.html"
    help_text = _(
        "A YouTube or Vimeo video, shown with its poster and title; visitors' "
        "browsers load nothing from YouTube or Vimeo until they press play."
    )

    def clean(self, data):
        if not data.get("video_url"):
            return {}
        try:
            check_video_url(data["video_url"])
        except ValidationError as error:
            return {"video_url": error.messages[0]}
        return {}

    def load(self, sections):
        videos = [(section, parse_video_url(section.video_url)) for section in sections]
        details = shown_details({video for _section, video in videos if video})
        for section, video in videos:
            section.content = video and player(
                video,
                section.video_title,
                details.get(video, {}),
                section.transcript_url,
            )
