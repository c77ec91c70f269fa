"""
Hypothesis strategies for hostile input: raw query strings and paths (with
broken percent-encoding), garbage headers, and admin form values of every
kind, uploads included. Shared by the robustness suites.
"""

import io
import os
from datetime import date, time
from email.utils import formatdate
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import image_bytes, pdf_with_text, png_header_only

# Fixed, reproducible runs by default (the seed comes from each test's name),
# few enough examples for the ~60 s budget. ROBUSTNESS_EXAMPLES raises the
# count and ROBUSTNESS_RANDOM=1 explores new inputs, for a nightly run.
EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "0")) or None
EXPLORE = os.environ.get("ROBUSTNESS_RANDOM", "") == "1"


def robustness(max_examples: int) -> settings:
    """Hypothesis settings for one robustness test of ``max_examples`` inputs."""
    return settings(
        max_examples=EXAMPLES or max_examples,
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        # The database fixture is set up once per test, not per example; each
        # example runs in a savepoint that is rolled back (see rolled_back()).
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        print_blob=EXPLORE,
    )


# Text that broke pages somewhere: NUL and other controls, lone surrogates'
# UTF-8 spelling, numbers out of every integer type's range, markup, paths.
NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "0",
    "-1",
    "00000000001",
    "1.5",
    "1e3",
    "1e9999",
    "NaN",
    "-Infinity",
    "last",
    "first",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 60,
    "\uff11\uff12",  # fullwidth digits: int() accepts them
    "٣",
    "²",
    "\u202etxet",
    "\ufeff",
    "🐍" * 10,
    "İ",
    "ß" * 50,
    "<b id=probe>",
    "'\"; DROP TABLE x; --",
    "../../../etc/passwd",
    "%00",
    "%",
    "%%",
    "a" * 2000,
    "true",
    "None",
    "[]",
    "{}",
    "0001-01-01",
    "9999-12-31",
]

# Every character except lone surrogates, which no client can encode.
any_char = st.characters(codec="utf-8")
text = st.text(any_char, max_size=40)
long_text = st.builds(lambda c, n: c * n, any_char, st.integers(200, 70_000))
numbers = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
garbage = st.one_of(st.sampled_from(NASTY_VALUES), text, numbers, long_text)

# Percent escapes that decode to nothing valid: truncated, non-hex, lone
# continuation bytes, overlong NUL, an encoded surrogate.
BROKEN_ESCAPES = [
    "%",
    "%G1",
    "%zz",
    "%F",
    "%FF",
    "%C3%28",
    "%C0%80",
    "%ED%A0%80",
    "%E2%82",
]


def latin1(value: bytes) -> str:
    """How a WSGI server hands undecoded bytes to Django."""
    return value.decode("latin-1")


def encoded(value: str) -> st.SearchStrategy[str]:
    """``value`` as a URL component: well encoded, raw, or with broken escapes."""
    utf8 = value.encode("utf-8")
    return st.one_of(
        st.just(quote(utf8, safe="")),
        st.just(latin1(utf8)),
        st.sampled_from(BROKEN_ESCAPES).map(lambda bad: quote(utf8, safe="") + bad),
    )


def query_strings(names: list[str], values: st.SearchStrategy[str]):
    """
    A raw QUERY_STRING: the given parameter names (repeated or not) and random
    ones, values from ``values`` or garbage, in any of three encodings.
    """
    key = st.one_of(st.sampled_from(names), text)
    value = st.one_of(values, garbage)
    pair = st.tuples(key.flatmap(encoded), value.flatmap(encoded)).map("=".join)
    lone = key.flatmap(encoded)  # "?flag" with no "="
    pairs = st.lists(st.one_of(pair, pair, lone), max_size=6)
    joined = st.tuples(pairs, st.sampled_from(["&", ";", "&&"])).map(
        lambda args: args[1].join(args[0])
    )
    return st.one_of(joined, joined, st.binary(max_size=100).map(latin1))


NASTY_SEGMENTS = [
    "..",
    ".",
    "%2e%2e",
    "..%2f..%2fetc%2fpasswd",
    "%00",
    "a%00.png",
    "%2F",
    "%5c..%5c",
    "%ff",
    "%c0%ae%c0%ae",
    "%",
    "%zz",
    "%0d%0aSet-Cookie:%20x=1",
    "~",
    ";",
    "index.html",
    "sitemap.xml",
    "%E2%80%AE",
    "a" * 300,
    "x" * 5000,
]

segments = st.one_of(
    st.sampled_from(NASTY_SEGMENTS),
    text.map(lambda value: quote(value.encode("utf-8"), safe="")),
    st.binary(min_size=1, max_size=30).map(lambda value: quote(value, safe="")),
    st.from_regex(r"[-a-zA-Z0-9_]{1,200}", fullmatch=True),
)


HTTP_DATES = st.one_of(
    st.sampled_from(
        [
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 +9999",
            "-1",
            "99999999999999999999",
        ]
    ),
    st.integers(-(2**34), 2**37).map(lambda seconds: formatdate(seconds, usegmt=True)),
)


