from django.urls import re_path

from pages import views

app_name = "pages"

# A page's path: its slugs and those of the pages above it. Nothing else
# (NUL, dots, spaces) is a page's address, so it is not looked up.
urlpatterns = [
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*)/$",
        views.PageView.as_view(),
        name="page",
    ),
]
