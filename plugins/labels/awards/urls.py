"""A holder's awards, mounted at ``awards/`` (namespace ``awards``)."""

from django.urls import path

from plugins.labels.awards import certificate_views, views

app_name = "awards"

urlpatterns = [
    path("", views.award_list, name="list"),
    path("<str:code>/", views.award_detail, name="detail"),
    path("<str:code>/certificate.pdf", certificate_views.certificate_pdf, name="certificate"),
]
