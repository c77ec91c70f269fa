"""
Two scenarios that use the site over HTTP only, as visitors, an editor and a
crawler do, so they measure whatever page cache the site runs:

- the edit storm: a mixed load (wrk with bench/mix.lua) while an editor saves
  a news article through the admin every few seconds; after each save, the
  pages that show the article are read over new connections and a read
  without the new title counts as stale;
- the cold crawl: every address of a larger set once, from an empty cache,
  a few at a time, timed by page type.

bench/run.py starts the servers and prints the tables.
"""

import http.client
import itertools
import re
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlparse

HERE = Path(__file__).resolve().parent
LISTS = [
    "/news/",
    "/press/",
    "/publications/",
    "/impact/",
    "/news/?topic=gender&country=colombia&year=2025",
]
# Pages that list news articles, where a changed title must show too.
LISTINGS = ["/", "/news/"]


def news_details(count: int) -> list[str]:
    """
    The addresses of the published news articles among the `count` newest.

    bench.fill names article n `newsarticle-n`, the newest first, and leaves
    one in fifty (n % 50 == 7) a draft, which visitors cannot see.
    """
    return [f"/news/newsarticle-{n}/" for n in range(count) if n % 50 != 7]


def storm_mix(news: int) -> list[str]:
    """The storm's addresses: the homepage, the lists, 200 news articles."""
    return ["/", *LISTS, *news_details(min(news, 250))[:200]]


