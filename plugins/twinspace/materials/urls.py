"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted)."""

from django.urls import path

from plugins.twinspace.materials import views

urlpatterns = [
    path("materials/", views.materials_root, name="materials"),
    path("materials/folders/new/", views.folder_new, name="folder-new"),
    path("materials/folders/<id:folder_id>/", views.folder_detail, name="folder"),
    path("materials/folders/<id:folder_id>/delete/", views.folder_delete, name="folder-delete"),
    path("materials/upload/", views.material_upload, name="material-upload"),
    path("materials/<id:material_id>/", views.material_download, name="material-download"),
    path("materials/<id:material_id>/delete/", views.material_delete, name="material-delete"),
]
