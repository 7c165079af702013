"""The two editorial roles and what each may do; the data migration and ``manage.py grant_role`` use this."""

EDITOR = "Editor"
DATA_MAINTAINER = "Data maintainer"

CATALOGUE = ["region", "carrier", "feature", "plan", "planfeature"]

# (app label, model name) -> actions, per role.
ROLE_PERMISSIONS = {
    # Articles, imports and translations; catalogue records may be viewed, and their texts changed.
    EDITOR: {
        **{("articles", model): ["add", "change", "delete", "view"] for model in ["article", "cleanuprule"]},
        ("articles", "articletoreview"): ["change", "view"],
        **{("carriers", model): ["change", "view"] for model in CATALOGUE},
        ("carriers", "planchange"): ["view"],
        ("reports", "report"): ["change", "view"],
    },
    # Regions, carriers, features, plans and their facts; articles only to read.
    DATA_MAINTAINER: {
        **{("carriers", model): ["add", "change", "delete", "view"] for model in CATALOGUE},
        ("carriers", "overduefact"): ["change", "view"],
        ("carriers", "plan"): ["add", "change", "delete", "view", "edit_facts"],
        ("articles", "article"): ["view"],
        ("carriers", "planchange"): ["view"],
        ("reports", "report"): ["change", "view"],
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
