"""The REST API root at ``/api/v1/`` and core's own routes.

Every plugin adds its router through ``register_api_routers``; django-ninja
publishes the OpenAPI schema at ``/api/v1/openapi.json`` and interactive docs
at ``/api/v1/docs``.
"""

from __future__ import annotations

from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from core import services
from core.api_params import Id, NulRefusingParser, Pagination
from core.models import Notification
from core.plugins import hook

router = Router(auth=django_auth)


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    kind: str
    state: str
    language: str


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_title(notification: Notification) -> str:
        return notification.shown_title

    @staticmethod
    def resolve_body(notification: Notification) -> str:
        return notification.shown_body


class MarkReadIn(Schema):
    ids: list[Id] | None = None


class MarkReadOut(Schema):
    marked: int


@router.get("/me", response=MeOut, summary="The logged-in user's account")
def me(request):
    return request.user


@router.get(
    "/notifications", response=list[NotificationOut], summary="My notifications, newest first"
)
@paginate(Pagination)
def notifications(request):
    return Notification.objects.filter(user=request.user).select_related("actor")


@router.post("/notifications/read", response=MarkReadOut, summary="Mark notifications read")
def mark_read(request, payload: MarkReadIn):
    return {
        "marked": services.mark_notifications_read(actor=request.user, notification_ids=payload.ids)
    }


@router.get("/notifications/{id:notification_id}", response=NotificationOut)
def notification(request, notification_id: Id):
    return get_object_or_404(Notification, pk=notification_id, user=request.user)


def unknown_route(request, rest: str = "") -> JsonResponse:
    """Any other path under /api/: a JSON 404 (a too-large id in a path lands here too)."""
    return JsonResponse({"detail": "Not Found"}, status=404)


def build_api() -> NinjaAPI:
    """Create the API and mount every contributed router."""
    api = NinjaAPI(
        title="OpenTwin API",
        version="1",
        description="School collaboration across countries.",
        urls_namespace="api-v1",
        docs_url="/docs",
        openapi_url="/openapi.json",
        parser=NulRefusingParser(),
    )
    for routers in hook().register_api_routers():
        for contribution in routers:
            api.add_router(
                contribution.prefix, contribution.router, tags=list(contribution.tags) or None
            )
    return api


api = build_api()
