"""WordPress post content made into the rich text the site keeps."""

import html
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.utils.html import strip_tags


def plain_text(value: str) -> str:
    return " ".join(html.unescape(strip_tags(value)).split())


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
