"""factory-boy factories for the suite."""

from __future__ import annotations

import factory

from core.models import Country, School, User

PASSWORD = "a-long-test-password-42"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="ES"))
    town = "Sevilla"
    levels = ["primary"]
    head_teacher_name = "Head Teacher"
    head_teacher_email = factory.Sequence(lambda n: f"head{n}@school.example.org")


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


class PupilFactory(UserFactory):
    kind = User.Kind.PUPIL
    email = ""
