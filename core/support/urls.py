"""URLs of core's support area, mounted by core.site_urls in the namespace "core"."""

from django.urls import path

from core.support import views

urlpatterns = [
    path("support/", views.support_list, name="support"),
    path("support/new/", views.support_new, name="support-new"),
    path("support/<id:request_id>/", views.support_detail, name="support-detail"),
    path("support/<id:request_id>/reply/", views.support_reply, name="support-reply"),
    path("support/<id:request_id>/close/", views.support_close, name="support-close"),
]