def fetch(base: str, path: str, data=None, headers=None):
    """One request over a new connection, redirects not followed."""
    parsed = urlparse(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
    headers = dict(headers or {})
    body = None
    if data is not None:
        body = urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request("GET" if data is None else "POST", path, body, headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


class FormFields(HTMLParser):
    """
    The fields a browser would send when a form of the page is submitted
    without a button: every named input, checked box, selected option and
    text area, with its value as the page shows it.
    """

    SKIPPED = {"submit", "button", "image", "reset", "file"}

    def __init__(self, form_id: str | None):
        super().__init__()
        self.form_id = form_id
        self.inside = self.done = False
        self.fields = []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            self.inside = self.form_id in (None, attrs.get("id"))
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if tag == "input" and name and kind not in self.SKIPPED:
            if kind not in ("checkbox", "radio"):
                self.fields.append((name, attrs.get("value") or ""))
            elif "checked" in attrs:
                self.fields.append((name, attrs.get("value") or "on"))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "first": None}
            self.select["chosen"] = []
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside, self.done = False, True
        elif tag == "select" and self.select:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"]:
                chosen = [self.select["first"] or ""]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline that follows <textarea>.
            name, text = self.textarea
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_fields(page: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The fields of the form `form_id` of `page` (the first form without one)."""
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


def filled(fields: list[tuple[str, str]], values: dict) -> list[tuple[str, str]]:
    """A form's fields with `values` put in, replacing what the form held."""
    kept = [(name, value) for name, value in fields if name not in values]
    return [*kept, *values.items()]


class Editor:
    """A staff member in the admin: a session of its own, forms sent as shown."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.cookies = {}
        # django-two-factor-auth's sign-in, its password step.
        login = "/admin/account/login/"
        _status, page = self.request(login)
        values = {"auth-username": username, "auth-password": password}
        status, _page = self.request(login, filled(form_fields(page), values))
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")

    def request(self, path: str, data=None) -> tuple[int, str]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        status, headers, page = fetch(self.base, path, data, {"Cookie": cookie})
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, page

    def retitle(self, address: str, title: str):
        """
        Give the live news article at `address` a new English title, and
        publish it: Save would keep the change as a draft beside the live
        version.
        """
        slug = address.rstrip("/").rsplit("/", 1)[-1]
        _status, found = self.request(f"/admin/news/newsarticle/?slug={slug}")
        # The result's row; the last save's message links to its article too.
        row = r'href="(/admin/news/newsarticle/\d+/change/)\?_changelist_filters='
        change = re.search(row, found)[1]
        _status, page = self.request(change)
        fields = form_fields(page, "newsarticle_form")
        # The admin shows one title field per language where there are several.
        names = {name for name, _value in fields}
        field = "title_en" if "title_en" in names else "title"
        if (field.replace("title", "slug"), slug) not in fields:
            raise RuntimeError(f"{change} is not the form of {address}")
        status, page = self.request(
            change, filled(fields, {field: title, "_publish": "Publish"})
        )
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', page, re.S)
            raise RuntimeError(f"saving {address} failed ({status}): {errors}")


def storm_targets(base: str, details: list[str]) -> list[tuple[str, list[str]]]:
    """
    Articles to edit, each with the pages that show it: by turns one that
    the homepage or the news list links to, and one shown only on its own
    page. Read before any edit; an edit keeps an article's place.
    """
    shown = {page: fetch(base, page)[2] for page in LISTINGS}

    def pages(address):
        link = f'href="{address}"'
        return [address, *(page for page, html in shown.items() if link in html)]

    listed = [address for address in details if len(pages(address)) > 1]
    unlisted = [address for address in details if len(pages(address)) == 1]
    turns = itertools.chain.from_iterable(zip(listed, unlisted, strict=False))
    return [(address, pages(address)) for address in turns]


def stale_reads(base: str, title: str, pages: list[str], reads: int):
    """How many of `reads` reads of each page lack `title`, and how many reads."""
    stale = sum(
        title not in fetch(base, page)[2] for page in pages for _ in range(reads)
    )
    return stale, reads * len(pages)


def edit_storm(editor: Editor, targets, stop: threading.Event, every, reads):
    """Save an article every `every` seconds until `stop`; check each save."""
    figures = {"saves": 0, "stale": 0, "reads": 0}
    for number, (address, pages) in enumerate(itertools.cycle(targets)):
        if stop.is_set():
            break
        started = time.monotonic()
        title = f"Edited {number} {uuid.uuid4().hex[:8]}"
        editor.retitle(address, title)
        figures["saves"] += 1
        stale, read = stale_reads(editor.base, title, pages, reads)
        figures["stale"] += stale
        figures["reads"] += read
        stop.wait(every - (time.monotonic() - started))
    return figures


def load_mix(base: str, addresses: list[str], seconds: int, connections: int):
    """wrk on the addresses, picked at random, counted by X-Page-Cache."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(addresses) + "\n")
        listing.flush()
        output = subprocess.run(
            [
                "wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
                "-s", str(HERE / "mix.lua"), base, "--", listing.name,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout  # fmt: skip
    counts = re.search(r"page cache: (\d+) hits, (\d+) misses, (\d+) uncached", output)
    hits, misses, uncached = map(int, counts.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "hits": hits,
        "responses": hits + misses + uncached,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def storm(base, addresses, seconds, connections, editor=None, every=2.0, reads=6):
    """The mixed load for `seconds`; with an editor, saves go on meanwhile."""
    if editor is None:
        return load_mix(base, addresses, seconds, connections)
    details = [
        address for address in addresses if address.startswith("/news/newsarticle-")
    ]
    targets = storm_targets(base, details)
    stop = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        edits = pool.submit(edit_storm, editor, targets, stop, every, reads)
        try:
            figures = load_mix(base, addresses, seconds, connections)
        finally:
            stop.set()
        return {**figures, **edits.result()}


def crawl(base: str, addresses: list[str], connections: int) -> dict:
    """Each address once, `connections` at a time, timed."""

    def get(address):
        status, headers, _page = fetch(base, address)
        return status, headers.get("X-Page-Cache")

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        answers = list(pool.map(get, addresses))
    seconds = time.perf_counter() - started
    return {
        "requests": len(answers),
        "seconds": seconds,
        "rps": len(answers) / seconds,
        "hits": sum(state == "hit" for _status, state in answers),
        "errors": sum(status >= 400 for status, _state in answers),
    }


def crawl_groups(base: str, details: list[str]) -> dict[str, list[str]]:
    """
    The cold crawl's addresses by page type: the homepage and every list's
    first page in each language the homepage names, the news articles given,
    and the sitemaps and feeds the site names.
    """
    home = fetch(base, "/")[2]
    languages = re.findall(
        r'hreflang="(?!x-default)[^"]+" href="https?://[^/]+/([^"]*)"', home
    )
    index = fetch(base, "/sitemap.xml")[2]
    return {
        "homepage and lists": [
            f"/{language}{page.lstrip('/')}"
            for language in languages
            for page in ["/", *LISTS]
        ],
        "news detail": details,
        "sitemaps": [
            "/sitemap.xml",
            *re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", index),
        ],
        "feeds": re.findall(
            r'type="application/(?:rss|atom)\+xml"[^>]* href="([^"]+)"', home
        ),
    }
