"""Django admin for raw data repair; staff work in the Wagtail admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import event_delivery
from core.models import (
    AuditEntry,
    Country,
    EventDeliveryFailure,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    Region,
    School,
    SeatClaim,
    SeatOffer,
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


@admin.register(EventDeliveryFailure)
class EventDeliveryFailureAdmin(admin.ModelAdmin):
    """Failed event deliveries, for repair: the retry task writes them, nobody edits them."""

    list_display = (
        "created_at",
        "event_type",
        "listener",
        "state",
        "attempts",
        "next_attempt_at",
    )
    list_filter = ("state", "event_type", "listener")
    search_fields = ("event_id", "listener", "listener_function", "error")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in EventDeliveryFailure._meta.fields]
    actions = ["deliver_again_now"]

    @admin.action(description=_("Deliver again now"), permissions=["view"])
    def deliver_again_now(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        delivered = event_delivery.retry_now(actor=request.user, failure_ids=chosen)
        message = ngettext(
            "%(delivered)d of %(count)d delivery succeeded.",
            "%(delivered)d of %(count)d deliveries succeeded.",
            len(chosen),
        ) % {"delivered": delivered, "count": len(chosen)}
        if delivered < len(chosen):
            message += " " + str(
                _("The others stay failed and will be tried again if they have attempts left.")
            )
        self.message_user(request, message)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only a service may change: readable here, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SeatClaimInline(admin.TabularInline):
    model = SeatClaim
    fields = ("user", "status", "created_at", "seated_at", "cancelled_at")
    readonly_fields = fields
    ordering = ("created_at", "id")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SeatOffer)
class SeatOfferAdmin(ReadOnlyAdmin):
    """Seats change only through core.seats, which keeps the count and the queue in step."""

    list_display = ("key", "capacity", "taken", "created_at")
    search_fields = ("key",)
    inlines = [SeatClaimInline]


@admin.register(SeatClaim)
class SeatClaimAdmin(ReadOnlyAdmin):
    list_display = ("offer", "user", "status", "created_at", "seated_at", "cancelled_at")
    list_filter = ("status",)
    search_fields = ("offer__key", "user__username")
    list_select_related = ("offer", "user")
