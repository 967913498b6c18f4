"""The optional profile photo: checked, stripped of metadata, private, gone with the account."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.accounts import services
from core.accounts.photos import MAX_PHOTO_BYTES, MAX_PHOTO_SIDE
from core.models import StaffRole, User
from tests.factories import PASSWORD, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def image_bytes(image_format="JPEG", size=(800, 600), gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    buffer = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 25.0, 0.0), 3: "W", 4: (3.0, 42.0, 0.0)})
        options["exif"] = exif
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(content: bytes, name="me.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_profile(client, teacher, photo):
    data = {
        "first_name": teacher.first_name or "Ana",
        "last_name": teacher.last_name or "García",
        "bio": "",
        "language": "",
        "listed_in_search": "on",
        "photo": photo,
    }
    return client.post(reverse("core:profile"), data)


def with_photo(teacher: User) -> User:
    services.update_profile(actor=teacher, photo=upload(image_bytes()))
    teacher.refresh_from_db()
    return teacher


def test_a_teacher_uploads_a_photo_on_the_profile_page_and_it_becomes_the_avatar(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = post_profile(client, teacher, upload(image_bytes()))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.photo
    url = teacher.avatar_url
    assert url.startswith(reverse("core:profile-photo", args=[teacher.pk]) + "?v=")
    page = client.get(reverse("core:profile")).content.decode()
    assert f'src="{url}"' in page.replace("&amp;", "&")


def test_a_new_photo_gets_a_new_address_and_the_old_file_goes(
    client, django_capture_on_commit_callbacks
):
    teacher = with_photo(TeacherFactory())
    old_url, old_name = teacher.avatar_url, teacher.photo.name
    storage = teacher.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(actor=teacher, photo=upload(image_bytes("PNG"), "me.png"))
    teacher.refresh_from_db()
    assert teacher.avatar_url != old_url
    assert teacher.photo.name.endswith(".png")
    assert not storage.exists(old_name)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (image_bytes("GIF"), "me.gif", "The photo must be a JPEG, PNG or WebP image."),
        (b"%PDF-1.4 not a picture at all", "me.jpg", "This file is not an image."),
        (b"\xff\xd8\xff\xe0" + b"broken" * 50, "me.jpg", "This file is not an image."),
    ],
    ids=["wrong type", "not an image", "truncated jpeg"],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_photo_is_refused_with_a_clear_message(
    client, content, name, message
):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = post_profile(client, teacher, upload(content, name))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "data-error-summary" in page
    teacher.refresh_from_db()
    assert not teacher.photo


def test_a_photo_over_2_mb_is_refused(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    big = image_bytes() + b"\0" * (MAX_PHOTO_BYTES + 1)
    response = post_profile(client, teacher, upload(big))
    assert response.status_code == 200
    assert "The photo is too large: it may be at most 2 MB." in response.content.decode()
    teacher.refresh_from_db()
    assert not teacher.photo


def test_the_refusal_is_in_the_teachers_language(client):
    teacher = TeacherFactory(language="fr")
    client.force_login(teacher)
    response = post_profile(client, teacher, upload(b"not an image", "me.png"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"


def test_webp_photos_are_accepted():
    teacher = with_photo(TeacherFactory())
    services.update_profile(actor=teacher, photo=upload(image_bytes("WEBP"), "me.webp"))
    teacher.refresh_from_db()
    assert teacher.photo.name.endswith(".webp")


def test_the_stored_photo_is_small_and_keeps_no_exif_or_gps_position():
    teacher = TeacherFactory()
    original = image_bytes(size=(2000, 1000), gps=True)
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(GPS_IFD), "the test photo should carry a GPS position"
    services.update_profile(actor=teacher, photo=upload(original))
    teacher.refresh_from_db()
    with teacher.photo.open("rb") as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        assert max(image.size) == MAX_PHOTO_SIDE
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"SpyCam" not in data


def test_teachers_remove_their_photo(client, django_capture_on_commit_callbacks):
    teacher = with_photo(TeacherFactory())
    name, storage = teacher.photo.name, teacher.photo.storage
    client.force_login(teacher)
    assert "Remove photo" in client.get(reverse("core:profile")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:profile-photo-remove"))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.photo and teacher.avatar_url == ""
    assert not storage.exists(name)


def test_the_photo_is_served_privately_with_nosniff_to_validated_teachers(client):
    teacher = with_photo(TeacherFactory())
    client.force_login(TeacherFactory())
    response = client.get(teacher.avatar_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_visitors_are_sent_to_the_login_page_for_a_photo(client):
    teacher = with_photo(TeacherFactory())
    response = client.get(teacher.avatar_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_staff_and_the_person_themself_see_the_photo_even_when_unlisted(client):
    teacher = with_photo(TeacherFactory(listed_in_search=False))
    client.force_login(teacher)
    assert client.get(teacher.avatar_url).status_code == 200
    nss = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(user=nss, role=StaffRole.Role.NSS, country=teacher.school.country)
    client.force_login(nss)
    assert client.get(teacher.avatar_url).status_code == 200


def test_validated_teachers_see_the_photo_of_the_staff_who_answer_them(client):
    nss = with_photo(UserFactory(kind=User.Kind.STAFF))
    client.force_login(TeacherFactory())
    assert client.get(nss.avatar_url).status_code == 200


def test_teachers_not_yet_validated_and_pupils_do_not_see_photos(client):
    teacher = with_photo(TeacherFactory())
    client.force_login(TeacherFactory(state=User.State.WAITING_VALIDATION))
    assert client.get(teacher.avatar_url).status_code == 403
    client.force_login(PupilFactory())
    # Pupils stay in their projects' pages: they are sent back to their desktop.
    assert client.get(teacher.avatar_url).status_code in (302, 403)


def test_the_photo_of_someone_the_directory_hides_is_not_served(client):
    unlisted = with_photo(TeacherFactory(listed_in_search=False))
    client.force_login(TeacherFactory())
    assert client.get(unlisted.avatar_url).status_code == 403
    assert client.get(reverse("core:profile-photo", args=[999_999])).status_code == 404
    without = TeacherFactory()
    assert client.get(reverse("core:profile-photo", args=[without.pk])).status_code == 404


def test_pupils_have_no_photo_and_their_avatar_stays_initials():
    pupil = PupilFactory()
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=pupil, photo=upload(image_bytes()))
    pupil.photo = "profile-photos/x/forced.jpg"
    assert pupil.avatar_url == ""


def test_deleting_the_account_deletes_the_photo_file(client, django_capture_on_commit_callbacks):
    teacher = with_photo(TeacherFactory())
    name, storage = teacher.photo.name, teacher.photo.storage
    assert storage.exists(name)
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:profile-delete"), {"password": PASSWORD})
    assert response.status_code == 200
    teacher.refresh_from_db()
    assert not teacher.photo
    assert not storage.exists(name)


def test_a_reader_who_may_not_see_the_photo_gets_initials_not_a_broken_image(client):
    """The avatar include asks the same rule as the photo's address: a visitor on a
    public profile sees initials, a validated teacher sees the photo."""
    teacher = with_photo(TeacherFactory(listed_in_search=True))
    page_url = reverse("core:person", args=[teacher.username])
    visitor_page = client.get(page_url).content.decode()
    assert "profile-photo" not in visitor_page and teacher.avatar_url not in visitor_page
    client.force_login(TeacherFactory())
    teacher_page = client.get(page_url).content.decode().replace("&amp;", "&")
    assert f'src="{teacher.avatar_url}"' in teacher_page
