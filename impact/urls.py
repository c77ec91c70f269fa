from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("", views.ImpactMetricListView.as_view(), name="metric_list"),
]
