"""The Django admin is there for raw data repair; the audit log in it is read-only."""

from __future__ import annotations

import pytest

from core import audit
from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path",
    ["user", "country", "region", "school", "auditentry", "notification", "outgoingemail"],
)
def test_operator_can_list_core_data_in_the_django_admin(client, operator, path):
    assert client.get(f"/django-admin/core/{path}/").status_code == 200


def test_audit_entries_cannot_be_changed_or_deleted_in_the_admin(client, operator):
    entry = audit.record("test.action", actor=operator, target=operator, detail="x")
    assert client.get(f"/django-admin/core/auditentry/{entry.pk}/change/").status_code == 200
    response = client.post(
        f"/django-admin/core/auditentry/{entry.pk}/change/", {"action": "forged"}
    )
    assert response.status_code == 403
    assert client.post(f"/django-admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"
    assert client.get("/django-admin/core/auditentry/add/").status_code == 403
