"""Forms of the materials area: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plugins.twinspace.materials.services import (
    MAX_FOLDER_NAME_LENGTH,
    MAX_TITLE_LENGTH,
    allowed_extensions,
    max_file_bytes,
    max_image_bytes,
)


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Folder name"), max_length=MAX_FOLDER_NAME_LENGTH)


class UploadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        required=False,
        help_text=_("Leave it empty to use the file's name."),
    )
    file = forms.FileField(label=_("File"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the limits are settings and the text is in the reader's language.
        self.fields["file"].help_text = gettext(
            "Images (JPEG, PNG, GIF, WebP) up to %(image_mb)s MB; other files up to "
            "%(file_mb)s MB. Allowed types: %(allowed)s."
        ) % {
            "image_mb": f"{max_image_bytes() / 1024 / 1024:g}",
            "file_mb": f"{max_file_bytes() / 1024 / 1024:g}",
            "allowed": ", ".join(allowed_extensions()),
        }
