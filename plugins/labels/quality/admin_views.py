"""The National Quality Labels' Wagtail admin screens (imported by the plugin's
wagtail_hooks).

NSS staff look after the applications of the countries they serve, regional
representatives those from schools of their regions, the CSS and superusers every
application (:func:`applications_for_staff`). The evaluation queue lists the
applications waiting, the oldest first, with how long each has waited; one
application's screen shows its eligibility answers and evidence and, for its evaluators
(the NSS of its country, the regional representative of its school's region), the
rubric form, a button that opens the project's TwinSpace to them as guests, every
evaluation so far and the combined scores; the NSS decides there. The windows screen
lets an NSS set (open or move) its countries' application window per school year. An
application outside one's scope does not exist (404). The views parse input and call
the services, which check the role again; a refusal is a form error, never a 500.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import Country, User
from core.plugins import hook
from core.staff import (
    countries_served_by,
    is_css_staff,
    is_nss_staff,
    is_regional_representative,
    regions_served_by,
    regions_with_representatives,
)
from plugins.labels.models import ApplicationWindow, Evaluation, QualityLabelApplication
from plugins.labels.quality import criteria, rubric, services
from plugins.labels.quality.policy import Action, refusal, window_refusal

PAGE_SIZE = 25
State = QualityLabelApplication.State
WAITING_STATES = (State.SUBMITTED, State.UNDER_EVALUATION)
DECIDED_STATES = (State.AWARDED, State.NOT_AWARDED)
WAITING = "waiting"

STATE_TONES = {
    State.SUBMITTED: "w-status--primary",
    State.UNDER_EVALUATION: "w-status--primary",
    State.AWARDED: "w-status--primary",
}

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def school_year_label(year: int) -> str:
    """A school year as people write it: 2026 is "2026/27"."""
    return f"{year}/{(year + 1) % 100:02d}"


def _sees_everything(user: User) -> bool:
    return user.is_superuser or is_css_staff(user)


def is_quality_staff(user: User) -> bool:
    """Whether ``user`` looks after some National Quality Label applications."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _sees_everything(user) or is_nss_staff(user) or is_regional_representative(user)


def applications_for_staff(user: User) -> QuerySet[QualityLabelApplication]:
    """The applications ``user`` looks after: all for the CSS and superusers; for NSS
    staff those of the countries they serve; for regional representatives those from
    schools of their regions."""
    applications = QualityLabelApplication.objects.all()
    if not is_quality_staff(user):
        return applications.none()
    if _sees_everything(user):
        return applications
    countries = countries_served_by(user) or []
    regions = regions_served_by(user) or []
    return applications.filter(Q(country_id__in=countries) | Q(school__region_id__in=regions))


def window_countries(user: User) -> QuerySet[Country]:
    """The countries whose application windows ``user`` may set."""
    if user.is_superuser:
        return Country.objects.all()
    return Country.objects.filter(pk__in=countries_served_by(user) or [])


def sees_windows(user: User) -> bool:
    return user.is_authenticated and (_sees_everything(user) or is_nss_staff(user))


def waited(application: QualityLabelApplication, now) -> str:
    """How long a waiting application has waited, in days ("12 days")."""
    days = max((now - application.submitted_at).days, 0)
    if days == 0:
        return _("less than a day")
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def points_text(points) -> str:
    """Points as people write them: 3, 2.5, 2.25 (in the reader's number format)."""
    value = Decimal(points)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value)


def _refusal_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class QualityStaffMixin:
    """Only the staff who look after applications open these screens."""

    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not is_quality_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def index_crumb(self) -> dict:
        return {"url": reverse("quality_admin:index"), "label": _("National Quality Labels")}


