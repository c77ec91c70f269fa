"""
The site's own pages (About us, Our work and its programmes, Contact, a
privacy notice), in a tree kept by django-treebeard (materialised paths).

A page is content like any other (``PublishableModel``: drafts, scheduling,
revisions, translations, the Editor and Publisher rules); its address is its
path in the tree, in each language: the slugs of its ancestors and its own
(``/about/team/``, ``/es/quienes-somos/equipo/``), each language's slug or
the default language's where it has none. That path is stored per language
(``url_path``), so a page is found with one query, and it is what the
redirects follow (``address_field``): renaming or moving a page redirects
its old addresses, and those of every page below it, to the new ones.
"""

import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import (
    LocalePrefixPattern,
    NoReverseMatch,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from armcms.content import registry
from armcms.content.links import slug_url
from armcms.content.locale import (
    default_language,
    field_name,
    fill_slugs,
    language_codes,
)
from armcms.content.models import (
    Country,
    PublishableModel,
    PublishedQuerySet,
    Status,
    Topic,
    sanitise,
    validate_site_link,
)
from armcms.content.richtext import RichTextField, html_to_text
from armcms.content.video import VideoURLField


@functools.cache
def taken_segments() -> frozenset[str]:
    """
    The first segments of every address the site answers at that is not a
    page's (``news``, ``feeds``, ``admin``, ``es``...), read from the URLconf
    once: a top-level page may not take one.
    """
    segments = set(language_codes())
    for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
        segments.add(prefix.strip("/").split("/")[0])

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "pages":
                    continue
                route = (
                    ""
                    if isinstance(pattern.pattern, LocalePrefixPattern)
                    else (str(pattern.pattern))
                )
                walk(pattern.url_patterns, prefix + route)
            else:
                route = (prefix + str(pattern.pattern)).lstrip("^")
                segments.add(re.split(r"[/<(\\[?$]", route, maxsplit=1)[0])

    walk(get_resolver().url_patterns)
    return frozenset(segments - {""})


class PageQuerySet(PublishedQuerySet, MP_NodeQuerySet):
    """What the public sees (PublishedQuerySet) over the tree's rows."""


class PageManager(MP_NodeManager.from_queryset(PageQuerySet)):
    def get_queryset(self):
        return PageQuerySet(self.model, using=self._db).order_by("path")

    def move(self, node, target, pos=None, leaving=None):
        """
        Move ``node`` and its branch (treebeard's ``move``), then give the
        branch its new addresses, each old one redirecting; refused (a
        ValidationError) where a page there has its slug (``leaving``, a
        page about to be deleted, aside), or at the top level where the slug
        is another part of the site's address. Every move goes through here:
        the admin's parent field and its drag and drop alike. Returns the
        page as it now is.
        """
        with transaction.atomic(using=self.db):
            super().move(node, target, pos)
            moved = self.get(pk=node.pk)
            moved.leaving = leaving
            # A ValidationError undoes the move: its slug is taken there.
            clashes = moved.slug_clashes()
            if clashes:
                raise ValidationError(clashes)
            moved.save()
        return moved


class Page(PublishableModel, MP_Node):
    # Unique among its siblings only (see slug_clashes): /about/team/ and
    # /programmes/team/ may both exist.
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=PublishableModel._meta.get_field("slug").help_text,
    )
    url_path = models.CharField(
        _("address"), max_length=1000, blank=True, editable=False, db_index=True
    )
    # What the page's sections say, in each language, for search (see
    # refresh_sections_text).
    sections_text = models.TextField(blank=True, editable=False)

    address_field = "url_path"
    search_weights = {**PublishableModel.search_weights, "sections_text": "C"}
    dated = False
    # Siblings keep the order staff give them.
    node_order_by = []

    objects = PageManager()
    # A draft of changes never moves a page (armcms.content.drafts): its
    # place is written as the tree has it when the changes are published.
    draft_kept_fields = ["path", "depth", "numchild"]

    class Meta(PublishableModel.Meta):
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def get_absolute_url(self):
        return slug_url("pages:page", self.url_path)

    def save(self, *args, **kwargs):
        """
        Work out the page's address in each language from its parent's and
        its slugs, then save it; when the address changed, so do those of the
        pages below it (each saved, so each old address redirects).
        """
        update_fields = kwargs.get("update_fields")
        slugs = [field_name("slug", code) for code in language_codes()]
        before = None
        if update_fields is None or set(slugs) & set(update_fields):
            fill_slugs(self, "title", type(self).slug_for)
            self.set_url_paths(self.parent_page())
            if update_fields is not None:
                kwargs["update_fields"] = [
                    *update_fields,
                    *(c for c in self.url_path_columns() if c not in update_fields),
                ]
            if self.pk is not None and not self._state.adding:
                before = self.url_paths_saved()
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if before is not None and before != self.url_paths():
                self.readdress_descendants()

    # The tree and the addresses.

    def parent_page(self):
        """
        The page above this one (None at the top): where it is, or, for a
        page being placed, where it goes (``destination``, set by the admin
        form; ``False`` for the top level).
        """
        destination = getattr(self, "destination", None)
        if destination is not None:
            return destination or None
        if self.depth:
            return type(self).objects.get_parent(self)
        return None

    def url_path_columns(self) -> list[str]:
        return [field_name("url_path", code) for code in language_codes()]

    def url_paths(self) -> list[str]:
        return [getattr(self, column) for column in self.url_path_columns()]

    def url_paths_saved(self) -> list[str]:
        return list(
            type(self)
            .objects.filter(pk=self.pk)
            .values_list(*self.url_path_columns())
            .get()
        )

    def own_slug(self, code: str) -> str:
        return getattr(self, field_name("slug", code)) or getattr(
            self, field_name("slug", default_language())
        )

    def set_url_paths(self, parent) -> None:
        for code in language_codes():
            above = getattr(parent, field_name("url_path", code)) if parent else ""
            own = self.own_slug(code) or ""
            setattr(self, field_name("url_path", code), f"{above}/{own}".strip("/"))

    def readdress_descendants(self) -> None:
        parents = {self.path: self}
        columns = self.url_path_columns()
        for page in type(self).objects.get_tree(self).exclude(pk=self.pk):
            page.set_url_paths(parents[page.path[: -self.steplen]])
            page.save(update_fields=columns)
            parents[page.path] = page

    def prepare_raw_write(self) -> None:
        """
        A revert writes an old version of the row: it keeps the page's place
        in the tree as it is now (the version's may be another page's by
        now), and its addresses follow from there. A row that is not in the
        table yet (a restored backup) comes with its place.
        """
        place = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("path", "depth", "numchild", *self.url_path_columns())
            .first()
        )
        if place is None:
            return
        self.path, self.depth, self.numchild = (
            place["path"],
            place["depth"],
            place["numchild"],
        )
        self.url_paths_before = [place[c] for c in self.url_path_columns()]
        self.set_url_paths(type(self).objects.get_parent(self))

    # The slugs.

    def siblings(self):
        """The pages beside this one (but one ``leaving``: see PageManager.move)."""
        parent = self.parent_page()
        if parent is None:
            pages = type(self).objects.get_root_nodes()
        else:
            pages = type(self).objects.get_children(parent)
        leaving = getattr(self, "leaving", None)
        aside = [page.pk for page in (self, leaving) if page is not None and page.pk]
        return pages.exclude(pk__in=aside)

    def sibling_slugs(self) -> set[str]:
        columns = [field_name("slug", code) for code in language_codes()]
        return {
            slug
            for row in self.siblings().values_list(*columns)
            for slug in row
            if slug
        }

    def slug_for(self, text: str, slug_field: str) -> str:
        """A slug made from ``text`` that no sibling uses, in any language."""
        max_length = self._meta.get_field("slug").max_length
        base = slugify(text)[:max_length].strip("-") or "page"
        taken = self.sibling_slugs()
        slug, n = base, 1
        while slug in taken or self.reserved(slug):
            n += 1
            suffix = f"-{n}"
            slug = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        return slug

    def slug_clashes(self) -> dict:
        """
        Errors for slugs that a sibling uses (in any language: a language
        without a slug of its own uses the default language's), and, at the
        top level, for slugs that are another part of the site's address.
        """
        taken = self.sibling_slugs()
        errors = {}
        for code in language_codes():
            column = field_name("slug", code)
            slug = getattr(self, column)
            if not slug:
                continue
            if slug in taken:
                errors[column] = _(
                    "Another page at this place in the tree has this address; "
                    "choose another slug."
                )
            elif self.reserved(slug):
                errors[column] = _(
                    "This address belongs to another part of the site; "
                    "choose another slug."
                )
        return errors

    def reserved(self, slug: str) -> bool:
        """
        Whether a top-level page with ``slug`` would take the address of
        another part of the site (a language, a section, the back office,
        feeds, static and media files), or its sub-pages would.
        """
        return self.parent_page() is None and slug in taken_segments()

    def clean_fields(self, exclude=None):
        # The tree's own columns are set by treebeard as the page is placed.
        super().clean_fields(exclude={*(exclude or ()), "path", "depth", "numchild"})

    def clean(self):
        if self.parent_page() is not None and self.pk is not None:
            parent = self.parent_page()
            if parent.pk == self.pk or (self.depth and parent.is_descendant_of(self)):
                raise ValidationError(
                    _("A page cannot be placed below itself or its own sub-pages.")
                )
        super().clean()

    def breadcrumbs(self):
        """The published pages above this one, from the top."""
        return (
            type(self)
            .objects.published()
            .filter(
                path__in=[
                    self.path[:end]
                    for end in range(self.steplen, len(self.path), self.steplen)
                ]
            )
        )

    def published_children(self):
        return type(self).objects.get_children(self).published()

    def refresh_sections_text(self) -> None:
        """
        Store what the page's sections say in each language (headings,
        texts, captions, quotes and their sources, button labels), so search
        finds the page by it; NULL in a language none of them is written in.
        """
        names = ["heading", "text", "caption", "source", "button_label", "image_alt"]
        texts = {}
        for code in language_codes():
            columns = [field_name(name, code) for name in names]
            pieces = [
                html_to_text(value) if column.startswith("text_") else value
                for row in self.sections.values_list(*columns)
                for column, value in zip(columns, row, strict=True)
                if value
            ]
            texts[field_name("sections_text", code)] = "\n".join(pieces) or None
        self.write_derived_columns(texts)

    def body_sections(self) -> list["Section"]:
        """
        The page's sections in order, each with what it shows loaded
        (``content``), one query for the sections and one per kind that
        shows other rows; sections of a kind the site no longer has are
        left out.
        """
        sections = [
            section
            for section in self.sections.select_related(
                "link_page", "topic", "country", "image"
            ).prefetch_related("people__photo", "files")
            if section.kind_object is not None
        ]
        by_kind = {}
        for section in sections:
            by_kind.setdefault(section.kind_object, []).append(section)
        for kind, group in by_kind.items():
            kind.load(group)
        return sections

    def has_published_branch(self) -> bool:
        """Whether this page or one below it is on the public site (or will be)."""
        return (
            type(self).objects.get_tree(self).filter(status=Status.PUBLISHED).exists()
        )


