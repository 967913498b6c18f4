"""The meetings pages, mounted at ``meetings/`` (namespace ``meetings``)."""

from django.urls import path

from plugins.meetings.views import announcement, trainer, work

app_name = "meetings"

urlpatterns = [
    path("", announcement.meeting_list, name="list"),
    path("new/", trainer.meeting_create, name="create"),
    path("<id:pk>/", announcement.meeting_detail, name="detail"),
    path("<id:pk>/register/", announcement.meeting_register, name="register"),
    path("<id:pk>/cancel/", announcement.meeting_cancel, name="cancel"),
    # The participants' tools.
    path("<id:pk>/materials/", work.materials, name="materials"),
    path(
        "<id:pk>/materials/<id:material_id>/download/",
        work.material_download,
        name="material-download",
    ),
    path("<id:pk>/activities/", work.activities, name="activities"),
    path("<id:pk>/discussions/", work.discussions, name="discussions"),
    path("<id:pk>/discussions/<id:thread_id>/", work.thread_detail, name="thread"),
    path("<id:pk>/posts/<id:post_id>/remove/", work.post_remove, name="post-remove"),
    path("<id:pk>/reflection/", work.reflection, name="reflection"),
    path("<id:pk>/reflection/<id:entry_id>/edit/", work.reflection_edit, name="reflection-edit"),
    path("<id:pk>/survey/", work.survey, name="survey"),
    # The trainers' and organisers' pages.
    path("<id:pk>/manage/", trainer.meeting_manage, name="manage"),
    path("<id:pk>/edit/", trainer.meeting_edit, name="edit"),
    path("<id:pk>/publish/", trainer.meeting_publish, name="publish"),
    path("<id:pk>/phase/", trainer.meeting_switch_phase, name="switch-phase"),
    path("<id:pk>/activities/new/", trainer.activity_new, name="activity-new"),
    path("<id:pk>/activities/<id:activity_id>/edit/", trainer.activity_edit, name="activity-edit"),
    path(
        "<id:pk>/activities/<id:activity_id>/delete/",
        trainer.activity_delete,
        name="activity-delete",
    ),
    path("<id:pk>/materials/new/", trainer.material_new, name="material-new"),
    path(
        "<id:pk>/materials/<id:material_id>/delete/",
        trainer.material_delete,
        name="material-delete",
    ),
    path("<id:pk>/progress/", trainer.progress, name="progress"),
    path("<id:pk>/progress/completion/", trainer.completion_mark, name="completion"),
    path("<id:pk>/survey/results/", trainer.survey_results, name="survey-results"),
]
