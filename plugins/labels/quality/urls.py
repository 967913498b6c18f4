"""A teacher's National Quality Label applications, mounted at ``quality-labels/``
(namespace ``quality_labels``)."""

from django.urls import path

from plugins.labels.quality import views

app_name = "quality_labels"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("apply/<id:project_id>/", views.apply, name="apply"),
    path("<id:pk>/", views.application_detail, name="detail"),
    path("<id:pk>/withdraw/", views.withdraw, name="withdraw"),
]
