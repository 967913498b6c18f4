"""The calls' pages, mounted at ``calls/`` (namespace ``calls``)."""

from django.urls import path

from plugins.mooc.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("mine/", views.my_applications, name="mine"),
    path("<id:pk>/", views.call_detail, name="detail"),
    path("<id:pk>/apply/", views.call_apply, name="apply"),
    path("<id:pk>/application/", views.call_edit_application, name="edit-application"),
    path("<id:pk>/withdraw/", views.call_withdraw, name="withdraw"),
]