# The sections that are not lists, with their names.
OTHER_SECTIONS = {"home": _("Homepage"), "search": _("Search")}


def section_choices() -> list[tuple[str, str]]:
    """The site's own sections a menu item can lead to: home and each list."""
    names = ["home", *registry.section_pages(), "search"]
    return [(name, section_title(name)) for name in names]


def section_title(url_name: str) -> str:
    """A section's name in the active language: its list's title."""
    if url_name in OTHER_SECTIONS:
        return str(OTHER_SECTIONS[url_name])
    try:
        view = resolve(reverse(url_name)).func
    except NoReverseMatch:
        return url_name
    view_class = getattr(view, "view_class", None)
    return str(getattr(view_class, "list_title", "") or url_name)


class MenuItem(models.Model):
    """
    A link of the main menu or of the footer, to a page, to a section of the
    site (News, Publications...) or to another site. A main-menu item may
    have sub-items (one level); the footer's top-level items are the
    headings of its groups of links. An item leading to a page the public
    cannot see is not shown to visitors (the admin flags it).
    """

    site_role = registry.SETTINGS

    class Menu(models.TextChoices):
        MAIN = "main", _("Main menu")
        FOOTER = "footer", _("Footer")

    menu = models.CharField(_("menu"), max_length=10, choices=Menu, default=Menu.MAIN)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under"),
        limit_choices_to={"parent__isnull": True},
        help_text=_(
            "Empty for a top-level item; in the footer, top-level items head "
            "a group of links."
        ),
    )
    label = models.CharField(
        _("label"),
        max_length=80,
        blank=True,
        help_text=_("Left empty, the page's or the section's own name."),
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="menu_items",
        verbose_name=_("page"),
    )
    section = models.CharField(
        _("section"), max_length=80, blank=True, choices=section_choices
    )
    url = models.URLField(_("other address"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["menu", "position", "pk"]
        verbose_name = _("menu item")
        verbose_name_plural = _("menus")

    def __str__(self):
        return self.name()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Sub-items go where their item goes.
        self.children.exclude(menu=self.menu).update(menu=self.menu)

    def clean(self):
        targets = [bool(self.page_id), bool(self.section), bool(self.url)]
        heading = self.menu == self.Menu.FOOTER and self.parent_id is None
        if sum(targets) > 1:
            raise ValidationError(
                _("Choose one of a page, a section or another address.")
            )
        if not any(targets) and not heading:
            raise ValidationError(
                _("Choose a page, a section or another address to lead to.")
            )
        if heading and not any(targets) and not self.label:
            raise ValidationError({"label": _("A group of links needs a label.")})
        if self.parent_id is not None:
            if self.parent.parent_id is not None:
                raise ValidationError(
                    {"parent": _("Menus have one level of sub-items.")}
                )
            if self.parent.menu != self.menu:
                raise ValidationError(
                    {"parent": _("A sub-item belongs to its parent's menu.")}
                )
            if self.pk is not None and self.parent_id == self.pk:
                raise ValidationError({"parent": _("An item cannot be under itself.")})
            if self.pk is not None and self.children.exists():
                raise ValidationError(
                    {"parent": _("An item with sub-items stays at the top level.")}
                )

    def name(self) -> str:
        if self.label:
            return self.label
        if self.page_id:
            return self.page.title
        if self.section:
            return section_title(self.section)
        return self.url

    def get_url(self) -> str:
        if self.page_id:
            return self.page.get_absolute_url()
        if self.section:
            try:
                return reverse(self.section)
            except NoReverseMatch:  # a section the site no longer has
                return ""
        return self.url

    def is_shown(self) -> bool:
        """Shown to visitors: it leads nowhere hidden, nor nowhere at all."""
        if self.page_id is not None:
            return self.page.is_live()
        return not self.section or bool(self.get_url())


class Person(models.Model):
    """Someone a page presents (the team, the board): kept once, shown by
    every "People" section that chooses them."""

    site_role = registry.LIBRARY

    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("Their title or role.")
    )
    photo = models.ForeignKey(
        "armcms.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("photo"),
        help_text=_("Shown square, cut around the image's focal point."),
    )
    bio = models.TextField(
        _("short biography"),
        blank=True,
        max_length=800,
        help_text=_("Two or three sentences."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        sanitise(self)
        super().save(*args, **kwargs)


def listing_choices() -> list[tuple[str, str]]:
    """The content whose latest items a section may list: each with a list."""
    return [
        (model._meta.label_lower, capfirst(model._meta.verbose_name_plural))
        for model in registry.publishable_models()
        if model.list_url_name
    ]


def kind_choices() -> list[tuple[str, str]]:
    return [(name, kind.label) for name, kind in registry.section_kinds().items()]


class Section(models.Model):
    """
    One part of a page's body. Its ``kind`` (see ``armcms.content.sections``)
    says which of these fields it uses and how it shows them; the others stay
    empty.
    """

    site_role = registry.PART

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="sections", verbose_name=_("page")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = RichTextField(_("text"), blank=True)
    image = models.ForeignKey(
        "armcms.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="page_sections",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Empty, the "
            "image's own alt text from the library is used."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Empty, the image's own caption from the library is used."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who took or owns the image, e.g. “François Tancré”. Empty, the "
            "image's own credit from the library is used."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Who said it, and their role."),
    )
    button_label = models.CharField(_("button label"), max_length=80, blank=True)
    link_page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("button leads to a page"),
    )
    link_url = models.CharField(
        _("or to an address"),
        max_length=500,
        blank=True,
        validators=[validate_site_link],
        help_text=_(
            "On this site (/news/), on another (https://...), or an email "
            "address (mailto:info@example.org)."
        ),
    )
    listing = models.CharField(
        _("list of"), max_length=60, blank=True, choices=listing_choices
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only on the topic"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only in the country"),
    )
    count = models.PositiveSmallIntegerField(
        _("how many"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    items = models.JSONField(_("chosen items"), default=list, blank=True)
    people = models.ManyToManyField(
        Person, blank=True, related_name="sections", verbose_name=_("people")
    )
    files = models.ManyToManyField(
        "armcms.Document",
        blank=True,
        related_name="page_sections",
        verbose_name=_("files"),
    )
    video_url = VideoURLField(
        _("video address"),
        blank=True,
        help_text=_(
            "Its address on YouTube or Vimeo, e.g. "
            "https://www.youtube.com/watch?v=… or https://vimeo.com/…"
        ),
    )
    video_title = models.CharField(
        _("video title"),
        max_length=300,
        blank=True,
        help_text=_("Left empty, the title the video has on YouTube or Vimeo."),
    )
    transcript_url = models.CharField(
        _("transcript"),
        max_length=500,
        blank=True,
        validators=[validate_site_link],
        help_text=_("The address of the video's transcript, on this site or another."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        kind = self.kind_object
        label = str(kind) if kind else self.kind
        return f"{label}: {self.heading}" if self.heading else label

    def save(self, *args, **kwargs):
        sanitise(self)
        super().save(*args, **kwargs)

    @property
    def kind_object(self):
        return registry.section_kinds().get(self.kind)

    @property
    def template(self) -> str:
        return self.kind_object.template
