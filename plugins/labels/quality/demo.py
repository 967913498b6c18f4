"""The National Quality Label's demo data, through the services only: ``nss.es`` and
``nss.fr`` open their countries' application windows for the current school year;
``teacher.ana`` applies for the demo project and her application waits for evaluation;
``teacher.luc`` applies too, and ``nss.fr`` scores his application with the rubric and
awards it, so that he holds a National Quality Label. Loading again creates nothing:
each step looks first at what is already there."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Country, User
from core.plugins import hook
from plugins.labels.models import ApplicationWindow, QualityLabelApplication
from plugins.labels.quality import criteria, rubric, services

PROJECT_TITLE = "Rivers of Europe"
WINDOW_DAYS = 60
NSS_OF_COUNTRY = {"ES": "nss.es", "FR": "nss.fr"}
State = QualityLabelApplication.State

ELIGIBILITY = dict.fromkeys(criteria.QUESTION_KEYS, True)
EVIDENCE = {
    "collaboration": "Every product was made by pupils of both schools together.",
    "technology": "A shared map, video calls and a common blog in the TwinSpace.",
    "pedagogy": "Pupils mapped their rivers and compared them in mixed teams.",
    "curriculum": "Geography, science and languages lessons built the project.",
    "results": "A river exhibition opened in both towns for the families.",
}


def _evidence() -> dict:
    return {
        key: {"text": EVIDENCE.get(key, "Done together by both schools."), "links": []}
        for key in criteria.CRITERION_KEYS
    }


def _good_marks() -> dict[str, int]:
    """Good marks: one point off where it leaves every minimum met, else full marks."""
    marks = {}
    for item in rubric.items():
        points = item.max_points
        if points - 1 >= item.minimum_points and points > 1:
            points -= 1
        marks[item.key] = points
    return marks


def _open_windows(now, year: int, users: dict[str, User]) -> list[str]:
    lines = []
    for code, username in NSS_OF_COUNTRY.items():
        country = Country.objects.filter(code=code).first()
        if country is None or username not in users:
            continue
        if ApplicationWindow.objects.filter(country=country, school_year=year).exists():
            continue
        services.set_window(
            actor=users[username],
            country=country,
            school_year=year,
            opens_at=now,
            closes_at=now + timedelta(days=WINDOW_DAYS),
        )
        lines.append(
            f"  {username} opened the application window of {country.display_name} "
            f"for {year}/{(year + 1) % 100:02d} ({WINDOW_DAYS} days)"
        )
    return lines


def _demo_project_id(teacher: User) -> int | None:
    for facts in hook().get_projects_of(user=teacher) or []:
        if facts.title == PROJECT_TITLE:
            return facts.project_id
    return None


def _application_of(teacher: User, project_id: int, year: int):
    return QualityLabelApplication.objects.filter(
        applicant=teacher, project_id=project_id, school_year=year
    ).first()


def _apply(teacher: User, year: int) -> tuple[QualityLabelApplication | None, list[str]]:
    project_id = _demo_project_id(teacher)
    if project_id is None:
        return None, [f"  {teacher.username} has no project “{PROJECT_TITLE}”: skipped"]
    application = _application_of(teacher, project_id, year)
    if application is not None:
        return application, []
    application = services.apply_for_quality_label(
        actor=teacher, project_id=project_id, eligibility=ELIGIBILITY, evidence=_evidence()
    )
    return application, [f"  {teacher.username} applied for “{PROJECT_TITLE}”"]


def _score_and_award(application: QualityLabelApplication, nss: User) -> list[str]:
    """The NSS scores the application (unless it has) and awards it (unless decided)."""
    lines = []
    if application.state not in (State.SUBMITTED, State.UNDER_EVALUATION):
        return lines
    who = application.applicant.username
    if not application.evaluations.filter(evaluator=nss).exists():
        services.score_application(
            actor=nss,
            application=application,
            scores=_good_marks(),
            comment="A lively project, well shared between the two schools.",
        )
        application.refresh_from_db()
        lines.append(f"  {nss.username} scored {who}'s application with the rubric")
    services.decide_application(
        actor=nss, application=application, award=True, comment="Congratulations to both schools."
    )
    lines.append(f"  {nss.username} awarded {who} the National Quality Label")
    return lines


def _state_line(teacher: User, application: QualityLabelApplication | None) -> str:
    if application is None:
        return f"  {teacher.username:<20} has no application"
    application.refresh_from_db()
    return f"  {teacher.username:<20} application {application.get_state_display().lower()}"


def load_quality_demo_data() -> list[str]:
    """Open the windows, file the two applications and decide luc's, each only if it is
    not there yet; return the lines naming what was done."""
    usernames = ["nss.es", "nss.fr", "teacher.ana", "teacher.luc"]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if set(users) != set(usernames):
        return ["Demo National Quality Labels skipped: the demo users are missing."]
    now = timezone.now()
    year = services.school_year_of(now)
    ana, luc = users["teacher.ana"], users["teacher.luc"]
    lines = ["Demo National Quality Labels:"]
    with transaction.atomic():
        if rubric.load_defaults():
            lines.append("  the default evaluation rubric is in place")
        lines += _open_windows(now, year, users)
        ana_application, done = _apply(ana, year)
        lines += done
        luc_application, done = _apply(luc, year)
        lines += done
        if luc_application is not None:
            lines += _score_and_award(luc_application, users["nss.fr"])
    lines += [_state_line(ana, ana_application), _state_line(luc, luc_application)]
    return lines
