"""Replace Wagtail's "Welcome" page with the portal's home page.

Follows wagtail/project_template/home/migrations/0002_create_homepage.py, with two
differences: pages now need a locale (this app's models postdate Wagtail's locale
migrations), and the reverse puts Wagtail's welcome page back, so that unapplying
0001 leaves no page whose type has lost its table.
"""

from django.db import migrations

HOME_TITLE = "OpenTwin"
HOME_INTRO = (
    "<p>OpenTwin brings schools from different countries together: teachers meet, "
    "plan projects and let their pupils learn with partners abroad.</p>"
)
WELCOME_TITLE = "Welcome to your new Wagtail site!"
# django-treebeard's materialised path: each level adds four base-36 digits.
STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def next_child_path(Page, parent):
    """The path of a new last child of ``parent``, as treebeard would choose it."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP_LENGTH:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = ALPHABET[digit] + digits
    return parent.path + digits.rjust(STEP_LENGTH, "0")


def add_root_child(Page, model, root, **fields):
    """Create a page directly under the root and keep the root's child count right."""
    page = model.objects.create(
        path=next_child_path(Page, root),
        depth=root.depth + 1,
        numchild=0,
        url_path=f"/{fields['slug']}/",
        locale_id=root.locale_id,
        **fields,
    )
    root.numchild = Page.objects.filter(path__startswith=root.path, depth=root.depth + 1).count()
    root.save(update_fields=["numchild"])
    return page


def point_default_site_at(Site, page):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, site_name=HOME_TITLE, root_page=page, is_default_site=True
        )
    else:
        site.root_page = page
        site.save(update_fields=["root_page"])


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    # Delete the default home page (of type Page) that wagtailcore.0002_initial_data
    # created, if it exists; the Site pointing at it goes with it (CASCADE).
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    homepage_content_type, _created = ContentType.objects.get_or_create(
        model="homepage", app_label="cms"
    )
    root = Page.objects.get(depth=1)
    homepage = add_root_child(
        Page,
        HomePage,
        root,
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=homepage_content_type,
        intro=HOME_INTRO,
    )
    point_default_site_at(Site, homepage)


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    # Delete every home page with all the pages below it: their types' tables are
    # about to go. Sites pointing at them go too (CASCADE).
    for homepage in HomePage.objects.all():
        Page.objects.filter(path__startswith=homepage.path).delete()

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    root = Page.objects.get(depth=1)
    welcome = add_root_child(
        Page,
        Page,
        root,
        title=WELCOME_TITLE,
        draft_title=WELCOME_TITLE,
        slug="home",
        content_type=page_content_type,
    )
    point_default_site_at(Site, welcome)
    ContentType.objects.filter(model="homepage", app_label="cms").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