# --- the evaluation queue ------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The queue's filters; both may stay empty (the waiting applications of every
    school year)."""

    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    school_year = forms.TypedChoiceField(
        label=gettext_lazy("School year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, school_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("Waiting (submitted or under evaluation)")),
            *State.choices,
        ]
        self.fields["school_year"].choices = [
            ("", _("Every school year")),
            *((str(year), school_year_label(year)) for year in school_years),
        ]

    def value(self, name):
        """The field's value, or ``None`` when it is empty or not understood (the other
        filters still apply)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def filter(self, applications):
        state = self.value("state")
        if state:
            applications = applications.filter(state=state)
        else:
            applications = applications.filter(state__in=WAITING_STATES)
        year = self.value("school_year")
        if year:
            applications = applications.filter(school_year=year)
        return applications

    @property
    def is_filtering(self) -> bool:
        return bool(self.value("state") or self.value("school_year"))


def _represented_regions(applications) -> set[int]:
    """Of the listed applications' schools' regions, those with a regional
    representative (one query for the page)."""
    return regions_with_representatives(a.school.region_id for a in applications if a.school_id)


def scored_by(application: QualityLabelApplication, represented: set[int]) -> list[dict]:
    """Who has scored an application under evaluation, shown as "NSS ✓, regional —":
    the NSS, and the regional representative where the school's region has one."""
    roles = {evaluation.role for evaluation in application.evaluations.all()}
    marks = [{"who": _("NSS"), "done": Evaluation.Role.NSS in roles}]
    region_id = application.school.region_id if application.school_id else None
    if Evaluation.Role.REGIONAL in roles or region_id in represented:
        marks.append({"who": _("regional"), "done": Evaluation.Role.REGIONAL in roles})
    return marks


