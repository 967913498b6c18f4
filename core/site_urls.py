"""Core's own pages, mounted at the site root through core's ``register_urls`` hook."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.functional import lazy

from core import calendar_views, views
from core.accounts.forms import LoginForm, pupil_login_url

app_name = "core"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html",
            redirect_authenticated_user=True,
            authentication_form=LoginForm,
            # The page links to the pupils' login, where a plugin serves one.
            extra_context={"pupil_login_url": lazy(pupil_login_url, str)()},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desktop/", views.desktop, name="desktop"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-read"),
    path("notifications/<id:pk>/read/", views.notification_mark_read, name="notification-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("calendar/", calendar_views.my_calendar, name="calendar"),
    path("calendar/new-address/", calendar_views.regenerate_feed, name="calendar-regenerate"),
    path("calendar/items/<str:uid>.ics", calendar_views.item_ics, name="calendar-item"),
    path("calendar/feed/<str:token>.ics", calendar_views.feed_ics, name="calendar-feed"),
    # Each area of core keeps its URLs beside its code, in the same "core" namespace.
    path("", include("core.registration.urls")),
    path("", include("core.validation.urls")),
    path("", include("core.accounts.urls")),
    path("", include("core.directory.urls")),
    path("", include("core.support.urls")),
]
