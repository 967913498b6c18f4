"""A seminar's recording, mounted at ``seminars/`` (namespace ``seminar_recordings``):
the uploaded video, streamed with byte ranges, and its WebVTT captions."""

from django.urls import path

from plugins.mooc.seminars import recording_views

app_name = "seminar_recordings"

urlpatterns = [
    path("<id:pk>/recording/video/", recording_views.recording_video, name="video"),
    path("<id:pk>/recording/captions.vtt", recording_views.recording_captions, name="captions"),
]
