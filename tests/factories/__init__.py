"""factory-boy factories for the suite."""

from __future__ import annotations

import factory
from django.utils import timezone

from core.models import Country, Level, School, User

PASSWORD = "a-long-test-password-42"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"School {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="ES"))
    town = "Sevilla"
    head_teacher_name = "Head Teacher"
    head_teacher_email = factory.Sequence(lambda n: f"head{n}@school.example.org")

    @factory.post_generation
    def levels(school, create, extracted, **kwargs):
        if create:
            school.levels.set(Level.objects.filter(code__in=extracted or ["primary"]))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    kind = User.Kind.TEACHER
    state = User.State.VALIDATED

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class TeacherFactory(UserFactory):
    school = factory.SubFactory(SchoolFactory)
    school_role = User.SchoolRole.TEACHER
    email_verified_at = factory.LazyFunction(timezone.now)


class PupilFactory(UserFactory):
    kind = User.Kind.PUPIL
    email = ""
