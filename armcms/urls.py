from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("news.urls")),
    path("publications/", include("publications.urls")),
    path("admin/", admin.site.urls),
    path("editor/upload/", views.editor_image_upload, name="editor_image_upload"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
