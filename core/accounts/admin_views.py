"""Wagtail admin screens of core's accounts area (imported by core/wagtail_hooks.py).

"Accounts": NSS staff list their country's teachers (superusers everyone), filter by
state, search, and block, unblock or restore them through the accounts services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.accounts import services
from core.accounts.forms import BlockForm
from core.models import User
from core.staff import is_nss_staff

PAGE_SIZE = 50


def can_use_accounts_screen(user) -> bool:
    return is_nss_staff(user)


class AccountsAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_use_accounts_screen(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccountListView(AccountsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/accounts/admin/account_list.html"
    page_title = gettext_lazy("Accounts")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = services.managed_accounts(self.request.user).select_related("school__country")
        state = self.request.GET.get("state", "")
        if state in User.State.values:
            accounts = accounts.filter(state=state)
        else:
            state = ""
        query = self.request.GET.get("q", "").strip()
        if query:
            accounts = accounts.filter(
                Q(username__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
            )
        page = Paginator(accounts.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        filters = self.request.GET.copy()
        filters.pop("page", None)
        context.update(
            page=page,
            state=state,
            query=query,
            states=[
                (value, label) for value, label in User.State.choices if value != User.State.DELETED
            ],
            filter_query=filters.urlencode(),
            back=self.request.get_full_path(),
        )
        return context


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("core_accounts_admin:index")


def _account(request, pk: int) -> User:
    return get_object_or_404(services.managed_accounts(request.user), pk=pk)


class AccountActionView(AccountsAccessMixin, View):
    """POST-only: unblock or restore one account."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        account = _account(request, pk)
        try:
            if self.action == "unblock":
                services.unblock_account(actor=request.user, user=account)
                messages.success(
                    request, _("%(name)s is unblocked.") % {"name": account.display_name()}
                )
            else:
                services.restore_account(actor=request.user, user=account)
                messages.success(
                    request, _("%(name)s is restored.") % {"name": account.display_name()}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_back(request))


class BlockAccountView(AccountsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/accounts/admin/block.html"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not can_use_accounts_screen(request.user):
            raise PermissionDenied
        self.account = _account(request, kwargs["pk"])
        self.form = BlockForm(request.POST or None)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Block %(name)s") % {"name": self.account.display_name()}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("core_accounts_admin:index"), "label": _("Accounts")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(account=self.account, form=self.form)
        return context

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            try:
                services.block_account(
                    actor=request.user, user=self.account, reason=self.form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(name)s is blocked.") % {"name": self.account.display_name()}
                )
                return redirect("core_accounts_admin:index")
        return self.get(request, *args, **kwargs)


class AccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_accounts_screen(request.user)


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        path(
            "accounts/",
            include(
                (
                    [
                        path("", AccountListView.as_view(), name="index"),
                        path("<id:pk>/block/", BlockAccountView.as_view(), name="block"),
                        path(
                            "<id:pk>/unblock/",
                            AccountActionView.as_view(action="unblock"),
                            name="unblock",
                        ),
                        path(
                            "<id:pk>/restore/",
                            AccountActionView.as_view(action="restore"),
                            name="restore",
                        ),
                    ],
                    "core_accounts_admin",
                )
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_accounts_menu_item():
    return AccountsMenuItem(
        gettext_lazy("Accounts"),
        reverse("core_accounts_admin:index"),
        icon_name="user",
        order=260,
    )
