"""What goes live, and when: drafts of changes, review and publication of articles.

The one write path for an article edited in the admin (``save_edit``), for a bulk publish (``set_published``),
for a restore and for an import (``stage_or_save``). Who may publish is asked of ``editorial.roles`` only.

- An article that is not published yet is edited in place: readers cannot see it.
- A published (or scheduled) article is edited as a *draft of changes* (``Article.draft``): readers keep the live
  text until a publisher publishes the changes, now or at ``changes_publish_at``. No scheduler is needed: the first
  request after that time publishes them (``DueChangesMiddleware``), and the page cache stops serving older pages
  at that time (``Article.objects.next_public_change``).
- An Editor without the publish permission submits for review; a Chief editor approves (publishes) or sends it
  back with a comment. Each step emails the people it concerns (``notifications``).
"""

import contextlib
import time

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from carriers import revision
from editorial import roles

from . import notifications
from .models import Article

SAVE, DRAFT, SUBMIT, PUBLISH, SEND_BACK = "save", "draft", "submit", "publish", "send_back"
# The admin form's buttons, by the name of the submit button pressed.
BUTTONS = {"_save_draft": DRAFT, "_submit": SUBMIT, "_publish": PUBLISH, "_send_back": SEND_BACK}


def intent_from(post):
    return next((intent for button, intent in BUTTONS.items() if button in post), SAVE)


def _set_topics(article, topics):
    for name, ids in topics.items():
        getattr(article, name).set(ids)


def save_edit(article, *, user, intent, topics, comment=""):
    """Save ``article`` as edited in its form (not yet saved; ``topics`` its selected ids) for ``intent``.

    Returns what happened: "saved", "drafted", "submitted", "published", "scheduled" or "sent_back".
    """
    may_publish = roles.may_publish(user)
    if intent in (PUBLISH, SEND_BACK) and not may_publish:
        raise PermissionDenied
    was_live = (
        article.pk is not None and Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED).exists()
    )
    with transaction.atomic():
        if was_live and (intent in (DRAFT, SUBMIT, SEND_BACK) or not may_publish):
            outcome = _save_draft(article, topics=topics, unschedule=not may_publish)
        elif intent == PUBLISH and was_live and _later(article.changes_publish_at):
            outcome = _save_draft(article, topics=topics, unschedule=False)
            outcome = "scheduled" if article.draft else outcome
        else:
            if intent == PUBLISH and article.status != Article.Status.PUBLISHED:
                article.status = Article.Status.PUBLISHED
            article.draft, article.draft_saved_at, article.changes_publish_at = None, None, None
            article.save()
            _set_topics(article, topics)
            outcome = "published" if intent == PUBLISH else "saved"
            if outcome == "published" and not article.is_published:
                outcome = "scheduled"
        return _review_step(article, user=user, intent=intent, outcome=outcome, comment=comment)


def _later(when):
    return when is not None and when > timezone.now()


def _save_draft(article, *, topics, unschedule):
    article.keep_as_draft(topics)
    if unschedule:  # an edit after approval is not approved: it waits for the next one
        article.changes_publish_at = None
    article.save(public_change=False)
    return "drafted"


def _review_step(article, *, user, intent, outcome, comment):
    if intent == SUBMIT:
        article.review_state, article.submitted_by, article.submitted_at = (
            Article.Review.SUBMITTED,
            user,
            timezone.now(),
        )
        article.review_comment = ""
        article.save(public_change=False)
        transaction.on_commit(lambda: notifications.submitted(article, by=user))
        return "submitted"
    if intent == SEND_BACK:
        article.review_state, article.review_comment = (
            Article.Review.CHANGES_REQUESTED,
            comment or article.review_comment,
        )
        article.save(public_change=False)
        transaction.on_commit(lambda: notifications.sent_back(article, by=user))
        return "sent_back"
    if intent == PUBLISH and article.review_state == Article.Review.SUBMITTED:
        article.review_state, article.review_comment = Article.Review.NONE, ""
        article.save(public_change=False)
        transaction.on_commit(lambda: notifications.approved(article, by=user, outcome=outcome))
    return outcome


def stage_or_save(article, *, user, topics=None, publish=False):
    """For writes that are not the form (restore, Markdown import): a published article's new content becomes a
    draft of changes unless ``publish`` and the user may publish. Returns True when it went live."""
    topics = topics or {}
    if publish and user is not None and not roles.may_publish(user):
        raise PermissionDenied
    if article.pk is not None and article.is_live() and not publish:
        _save_draft(article, topics=topics, unschedule=True)  # keep_as_draft fills in the topics not given
        return False
    article.draft, article.draft_saved_at = None, None
    article.save()
    _set_topics(article, topics)
    return True


@transaction.atomic
def set_published(*, articles, published, user):
    """Publish (now, or at a time already set in the future) or unpublish each article, as the form would: each is
    saved (rendered, versioned) with the user as author of the change. Returns how many changed."""
    if not roles.may_publish(user):
        raise PermissionDenied
    changed, status = 0, Article.Status.PUBLISHED if published else Article.Status.DRAFT
    with reversion.create_revision():
        for article in articles.select_for_update().order_by("pk"):
            if article.status == status:
                continue
            article.status = status
            if published and article.published_at is None:
                article.published_at = timezone.now()
            if published and article.review_state == Article.Review.SUBMITTED:
                article.review_state = Article.Review.NONE
            article.full_clean()
            article.save()
            changed += 1
        reversion.set_user(user)
        reversion.set_comment("Published." if published else "Unpublished.")
    return changed


def publish_due_changes(now=None):
    """Publish every draft of changes whose time has come; returns how many. Each is claimed by a conditional
    update first, so two servers that arrive together publish it once."""
    now = now or timezone.now()
    published = 0
    for pk in Article.objects.with_changes_due(now).values_list("pk", flat=True):
        with transaction.atomic(), reversion.create_revision():
            claimed = Article.objects.with_changes_due(now).filter(pk=pk).update(changes_publish_at=None)
            article = Article.objects.filter(pk=pk).first() if claimed else None
            if article is None:
                continue
            topics = article.apply_draft()
            article.save()
            _set_topics(article, topics)
            reversion.set_comment("Scheduled changes published.")
            published += 1
    return published


class DueChangesMiddleware:
    """Publishes scheduled changes on the first readers' page request after their time: no cron job, as for scheduled
    articles.

    Cheap on every other request: the next due time is looked up once per content revision (the request's
    revision read is shared with the page cache), then compared with the clock.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = (None, None)  # (revision tokens, next due Unix time or None)

    def __call__(self, request):
        # Readers' pages only: a health probe or a static file must not cost a revision read.
        if request.method in ("GET", "HEAD") and request.path.startswith(settings.CONTENT_PATH_PREFIXES):
            # When the database is down, the page is answered (or refused) by the outage handling, as any read.
            with contextlib.suppress(DatabaseError):
                self._publish_if_due()
        return self.get_response(request)

    def _publish_if_due(self):
        tokens = revision.current().tokens
        seen_tokens, due = self.seen
        if tokens != seen_tokens:
            when = Article.objects.upcoming()["changes"]
            due = when.timestamp() if when else None
            self.seen = (tokens, due)
        if due is not None and time.time() >= due:
            self.seen = (None, None)
            if publish_due_changes():
                memo = revision.scoped()
                if memo is not None:
                    memo.pop("revision", None)  # this page is made from the new content
