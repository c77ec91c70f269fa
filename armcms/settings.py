"""
Settings for armcms.

One module for every environment: what differs between a laptop, CI and
production is read from environment variables (see README and .env.example).
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# With DEBUG off there is no fallback: the site refuses to start without a key
# (armcms/wsgi.py), while commands that sign nothing (migrate, collectstatic)
# still run.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    # Only for local development; never used to sign real sessions.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)

SITE_NAME = env.str("SITE_NAME", default="Alliance for Responsible Mining")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks.
    "modeltranslation",
    "armcms.apps.ArmcmsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "django_ckeditor_5",
    "django_filters",
    "reversion",
    "reversion_compare",
    "treebeard",
    "armcms",
    "news",
    "publications",
    "impact",
    # Last: its addresses take any path the others leave (armcms/urls.py).
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "armcms.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "armcms.security.ForgedSessionCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (armcms/locale.py).
    "armcms.content.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old addresses (of an imported site, say) answer 301 instead of 404;
    # WordPress's /?p=123 reaches the homepage (200), so it is looked up first.
    "armcms.content.redirects.OldQueryAddressMiddleware",
    "armcms.content.redirects.QueryKeepingRedirectMiddleware",
    "armcms.content.unavailable.DatabaseUnavailableMiddleware",
    # Changes scheduled for a time are published by the first request after it.
    "armcms.content.drafts.ScheduledChangesMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "armcms.urls"
# django.contrib.sites (which the redirects app needs): the one site. Its
# domain is set from SITE_DOMAIN after every migrate (armcms/apps.py), by
# default the first host name the site answers to; feeds and sitemaps link
# to the address they are asked at (scheme, host and port), not to it.
SITE_ID = 1
SITE_DOMAIN = env.str(
    "SITE_DOMAIN",
    default=next(
        (h for h in ALLOWED_HOSTS if not h.startswith((".", "*"))), "localhost"
    ),
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "armcms.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "armcms.wsgi.application"

# SQLite under var/ by default, so the site runs with no database server;
# PostgreSQL in production, e.g. DATABASE_URL=postgres://user@host:5432/armcms.
# Email (welcome emails to new staff): EMAIL_URL such as
# smtp+tls://user:password@smtp.example.org:587; the console in development.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Connections are kept between requests. A kept one is not checked
    # before reuse (a round trip each request): a read that finds it dead is
    # answered again on a new one (armcms.content.unavailable), so a
    # restarted server costs one reconnect, not a failed request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # An unreachable server fails a request (and /healthz answers 503) within
    # seconds instead of holding the worker; ?connect_timeout= in the URL wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two saves at once (two tabs, a bulk upload) wait for each other: a
    # write takes the lock when its transaction begins and waits up to 20 s
    # for it, instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff accounts. Sign-in goes through django-two-factor-auth (password, then
# a code from an authenticator app or a backup code) and django-axes, which
# locks a username out from an address after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The back office's address: a less obvious one keeps out blind scans.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
# Superusers and publishers must use a second factor to enter the admin.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # ask for a code at every sign-in
OTP_TOTP_ISSUER = SITE_NAME

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address is REMOTE_ADDR unless the site sits behind proxies
# that add X-Forwarded-For (TRUSTED_PROXY_COUNT of them); trusting the header
# without a proxy would let anyone pick the address they are counted under.
# django-axes reads the address with django-ipware (the django-axes[ipware]
# dependency; without it these settings are ignored).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    # Each proxy appends the address it was reached from, and the nearest
    # one's own address is REMOTE_ADDR. The visitor is therefore the
    # TRUSTED_PROXY_COUNT-th entry of X-Forwarded-For from the right; the
    # entries after it, which django-ipware counts as proxies, are the outer
    # proxies'. Entries to its left are whatever the visitor sent: with
    # IPWARE_STRICT off they are skipped, instead of making ipware ignore the
    # header and count everyone under the proxy's own address.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS. With DEBUG off every request is redirected to https://, cookies are
# sent over TLS only and browsers are told (HSTS) to use nothing else. Behind
# a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER (for example
# "HTTP_X_FORWARDED_PROTO,https") so Django knows the original scheme.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER", default=[])) or None
if SECURE_PROXY_SSL_HEADER and len(SECURE_PROXY_SSL_HEADER) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER takes a header and a value, "
        "for example HTTP_X_FORWARDED_PROTO,https."
    )
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# The site's languages. The first is the default: its pages keep addresses
# without a prefix (/news/...); the others carry theirs (/es/news/...).
# Adding a language needs `makemigrations` (content fields exist per
# language), a catalogue under locale/ and, on PostgreSQL, a text-search
# configuration in SEARCH_CONFIGS.
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where a language's date and number formats differ from Django's own.
FORMAT_MODULE_PATH = ["armcms.formats"]
# PostgreSQL's text-search configuration (stemming, stop words) per language.
# Search also uses its copy without accents, armcms_<name>, which the
# migration armcms 0012 makes for these and "simple"; run
# `manage.py rebuild_search_index` after a change.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}

# django-modeltranslation: content in a language that has no translation
# shows in the default language; empty translations are stored as NULL.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
MODELTRANSLATION_CUSTOM_FIELDS = ("RichTextField", "SearchVectorField")
TIME_ZONE = env.str("TIME_ZONE", default="America/Bogota")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Media go through Django's storage API: local disk by default, or any
# S3-compatible object storage with MEDIA_STORAGE=s3 and the AWS_* variables.
MEDIA_STORAGES = {
    "local": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default=""),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    },
}
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE not in MEDIA_STORAGES:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be one of {', '.join(MEDIA_STORAGES)}, "
        f"not {MEDIA_STORAGE!r}."
    )
STORAGES = {
    "default": MEDIA_STORAGES[MEDIA_STORAGE],
    # Hashed names, compressed copies and far-future cache headers (whitenoise).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Pages for anonymous visitors are cached in a cache every process shares:
# Redis with REDIS_URL, otherwise files under var/cache (no server needed).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "armcms.pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down or hung must not hold up requests: pages
            # are then built from the database. Calls give up after half a
            # second, and a server that failed is left alone for "down_for"
            # seconds (armcms/cache_backends.py). redis-py's default of no
            # retries stays: a retry doubles the wait, and the pool already
            # replaces connections that a restarted server closed.
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "down_for": 5,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# How long a cached page lives at most; a content change ends it at once.
# Off in development, where templates change under the cache's feet.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
# A page's related items (an article's "related" block) may lag a change to
# them by this long, so that a stream of edits does not rebuild every item's
# page each time; everything else a page shows follows at once.
PAGE_CACHE_RELATED_SECONDS = env.int("PAGE_CACHE_RELATED_SECONDS", default=60)

# History's comparison (django-reversion-compare): a chosen record (a lead
# image from the library, a series) has changed when its key has, not when
# anything else in the version did.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Content-Security-Policy (django-csp): the public site loads nothing from
# other hosts and runs no inline script or style. Media on object storage
# come from its own origin, listed in CSP_MEDIA_ORIGINS when it is not
# AWS_S3_CUSTOM_DOMAIN.
MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
if MEDIA_STORAGE == "s3" and not MEDIA_ORIGINS:
    s3 = MEDIA_STORAGES["s3"]["OPTIONS"]
    if s3["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{s3['custom_domain']}"]
    elif s3["endpoint_url"]:
        MEDIA_ORIGINS = [s3["endpoint_url"]]
    else:
        MEDIA_ORIGINS = [f"https://{s3['bucket_name']}.s3.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The back office's own policy (armcms/security.py): the same, except that
# CKEditor 5 and the history comparison set inline styles, and the editor
# previews an upload from a blob: address before it is sent.
STAFF_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
    }
}
# Browser features no page of the site uses (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# In development whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Errors go to the console (the process manager keeps them); so do the
# warnings armcms logs when a file cannot be read or the cache is down.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "armcms": {"handlers": ["console"], "level": "INFO"},
    },
}

# Uploads: images and PDFs larger than these are refused with a form error.
MAX_IMAGE_UPLOAD_MB = env.int("MAX_IMAGE_UPLOAD_MB", default=10)
MAX_DOCUMENT_UPLOAD_MB = env.int("MAX_DOCUMENT_UPLOAD_MB", default=50)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)

# Rich text: CKEditor 5. Its image uploads go through our own view, which
# checks the file with Pillow and adds it to the media library.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "imageUpload",
                "mediaEmbed",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {
                    "model": "paragraph",
                    "title": "Paragraph",
                    "class": "ck-heading_paragraph",
                },
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "Heading 4",
                    "class": "ck-heading_heading4",
                },
            ]
        },
        "image": {
            "toolbar": ["imageTextAlternative", "toggleImageCaption"],
        },
        "table": {
            "contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"],
        },
        "link": {"defaultProtocol": "https://"},
        # A YouTube or Vimeo address pasted (or given to the toolbar's media
        # button) becomes an embed, stored as <figure class="media"><oembed
        # url="..."></oembed></figure>: saving makes it a video of our own
        # (armcms/content/video.py). The editor shows no preview, so the
        # back office loads nothing from the video hosts either, and other
        # addresses stay links. The patterns match what
        # armcms.content.video.parse_video_url accepts; the editor tries
        # each against the address, then without its scheme and "www.".
        "mediaEmbed": {
            "previewsInData": False,
            "providers": [
                {
                    "name": "youtube",
                    "url": [
                        r"^(?:m\.)?youtube\.com/watch/?\?(?:[^#]*&)?v=[\w-]{11}(?:[&#].*)?$",
                        r"^youtube\.com/(?:embed|shorts)/[\w-]{11}/?(?:[?#].*)?$",
                        r"^youtu\.be/[\w-]{11}/?(?:[?#].*)?$",
                        r"^youtube-nocookie\.com/embed/[\w-]{11}/?(?:[?#].*)?$",
                    ],
                },
                {
                    "name": "vimeo",
                    "url": [
                        r"^vimeo\.com/\d{1,12}/?(?:[?#].*)?$",
                        r"^player\.vimeo\.com/video/\d{1,12}/?(?:[?#].*)?$",
                    ],
                },
            ],
        },
    },
}
