"""The courses pages, mounted at ``courses/`` (namespace ``courses``)."""

from django.urls import path

from plugins.mooc.courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("<id:pk>/", views.course_detail, name="detail"),
    path("<id:pk>/enrol/", views.course_enrol, name="enrol"),
    path("<id:pk>/leave/", views.course_leave, name="leave"),
    path("<id:pk>/units/<id:unit_id>/", views.unit_detail, name="unit"),
    path("<id:pk>/units/<id:unit_id>/done/", views.unit_mark, name="unit-done"),
    path(
        "<id:pk>/units/<id:unit_id>/files/<id:file_id>/",
        views.unit_file_download,
        name="unit-file",
    ),
    path("<id:pk>/progress/", views.course_progress, name="progress"),
    # The team's editing pages.
    path("<id:pk>/manage/", views.course_manage, name="manage"),
    path("<id:pk>/edit/", views.course_edit, name="edit"),
    path("<id:pk>/publish/", views.course_publish, name="publish"),
    path("<id:pk>/units/new/", views.unit_new, name="unit-new"),
    path("<id:pk>/units/<id:unit_id>/edit/", views.unit_edit, name="unit-edit"),
    path("<id:pk>/units/<id:unit_id>/move/", views.unit_move, name="unit-move"),
    path("<id:pk>/units/<id:unit_id>/delete/", views.unit_delete, name="unit-delete"),
    path("<id:pk>/units/<id:unit_id>/files/new/", views.unit_file_new, name="unit-file-new"),
    path(
        "<id:pk>/units/<id:unit_id>/files/<id:file_id>/delete/",
        views.unit_file_delete,
        name="unit-file-delete",
    ),
]
