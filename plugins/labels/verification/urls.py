"""Public verification, mounted at ``verify/`` (namespace ``verify``)."""

from django.urls import path

from plugins.labels.verification import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_form, name="form"),
    # Printed in every certificate's QR code: keep the name and the shape.
    path("<str:code>/", views.award_page, name="award"),
    # Anything else under verify/ (a slash inside, none at the end) is no code either.
    path("<path:rest>", views.not_a_code, name="not-a-code"),
]
