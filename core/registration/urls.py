"""URLs of core's registration area, mounted by core.site_urls in the namespace "core"."""

from django.urls import path

from core.registration import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/check-email/", views.check_email, name="register-check-email"),
    path("register/verify/<str:token>/", views.verify, name="register-verify"),
    path("register/resend/", views.resend, name="register-resend"),
    path("register/school/", views.register_school, name="register-school"),
    path("register/waiting/", views.waiting, name="register-waiting"),
    path("profile/school/", views.change_school, name="change-school"),
]
