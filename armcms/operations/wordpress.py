"""
Import a WordPress site from its export file (WXR 1.0-1.2, WordPress 4.x-6.x).

Posts become news articles, or press releases and publications for the
categories mapped to them; categories and tags become topics, or countries
when they name one. Bodies get the paragraphs WordPress shows (a port of
``wpautop``), lose block-editor comments and the shortcodes that cannot be
rendered, and have their upload URLs pointed at the imported files. Files come
from a local copy of ``wp-content/uploads``: nothing is fetched.

The file is read twice, streaming (the first pass checks it is well-formed and
collects the attachments, which may come after the posts using them), so
memory stays flat whatever its size. Everything is written in one
transaction; files written are removed again if it fails or is a dry run.

Idempotency rests on django.contrib.redirects, which the import fills anyway
so old links keep working: an item is the target of the ``/?p=<ID>`` redirect
of its WordPress post, and an imported file the target of the redirect of its
old ``/wp-content/uploads/...`` address. Running the same file again finds
them and updates in place.
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from armcms.content.files import UploadTo, image_validators, pdf_validators
from armcms.content.images import make_body_image_renditions, manifest_name
from armcms.content.models import Country, Status, Topic, sanitise, unique_slug

REDIRECT_MAX = Redirect._meta.get_field("old_path").max_length
SUMMARY_WORDS = 40
SUPPORTED_WXR = {"1.0", "1.1", "1.2"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# Post types whose items are listed as skipped; everything but "post" is.
IMPORTED_TYPES = {"post"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "an unsaved auto-draft"}
DRAFT_STATUSES = {"draft", "pending", "private"}
# Categories that say nothing about the content.
IGNORED_TERMS = {"uncategorized", "sin-categoria", "non-classe", "sem-categoria"}


class WordPressImportError(Exception):
    """An export that cannot be imported; the message is for people."""


# Where posts go


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


WP_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


def local_name(tag: str) -> str:
    """``{namespace}name`` as ``prefix:name``, whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _brace, name = tag[1:].partition("}")
    if uri.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    else:
        prefix = WP_NAMESPACES.get(uri, uri)
    return f"{prefix}:{name}"


@dataclass
class Term:
    domain: str
    slug: str
    name: str


@dataclass
class Item:
    """One ``<item>`` of the export, as plain values."""

    post_id: int
    post_type: str = ""
    title: str = ""
    link: str = ""
    status: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    excerpt: str = ""
    parent: int = 0
    attachment_url: str = ""
    mime_type: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        title = self.title.strip() or "(no title)"
        return (
            f"{self.post_type or 'item'} {self.post_id} «{Truncator(title).chars(60)}»"
        )


