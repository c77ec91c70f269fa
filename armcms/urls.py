from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static as static_url
from django.urls import include, path, reverse_lazy
from django.utils.functional import lazy
from django.views.generic import RedirectView
from two_factor.urls import urlpatterns as two_factor_urls

from .backoffice.views import editor_image_upload
from .content import registry
from .content.identity import saved_identity
from .content.sitemaps import SectionsSitemap, sitemap_index, sitemap_section
from .website import views

# Resolved on first use, once the static files storage is ready.
lazy_static_url = lazy(static_url, str)

# The back office's name on its pages outside the admin site's views.
BACK_OFFICE_PAGE = {
    "site_header": lazy(lambda: saved_identity().site_name, str)(),
    "site_title": lazy(lambda: saved_identity().site_name, str)(),
}

sitemaps = {"sections": SectionsSitemap, **registry.sitemaps()}

# The public site, in every language: the default language's pages have no
# prefix (/news/), the others have theirs (/es/news/).
public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    *(
        path(app.url_prefix, include(f"{app.name}.urls"))
        for app in registry.public_apps()
        if not getattr(app, "urls_last", False)
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("styleguide/", views.StyleGuideView.as_view(), name="styleguide"),
]

for name, rss, atom in registry.feeds():
    public_patterns += [
        path(f"feeds/{name}/", rss(), name=f"feed_{name}"),
        path(f"feeds/{name}/atom/", atom(), name=f"feed_{name}_atom"),
    ]

urlpatterns = [
    *i18n_patterns(*public_patterns, prefix_default_language=False),
    # An index of section sitemaps, so no one file grows with the archive.
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_section,
        {"sitemaps": sitemaps, "template_name": "sitemaps/sitemap.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("brand.css", views.brand_css, name="brand_css"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy_static_url("img/favicon.ico"), permanent=True),
    ),
    path(
        "apple-touch-icon.png",
        RedirectView.as_view(
            url=lazy_static_url("img/apple-touch-icon.png"), permanent=True
        ),
    ),
    # Staff sign-in and second-factor setup, under the back office's address.
    path(settings.ADMIN_URL, include(two_factor_urls)),
    # Where a new staff member chooses a password (armcms.backoffice.staff).
    path(
        f"{settings.ADMIN_URL}password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("staff_password_set"),
            extra_context=BACK_OFFICE_PAGE,
        ),
        name="staff_set_password",
    ),
    path(
        f"{settings.ADMIN_URL}password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=BACK_OFFICE_PAGE),
        name="staff_password_set",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("editor/upload/", editor_image_upload, name="editor_image_upload"),
]

if settings.MEDIA_STORAGE == "local" and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", views.media, name="media")
    )

# Last, so every other address is taken first: the apps whose patterns take
# any path (the pages' tree), in every language.
urlpatterns += i18n_patterns(
    *(
        path(app.url_prefix, include(f"{app.name}.urls"))
        for app in registry.public_apps()
        if getattr(app, "urls_last", False)
    ),
    prefix_default_language=False,
)
