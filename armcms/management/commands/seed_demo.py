"""
Load the demo content, in English, Spanish and French: topics, countries,
news, press releases, publications, impact figures and their history, the
site's pages, the homepage texts and the site's name and tagline. Items that
already exist (found by their English slug, name or label, countries by code,
pages by their English title and place) are left as they are, except that
the translations they lack are filled in; so running it again adds nothing
and never overwrites an editor's changes, and a site seeded before it had a
language gets that language's texts.
"""

import io

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from PIL import Image

from armcms.content import library
from armcms.content.locale import field_name, language_codes
from armcms.content.models import (
    Country,
    HomePage,
    SiteIdentity,
    Status,
    Topic,
    translated_field_names,
)
from armcms.content.sections import item_key
from armcms.operations import demo_content as demo
from armcms.operations.demo_images import landscape
from impact.models import ImpactMetric, ImpactValue
from news.models import NewsArticle, PressRelease
from pages.models import MenuItem, Page, Person, Section
from publications.models import Publication, Series


def demo_image(name: str) -> "library.Image":
    """The library's demo drawing named ``name``, made the first time."""
    existing = library.Image.objects.filter(title=f"Demo: {name}").first()
    if existing is not None:
        return existing
    image = library.Image(
        title=f"Demo: {name}",
        tags="demo",
        **image_alt("alt"),
        file=ContentFile(landscape(name), name=f"{name}.jpg"),
    )
    image.save()
    return image


# The demo texts' languages: each item's own keys are in English, the site's
# default language; the keys of its "es", "fr"... in that language.
ENGLISH = "en"


def translations() -> list[str]:
    """The site's languages other than English, each a key of the demo items."""
    return [code for code in language_codes() if code != ENGLISH]


IMAGE_ALT = {
    ENGLISH: "Illustration: mountains under a low sun, in flat colours",
    "es": "Ilustración: montañas con el sol cerca del horizonte, en colores planos",
    "fr": "Illustration : des montagnes sous un soleil bas, en aplats de couleurs",
}


def image_alt(name: str) -> dict:
    """The demo pictures' alt text in each language, as the columns of ``name``."""
    return {
        field_name(name, code): IMAGE_ALT.get(code)
        for code in [ENGLISH, *translations()]
    }


# Keys of the demo items that are not model fields (besides their languages).
NOT_FIELDS = {
    "history",
    "topics",
    "countries",
    "with_pdf",
    "children",
    "sections",
    "items",
    "people",
    "files",
    "link_page",
    "image",
}


def texts(model, item: dict) -> dict:
    """``item``'s values for ``model``, each text in its own language's column."""
    translated = translated_field_names(model)
    values = {
        field_name(key, ENGLISH) if key in translated else key: value
        for key, value in item.items()
        if key not in NOT_FIELDS and key not in translations()
    }
    for language in translations():
        for key, value in item.get(language, {}).items():
            values[field_name(key, language)] = value
    return values


def named(english: str, names: dict) -> dict:
    """A demo item that is a name alone, in English and in ``names``' languages."""
    return {
        "name": english,
        **{code: {"name": name} for code, name in names.items() if code != ENGLISH},
    }


