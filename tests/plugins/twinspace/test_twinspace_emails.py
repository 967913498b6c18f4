"""TwinSpace e-mails say who did what about which project, what the reader is asked to
do, then the link; each has a text and an HTML part and the footer of every e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from core.models import ContactRequest, Country, Language, StaffRole, Subject, User
from plugins.twinspace.members import services as members
from plugins.twinspace.models import ProjectApproval, Role
from plugins.twinspace.projects import services as projects
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SITE = "https://opentwin.example.org"
TITLE = "Birds <script>alert(1)</script> & bees"


@pytest.fixture(autouse=True)
def site(settings):
    settings.OPENTWIN_SITE_URL = SITE


def teacher(code: str, username: str, first: str, last: str, school: str, **extra) -> User:
    country = Country.objects.get(code=code)
    return TeacherFactory(
        username=username,
        first_name=first,
        last_name=last,
        school=SchoolFactory(name=school, country=country),
        **extra,
    )


def nss(code: str) -> User:
    user = UserFactory(username=f"nss.{code.lower()}", kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


@pytest.fixture
def ana() -> User:
    return teacher("ES", "ana", "Ana", "García", "IES Triana")


@pytest.fixture
def luc(ana) -> User:
    luc = teacher("FR", "luc", "Luc", "Martin", "Collège Jean Moulin")
    ContactRequest.objects.create(
        sender=ana,
        recipient=luc,
        status=ContactRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    return luc


def create(founder: User, cofounder: User):
    return projects.create_project(
        actor=founder,
        cofounder=cofounder,
        title=TITLE,
        description="Pupils count the birds they see.",
        working_languages=list(Language.objects.filter(code="en")),
        age_min=8,
        age_max=10,
        pupil_count=30,
        subjects=list(Subject.objects.filter(code="biology")),
        ict_tools="Photos",
        aims="Observe.",
        work_process="Weekly counts.",
        expected_results="An atlas.",
    )


def mail_to(user: User, about: str = ""):
    """The last e-mail to ``user`` whose subject holds ``about`` (other plugins write too:
    an approval also brings the labels plugin's "your eTwinning Label is ready")."""
    messages = [
        message
        for message in mail.outbox
        if message.to == [user.email] and about in message.subject
    ]
    assert messages, f"no e-mail to {user.username}"
    return messages[-1]


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_footer(message) -> None:
    for part in (message.body, html_of(message)):
        assert "You get this e-mail because you have an account on OpenTwin" in part
        assert f"{SITE}/notifications/settings/" in part
        assert "OpenTwin" in part


def test_cofounder_request_email_names_the_founder_the_project_and_the_ask(
    ana, luc, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = create(ana, luc)
    message = mail_to(luc)
    assert message.subject == f"You are asked to co-found the project “{TITLE}”"
    text = message.body
    assert (
        f"Ana García of IES Triana created the project “{TITLE}” and asks you to be its "
        "co-founder. Please open the project to accept or decline." in text
    )
    assert f"{SITE}{project.url('about')}" in text
    assert_footer(message)
    html = html_of(message)
    assert "Ana García of IES Triana" in html
    assert f'href="{SITE}{project.url("about")}"' in html


def test_html_part_escapes_what_users_wrote(ana, luc, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create(ana, luc)
    html = html_of(mail_to(luc))
    assert "<script>" not in html
    assert "Birds &lt;script&gt;alert(1)&lt;/script&gt; &amp; bees" in html


def test_nss_email_asks_to_approve_the_project_the_cofounder_accepted(
    ana, luc, django_capture_on_commit_callbacks
):
    staff_es, staff_fr = nss("ES"), nss("FR")
    project = create(ana, luc)
    with django_capture_on_commit_callbacks(execute=True):
        projects.respond_to_project(actor=luc, project=project, accept=True)
    approval = ProjectApproval.objects.get(project=project, country__code="ES")
    message = mail_to(staff_es)
    assert message.subject == f"The project “{TITLE}” waits for your approval"
    assert "its co-founder, Luc Martin, accepted it" in message.body
    assert "IES Triana / Collège Jean Moulin" in message.body
    assert "Please approve or reject it for Spain." in message.body
    assert f"{SITE}{projects.approval_admin_url(approval)}" in message.body
    assert "Please approve or reject it for France." in mail_to(staff_fr).body
    founder_mail = mail_to(ana)
    assert "Luc Martin agreed to co-found the project" in founder_mail.body
    assert "waits for the approval of the National Support Services" in founder_mail.body
    assert_footer(founder_mail)


def test_nss_email_names_the_country_in_the_readers_language(
    ana, luc, django_capture_on_commit_callbacks
):
    staff_es = nss("ES")
    staff_es.language = "de"
    staff_es.save(update_fields=["language"])
    project = create(ana, luc)
    with django_capture_on_commit_callbacks(execute=True):
        projects.respond_to_project(actor=luc, project=project, accept=True)
    body = mail_to(staff_es).body
    assert "Spanien" in body
    assert "Spain" not in body


def test_founders_are_told_of_the_approval_and_of_a_rejection_with_its_reason(
    ana, luc, django_capture_on_commit_callbacks
):
    staff_es, staff_fr = nss("ES"), nss("FR")
    project = create(ana, luc)
    projects.respond_to_project(actor=luc, project=project, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        projects.decide_project(
            actor=staff_es, project=project, country=ana.school.country, approve=True
        )
        projects.decide_project(
            actor=staff_fr, project=project, country=luc.school.country, approve=True
        )
    approved = mail_to(ana, about="is approved")
    assert approved.subject == f"The project “{TITLE}” is approved: its TwinSpace is open"
    assert "Invite partners and pupils" in approved.body
    assert_footer(approved)

    mail.outbox.clear()
    second = create(ana, luc)
    projects.respond_to_project(actor=luc, project=second, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        projects.decide_project(
            actor=staff_fr,
            project=second,
            country=luc.school.country,
            approve=False,
            reason="The description is too short.",
        )
    for founder in (ana, luc):
        rejected = mail_to(founder)
        assert rejected.subject == f"The project “{TITLE}” was not approved"
        assert (
            f"The National Support Service of France did not approve the project “{TITLE}”. "
            "Reason: The description is too short." in rejected.body
        )


def test_declined_cofounder_request_tells_the_founder_who_and_why(
    ana, luc, django_capture_on_commit_callbacks
):
    project = create(ana, luc)
    with django_capture_on_commit_callbacks(execute=True):
        projects.respond_to_project(
            actor=luc, project=project, accept=False, reason="We have no time this year."
        )
    message = mail_to(ana)
    assert "Luc Martin declined to co-found the project" in message.body
    assert "Reason: We have no time this year." in message.body
    assert "with another co-founder" in message.body


def test_invitation_email_names_who_invites_to_which_space_with_which_role(
    ana, luc, django_capture_on_commit_callbacks
):
    project = make_project(founder=ana, cofounder=luc, title="Rivers")
    guest = teacher("IT", "gio", "Giovanni", "Rossi", "Liceo Galilei")
    ContactRequest.objects.create(
        sender=ana,
        recipient=guest,
        status=ContactRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        members.invite_teacher(actor=ana, space=project, user=guest, role=Role.TEACHER)
    message = mail_to(guest)
    assert message.subject == "You are invited to join Rivers"
    assert "Ana García invites you to join Rivers with the role “Teacher”." in message.body
    assert "Please accept or decline the invitation" in message.body
    assert f"{SITE}/" in message.body
    assert_footer(message)


def test_cofounder_request_email_is_written_in_the_cofounders_language(
    ana, django_capture_on_commit_callbacks
):
    luc = teacher("FR", "luc", "Luc", "Martin", "Collège Jean Moulin", language="fr")
    ContactRequest.objects.create(
        sender=ana,
        recipient=luc,
        status=ContactRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        create(ana, luc)
    message = mail_to(luc)
    assert message.subject == f"Vous êtes invité à cofonder le projet «\u00a0{TITLE}\u00a0»"
    assert '<html lang="fr">' in html_of(message)


def test_a_notification_names_the_actor_as_they_are_now(
    ana, luc, django_capture_on_commit_callbacks
):
    # The stored text holds no name: an erased founder shows as a former member.
    from core.models import Notification
    from core.services import erase_user_data

    create(ana, luc)
    notification = Notification.objects.get(user=luc, kind="twinspace.project_invited")
    assert "Ana" not in notification.body
    assert notification.shown_body.startswith("Ana García of IES Triana")
    erase_user_data(actor=ana, user=ana)
    notification.refresh_from_db()
    assert notification.shown_body.startswith("A former member of IES Triana")


def test_a_pupil_who_replies_is_named_by_first_name_and_initial(
    ana, luc, django_capture_on_commit_callbacks
):
    from plugins.twinspace.forums import services as forums
    from tests.factories import PupilFactory
    from tests.factories.twinspace import add_member

    project = make_project(founder=ana, cofounder=luc, title="Rivers")
    pupil = PupilFactory(first_name="Lucía", last_name="Moreno")
    add_member(project, pupil, role=Role.PUPIL)
    discussion = forums.create_discussion(actor=ana, space=project, title="Our rivers")
    thread = forums.start_thread(
        actor=ana, discussion=discussion, title="Measurements", body="Post yours here."
    )
    with django_capture_on_commit_callbacks(execute=True):
        forums.reply_to_thread(actor=pupil, thread=thread, body="Ours is 12 degrees.")
    message = mail_to(ana)
    assert "Lucía M. replied in the thread “Measurements” of Rivers" in message.body
    assert "Moreno" not in message.body and "Moreno" not in html_of(message)
