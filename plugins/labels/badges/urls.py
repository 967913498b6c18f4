"""The portable badges, mounted at ``badges/`` (namespace ``badges``)."""

from django.urls import path

from plugins.labels.badges import views

app_name = "badges"

urlpatterns = [
    path("issuers/<slug:key>.json", views.issuer, name="issuer"),
    path("classes/<slug:kind>/<slug:issuer>.json", views.badge_class, name="class"),
    path("classes/<slug:kind>/<slug:issuer>/", views.criteria, name="criteria"),
    path("images/<slug:kind>.png", views.image, name="image"),
    path("assertions/<str:code>.json", views.assertion, name="assertion"),
    path("baked/<str:code>.png", views.baked, name="baked"),
    path("credentials/<str:code>.jwt", views.credential_jwt, name="credential-jwt"),
    path("credentials/<str:code>.json", views.credential, name="credential"),
    path("status/<str:code>.json", views.status, name="status"),
    path("keys.json", views.key_set, name="keys"),
]