def read_item(element) -> Item:
    values, terms, meta = {}, [], {}
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            terms.append(
                Term(
                    child.get("domain", ""),
                    child.get("nicename", ""),
                    html.unescape(child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            parts = {local_name(part.tag): part.text or "" for part in child}
            meta[parts.get("wp:meta_key", "")] = parts.get("wp:meta_value", "")
        else:
            values[name] = child.text or ""

    def number(key):
        try:
            return int(values.get(key, "").strip() or 0)
        except ValueError:
            return 0

    return Item(
        post_id=number("wp:post_id"),
        post_type=values.get("wp:post_type", "").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        status=values.get("wp:status", "").strip(),
        slug=values.get("wp:post_name", "").strip(),
        date=values.get("wp:post_date", "").strip(),
        date_gmt=values.get("wp:post_date_gmt", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        parent=number("wp:post_parent"),
        attachment_url=values.get("wp:attachment_url", "").strip(),
        mime_type=values.get("wp:post_mime_type", "").strip(),
        terms=terms,
        meta=meta,
    )


@dataclass
class Site:
    """What the channel says about the exported site."""

    version: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""

    @property
    def base_path(self) -> str:
        """The path WordPress lived under ("" at the root of its domain)."""
        url = self.base_blog_url or self.link or self.base_site_url
        return urlsplit(url).path.rstrip("/")


def read_export(path: Path, site: Site | None = None) -> Iterator[Item]:
    """
    The export's items, streamed: each is dropped from the tree once read, so
    memory holds one item at a time. DTDs may be declared (some tools add one)
    but entities may not, which rules out entity-expansion bombs and external
    entities alike. ``site`` is filled in from the channel as it is read.
    """
    site = site if site is not None else Site()
    depth, channel = 0, None
    try:
        with path.open("rb") as handle:
            for event, element in iterparse(handle, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 2:
                        channel = element
                    continue
                depth -= 1
                if depth != 2:
                    continue
                name = local_name(element.tag)
                if name == "item":
                    yield read_item(element)
                elif name == "wp:wxr_version":
                    site.version = (element.text or "").strip()
                elif name == "link":
                    site.link = (element.text or "").strip()
                elif name == "wp:base_site_url":
                    site.base_site_url = (element.text or "").strip()
                elif name == "wp:base_blog_url":
                    site.base_blog_url = (element.text or "").strip()
                element.clear()
                if channel is not None:
                    channel.remove(element)
    except ParseError as error:
        line, column = error.position
        raise WordPressImportError(
            f"{path.name} is not well-formed XML: line {line}, column {column} "
            f"({str(error).split(':')[0]}). Nothing was imported."
        ) from error
    except DefusedXmlException as error:
        what = f"entity {error.name!r}" if hasattr(error, "name") else "a DTD"
        if getattr(error, "sysid", None):
            what += f" pointing at {error.sysid}"
        raise WordPressImportError(
            f"{path.name} declares XML entities ({what}); they are refused, "
            "as they can expand to gigabytes or read files from this server. "
            "A WordPress export never needs them. Nothing was imported."
        ) from error


# Dates and text


def parse_date(item: Item) -> datetime | None:
    """post_date_gmt, or post_date in the site's time zone when GMT is unset."""
    for value, zone in (
        (item.date_gmt, UTC),
        (item.date, ZoneInfo(settings.TIME_ZONE)),
    ):
        if not value or value.startswith("0000"):
            continue
        try:
            naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
        except ValueError:
            continue
        return naive.replace(tzinfo=zone)
    return None


def plain_text(value: str) -> str:
    return " ".join(html.unescape(strip_tags(value)).split())


def normalise_name(value: str) -> str:
    """Lower case, no accents or punctuation: "Côte d'Ivoire" -> "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^0-9a-z]+", " ", bare).split()
    if words and words[0] in {"the", "la", "le", "el", "les"}:
        words = words[1:]
    return " ".join(words)


# Countries: ISO 3166-1 alpha-2 codes with English short names, then other
# names people tag with (Spanish, French and Portuguese where they differ
# beyond accents, which matching ignores).
COUNTRY_NAMES = """
AF Afghanistan|AL Albania|DZ Algeria/Argelia/Algérie|AD Andorra|AO Angola
AG Antigua and Barbuda|AR Argentina/Argentine|AM Armenia|AU Australia/Australie
AT Austria/Autriche|AZ Azerbaijan|BS Bahamas|BH Bahrain|BD Bangladesh|BB Barbados
BY Belarus|BE Belgium/Bélgica/Belgique|BZ Belize/Belice|BJ Benin/Bénin
BT Bhutan|BO Bolivia/Bolivie/Bolívia|BA Bosnia and Herzegovina|BW Botswana
BR Brazil/Brasil/Brésil|BN Brunei|BG Bulgaria|BF Burkina Faso|BI Burundi
CV Cabo Verde/Cape Verde|KH Cambodia/Camboya/Cambodge|CM Cameroon/Camerún/Cameroun
CA Canada/Canadá|CF Central African Republic/República Centroafricana
TD Chad/Tchad|CL Chile/Chili|CN China/Chine|CO Colombia/Colombie/Colômbia
KM Comoros|CG Congo/Republic of the Congo/Congo-Brazzaville
CD Democratic Republic of the Congo/DR Congo/DRC/RDC/Congo-Kinshasa/RD Congo
CD República Democrática del Congo/République démocratique du Congo
CR Costa Rica|CI Côte d'Ivoire/Ivory Coast/Costa de Marfil|HR Croatia|CU Cuba
CY Cyprus|CZ Czechia/Czech Republic|DK Denmark|DJ Djibouti|DM Dominica
DO Dominican Republic/República Dominicana/République dominicaine
EC Ecuador/Équateur/Equador|EG Egypt/Egipto/Égypte|SV El Salvador/Salvador
GQ Equatorial Guinea/Guinea Ecuatorial|ER Eritrea|EE Estonia|SZ Eswatini/Swaziland
ET Ethiopia/Etiopía/Éthiopie|FJ Fiji|FI Finland|FR France/Francia/França
GA Gabon/Gabón|GM Gambia/The Gambia|GE Georgia|DE Germany/Alemania/Allemagne/Alemanha
GH Ghana|GR Greece|GD Grenada|GT Guatemala|GN Guinea/Guinée/Guiné
GW Guinea-Bissau|GY Guyana|HT Haiti/Haití|HN Honduras|HU Hungary|IS Iceland
IN India/Inde|ID Indonesia/Indonésie|IR Iran|IQ Iraq|IE Ireland/Irlanda/Irlande
IL Israel|IT Italy/Italia/Italie|JM Jamaica|JP Japan/Japón/Japon|JO Jordan
KZ Kazakhstan|KE Kenya/Kenia|KI Kiribati|KP North Korea|KR South Korea/Korea
KW Kuwait|KG Kyrgyzstan|LA Laos|LV Latvia|LB Lebanon|LS Lesotho|LR Liberia
LY Libya|LI Liechtenstein|LT Lithuania|LU Luxembourg|MG Madagascar|MW Malawi
MY Malaysia|MV Maldives|ML Mali|MT Malta|MH Marshall Islands
MR Mauritania/Mauritanie|MU Mauritius|MX Mexico/México/Mexique|FM Micronesia
MD Moldova|MC Monaco|MN Mongolia/Mongolie|ME Montenegro|MA Morocco/Marruecos/Maroc
MZ Mozambique/Moçambique|MM Myanmar/Burma|NA Namibia|NR Nauru|NP Nepal
NL Netherlands/Países Bajos/Pays-Bas/Holland|NZ New Zealand|NI Nicaragua
NE Niger|NG Nigeria|MK North Macedonia|NO Norway|OM Oman|PK Pakistan|PW Palau
PS Palestine|PA Panama/Panamá|PG Papua New Guinea|PY Paraguay
PE Peru/Perú/Pérou|PH Philippines/Filipinas|PL Poland|PT Portugal
QA Qatar|RO Romania|RU Russia/Russian Federation/Rusia/Russie|RW Rwanda/Ruanda
KN Saint Kitts and Nevis|LC Saint Lucia|VC Saint Vincent and the Grenadines
WS Samoa|SM San Marino|ST Sao Tome and Principe|SA Saudi Arabia
SN Senegal/Sénégal|RS Serbia|SC Seychelles|SL Sierra Leone|SG Singapore
SK Slovakia|SI Slovenia|SB Solomon Islands|SO Somalia
ZA South Africa/Sudáfrica/Afrique du Sud/África do Sul|SS South Sudan
ES Spain/España/Espagne/Espanha
LK Sri Lanka|SD Sudan/Soudan|SR Suriname/Surinam|SE Sweden
CH Switzerland/Suiza/Suisse/Suíça|SY Syria|TW Taiwan|TJ Tajikistan
TZ Tanzania/Tanzanie|TH Thailand|TL Timor-Leste/East Timor|TG Togo|TO Tonga
TT Trinidad and Tobago|TN Tunisia/Túnez/Tunisie|TR Türkiye/Turkey
TM Turkmenistan|TV Tuvalu|UG Uganda/Ouganda|UA Ukraine/Ucrania
AE United Arab Emirates|GB United Kingdom/UK/Great Britain/Reino Unido/Royaume-Uni
US United States/United States of America/USA/Estados Unidos/États-Unis/EE UU
UY Uruguay|UZ Uzbekistan|VU Vanuatu|VE Venezuela|VN Vietnam/Viet Nam
YE Yemen|ZM Zambia/Zambie|ZW Zimbabwe
"""


def builtin_countries() -> dict[str, tuple[str, str]]:
    """Normalised name -> (ISO code, English name), from COUNTRY_NAMES."""
    found = {}
    for entry in re.split(r"[|\n]", COUNTRY_NAMES):
        if not entry.strip():
            continue
        code, _space, names = entry.strip().partition(" ")
        names = names.split("/")
        for name in names:
            found.setdefault(normalise_name(name), (code, names[0]))
    return found


# Content: block comments, shortcodes, wpautop


BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\s*", re.S)
SPECIAL_COMMENT = re.compile(r"<!--(?:more|nextpage|noteaser)\b.*?-->", re.S)
# Shortcodes removed with what they enclose: they show media or embeds that
# have no equivalent here.
REMOVED_WITH_CONTENT = {"gallery", "embed", "video", "audio", "playlist"}
KNOWN_SHORTCODES = REMOVED_WITH_CONTENT | {"caption", "wp_caption"}
SHORTCODE = re.compile(
    r"\[(?P<escape>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<self>/?)\]"
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")

CAPTIONED = re.compile(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.S)
ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def replace_shortcodes(content: str, removed: Counter) -> str:
    """
    Render [caption] as a figure; drop the other shortcodes, counting them in
    ``removed``. Text in brackets is a shortcode when its name is known, it
    has attributes or a closing tag, so "[sic]" or "[1]" stay as written.
    """
    out, position = [], 0
    while True:
        match = SHORTCODE.search(content, position)
        if not match:
            out.append(content[position:])
            return "".join(out)
        name = match["name"]
        closing = f"[/{name}]"
        end_tag = content.find(closing, match.end()) if not match["self"] else -1
        is_shortcode = (
            name.lower() in KNOWN_SHORTCODES or "=" in match["attrs"] or end_tag != -1
        )
        if not is_shortcode:
            out.append(content[position : match.end()])
            position = match.end()
            continue
        out.append(content[position : match.start()])
        inner = content[match.end() : end_tag] if end_tag != -1 else ""
        after = end_tag + len(closing) if end_tag != -1 else match.end()
        if match["escape"] and content[after : after + 1] == "]":
            # [[gallery]] is how WordPress writes the literal text "[gallery]".
            out.append(content[match.start() + 1 : after])
            position = after + 1
            continue
        attrs = {
            key.lower(): next(v for v in values if v is not None)
            for key, *values in ATTRIBUTE.findall(match["attrs"])
        }
        if name.lower() in {"caption", "wp_caption"}:
            out.append(render_caption(replace_shortcodes(inner, removed), attrs))
        else:
            removed[name] += 1
            if name.lower() not in REMOVED_WITH_CONTENT:
                out.append(replace_shortcodes(inner, removed))
        position = after


def render_caption(inner: str, attrs: dict) -> str:
    # The caption is the text after the image (or the caption="" attribute of
    # WordPress before 3.4).
    media = re.match(
        r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S
    )
    image, text = (media[1], media[2]) if media else ("", inner)
    text = text.strip() or attrs.get("caption", "")
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f'<figure class="image">{image}{caption}</figure>'


def replace_newlines_in_tags(text: str) -> str:
    return re.sub(
        r"<!--.*?-->|<[^>]*>",
        lambda match: match[0].replace("\n", " <!-- wpnl --> "),
        text,
        flags=re.S,
    )


def wpautop(text: str) -> str:
    """
    Paragraphs as WordPress shows classic-editor text: a port of its
    ``wpautop()`` (wp-includes/formatting.php): blank lines make paragraphs,
    single line breaks <br />, never around or inside block elements or <pre>.
    """
    if not text.strip():
        return ""
    text += "\n"
    pre_tags = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        for number, part in enumerate(parts):
            start = part.find("<pre")
            if start == -1:
                text += part
                continue
            name = f"<pre wp-pre-tag-{number}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_newlines_in_tags(text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda match: match[0].replace("\n", "<WPPreserveNewline />"),
        text,
        flags=re.S,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")


def convert_content(content: str, removed: Counter) -> str:
    """A post's HTML as WordPress would show it, before upload URLs are mapped."""
    content = content.replace("\r\n", "\n")
    block_editor = has_blocks(content)
    content = BLOCK_COMMENT.sub("", content)
    content = SPECIAL_COMMENT.sub("", content)
    content = replace_shortcodes(content, removed)
    return content.strip() if block_editor else wpautop(content).strip()


# Files

SIZE_VARIANT = re.compile(
    r"^(?P<stem>.+?)(?:-\d+x\d+|-scaled|-e\d{10,})(?P<ext>\.\w+)$"
)
URL_ATTRIBUTE = re.compile(
    r"""(?P<before>\b(?:src|href)\s*=\s*)(?P<quote>["'])(?P<url>[^"'<>]+)(?P=quote)""",
    re.I,
)


def uploads_path(url: str) -> str | None:
    """The part of an upload's URL after ``/uploads/``, or None."""
    path = unquote(urlsplit(url).path)
    marker = path.find("/uploads/")
    if marker == -1:
        return None
    return path[marker + len("/uploads/") :].lstrip("/") or None


def original_of(relative: str) -> str | None:
    """photo-300x200.jpg (or -scaled, or an edited copy) -> photo.jpg."""
    match = SIZE_VARIANT.match(relative)
    return f"{match['stem']}{match['ext']}" if match else None


# The import


@dataclass
class Report:
    """What an import did, item by item; printed by the command."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files: int = 0
    topics: int = 0
    countries: int = 0
    redirects: int = 0
    dry_run: bool = False


class Rollback(Exception):
    """Raised to undo a dry run's writes."""


class WordPressImporter:
    """
    One run of the import of ``path``. ``progress`` wraps the iterable of
    items (a tqdm bar, say).
    """

    def __init__(
        self,
        path: Path,
        uploads: Path | None = None,
        category_map: dict[str, Target] | None = None,
        dry_run: bool = False,
        progress: Callable | None = None,
    ):
        self.path = Path(path)
        self.uploads = Path(uploads).resolve() if uploads else None
        self.category_map = category_map or {}
        self.dry_run = dry_run
        self.progress = progress or (lambda items, total: items)
        self.report = Report(dry_run=dry_run)
        self.site = Site()
        self.attachments: dict[int, Item] = {}
        self.written: list[str] = []
        self.files: dict[str, str | None] = {}
        self.topics: dict[str, Topic] = {}
        self.countries: dict[str, Country | None] = {}
        self.builtin_countries = builtin_countries()
        self.site_hosts: set[str] = set()

    def run(self) -> Report:
        total = self.scan()
        try:
            with transaction.atomic():
                items = self.progress(read_export(self.path), total)
                for item in items:
                    self.import_item(item)
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        except BaseException:
            self.delete_written()
            raise
        return self.report

    def scan(self) -> int:
        """Check the whole file and collect its attachments; count its items."""
        total = 0
        for item in read_export(self.path, self.site):
            total += 1
            if item.post_type == "attachment":
                item.content = item.excerpt = ""
                self.attachments[item.post_id] = item
                if item.attachment_url:
                    self.site_hosts.add(urlsplit(item.attachment_url).netloc)
        if not self.site.version:
            raise WordPressImportError(
                f"{self.path.name} is not a WordPress export (no wp:wxr_version)."
            )
        if self.site.version not in SUPPORTED_WXR:
            self.report.warnings.append(
                (self.path.name, f"WXR version {self.site.version} was not tested")
            )
        for url in (self.site.link, self.site.base_site_url, self.site.base_blog_url):
            if url:
                self.site_hosts.add(urlsplit(url).netloc)
        return total

    def delete_written(self) -> None:
        for name in self.written:
            default_storage.delete(name)
        self.written.clear()

    # One item

    def import_item(self, item: Item) -> None:
        if item.post_type == "attachment":
            self.report.skipped.append(
                (item.label, "attachment: its file is imported where a post uses it")
            )
            return
        if item.post_type not in IMPORTED_TYPES:
            self.report.skipped.append(
                (item.label, f"post type {item.post_type or '(none)'} is not imported")
            )
            return
        if item.status in SKIPPED_STATUSES:
            self.report.skipped.append((item.label, SKIPPED_STATUSES[item.status]))
            return
        written_before = len(self.written)
        files_before = dict(self.files)
        try:
            with transaction.atomic():
                self.save_item(item)
        except (DatabaseError, ValidationError, OSError, ValueError) as error:
            # This item's rows are rolled back; so are the files it wrote.
            for name in self.written[written_before:]:
                default_storage.delete(name)
            del self.written[written_before:]
            self.files = files_before
            self.report.failed.append((item.label, f"{type(error).__name__}: {error}"))

    def save_item(self, item: Item) -> None:
        target = self.target_for(item)
        model = target.model
        existing = self.find_existing(item)
        obj = existing or model()
        if existing and not isinstance(existing, model):
            self.warn(
                item,
                f"already imported as a {existing._meta.verbose_name}; kept there",
            )
        before = self.snapshot(obj) if existing else None

        removed = Counter()
        body = self.map_upload_urls(item, convert_content(item.content, removed))
        for name, count in sorted(removed.items()):
            self.warn(item, f"shortcode [{name}] removed ({count}x)")

        title = plain_text(item.title)
        if not title:
            title = Truncator(plain_text(body)).words(8, truncate="…") or (
                f"Untitled WordPress post {item.post_id}"
            )
            self.warn(item, f"no title; titled «{title}»")
        obj.title = title[: obj._meta.get_field("title").max_length]
        obj.summary = plain_text(item.excerpt) or Truncator(plain_text(body)).words(
            SUMMARY_WORDS, truncate="…"
        )
        obj.body = body
        published_at = parse_date(item)
        if published_at is None:
            published_at = obj.published_at if existing else timezone.now()
            self.warn(item, "no valid date; dated now")
        obj.published_at = published_at
        obj.status = Status.DRAFT if item.status in DRAFT_STATUSES else Status.PUBLISHED
        if item.status not in DRAFT_STATUSES | {"publish", "future"}:
            self.warn(item, f"unknown status {item.status!r}; imported as published")
        if not existing:
            obj.slug = self.new_slug(obj, item)
        if target.kind and hasattr(obj, "kind") and not existing:
            obj.kind = target.kind
        if hasattr(obj, "year") and not obj.year:
            obj.year = published_at.year
        self.attach_lead_image(obj, item)
        self.attach_document(obj, item)

        # As saving will store it, so a second run sees what is unchanged.
        sanitise(obj)
        topics, countries = self.taxonomy(item)
        if (
            before is not None
            and self.snapshot(obj) == before
            and (
                set(obj.topics.all()) == set(topics)
                and set(obj.countries.all()) == set(countries)
            )
        ):
            self.report.unchanged.append(item.label)
        else:
            renditions = obj.lead_image_renditions
            obj.save()
            if obj.lead_image_renditions != renditions:
                # Made by the save; removed with the rest if the import fails.
                self.written += [
                    name
                    for key in ("fallback", "webp")
                    for _width, _height, name in obj.lead_image_renditions.get(key, [])
                ]
            obj.topics.set(topics)
            obj.countries.set(countries)
            (self.report.updated if existing else self.report.created).append(
                item.label
            )
        self.add_redirects(item, obj)

    def target_for(self, item: Item) -> Target:
        for term in item.terms:
            if term.domain == "category":
                target = self.category_map.get(term.slug) or self.category_map.get(
                    slugify(term.name)
                )
                if target:
                    return target
        return Target("news")

    def snapshot(self, obj) -> dict:
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.editable and not isinstance(f, models.AutoField)
        } | {
            name: str(getattr(obj, name))
            for name in ("lead_image", "pdf")
            if hasattr(obj, name)
        }

    def new_slug(self, obj, item: Item) -> str:
        wanted = slugify(unquote(item.slug))[: obj._meta.get_field("slug").max_length]
        slug = unique_slug(obj, wanted.strip("-") or obj.title)
        if wanted and slug != wanted:
            self.warn(item, f"slug {wanted!r} was taken; using {slug!r}")
        return slug

    # Idempotency and old links

    def query_path(self, item: Item) -> str:
        return f"{self.site.base_path}/?p={item.post_id}"

    def find_existing(self, item: Item) -> models.Model | None:
        """The item imported from this post by an earlier run, if any."""
        redirect = Redirect.objects.filter(
            site_id=settings.SITE_ID, old_path=self.query_path(item)
        ).first()
        return object_at(redirect.new_path) if redirect else None

    def add_redirects(self, item: Item, obj) -> None:
        new_path = obj.get_absolute_url()
        old_paths = [self.query_path(item)]
        if item.link:
            # As request.get_full_path() gives it: percent-encoded, upper case.
            parts = urlsplit(item.link)
            path = escape_uri_path(unquote(parts.path))
            old_paths.append(path + (f"?{parts.query}" if parts.query else ""))
        for old_path in dict.fromkeys(old_paths):
            if old_path in {new_path, "", "/"}:
                continue
            if len(old_path) > REDIRECT_MAX:
                self.warn(item, f"old address too long to redirect: {old_path}")
                continue
            self.redirect(old_path, new_path)

    def redirect(self, old_path: str, new_path: str) -> None:
        _redirect, created = Redirect.objects.update_or_create(
            site_id=settings.SITE_ID,
            old_path=old_path,
            defaults={"new_path": new_path},
        )
        self.report.redirects += created

    # Taxonomy

    def taxonomy(self, item: Item) -> tuple[list[Topic], list[Country]]:
        topics, countries = [], []
        for term in item.terms:
            if term.domain not in {"category", "post_tag"} or not term.name:
                continue
            slug = term.slug or slugify(term.name)
            if slug in IGNORED_TERMS or (
                term.domain == "category" and slug in self.category_map
            ):
                continue
            country = self.country_named(term.name)
            if country:
                countries.append(country)
            else:
                topics.append(self.topic_named(term.name))
        return list(dict.fromkeys(topics)), list(dict.fromkeys(countries))

    def country_named(self, name: str) -> Country | None:
        key = normalise_name(name)
        if key not in self.countries:
            self.countries[key] = self.find_country(key)
        return self.countries[key]

    def find_country(self, key: str) -> Country | None:
        for country in Country.objects.all():
            if key in {normalise_name(country.name), normalise_name(country.slug)}:
                return country
        if key not in self.builtin_countries:
            return None
        code, english = self.builtin_countries[key]
        country = (
            Country.objects.filter(code=code).first()
            or Country.objects.filter(name__iexact=english).first()
        )
        if country is None:
            country = Country.objects.create(name=english, code=code)
            self.report.countries += 1
        return country

    def topic_named(self, name: str) -> Topic:
        name = name[: Topic._meta.get_field("name").max_length]
        key = name.casefold()
        if key not in self.topics:
            topic = Topic.objects.filter(name__iexact=name).first()
            if topic is None:
                topic = Topic.objects.create(name=name)
                self.report.topics += 1
            self.topics[key] = topic
        return self.topics[key]

    # Files

    def attachment_path(self, attachment: Item) -> str | None:
        return attachment.meta.get("_wp_attached_file") or uploads_path(
            attachment.attachment_url
        )

    def attach_lead_image(self, obj, item: Item) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return
        attachment = self.attachments.get(int(thumbnail) if thumbnail.isdigit() else 0)
        if attachment is None:
            self.warn(item, f"featured image {thumbnail} is not in the export")
            return
        relative = self.attachment_path(attachment)
        name = self.import_file(item, relative, "images") if relative else None
        if not name or self.dry_run:
            return
        if obj.lead_image.name != name:
            obj.lead_image = name
        obj.lead_image_alt = (
            plain_text(attachment.meta.get("_wp_attachment_image_alt", ""))
            or plain_text(attachment.title)
            or obj.title
        )[:255]

    def attach_document(self, obj, item: Item) -> None:
        """A press release's or publication's PDF: its first attached PDF."""
        if not hasattr(obj, "pdf") or obj.pdf:
            return
        for attachment in self.attachments.values():
            relative = self.attachment_path(attachment) or ""
            if attachment.parent == item.post_id and relative.lower().endswith(".pdf"):
                name = self.import_file(item, relative, "documents")
                if name and not self.dry_run:
                    obj.pdf = name
                return

    def map_upload_urls(self, item: Item, body: str) -> str:
        """Point src and href at uploads to the imported files."""

        def replace(match):
            url = html.unescape(match["url"])
            host = urlsplit(url).netloc
            relative = uploads_path(url)
            if not relative or (host and host not in self.site_hosts):
                return match[0]
            suffix = PurePosixPath(relative).suffix.lower()
            if suffix in IMAGE_SUFFIXES:
                name = self.import_image_or_variant(item, relative)
            elif suffix == ".pdf":
                name = self.import_file(item, relative, "documents")
            else:
                self.warn(item, f"link to {relative} left pointing at the old site")
                return match[0]
            if not name:
                return match[0]
            url = default_storage.url(name)
            return f"{match['before']}{match['quote']}{url}{match['quote']}"

        return URL_ATTRIBUTE.sub(replace, body)

    def import_image_or_variant(self, item: Item, relative: str) -> str | None:
        """The original of a size variant (imported once), else the variant."""
        original = original_of(relative)
        if original and (
            self.local_file(original) or self.stored_file(self.upload_path(original))
        ):
            return self.import_file(item, original, "editor")
        return self.import_file(item, relative, "editor")

    def local_file(self, relative: str) -> Path | None:
        if self.uploads is None:
            return None
        candidate = (self.uploads / relative).resolve()
        if not candidate.is_relative_to(self.uploads) or not candidate.is_file():
            return None
        return candidate

    def import_file(self, item: Item, relative: str, folder: str) -> str | None:
        """
        Store ``relative`` (a path in the uploads folder) once, checked as the
        admin checks uploads; the storage name, or None when it is missing or
        refused (and reported). Its old address redirects to the new one,
        which also tells the next run it is already there.
        """
        relative = relative.strip().lstrip("/")
        if relative in self.files:
            return self.files[relative]
        old_path = self.upload_path(relative)
        self.files[relative] = name = self.stored_file(old_path)
        if name:
            return name
        source = self.local_file(relative)
        if source is None:
            where = self.uploads or "(no --uploads folder given)"
            self.warn(item, f"file {relative} not found in {where}")
            return None
        is_pdf = source.suffix.lower() == ".pdf"
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            try:
                for validator in pdf_validators if is_pdf else image_validators:
                    validator(upload)
            except ValidationError as error:
                self.warn(item, f"file {relative} refused: {' '.join(error.messages)}")
                return None
            target = UploadTo(folder)(None, source.name)
            if self.dry_run:
                self.files[relative] = target
                return target
            name = default_storage.save(target, upload)
        self.written.append(name)
        if folder == "editor":
            # Images in the text get renditions as the editor's uploads do;
            # removed with the rest if the import fails.
            renditions = make_body_image_renditions(name)
            if renditions:
                self.written.append(manifest_name(name))
            self.written += [
                rendition
                for key in ("fallback", "webp")
                for _width, _height, rendition in renditions.get(key, [])
            ]
        self.files[relative] = name
        self.report.files += 1
        if len(old_path) <= REDIRECT_MAX:
            self.redirect(old_path, default_storage.url(name))
        return name

    def upload_path(self, relative: str) -> str:
        """The old address of an upload, as request.get_full_path() gives it."""
        return escape_uri_path(f"{self.site.base_path}/wp-content/uploads/{relative}")

    def stored_file(self, old_path: str) -> str | None:
        """The storage name a previous run gave the file at ``old_path``."""
        redirect = Redirect.objects.filter(
            site_id=settings.SITE_ID, old_path=old_path
        ).first()
        if redirect is None:
            return None
        base = default_storage.url("")
        if not redirect.new_path.startswith(base):
            return None
        name = unquote(redirect.new_path[len(base) :])
        return name if default_storage.exists(name) else None

    def warn(self, item: Item, message: str) -> None:
        self.report.warnings.append((item.label, message))


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
