import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles.models import Article
from carriers.models import (
    Carrier,
    Feature,
    FeatureAttribute,
    Plan,
    PlanAttribute,
    PlanFeature,
    PlanType,
    Region,
    Support,
    region_aliases,
)
from editorial import roles


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"region-{n}")
    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    name_zh_hans = factory.Sequence(lambda n: f"地区{n}")


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"carrier-{n}")
    name_en = factory.Sequence(lambda n: f"Carrier {n}")
    name_zh_hans = factory.Sequence(lambda n: f"运营商{n}")


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"feature-{n}")
    name_en = factory.Sequence(lambda n: f"Feature {n}")
    name_zh_hans = factory.Sequence(lambda n: f"功能{n}")
    is_filterable = True
    display_order = factory.Sequence(lambda n: n)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    carrier = factory.SubFactory(CarrierFactory)
    slug = factory.Sequence(lambda n: f"plan-{n}")
    name_en = factory.Sequence(lambda n: f"Plan {n}")
    name_zh_hans = factory.Sequence(lambda n: f"计划{n}")
    plan_type = PlanType.PREPAID
    data_gb = 10
    validity_days = 30
    price = 100
    currency = "HKD"

    class Params:
        unlimited = factory.Trait(data_gb=None, is_unlimited_data=True)


class PlanFeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanFeature

    plan = factory.SubFactory(PlanFactory)
    feature = factory.SubFactory(FeatureFactory)
    support = Support.YES
    note_en = "Checked in the terms."
    note_zh_hans = "已查阅条款。"
    verified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


class FeatureRuleFactory(factory.django.DjangoModelFactory):
    """A typed rule of a feature: ``FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")``."""

    class Meta:
        model = FeatureAttribute
        django_get_or_create = ["feature", "slug"]

    feature = factory.SubFactory(FeatureFactory)
    slug = factory.Sequence(lambda n: f"rule-{n}")
    label_en = factory.LazyAttribute(lambda rule: rule.slug.replace("-", " ").capitalize())
    label_zh_hans = factory.LazyAttribute(lambda rule: f"规则 {rule.slug}")
    kind = "data"
    display_order = factory.Sequence(lambda n: n)


def rule_value(plan, rule, text, *, region=None, **fields):
    """The plan's value for ``rule`` as an editor types it ("5 GB", "calendar-day"), everywhere or in ``region``."""
    value = PlanAttribute(plan=plan, attribute=rule, region=region, verified_on=timezone.localdate(), **fields)
    value.set_value(text, regions=region_aliases())
    value.full_clean()
    value.save()
    return value


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    title_en = factory.Sequence(lambda n: f"Article {n}")
    title_zh_hans = factory.Sequence(lambda n: f"文章{n}")
    summary_en = "A short answer."
    summary_zh_hans = "简短回答。"
    body_en = "## Answer\n\nYes, usually."
    body_zh_hans = "## 回答\n\n通常可以。"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)


class UserFactory(factory.django.DjangoModelFactory):
    """A plain account; give it a role with ``manage.py grant_role``."""

    username = factory.Sequence(lambda n: f"user{n}")

    class Meta:
        model = get_user_model()


def _grant(default_role):
    """Post-generation: the user joins ``default_role``, or the roles passed as ``role=[…]``, as grant_role does."""

    def grant(user, create, extracted, **kwargs):
        if create:
            names = extracted or [default_role]
            if Group.objects.filter(name__in=names).count() < len(names):
                # A transactional test before this one flushed the tables, and the roles with them (a data
                # migration made them): make them again, exactly as that migration does.
                roles.sync_roles(Group=Group, Permission=Permission)
            user.groups.add(*Group.objects.filter(name__in=names))

    return factory.PostGeneration(grant)


class StaffFactory(factory.django.DjangoModelFactory):
    """Staff holding exactly one role, as ``manage.py grant_role`` makes them; never a superuser, so role tests
    see what that role sees."""

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@editors.example")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EditorFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    role = _grant(roles.EDITOR)


class ChiefEditorFactory(StaffFactory):
    """An editor who publishes: approves what Editors submit."""

    username = factory.Sequence(lambda n: f"chief{n}")
    role = _grant(roles.CHIEF_EDITOR)


class DataMaintainerFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"maintainer{n}")
    role = _grant(roles.DATA_MAINTAINER)


class EditorAndMaintainerFactory(StaffFactory):
    """Someone who holds both roles: writes articles and keeps plan facts (a small team's usual set-up)."""

    username = factory.Sequence(lambda n: f"both{n}")
    role = _grant(roles.EDITOR)
    also = _grant(roles.DATA_MAINTAINER)


def plan_with_features(*, support_by_feature, **plan_kwargs):
    """A plan plus one row per feature: ``{feature: "yes"}`` or ``{feature: ("limited", 5)}``."""
    plan = PlanFactory(**plan_kwargs)
    for feature, answer in support_by_feature.items():
        support, value = answer if isinstance(answer, tuple) else (answer, None)
        PlanFeatureFactory(plan=plan, feature=feature, support=support, value=value)
    return plan
