"""The badges' address at the root of the site, mounted at ``.well-known/`` (namespace
``badges-well-known``): the ``did:web`` DID document naming the signing key."""

from django.urls import path

from plugins.labels.badges import views

app_name = "badges-well-known"

urlpatterns = [
    path("did.json", views.did_document, name="did"),
]