class Command(BaseCommand):
    help = (
        "Load the demo content in English, Spanish and French (safe to run "
        "again: nothing is duplicated or overwritten)."
    )

    def handle(self, *args, **options):
        self.created = 0
        # How many existing records got texts in each language.
        self.translated = dict.fromkeys(translations(), 0)
        # Every text goes to its language's column by name. With English
        # active, the models' original columns (``title``, ``label``...) hold
        # English too, whatever language the command was started in.
        with transaction.atomic(), translation.override(ENGLISH):
            topics = {
                name: self.add(Topic, named(name, names), name_en=name)
                for name, names in demo.TOPICS.items()
            }
            countries = {
                code: self.add(Country, named(names[ENGLISH], names), code=code)
                for code, names in demo.COUNTRIES.items()
            }
            self.add(SiteIdentity, demo.IDENTITY, pk=1)
            self.add(
                HomePage,
                demo.HOMEPAGE,
                defaults={"lead_image": demo_image("homepage lead story")},
                pk=1,
            )
            for item in demo.NEWS:
                self.add_content(NewsArticle, item, topics, countries)
            for item in demo.PRESS_RELEASES:
                self.add_content(PressRelease, item, topics, countries)
            series = self.add(Series, demo.SERIES, title_en=demo.SERIES["title"])
            for item in demo.PUBLICATIONS:
                self.add_publication(item, series, topics, countries)
            for order, item in enumerate(demo.IMPACT_METRICS):
                metric = self.add(
                    ImpactMetric,
                    item,
                    defaults={"measured_on": demo.IMPACT_AS_OF, "display_order": order},
                    label_en=item["label"],
                )
                self.add_history(metric, item)
            for order, item in enumerate(demo.PEOPLE):
                self.add(Person, item, defaults={"position": order}, name=item["name"])
            for item in demo.DOCUMENTS:
                self.add_document(item)
            self.pending_sections = []
            for item in demo.PAGES:
                self.add_page(item, parent=None)
            for page, sections in self.pending_sections:
                self.add_sections(page, sections)
            if not MenuItem.objects.exists():
                self.add_menu(MenuItem.Menu.MAIN, demo.MAIN_MENU)
                self.add_menu(MenuItem.Menu.FOOTER, demo.FOOTER)
        if not (self.created or any(self.translated.values())):
            self.stdout.write("Demo content already present: nothing to add.")
            return
        done = []
        if self.created:
            done.append(f"{self.created} new records")
        for language, count in self.translated.items():
            if count:
                name = translation.get_language_info(language)["name"]
                done.append(f"{name} texts added to {count} records")
        self.stdout.write(
            self.style.SUCCESS(f"Demo content loaded: {', '.join(done)}.")
        )

    def add(self, model, item, defaults=None, **lookup):
        """
        The row ``lookup`` finds, given the translations of ``item`` that it
        lacks; or, when there is none, a new row with ``item``'s texts.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            self.fill_in_translations(obj, item)
            return obj
        obj = model(**{**lookup, **texts(model, item), **(defaults or {})})
        obj.full_clean()
        obj.save()
        self.created += 1
        return obj

    def fill_in_translations(self, obj, item: dict) -> None:
        """
        Give ``obj`` each text of ``item``'s translations (its "es", "fr"...)
        that its column in that language has not got (NULL or empty). Only
        those languages' columns are saved, so the other fields, and the
        translations an editor wrote, stay as they are.
        """
        missing = {
            language: {
                field_name(key, language): value
                for key, value in item.get(language, {}).items()
                if not getattr(obj, field_name(key, language))
            }
            for language in translations()
        }
        languages = [language for language, columns in missing.items() if columns]
        if not languages:
            return
        for language in languages:
            for column, value in missing[language].items():
                setattr(obj, column, value)
            self.translated[language] += 1
        model = type(obj)
        # Every column of those languages, so that the slug and
        # ``translated_at`` that saving derives from the new texts are written
        # too; but not the search vectors, which the model writes itself
        # after saving.
        columns = [
            field_name(name, language)
            for language in languages
            for name in translated_field_names(model)
            if name != "search_vector"
        ]
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            columns.append("updated_at")
        obj.save(update_fields=columns)

    def add_history(self, metric, item) -> None:
        """
        The demo's earlier values of ``metric`` (illustrative, and marked so),
        for a figure whose history holds its current value alone and that
        still has the demo's value: an editor's figures and history are left
        as they are.
        """
        if metric.value != item["value"] or metric.history.count() > 1:
            return
        for day, value in item.get("history", []):
            if day < metric.measured_on:
                ImpactValue.objects.create(
                    metric=metric, measured_on=day, value=value, is_illustrative=True
                )
                self.created += 1

    def add_content(self, model, item, topics, countries, **extra):
        max_length = model._meta.get_field("slug_en").max_length
        slug = slugify(item["title"])[:max_length].strip("-")
        existing = model.objects.filter(slug_en=slug).first()
        if existing is not None:
            # The demo's alt text describes the demo's image, which an editor
            # who changed the English alt text has likely replaced.
            if existing.lead_image_alt_en == IMAGE_ALT[ENGLISH]:
                item = {
                    **item,
                    **{
                        language: {
                            **item.get(language, {}),
                            "lead_image_alt": IMAGE_ALT[language],
                        }
                        for language in translations()
                        if language in IMAGE_ALT
                    },
                }
            self.fill_in_translations(existing, item)
            return None
        obj = model(
            status=Status.PUBLISHED,
            slug_en=slug,
            **image_alt("lead_image_alt"),
            **texts(model, item),
            **extra,
        )
        obj.full_clean()
        obj.lead_image = demo_image(slug)
        obj.save()
        obj.topics.set(topics[name] for name in item["topics"])
        obj.countries.set(countries[code] for code in item["countries"])
        self.created += 1
        return obj

    def add_page(self, item, parent):
        """``item``'s page below ``parent`` (None: the top level), then its children."""
        siblings = (
            Page.objects.get_root_nodes()
            if parent is None
            else Page.objects.get_children(parent)
        )
        page = siblings.filter(title_en=item["title"]).first()
        if page is not None:
            self.fill_in_translations(page, item)
        else:
            page = Page(status=Status.PUBLISHED, **texts(Page, item))
            page.destination = parent or False
            page.full_clean()
            if parent is None:
                page = Page.objects.add_root(instance=page)
            else:
                page = Page.objects.add_child(parent, instance=page)
            self.created += 1
            # Added once every page exists: a section may lead to any.
            self.pending_sections.append((page, item.get("sections", [])))
        for child in item.get("children", []):
            self.add_page(child, parent=page)

    def add_sections(self, page, sections) -> None:
        """A new page's sections; what they choose found by name."""
        for position, item in enumerate(sections):
            section = Section(
                page=page,
                position=(position + 1) * 10,
                **texts(Section, item),
                link_page=self.page_at(item.get("link_page")),
            )
            if "image" in item:
                section.image = demo_image(item["image"])
            section.items = [item_key(row) for row in self.demo_items(item)]
            section.full_clean()
            section.save()
            section.people.set(Person.objects.filter(name__in=item.get("people", [])))
            section.files.set(
                library.Document.objects.filter(title_en__in=item.get("files", []))
            )
            self.created += 1

    @staticmethod
    def demo_items(item) -> list:
        chosen = item.get("items")
        if chosen == "every impact figure":
            return list(ImpactMetric.objects.active())
        if chosen == "every publication with a PDF":
            return list(Publication.objects.published().exclude(pdf=None))
        return []

    @staticmethod
    def page_at(titles) -> Page | None:
        """The page with these English titles from the top, or None."""
        page = None
        for title in titles or ():
            siblings = (
                Page.objects.get_root_nodes()
                if page is None
                else Page.objects.get_children(page)
            )
            page = siblings.get(title_en=title)
        return page

    def add_document(self, item) -> None:
        if library.Document.objects.filter(title_en=item["title"]).exists():
            self.add(library.Document, item, title_en=item["title"])
            return
        document = library.Document(**texts(library.Document, item))
        buffer = io.BytesIO()
        Image.new("RGB", (1240, 1754), "white").save(buffer, "PDF", title=item["title"])
        document.file.save(
            f"{slugify(item['title'])}.pdf", ContentFile(buffer.getvalue()), save=False
        )
        document.full_clean()
        document.save()
        self.created += 1

    def add_menu(self, menu, items, parent=None):
        """The menu's items, unless staff have made menus of their own."""
        for position, item in enumerate(items):
            entry = MenuItem(
                menu=menu,
                parent=parent,
                page=self.page_at(item.get("page")),
                section=item.get("section", ""),
                position=position,
                label_en=item.get("label", ""),
                **{
                    field_name("label", language): item.get(language, {}).get(
                        "label", ""
                    )
                    for language in translations()
                },
            )
            entry.full_clean()
            entry.save()
            self.created += 1
            self.add_menu(menu, item.get("children", []), parent=entry)

    def add_publication(self, item, series, topics, countries):
        extra = {"series": series} if "part_number" in item else {}
        publication = self.add_content(Publication, item, topics, countries, **extra)
        if publication and item.get("with_pdf"):
            cover = Image.open(io.BytesIO(landscape(publication.slug, (1240, 1754))))
            buffer = io.BytesIO()
            cover.save(buffer, "PDF", title=publication.title)
            publication.pdf = library.Document.objects.create(
                title=publication.title,
                language=publication.language,
                file=ContentFile(buffer.getvalue(), name=f"{publication.slug}.pdf"),
            )
            publication.save()
