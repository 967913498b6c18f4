"""URLs of core's accounts area, mounted by core.site_urls in the namespace "core"."""

from django.urls import path

from core.accounts import views

urlpatterns: list = [
    path("profile/", views.profile, name="profile"),
    path("profile/photo/remove/", views.profile_photo_remove, name="profile-photo-remove"),
    path("people/<id:user_id>/photo/", views.profile_photo, name="profile-photo"),
    path("profile/data.json", views.profile_data, name="profile-data"),
    path("profile/delete/", views.profile_delete, name="profile-delete"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