class QueueView(QualityStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The applications waiting for evaluation, the oldest first, with the counts."""

    template_name = "labels/quality/admin/index.html"
    page_title = gettext_lazy("National Quality Labels")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        now = timezone.now()
        scope = applications_for_staff(user)
        years = sorted(
            set(scope.order_by().values_list("school_year", flat=True).distinct()), reverse=True
        )
        form = QueueFilterForm(self.request.GET or None, school_years=years)
        if form.is_bound and not form.is_valid():
            messages.error(self.request, _("A filter was not understood and is left out."))
        year = form.value("school_year") or services.school_year_of(now)
        counts = scope.aggregate(
            waiting=Count("pk", filter=Q(state=State.SUBMITTED)),
            under_evaluation=Count("pk", filter=Q(state=State.UNDER_EVALUATION)),
            decided=Count("pk", filter=Q(state__in=DECIDED_STATES, school_year=year)),
        )
        applications = (
            form.filter(scope).select_related("applicant", "school").prefetch_related("evaluations")
        )
        paginator = Paginator(applications.order_by("submitted_at", "pk"), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        listed = list(page.object_list)
        represented = _represented_regions(listed)
        rows = [
            {
                "application": application,
                "waited": waited(application, now) if application.state in WAITING_STATES else "",
                "state_tone": STATE_TONES.get(application.state, ""),
                "scored": scored_by(application, represented)
                if application.state == State.UNDER_EVALUATION
                else "",
            }
            for application in listed
        ]
        context.update(
            form=form,
            page=page,
            rows=rows,
            counts=counts,
            counted_year=school_year_label(year),
            elided_page_range=paginator.get_elided_page_range(page.number),
            filtering=form.is_filtering,
            windows_url=reverse("quality_admin:windows") if sees_windows(user) else "",
        )
        return context


# --- one application -----------------------------------------------------------------


def _safe_links(links) -> list[str]:
    """The evidence's web addresses; anything but http(s) is never a link."""
    return [
        link
        for link in (links or [])
        if isinstance(link, str) and link.lower().startswith(("http://", "https://"))
    ]


class ScoreForm(forms.Form):
    """The rubric: one number per sub-criterion (its key the field's name), from 0 to
    its maximum, and a comment."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            out_of_range = _("Give from 0 to %(max)d points.") % {"max": item.max_points}
            hint = _("max %(max)d") % {"max": item.max_points}
            if item.minimum_points:
                hint = _("max %(max)d, minimum %(minimum)d to be awarded") % {
                    "max": item.max_points,
                    "minimum": item.minimum_points,
                }
            self.fields[item.key] = forms.IntegerField(
                label=rubric.title(item.title),
                min_value=0,
                max_value=item.max_points,
                help_text=hint,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": out_of_range,
                    "invalid": out_of_range,
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                },
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"),
            required=False,
            max_length=services.MAX_COMMENT_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Optional. The teacher reads it with the decision."),
        )

    def groups(self) -> list[dict]:
        """The fields grouped by criterion, in the rubric's order."""
        groups: list[dict] = []
        for item in self.items:
            if not groups or groups[-1]["key"] != item.criterion.key:
                groups.append(
                    {
                        "key": item.criterion.key,
                        "title": rubric.title(item.criterion.title),
                        "fields": [],
                    }
                )
            groups[-1]["fields"].append(self[item.key])
        return groups


class DecisionForm(forms.Form):
    """The NSS's decision's comment; the button pressed says whether it awards."""

    comment = forms.CharField(
        label=gettext_lazy("Comment for the teacher"),
        required=False,
        max_length=services.MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when the label is not awarded: say why."),
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the rubric form on the same page has a comment too.
        kwargs.setdefault("auto_id", "id_decision_%s")
        super().__init__(*args, **kwargs)


SCORE, DECIDE, OPEN_SPACE = "score", "decide", "open-space"


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal onto the form: to its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ApplicationView(QualityStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """One application: who applied for which project, its state, its eligibility
    answers and its evidence on the five criteria; for its evaluators the rubric form
    and the project's TwinSpace; every evaluation and the combined scores; for the NSS
    the decision."""

    template_name = "labels/quality/admin/detail.html"

    def get_application(self) -> QualityLabelApplication:
        if not hasattr(self, "application"):
            application = (
                applications_for_staff(self.request.user)
                .select_related("applicant", "school", "country", "decided_by")
                .filter(pk=self.kwargs["pk"])
                .first()
            )
            if application is None or refusal(self.request.user, application, Action.VIEW):
                raise Http404
            self.application = application
        return self.application

    def get_page_title(self):
        return self.get_application().project_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def own_evaluation(self, application) -> Evaluation | None:
        return application.evaluations.filter(evaluator=self.request.user).first()

    def score_form(self, application, items) -> ScoreForm:
        own = self.own_evaluation(application)
        initial = {}
        if own is not None:
            initial = {**(own.scores or {}), "comment": own.comment}
        return ScoreForm(items=items, initial=initial)

    def evaluation_context(self, application, items) -> dict:
        """Every evaluation so far, per sub-criterion, and the combined scores."""
        evaluations = list(application.evaluations.select_related("evaluator"))
        combined = rubric.combine([(e.role, e.scores) for e in evaluations], items)
        missed = {item.key for item in combined.missed}
        rows = []
        for item in items:
            combined_points = combined.points.get(item.key)
            rows.append(
                {
                    "criterion": rubric.title(item.criterion.title),
                    "title": rubric.title(item.title),
                    "max": item.max_points,
                    "minimum": item.minimum_points,
                    "points": [
                        points_text(e.scores[item.key]) if item.key in (e.scores or {}) else ""
                        for e in evaluations
                    ],
                    "combined": points_text(combined_points) if combined_points is not None else "",
                    "missed": item.key in missed,
                }
            )
        return {
            "evaluations": [
                {
                    "role": e.get_role_display(),
                    "evaluator": e.evaluator.display_name
                    if e.evaluator
                    else _("A former evaluator"),
                    "submitted_at": e.submitted_at,
                    "total": points_text(sum(int(v) for v in (e.scores or {}).values())),
                    "comment": e.comment,
                }
                for e in evaluations
            ],
            "score_rows": rows,
            "max_total": sum(item.max_points for item in items),
            "combined_total": points_text(combined.total),
            "missed": [rubric.title(item.title) for item in combined.missed],
            "score_rule": {
                "average": _("the average of the evaluators' points"),
                "lowest": _("the lowest of the evaluators' points"),
                "nss": _("the National Support Service's points"),
            }.get(str(settings.OPENTWIN_NQL_SCORE_RULE), ""),
        }

    def get_context_data(self, score_form=None, decision_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        user = self.request.user
        facts = hook().get_project_facts(project_id=application.project_id)
        answers = application.eligibility or {}
        evidence = application.evidence or {}
        items = rubric.items()
        role = services.evaluator_role(user, application)
        evaluating = role is not None and application.state in WAITING_STATES
        deciding = evaluating and role == Evaluation.Role.NSS
        context.update(
            application=application,
            state_tone=STATE_TONES.get(application.state, ""),
            school_year=school_year_label(application.school_year),
            waited=waited(application, timezone.now())
            if application.state in WAITING_STATES
            else "",
            project_url=facts.url if facts is not None else "",
            eligibility=[
                {"question": question.text, "answer": answers.get(question.key)}
                for question in criteria.ELIGIBILITY
            ],
            evidence=[
                {
                    "title": criterion.title,
                    "text": (evidence.get(criterion.key) or {}).get("text", ""),
                    "links": _safe_links((evidence.get(criterion.key) or {}).get("links")),
                }
                for criterion in criteria.CRITERIA
            ],
            evaluating=evaluating,
            deciding=deciding,
            decided=application.state in DECIDED_STATES,
            decided_total=points_text(application.total_score)
            if application.total_score is not None
            else "",
            actions={"score": SCORE, "decide": DECIDE, "open_space": OPEN_SPACE},
            **self.evaluation_context(application, items),
        )
        if evaluating:
            context["score_form"] = score_form or self.score_form(application, items)
        if deciding:
            context.update(
                decision_form=decision_form or DecisionForm(),
                award_refusal=services.decision_refusal(user, application, award=True),
                refuse_refusal=services.decision_refusal(user, application, award=False),
            )
        return context

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        action = request.POST.get("action")
        if action == OPEN_SPACE:
            return self.open_space(application)
        if action == SCORE:
            return self.score(application)
        if action == DECIDE:
            return self.decide(application)
        messages.error(request, _("This action was not understood: nothing was changed."))
        return redirect("quality_admin:detail", application.pk)

    def open_space(self, application):
        request = self.request
        try:
            opened = services.open_project_for_evaluator(
                actor=request.user, application=application
            )
        except PermissionDenied as error:
            messages.error(request, _refusal_text(error))
            return redirect("quality_admin:detail", application.pk)
        facts = hook().get_project_facts(project_id=application.project_id)
        if not opened or facts is None or not facts.url:
            messages.error(
                request, _("The project's TwinSpace could not be opened to you as a guest.")
            )
            return redirect("quality_admin:detail", application.pk)
        return redirect(facts.url)

    def score(self, application):
        request = self.request
        form = ScoreForm(request.POST, items=rubric.items())
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.score_application(
                    actor=request.user,
                    application=application,
                    scores={item.key: data[item.key] for item in form.items},
                    comment=data["comment"],
                )
            except PermissionDenied as error:
                messages.error(request, _refusal_text(error))
                return redirect("quality_admin:detail", application.pk)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    messages.error(request, _refusal_text(error))
                    return redirect("quality_admin:detail", application.pk)
                _add_errors(form, error)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("quality_admin:detail", application.pk)
        messages.error(request, _("Your scores were not saved: correct the form."))
        return self.render_to_response(self.get_context_data(score_form=form), status=400)

    def decide(self, application):
        request = self.request
        form = DecisionForm(request.POST)
        award = request.POST.get("award")
        if award not in ("yes", "no"):
            messages.error(request, _("Choose whether to award the label: nothing was changed."))
        elif form.is_valid():
            try:
                services.decide_application(
                    actor=request.user,
                    application=application,
                    award=award == "yes",
                    comment=form.cleaned_data["comment"],
                )
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, _refusal_text(error))
                if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                    _add_errors(form, error)
            else:
                if award == "yes":
                    messages.success(request, _("The National Quality Label is awarded."))
                else:
                    messages.success(request, _("The decision is saved: the label is not awarded."))
                return redirect("quality_admin:detail", application.pk)
        else:
            messages.error(request, _("The decision was not saved: correct the form."))
        del self.application  # read again: the state may have changed meanwhile
        return self.render_to_response(self.get_context_data(decision_form=form), status=400)


# --- application windows -------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; without it, ``2026-10-01T09:00`` typed."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _moment_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages={
            "required": gettext_lazy("Please give a date and a time."),
            "invalid": gettext_lazy("Please give a date and a time, such as 2026-10-01 09:00."),
        },
    )


class WindowForm(forms.Form):
    """One country's application window for one school year: a new one, or the
    existing one moved."""

    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        queryset=Country.objects.all(),
        error_messages={"required": gettext_lazy("Choose the country.")},
    )
    school_year = forms.IntegerField(
        label=gettext_lazy("School year"),
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("The year the school year starts in: 2026 for 2026/27."),
        error_messages={
            "required": gettext_lazy("Give the year the school year starts in."),
            "invalid": gettext_lazy("Give the year the school year starts in."),
            "min_value": gettext_lazy("Give the year the school year starts in."),
            "max_value": gettext_lazy("Give the year the school year starts in."),
        },
    )
    opens_at = _moment_field(gettext_lazy("Applications open"))
    closes_at = _moment_field(gettext_lazy("Applications close"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any country is understood, so that another country's is refused with the
        # reason; only the reader's countries are offered.
        field = self.fields["country"]
        field.widget.choices = [
            ("", "---------"),
            *((country.pk, country.display_name) for country in countries),
        ]
        if len(countries) == 1:
            field.initial = countries[0].pk


class WindowsView(QualityStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The application windows of the countries the NSS serves, per school year, and
    the form that sets one."""

    template_name = "labels/quality/admin/windows.html"
    page_title = gettext_lazy("Application windows")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sees_windows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_crumb(), {"url": "", "label": self.page_title}]

    def countries(self) -> list[Country]:
        return sorted(window_countries(self.request.user), key=lambda c: c.display_name)

    def sections(self, settable: list[Country]) -> list[dict]:
        """Per country, its windows, the newest school year first."""
        user = self.request.user
        windows = ApplicationWindow.objects.select_related("country")
        if not _sees_everything(user):
            windows = windows.filter(country__in=settable)
        by_country: dict[int, dict] = {}
        for country in settable if not _sees_everything(user) else ():
            by_country[country.pk] = {"country": country, "windows": []}
        for window in windows.order_by("-school_year"):
            section = by_country.setdefault(
                window.country_id, {"country": window.country, "windows": []}
            )
            section["windows"].append(
                {"window": window, "school_year": school_year_label(window.school_year)}
            )
        return sorted(by_country.values(), key=lambda section: section["country"].display_name)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        settable = self.countries()
        context.update(
            sections=self.sections(settable),
            can_set=bool(settable),
            form=form or WindowForm(countries=settable),
        )
        return context

    def post(self, request, *args, **kwargs):
        settable = self.countries()
        form = WindowForm(request.POST, countries=settable)
        if form.is_valid():
            data = form.cleaned_data
            reason = window_refusal(request.user, data["country"].pk)
            if reason:
                form.add_error("country", reason)
            else:
                try:
                    window = services.set_window(
                        actor=request.user,
                        country=data["country"],
                        school_year=data["school_year"],
                        opens_at=data["opens_at"],
                        closes_at=data["closes_at"],
                    )
                except PermissionDenied as error:
                    form.add_error("country", _refusal_text(error))
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for field, errors in error.error_dict.items():
                            form.add_error(field if field in form.fields else None, errors)
                    else:
                        form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("The application window of %(country)s for %(year)s is set.")
                        % {
                            "country": window.country.display_name,
                            "year": school_year_label(window.school_year),
                        },
                    )
                    return redirect("quality_admin:windows")
        messages.error(request, _("The window was not set: correct the form."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class QualityLabelsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_quality_staff(request.user)


urlpatterns = [
    path("", QueueView.as_view(), name="index"),
    path("windows/", WindowsView.as_view(), name="windows"),
    path("<id:pk>/", ApplicationView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_quality_admin_urls():
    return [path("quality-labels/", include((urlpatterns, "quality_admin")))]


@hooks.register("register_admin_menu_item")
def register_quality_menu_item():
    return QualityLabelsMenuItem(
        gettext_lazy("National Quality Labels"),
        reverse("quality_admin:index"),
        name="quality-labels",
        icon_name="success",
        order=281,
    )
