"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted)."""

from django.urls import path

from plugins.twinspace.board import views

urlpatterns = [
    path("", views.home, name="home"),
    path("twinboard/", views.twinboard, name="twinboard"),
    path("twinboard/<id:post_id>/", views.post_detail, name="post"),
    path("twinboard/<id:post_id>/like/", views.post_like, name="post-like"),
    path("twinboard/<id:post_id>/pin/", views.post_pin, name="post-pin"),
    path("twinboard/<id:post_id>/comment/", views.post_comment, name="post-comment"),
    path("twinboard/<id:post_id>/edit/", views.post_edit, name="post-edit"),
    path("twinboard/<id:post_id>/delete/", views.post_delete, name="post-delete"),
    path("comments/<id:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.journal_new, name="journal-new"),
    path("journal/<id:entry_id>/edit/", views.journal_edit, name="journal-edit"),
    path("journal/<id:entry_id>/delete/", views.journal_delete, name="journal-delete"),
    path("settings/", views.space_settings, name="settings"),
    path("logo/", views.logo, name="logo"),
]
