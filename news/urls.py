from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("news/", views.NewsArticleListView.as_view(), name="article_list"),
    path(
        "news/<slug:slug>/",
        views.NewsArticleDetailView.as_view(),
        name="article_detail",
    ),
    path("press/", views.PressReleaseListView.as_view(), name="pressrelease_list"),
    path(
        "press/<slug:slug>/",
        views.PressReleaseDetailView.as_view(),
        name="pressrelease_detail",
    ),
]
