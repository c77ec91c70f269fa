"""Where WordPress content goes here, and finding it again by its address."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import models
from django.urls import Resolver404, resolve
from django.utils.text import slugify


@dataclass(frozen=True)
class Target:
    """A content model posts can be imported into (and the publication kind)."""

    name: str
    kind: str = ""

    @property
    def model(self) -> type[models.Model]:
        return target_models()[self.name]


# The detail view of each destination, to find an item from its address.
DETAIL_VIEWS = {
    "news:article_detail": "news",
    "news:pressrelease_detail": "press",
    "publications:publication_detail": "publication",
}


def target_models() -> dict[str, type[models.Model]]:
    # armcms imports the content apps only where it must (see DESIGN.md).
    from news.models import NewsArticle, PressRelease
    from publications.models import Publication

    return {"news": NewsArticle, "press": PressRelease, "publication": Publication}


def parse_target(value: str) -> Target:
    """``news``, ``press`` or ``publication[:kind]`` as a Target."""
    from publications.models import Kind

    name, _colon, kind = value.strip().lower().partition(":")
    if name not in target_models():
        raise ValueError(
            f"unknown destination {value!r}: use news, press or publication[:kind]"
        )
    if name == "publication":
        kind = kind or Kind.REPORT
        if kind not in Kind.values:
            raise ValueError(
                f"unknown publication kind {kind!r}: one of {', '.join(Kind.values)}"
            )
    elif kind:
        raise ValueError(f"only publications take a kind, not {value!r}")
    return Target(name, kind)


def parse_category_map(entries: dict[str, str] | list[str]) -> dict[str, Target]:
    """
    ``{"press-releases": "press"}`` or ``["press-releases=press"]`` as
    category slug -> Target.
    """
    if isinstance(entries, dict):
        pairs = list(entries.items())
    else:
        pairs = []
        for entry in entries:
            slug, equals, target = entry.partition("=")
            if not equals or not slug.strip():
                raise ValueError(f"{entry!r} is not CATEGORY=DESTINATION")
            pairs.append((slug, target))
    return {slugify(slug): parse_target(target) for slug, target in pairs}


# Reading the file


def object_at(path: str) -> models.Model | None:
    """The content item whose public page is at ``path``, if any."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    name = DETAIL_VIEWS.get(match.view_name)
    if name is None or "slug" not in match.kwargs:
        return None
    return target_models()[name].objects.filter(slug=match.kwargs["slug"]).first()
