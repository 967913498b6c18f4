"""The materials of a space: folders, uploads and the checked download of private files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.bounds import parse_id
from core.storage import private_file_response
from plugins.twinspace.access import space_view
from plugins.twinspace.materials import services
from plugins.twinspace.materials.forms import FolderForm, UploadForm
from plugins.twinspace.models import Folder, Material, Space
from plugins.twinspace.policy import Action, SpaceAccess

PAGE_SIZE = 25


def _folder_or_404(space: Space, folder_id: int | str | None) -> Folder | None:
    """The folder named in the URL or query (``None``: the top of the materials)."""
    if folder_id in (None, ""):
        return None
    pk = parse_id(folder_id)
    if pk is None:
        raise Http404
    return get_object_or_404(Folder, space=space, pk=pk)


def _folder_url(space: Space, folder: Folder | None) -> str:
    return space.url("folder", folder.pk) if folder is not None else space.url("materials")


def _breadcrumbs(space: Space, folder: Folder | None) -> list[Folder]:
    """The folder's parents, the top one first: one query however deep the folder is."""
    if folder is None:
        return []
    names = {
        pk: (parent_id, name)
        for pk, parent_id, name in Folder.objects.filter(space=space).values_list(
            "pk", "parent_id", "name"
        )
    }
    chain: list[Folder] = []
    current = folder.parent_id
    while current is not None and current in names and len(chain) < len(names):
        parent_id, name = names[current]
        chain.append(Folder(pk=current, name=name, parent_id=parent_id))
        current = parent_id
    chain.reverse()
    return chain


def _folder_page(request: HttpRequest, space: Space, access: SpaceAccess, folder: Folder | None):
    subfolders = Folder.objects.filter(space=space, parent=folder).only("pk", "name")
    materials = (
        Material.objects.filter(space=space, folder=folder)
        .select_related("uploaded_by")
        .only(
            "pk",
            "title",
            "kind",
            "original_name",
            "size",
            "content_type",
            "created_at",
            "uploaded_by_id",
            "uploaded_by__first_name",
            "uploaded_by__kind",
            "uploaded_by__last_name",
            "uploaded_by__username",
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(materials, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for material in rows:
        material.deletable = access.can_change(Action.UPLOAD_MATERIAL, material.uploaded_by_id)
        # What the card shows as the file's type: its extension (PDF, DOCX…).
        name = material.original_name
        material.file_type = name.rpartition(".")[2].upper()[:5] if "." in name else ""
    page.object_list = rows
    return render(
        request,
        "twinspace/materials/folder.html",
        {
            "space": space,
            "access": access,
            "folder": folder,
            "breadcrumbs": _breadcrumbs(space, folder),
            "subfolders": subfolders,
            "page": page,
            "can_upload": access.can(Action.UPLOAD_MATERIAL),
            "can_delete_folder": folder is not None and access.can(Action.MODERATE),
        },
    )


@space_view()
def materials_root(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    return _folder_page(request, space, access, None)


@space_view()
def folder_detail(request: HttpRequest, space: Space, access: SpaceAccess, folder_id: int):
    return _folder_page(request, space, access, _folder_or_404(space, folder_id))


@space_view(Action.UPLOAD_MATERIAL)
def folder_new(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    parent = _folder_or_404(space, request.GET.get("parent"))
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            folder = services.create_folder(
                actor=request.user, space=space, name=form.cleaned_data["name"], parent=parent
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The folder was created."))
            return redirect(space.url("folder", folder.pk))
    return render(
        request,
        "twinspace/materials/folder_form.html",
        {"space": space, "access": access, "form": form, "parent": parent},
    )


@space_view(Action.MODERATE)
def folder_delete(request: HttpRequest, space: Space, access: SpaceAccess, folder_id: int):
    folder = _folder_or_404(space, folder_id)
    if request.method == "POST":
        try:
            services.delete_folder(actor=request.user, folder=folder)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(space.url("folder", folder.pk))
        messages.success(request, _("The folder was deleted."))
        return redirect(_folder_url(space, folder.parent))
    return render(
        request,
        "twinspace/materials/confirm_delete_folder.html",
        {
            "space": space,
            "access": access,
            "folder": folder,
            "material_count": Material.objects.filter(folder=folder).count(),
            "folder_count": Folder.objects.filter(parent=folder).count(),
        },
    )


@space_view(Action.UPLOAD_MATERIAL)
def material_upload(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    folder = _folder_or_404(space, request.GET.get("folder"))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_material(
                actor=request.user,
                space=space,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                folder=folder,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file was uploaded."))
            return redirect(_folder_url(space, folder))
    return render(
        request,
        "twinspace/materials/upload.html",
        {"space": space, "access": access, "form": form, "folder": folder},
    )


@space_view()
def material_download(request: HttpRequest, space: Space, access: SpaceAccess, material_id: int):
    """Stream the private file to someone who may read the space; never a public URL."""
    material = get_object_or_404(Material, space=space, pk=material_id)
    # Only verified images are shown in the browser; everything else is downloaded.
    return private_file_response(
        material.file,
        filename=material.original_name,
        content_type=material.content_type or "application/octet-stream",
        inline=material.kind == Material.Kind.IMAGE,
    )


@space_view()
def material_delete(request: HttpRequest, space: Space, access: SpaceAccess, material_id: int):
    material = get_object_or_404(
        Material.objects.select_related("folder"), space=space, pk=material_id
    )
    services.require_may_delete(access, material)
    if request.method == "POST":
        services.delete_material(actor=request.user, material=material)
        messages.success(request, _("The file was deleted."))
        return redirect(_folder_url(space, material.folder))
    return render(
        request,
        "twinspace/materials/confirm_delete.html",
        {"space": space, "access": access, "material": material},
    )
