"""The editorial queues the admin index shows: what is waiting for an editor, counted in SQL."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from articles.models import Article, ArticleToReview
from carriers.models import Carrier, Feature, OverdueFact, Plan, PlanFeature, Region
from editorial import roles, status
from editorial.models import language_name
from reports.models import Report

TRANSLATED_MODELS = [Article, Region, Carrier, Feature, Plan, PlanFeature]


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    url: str


def _changelist(model, query=""):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{query}" if query else url


def _can_view(user, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def translation_queues(user):
    queues = []
    for language in AVAILABLE_LANGUAGES:
        for state, template in (
            (status.MISSING, _("%(language)s missing: %(records)s")),
            (status.OUTDATED, _("%(language)s outdated: %(records)s")),
        ):
            condition = status.missing_q if state == status.MISSING else status.outdated_q
            for model in TRANSLATED_MODELS:
                if not _can_view(user, model):
                    continue
                count = model.objects.filter(condition(model, language)).count()
                if count:
                    label = template % {
                        "language": language_name(language),
                        "records": model._meta.verbose_name_plural,
                    }
                    queues.append(Queue(str(label), count, _changelist(model, f"translation={language}:{state}")))
    return queues


def editorial_queues(user):
    """Queues for the admin index, each with a count and a link to the filtered list; only what ``user`` may see."""
    queues = []
    if roles.may_publish(user):
        queues.append(
            Queue(
                str(_("Awaiting your review")),
                Article.objects.awaiting_review().count(),
                _changelist(Article, "review=submitted"),
            )
        )
    if _can_view(user, Article):
        queues += [
            Queue(str(_("Draft articles")), Article.objects.drafts().count(), _changelist(Article, "state=draft")),
            Queue(
                str(_("Scheduled articles")),
                Article.objects.scheduled().count(),
                _changelist(Article, "state=scheduled"),
            ),
        ]
    if _can_view(user, ArticleToReview):  # each queue shown only to those who may open its list
        queues.append(
            Queue(
                str(_("Articles whose plan facts changed")),
                Article.objects.needing_review().count(),
                reverse("admin:articles_articletoreview_changelist"),
            )
        )
    if _can_view(user, OverdueFact):
        queues.append(
            Queue(
                str(_("Plan facts overdue for checking")),
                PlanFeature.objects.overdue().count(),
                reverse("admin:carriers_overduefact_changelist"),
            )
        )
    if _can_view(user, Report):
        queues.append(
            Queue(
                str(_("Readers' reports to check")),
                Report.objects.open().count(),
                _changelist(Report, "status__exact=open"),
            )
        )
    return queues, translation_queues(user)
