"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted)."""

from django.urls import path

from plugins.twinspace.pages import views

urlpatterns = [
    path("pages/", views.pages_tree, name="pages"),
    path("pages/new/", views.page_new, name="page-new"),
    path("pages/reorder/", views.pages_reorder, name="pages-reorder"),
    path("pages/<id:page_id>/", views.page_detail, name="page"),
    path("pages/<id:page_id>/edit/", views.page_edit, name="page-edit"),
    path("pages/<id:page_id>/delete/", views.page_delete, name="page-delete"),
]
