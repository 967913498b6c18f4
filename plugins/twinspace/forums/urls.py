"""URLs of the forums and pupil walls (see plugins/twinspace/urls.py for where they are
mounted). Walls exist in projects only; their views answer 404 under a group."""

from django.urls import path

from plugins.twinspace.forums import views

urlpatterns = [
    path("forums/", views.forum_list, name="forums"),
    path("forums/new/", views.discussion_new, name="discussion-new"),
    path("forums/<id:discussion_id>/", views.discussion_detail, name="discussion"),
    path("forums/<id:discussion_id>/new/", views.thread_new, name="thread-new"),
    path("forums/<id:discussion_id>/delete/", views.discussion_delete, name="discussion-delete"),
    path("threads/<id:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<id:thread_id>/reply/", views.thread_reply, name="thread-reply"),
    path("threads/<id:thread_id>/delete/", views.thread_delete, name="thread-delete"),
    path("replies/<id:reply_id>/edit/", views.reply_edit, name="reply-edit"),
    path("replies/<id:reply_id>/delete/", views.reply_delete, name="reply-delete"),
    path("walls/", views.wall_list, name="walls"),
    path("walls/messages/<id:post_id>/delete/", views.wall_delete, name="wall-delete"),
    path("walls/<id:pupil_id>/", views.wall_detail, name="wall"),
    path("walls/<id:pupil_id>/post/", views.wall_post, name="wall-post"),
    path("walls/<id:pupil_id>/<id:post_id>/answer/", views.wall_answer, name="wall-answer"),
]