def header_values(*specific: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A header value as a WSGI server passes it: latin-1 decoded bytes."""
    raw = st.one_of(*specific, garbage).map(lambda value: latin1(value.encode("utf-8")))
    return st.one_of(raw, st.binary(max_size=80).map(latin1))


def octal_quoted(value: str) -> str:
    """``value`` as a quoted cookie value, each byte spelled as an octal escape."""
    return '"' + "".join(f"\\{byte:03o}" for byte in value.encode("utf-8")) + '"'


# Cookie values, session keys among them: a quoted value may spell any
# character in octal, NUL included, and Django's cookie parser decodes it.
cookie_values = st.one_of(
    garbage,
    st.from_regex(r"[a-z0-9]{8,40}", fullmatch=True),
    st.text(any_char, min_size=8, max_size=40).map(octal_quoted),
    st.sampled_from(['"aaaaaaaa\\000"', '"\\377\\376abcdefgh"', '"unterminated']),
)


def cookie_headers() -> st.SearchStrategy[str]:
    names = st.sampled_from(["sessionid", "csrftoken", "messages", "django_language"])
    pair = st.tuples(names | text, cookie_values).map("=".join)
    return st.lists(pair, min_size=1, max_size=4).map("; ".join)


def request_headers(allowed_hosts: list[str]) -> st.SearchStrategy[dict]:
    """Random WSGI ``HTTP_*`` headers; the Host is allowed or garbage."""
    host = st.one_of(
        st.sampled_from(allowed_hosts),
        st.sampled_from(allowed_hosts).map(lambda h: f"{h}:8000"),
        st.sampled_from(
            [
                "evil.example",
                "",
                "testserver:abc",
                "testserver:99999999999999",
                "[::1",
                "testserver\x00",
                "TESTSERVER",
                "testserver.",
                "a" * 300,
                "user@testserver",
            ]
        ),
        text,
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "HTTP_HOST": host.map(lambda value: latin1(value.encode("utf-8"))),
            "HTTP_ACCEPT_LANGUAGE": header_values(
                st.sampled_from(["es", "fr-CA,fr;q=0.8", "*;q=abc", "x" * 300, ";q="])
            ),
            "HTTP_IF_MODIFIED_SINCE": header_values(HTTP_DATES),
            "HTTP_IF_NONE_MATCH": header_values(st.sampled_from(['"abc"', "*", 'W/"'])),
            "HTTP_COOKIE": header_values(cookie_headers()),
            "HTTP_RANGE": header_values(
                st.sampled_from(
                    ["bytes=0-", "bytes=-1", "bytes=5-1", f"bytes={2**70}-", "lines=1"]
                )
            ),
            "HTTP_X_FORWARDED_FOR": header_values(
                st.sampled_from(["1.2.3.4", "::1, unknown", "999.1.1.1"])
            ),
            "HTTP_X_FORWARDED_HOST": header_values(st.sampled_from(allowed_hosts)),
            "HTTP_X_FORWARDED_PROTO": header_values(st.sampled_from(["https", "ftp"])),
            "HTTP_X_FORWARDED_PORT": header_values(numbers),
            "HTTP_ACCEPT": header_values(st.sampled_from(["*/*", "text/html;q=x"])),
            "HTTP_ACCEPT_ENCODING": header_values(st.sampled_from(["gzip", "br;q=2"])),
            "HTTP_USER_AGENT": header_values(),
            "HTTP_REFERER": header_values(st.sampled_from(["http://[::1", "//x"])),
        },
    )


# Admin form values.

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%dT%H:%M"]
dates = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0000-00-00",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "10000-01-01",
            "-0001-01-01",
            "1899-12-31",
            "2201-01-01",
            "2024-1-1",
            "२०२४-०१-०१",
        ]
    ),
    st.tuples(
        st.dates(date(1, 1, 1), date(9999, 12, 31)), st.sampled_from(DATE_FORMATS)
    )
    .map(lambda args: args[0].strftime(args[1]))
    .filter(lambda value: len(value) > 4),
    st.dates().map(date.isoformat),
    garbage,
)
times = st.one_of(
    st.sampled_from(
        ["00:00", "23:59:59", "24:00", "25:00:00", "23:60", "12:00:00.9999999"]
    ),
    st.times().map(time.isoformat),
    garbage,
)


def png(size=(40, 30)) -> bytes:
    return image_bytes("PNG", size)


def pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PDF")
    return buffer.getvalue()


VALID_FILES = [
    png(),
    image_bytes("JPEG"),
    image_bytes("GIF"),
    pdf(),
    pdf_with_text("x"),
]

file_contents = st.one_of(
    st.sampled_from(VALID_FILES),
    # Truncated: headers that promise more than the file holds.
    st.tuples(st.sampled_from(VALID_FILES), st.integers(0, 400)).map(
        lambda args: args[0][: args[1]]
    ),
    st.tuples(st.integers(1, 70_000), st.integers(1, 70_000)).map(
        lambda size: png_header_only(*size)
    ),
    st.binary(max_size=300),
    st.binary(max_size=300).map(lambda tail: b"%PDF-1.4\n" + tail),
    st.binary(max_size=300).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),
)
file_names = st.one_of(
    st.sampled_from(
        [
            "photo.png",
            "photo.PNG",
            "report.pdf",
            "photo.jpg",
            "photo.gif",
            "photo.webp",
            ".png",
            "..png",
            "../../evil.png",
            "no-extension",
            "photo.png.exe",
            "photo.exe.png",
            "fotografía añadida.png",
            "写真.pdf",
            "%00.png",
            "a" * 300 + ".png",
            "a" * 300 + ".pdf",
        ]
    ),
    st.tuples(text, st.sampled_from([".png", ".pdf", ".jpeg", ""])).map("".join),
)
content_types = st.sampled_from(
    ["image/png", "application/pdf", "application/octet-stream", "text/html", ""]
)


@st.composite
def uploads(draw) -> SimpleUploadedFile:
    name = draw(file_names).replace("\x00", "") or "file"
    return SimpleUploadedFile(name, draw(file_contents), draw(content_types))
