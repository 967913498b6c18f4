"""The configured django-q2 broker (ORM by default, Redis with REDIS_URL) really queues tasks."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_q.brokers import get_broker
from django_q.signing import SignedPackage


@pytest.mark.django_db(transaction=True)
def test_the_configured_broker_queues_and_delivers_a_task():
    broker = get_broker(list_key=f"opentwin-test-{id(settings)}")
    assert type(broker).__name__ == ("Redis" if settings.REDIS_URL else "ORM")
    broker.purge_queue()
    package = SignedPackage.dumps({"id": "t1", "func": "math.floor", "args": (1.5,), "kwargs": {}})
    broker.enqueue(package)
    received = broker.dequeue()
    assert received, "nothing came back from the broker"
    task_id, body = received[0]
    assert SignedPackage.loads(body)["id"] == "t1"
    broker.acknowledge(task_id)
    broker.purge_queue()
