"""The awards' demo data (issue 12 item 8): the demo project's founders hold their
eTwinning Labels and teacher.ana a certificate of participation, all issued by the
labels services from what the other plugins' demo did through theirs; a database seeded
before the labels existed gains them; loading again creates nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, Notification, User
from core.plugins import hook
from plugins.labels.awards import listeners, services
from plugins.labels.awards.demo import load_awards_demo_data
from plugins.labels.models import Award, IssuerKind, SubjectType
from plugins.mooc.courses.demo import TITLE as COURSE_TITLE
from plugins.twinspace.models import Project
from plugins.twinspace.projects.demo import ACTIVE_TITLE

pytestmark = pytest.mark.django_db


def seed(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def seed_committing_each_dataset(django_capture_on_commit_callbacks) -> list[str]:
    """``seed_demo`` as it runs on a real database: each dataset's events are delivered
    when it commits, before the next dataset loads (a test's transaction would hold them
    all to the end)."""
    datasets = sorted(
        (dataset for datasets in hook().register_demo_data() for dataset in datasets),
        key=lambda dataset: (dataset.order, dataset.key),
    )
    lines: list[str] = []
    for dataset in datasets:
        with django_capture_on_commit_callbacks(execute=True):
            lines += dataset.load()
    return lines


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Award, AuditEntry, Notification)}


def founders_labels() -> dict[str, Award]:
    project = Project.objects.get(title=ACTIVE_TITLE)
    return {
        award.recipient_user.username: award
        for award in Award.objects.filter(
            kind=Award.Kind.ETWINNING_LABEL,
            subject_type=SubjectType.PROJECT,
            subject_id=project.pk,
        ).select_related("recipient_user", "issuer_country")
    }


def test_the_demo_founders_hold_labels_and_ana_a_certificate_and_a_second_run_adds_nothing(
    django_capture_on_commit_callbacks,
):
    lines = seed_committing_each_dataset(django_capture_on_commit_callbacks)

    labels = founders_labels()
    assert set(labels) == {"teacher.ana", "teacher.luc"}
    assert labels["teacher.ana"].issuer_country.code == "ES"
    assert labels["teacher.luc"].issuer_country.code == "FR"
    assert all(label.is_valid and label.source_event_id for label in labels.values())
    ana = User.objects.get(username="teacher.ana")
    certificate = Award.objects.get(
        recipient_user=ana, kind=Award.Kind.CERTIFICATE, subject_type=SubjectType.COURSE
    )
    assert certificate.subject_title == COURSE_TITLE
    assert certificate.issuer_kind == IssuerKind.CSS  # a European course
    # Issued by the service, from the event: audited and the holder told.
    issued = AuditEntry.objects.filter(action=services.AWARD_ISSUED, actor__isnull=True)
    assert issued.filter(target_id=str(certificate.pk)).exists()
    assert Notification.objects.filter(user=ana, kind="labels.award_ready").count() == 2
    # The listeners issued them as the other demos went: the labels' demo only tells.
    start = lines.index("Demo awards:") + 1
    awards_lines = lines[start:]
    # The awards' own lines: up to the next dataset's heading (indented lines only).
    awards_lines = awards_lines[
        : next(
            (i for i, line in enumerate(awards_lines) if not line.startswith("  ")),
            len(awards_lines),
        )
    ]
    (ana_line,) = [line for line in awards_lines if "teacher.ana" in line]
    assert f"Certificate of participation ({COURSE_TITLE})" in ana_line
    assert f"eTwinning Label ({ACTIVE_TITLE})" in ana_line

    first = counts()
    again = seed(django_capture_on_commit_callbacks)
    assert counts() == first
    assert "issued now" not in again


def test_a_database_seeded_before_the_labels_existed_gains_the_founders_labels(
    django_capture_on_commit_callbacks, monkeypatch
):
    # The demo loads while the labels' listener hears no approval, as before it existed.
    monkeypatch.setattr(listeners, "project_approved", lambda event: None)
    seed(django_capture_on_commit_callbacks)
    assert founders_labels() == {}
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        lines = load_awards_demo_data()

    labels = founders_labels()
    assert set(labels) == {"teacher.ana", "teacher.luc"}
    project = Project.objects.get(title=ACTIVE_TITLE)
    assert labels["teacher.ana"].issued_at == project.approved_at
    assert lines[0] == "Demo awards (2 issued now for projects approved earlier):"
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        assert load_awards_demo_data()[0] == "Demo awards:"
    assert counts() == first
