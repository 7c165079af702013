"""Emails about the review of articles, through Django's email framework (EMAIL_* settings).

Each message is written in every site language that is not a conversion of another (Simplified Chinese and
English; Traditional readers of the admin read either), since an editor's language is not recorded.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from editorial import roles

logger = logging.getLogger(__name__)


def _languages():
    return [code for code, _name in settings.LANGUAGES if code not in settings.CONVERTED_LANGUAGES]


def _publishers():
    app_label, codename = roles.PUBLISH_PERMISSION.split(".")
    has_it = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    return get_user_model().objects.filter(has_it | Q(is_superuser=True), is_active=True).exclude(email="").distinct()


def _send(event, article, *, by, recipients, **context):
    recipients = sorted({user.email for user in recipients if user is not None and user.email and user != by})
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    parts, subject = [], None
    for language in _languages():
        with translation.override(language):
            values = {"article": article, "by": by, "url": url, **context}
            parts.append(render_to_string(f"articles/email/{event}.txt", values).strip())
            subject = subject or render_to_string(f"articles/email/{event}_subject.txt", values).strip()
    body = "\n\n— — —\n\n".join(parts)
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:  # the mail server is down: the review step itself is saved, and the queue shows it
        logger.warning("review notification not sent", exc_info=True)
        return 0


def submitted(article, *, by):
    return _send("submitted", article, by=by, recipients=_publishers())


def approved(article, *, by, outcome):
    return _send("approved", article, by=by, recipients=[article.submitted_by], outcome=outcome)


def sent_back(article, *, by):
    return _send("sent_back", article, by=by, recipients=[article.submitted_by])
