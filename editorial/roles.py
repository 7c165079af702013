"""The editorial roles and what each may do: the one place that says who may write what.

The data migration and ``manage.py grant_role`` create the groups from ROLE_PERMISSIONS; every write path (admin
forms, list_editable, list actions, spreadsheet import, restore, custom admin views) asks ``writable_fields``,
``may_create`` or ``may_edit_facts`` rather than deciding for itself.
"""

from .models import localized_fields, text_fields

EDITOR = "Editor"
DATA_MAINTAINER = "Data maintainer"
CHIEF_EDITOR = "Chief editor"

CATALOGUE = ["region", "carrier", "feature", "plan", "planfeature", "featureattribute", "planattribute"]

# (app label, model name) -> actions, per role.
ROLE_PERMISSIONS = {
    # Articles, imports and translations; catalogue records may be viewed, and their texts changed.
    EDITOR: {
        **{("articles", model): ["add", "change", "delete", "view"] for model in ["article", "cleanuprule"]},
        ("articles", "articletoreview"): ["change", "view"],
        **{("carriers", model): ["change", "view"] for model in CATALOGUE},
        ("carriers", "cataloguechange"): ["view"],
        ("reports", "report"): ["change", "view"],
        ("editorial", "redirect"): ["add", "change", "delete", "view"],
        ("images", "image"): ["add", "change", "delete", "view"],
        **{("devices", model): ["view"] for model in ["device", "devicesetup"]},
    },
    # An Editor who also publishes: approves what Editors submit, schedules, unpublishes.
    CHIEF_EDITOR: {
        **{("articles", model): ["add", "change", "delete", "view"] for model in ["article", "cleanuprule"]},
        ("articles", "article"): ["add", "change", "delete", "view", "publish"],
        ("articles", "articletoreview"): ["change", "view"],
        **{("carriers", model): ["change", "view"] for model in CATALOGUE},
        ("carriers", "cataloguechange"): ["view"],
        ("reports", "report"): ["change", "view"],
        ("editorial", "redirect"): ["add", "change", "delete", "view"],
        ("images", "image"): ["add", "change", "delete", "view"],
        **{("devices", model): ["view"] for model in ["device", "devicesetup"]},
    },
    # Regions, carriers, features, plans, devices and their facts; articles only to read.
    DATA_MAINTAINER: {
        **{("carriers", model): ["add", "change", "delete", "view"] for model in CATALOGUE},
        ("carriers", "overduefact"): ["change", "view"],
        ("carriers", "plan"): ["add", "change", "delete", "view", "edit_facts"],
        ("articles", "article"): ["view"],
        ("images", "image"): ["view"],
        **{("devices", model): ["add", "change", "delete", "view"] for model in ["device", "devicesetup"]},
        ("carriers", "cataloguechange"): ["view"],
        ("reports", "report"): ["change", "view"],
        ("editorial", "redirect"): ["add", "change", "delete", "view"],
    },
}


def codename(action, model):
    return action if action == "edit_facts" else f"{action}_{model}"


def sync_roles(*, Group, Permission):
    """Create or update the role groups with exactly their permissions.

    Run by migrations: a model that a later migration creates has no permission yet and is skipped here; that
    app's own migration runs this again (reports 0002, for example).
    """
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for (app_label, model), actions in grants.items():
            for action in actions:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename(action, model)
                ).first()
                if permission is not None:
                    permissions.append(permission)
        group.permissions.set(permissions)


# What a user may write, asked by every write path (forms, list_editable, list actions, spreadsheet import,
# restore, custom admin views). A catalogue record's *facts* (every editable field that is not a translated text)
# need FACT_PERMISSION on top of the model's change permission; its texts need only the change permission.
FACT_PERMISSION = "carriers.edit_facts"
FACT_MODELS = {("carriers", model) for model in CATALOGUE}


def _label(model):
    opts = model._meta.concrete_model._meta
    return opts.app_label, opts.model_name


def may(user, action, model):
    """``action`` is "add", "change", "delete" or "view", as Django's model permissions spell it."""
    app_label, model_name = _label(model)
    return user.has_perm(f"{app_label}.{action}_{model_name}")


def may_edit_facts(user, model):
    return may(user, "change", model) and (_label(model) not in FACT_MODELS or user.has_perm(FACT_PERMISSION))


def editable_fields(model):
    opts = model._meta.concrete_model._meta
    return [f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable and not f.primary_key]


def writable_fields(user, model):
    """The names of ``model``'s fields this user may change: none without the change permission, only the
    translated texts (every language's column) of a catalogue record without FACT_PERMISSION, else all."""
    if not may(user, "change", model):
        return frozenset()
    if may_edit_facts(user, model):
        fields = set(editable_fields(model))
        if not may_publish(user):
            fields -= PUBLISHING_FIELDS.get(_label(model), set())
        return frozenset(fields)
    texts = text_fields(model)
    return frozenset({*texts, *localized_fields(*texts)} & set(editable_fields(model)))


# Publishing: making an article public, scheduling it or its changes, unpublishing, and approving what was submitted.
# Without it an article's status and times are read-only, and edits to a published article become a draft of
# changes (articles/publishing.py).
PUBLISH_PERMISSION = "articles.publish_article"
PUBLISHING_FIELDS = {("articles", "article"): {"status", "published_at", "expires_at", "changes_publish_at",
                                               "review_comment"}}  # fmt: skip


def may_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def may_create(user, model):
    """Creating a catalogue record sets its facts, so it needs what changing them needs."""
    return may(user, "add", model) and may_edit_facts(user, model)
