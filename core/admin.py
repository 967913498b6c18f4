"""Django admin for raw data repair; staff work in the Wagtail admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import (
    AuditEntry,
    Country,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    Region,
    School,
    StaffRole,
    User,
)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["country", "region"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("OpenTwin"), {"fields": ("kind", "state", "language", "school")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "kind", "state", "is_staff")
    list_filter = ("kind", "state", "is_staff", "is_superuser", "is_active")
    autocomplete_fields = ["school"]
    inlines = [StaffRoleInline]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "tier", "support_organisation")
    list_filter = ("tier",)
    search_fields = ("name", "code")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "country")
    list_filter = ("country",)
    search_fields = ("name",)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "town", "country", "region", "registered_since")
    list_filter = ("country",)
    search_fields = ("name", "town")
    autocomplete_fields = ["country", "region"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is written by services only: here it can be read, never changed."""

    list_display = ("created_at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_id", "actor__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    search_fields = ("title", "user__username")
    raw_id_fields = ("user", "actor")


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Account e-mails, to see whether one went out; their text is not for editing."""

    list_display = ("created_at", "purpose", "to", "subject", "email_status", "sent_at")
    list_filter = ("purpose", "email_status")
    search_fields = ("to", "subject")
    raw_id_fields = ("user",)
    readonly_fields = ("purpose", "to", "user", "subject", "text_body", "html_body", "created_at")


admin.site.register(NotificationPreference)
