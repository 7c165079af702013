# Written and reviewed by hand: one change log. Until now three mechanisms recorded a change of the catalogue:
# carriers_cataloguechange (which plans a write touched, for the read model's sync: migrations 0006 and 0009),
# carriers_planchange (old and new values of published plans' facts, for readers: migration 0008) and the
# fact_changed_at / previous_* columns that Python's save() set (for articles' review queue). Now the first one
# holds it all: an update that changes a fact logs one row per changed fact with its old and new value as text
# (price, data, validity, availability; an answer's support and value; a rule's value), every other write one row
# per touched plan (field ''), as before. The history of planchange and of fact_changed_at is copied in, and back
# on the way back.
#
# This migration owns the whole definition of the log's triggers: it replaces those of 0006, 0008 and 0009. On
# PostgreSQL they are statement-level (transition tables): one statement of 500,000 updated answers is one trigger
# call, the facts found by joining the old and new rows. Writers take the advisory lock until they commit, so ids
# are handed out in commit order (see 0006). The log keeps its newest KEPT rows and every row with a fact; older
# rows without one are pruned (a reader that far behind rebuilds anyway, read_model INCREMENTAL_LIMIT).

import datetime
import importlib
import random

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Now

LOG = "carriers_cataloguechange"
KEPT = 100_000
LOCK_KEY = 7243001
STRUCTURE_TABLES = ["carriers_region", "carriers_carrier", "carriers_feature", "carriers_featureattribute"]
EVENTS = ("insert", "update", "delete")
COLUMNS = "(plan_id, feature_id, rule_id, region_id, field, old_value, new_value, published, changed_at, nonce)"


PLAN_IS_LIVE = "EXISTS (SELECT 1 FROM carriers_plan AS live WHERE live.id = {r}.plan_id AND live.is_active)"


def _row(template, row, field="''"):
    """``template`` (``{r}`` a row, ``{f}`` the fact's field) for the row ``row`` (OLD, NEW or an alias)."""
    return template.format(r=row, f=field)


# table -> (the column naming the plan, {field: the fact of a row {r} as text}, the feature, rule and region of a
#           row {r}, whether the row's plan was live: of a row {r} and the changed fact's field {f}).
def _tables(as_text, as_flag):
    return {
        "carriers_plan": (
            "id",
            {
                "price": f"{{r}}.currency || ' ' || {as_text('{r}.price')}",
                "data": f"CASE WHEN {{r}}.is_unlimited_data THEN 'unlimited' "
                f"ELSE coalesce({as_text('{r}.data_gb')}, '') END",
                "validity": as_text("{r}.validity_days"),
                "active": as_flag("{r}.is_active"),
            },
            ("NULL", "NULL", "NULL"),
            "({r}.is_active OR {f} = 'active')",
        ),
        "carriers_planfeature": (
            "plan_id",
            {"support": "{r}.support", "value": f"coalesce({as_text('{r}.value')}, '')"},
            ("{r}.feature_id", "NULL", "NULL"),
            PLAN_IS_LIVE,
        ),
        "carriers_planattribute": (
            "plan_id",
            {"rule": f"coalesce({as_text('{r}.number')}, {as_flag('{r}.flag')}, {{r}}.text, '')"},
            ("NULL", "{r}.attribute_id", "{r}.region_id"),
            PLAN_IS_LIVE,
        ),
    }


# PostgreSQL ------------------------------------------------------------------------------------------------------

PG_NONCE = "floor(random() * 9007199254740991)::bigint"
PG_PRUNE = f"DELETE FROM {LOG} WHERE field = '' AND id < (SELECT max(id) FROM {LOG}) - {KEPT};"
PG_TRANSITION = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                 "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows"}  # fmt: skip


def _pg_function(name, body):
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); {body} {PG_PRUNE} RETURN NULL; END $$ LANGUAGE plpgsql"
    )


def _pg_update(key, facts, extra, live):
    """One row per changed fact of each updated row, then one row for each touched plan that had none.

    Run with EXECUTE, so each statement is planned for its own transition tables: PL/pgSQL keeps a static query's
    plan for the session, and a plan made for a bulk update of 30,000 answers (hash tables sized for millions of
    rows) then took 500 ms for every single-answer save after it on that connection, against 2 ms planned afresh."""
    pairs = ", ".join(f"('{field}', {_row(e, 'o')}, {_row(e, 'n')})" for field, e in facts.items())
    return "EXECUTE $sql$" + (
        f"WITH facts AS (INSERT INTO {LOG} {COLUMNS} "
        f"SELECT n.{key}, {', '.join(_row(column, 'n') for column in extra)}, d.f, d.old, d.new, "
        f"{_row(live, 'n', field='d.f')}, statement_timestamp(), {PG_NONCE} "
        "FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id "
        f"CROSS JOIN LATERAL (VALUES {pairs}) AS d(f, old, new) WHERE d.old IS DISTINCT FROM d.new "
        "RETURNING plan_id) "
        f"INSERT INTO {LOG} (plan_id, nonce) SELECT touched.plan, {PG_NONCE} "
        f"FROM (SELECT {key} AS plan FROM new_rows UNION SELECT {key} FROM old_rows) AS touched "
        "WHERE NOT EXISTS (SELECT 1 FROM facts WHERE facts.plan_id = touched.plan)"
    ) + "$sql$;"


def _postgresql(cursor):
    tables = _tables(lambda expression: f"{expression}::text", lambda expression: f"{expression}::text")
    for table, (key, facts, extra, live) in tables.items():
        bodies = {
            # EXECUTE, as _pg_update: planned for each statement's own transition table.
            "insert": f"EXECUTE $sql$INSERT INTO {LOG} (plan_id, nonce) SELECT DISTINCT {key}, {PG_NONCE} "
            "FROM new_rows$sql$;",
            "delete": f"EXECUTE $sql$INSERT INTO {LOG} (plan_id, nonce) SELECT DISTINCT {key}, {PG_NONCE} "
            "FROM old_rows$sql$;",
            "update": _pg_update(key, facts, extra, live),
        }
        for event, body in bodies.items():
            cursor.execute(_pg_function(f"{table}_log_{event}", body))
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_change_log_{event} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {table}_change_log_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {PG_TRANSITION[event]} FOR EACH STATEMENT EXECUTE FUNCTION {table}_log_{event}()"
            )
    for name, plan_id in (("structure", "NULL"), ("truncate", "0")):
        cursor.execute(
            _pg_function(f"carriers_log_{name}", f"INSERT INTO {LOG} (plan_id, nonce) VALUES ({plan_id}, {PG_NONCE});")
        )
    for table in STRUCTURE_TABLES:
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_change_log ON {table}")
        cursor.execute(
            f"CREATE TRIGGER {table}_change_log AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION carriers_log_structure()"
        )
    for table in [*tables, *STRUCTURE_TABLES]:
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_change_log_truncate ON {table}")
        cursor.execute(
            f"CREATE TRIGGER {table}_change_log_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION carriers_log_truncate()"
        )


# SQLite (row-level triggers; one writer at a time) --------------------------------------------------------------

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _sqlite_triggers():
    """name -> CREATE TRIGGER statement."""
    tables = _tables(lambda expression: f"CAST({expression} AS TEXT)",
                     lambda expression: f"CASE WHEN {expression} THEN 'true' WHEN NOT {expression} THEN 'false' END")  # fmt: skip
    triggers = {}
    for table, (key, facts, extra, live) in tables.items():
        triggers[f"{table}_change_log_insert"] = (
            f"AFTER INSERT ON {table} BEGIN INSERT INTO {LOG} (plan_id, nonce) VALUES (NEW.{key}, random()); END"
        )
        triggers[f"{table}_change_log_delete"] = (
            f"AFTER DELETE ON {table} BEGIN INSERT INTO {LOG} (plan_id, nonce) VALUES (OLD.{key}, random()); END"
        )
        differs = " OR ".join(f"({_row(e, 'OLD')}) IS NOT ({_row(e, 'NEW')})" for e in facts.values())
        triggers[f"{table}_change_log_update"] = (
            f"AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {LOG} (plan_id, nonce) SELECT NEW.{key}, random() WHERE NOT ({differs}); "
            f"INSERT INTO {LOG} (plan_id, nonce) SELECT OLD.{key}, random() WHERE OLD.{key} IS NOT NEW.{key}; END"
        )
        for field, expression in facts.items():
            old, new = _row(expression, "OLD"), _row(expression, "NEW")
            values = ", ".join([f"NEW.{key}", *(_row(column, "NEW") for column in extra)])
            triggers[f"{table}_log_{field}"] = (
                f"AFTER UPDATE ON {table} WHEN ({old}) IS NOT ({new}) BEGIN INSERT INTO {LOG} {COLUMNS} "
                f"VALUES ({values}, '{field}', {old}, {new}, {_row(live, 'NEW', field=repr(field))}, {SQLITE_NOW}, "
                "random()); END"
            )
    for table in STRUCTURE_TABLES:
        for event in EVENTS:
            triggers[f"{table}_change_log_{event}"] = (
                f"AFTER {event.upper()} ON {table} BEGIN INSERT INTO {LOG} (plan_id, nonce) VALUES (NULL, random()); END"
            )
    # No statement triggers: prune once every thousand changes.
    triggers[f"{LOG}_prune"] = (
        f"AFTER INSERT ON {LOG} WHEN NEW.id % 1000 = 0 "
        f"BEGIN DELETE FROM {LOG} WHERE field = '' AND id < NEW.id - {KEPT}; END"
    )
    return triggers


def install_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            _postgresql(cursor)
        elif schema_editor.connection.vendor == "sqlite":
            for name, definition in _sqlite_triggers().items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {definition}")


def _earlier(name):
    return importlib.import_module(f"carriers.migrations.{name}")


def drop_earlier_triggers(apps, schema_editor):
    """The log triggers of 0006 and 0009 (replaced by install_triggers) and 0008's planchange triggers."""
    _earlier("0008_plan_change_log").drop_triggers(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for name in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore_earlier_triggers(apps, schema_editor):
    """Back to 0012: the triggers of 0002 (SQLite dropped some with the tables it rebuilt), 0006, 0008 and 0009."""
    drop_earlier_triggers(apps, schema_editor)
    for name in ("0002_catalogue_revision", "0006_catalogue_change_log", "0008_plan_change_log", "0009_feature_rules"):
        _earlier(name).create_triggers(apps, schema_editor)


def drop_new_triggers(apps, schema_editor):
    """On the way back, before the old columns return: the old functions, which write only plan_id and nonce."""
    if schema_editor.connection.vendor == "postgresql":
        _earlier("0006_catalogue_change_log").create_triggers(apps, schema_editor)
        _earlier("0009_feature_rules").create_triggers(apps, schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        drop_earlier_triggers(apps, schema_editor)


# History ---------------------------------------------------------------------------------------------------------


def _nonce():
    return random.randrange(2**53)


def _rule_text(value):
    if value.number is not None:
        return str(value.number)
    if value.flag is not None:
        return "true" if value.flag else "false"
    return value.text


def _text(value):
    return "" if value is None else str(value)


def copy_history(apps, schema_editor):
    """planchange rows, and facts whose fact_changed_at is newer than any of them, into the log (in time order)."""
    alias = schema_editor.connection.alias
    Log = apps.get_model("carriers", "CatalogueChange")  # noqa: N806
    rows = []
    for change in apps.get_model("carriers", "PlanChange").objects.using(alias).order_by("changed_at", "id"):
        rows.append(Log(plan_id=change.plan_id, feature_id=change.feature_id, field=change.field,
                        old_value=change.old_value, new_value=change.new_value, published=True,
                        changed_at=change.changed_at))  # fmt: skip
    # The newest planchange row of each answer; a fact_changed_at up to a minute before it is the same change (Python
    # took the time before the database's transaction did).
    recorded = {}
    for row in rows:
        recorded[row.plan_id, row.feature_id] = row.changed_at
    answers = apps.get_model("carriers", "PlanFeature").objects.using(alias).filter(fact_changed_at__isnull=False)
    for answer in answers:
        newest = recorded.get((answer.plan_id, answer.feature_id))
        if newest is not None and newest >= answer.fact_changed_at - datetime.timedelta(minutes=1):
            continue
        for field, old, new in (("support", answer.previous_support, answer.support),
                                ("value", _text(answer.previous_value), _text(answer.value))):  # fmt: skip
            if old != new:
                rows.append(Log(plan_id=answer.plan_id, feature_id=answer.feature_id, field=field, old_value=old,
                                new_value=new, published=False, changed_at=answer.fact_changed_at))  # fmt: skip
    values = apps.get_model("carriers", "PlanAttribute").objects.using(alias).filter(fact_changed_at__isnull=False)
    for value in values:
        rows.append(Log(plan_id=value.plan_id, rule_id=value.attribute_id, region_id=value.region_id, field="rule",
                        old_value="", new_value=_rule_text(value), published=False,
                        changed_at=value.fact_changed_at))  # fmt: skip
    rows.sort(key=lambda row: row.changed_at)
    for row in rows:
        row.nonce = _nonce()
    Log.objects.using(alias).bulk_create(rows, batch_size=1000)


def copy_history_back(apps, schema_editor):
    """Published facts back into planchange; the newest change of each answer and rule value into its
    fact_changed_at (and previous_*)."""
    alias = schema_editor.connection.alias
    Log = apps.get_model("carriers", "CatalogueChange")  # noqa: N806
    plans = set(apps.get_model("carriers", "Plan").objects.using(alias).values_list("pk", flat=True))
    features = set(apps.get_model("carriers", "Feature").objects.using(alias).values_list("pk", flat=True))
    PlanChange = apps.get_model("carriers", "PlanChange")  # noqa: N806
    facts = Log.objects.using(alias).exclude(field__in=["", "rule"]).filter(plan_id__in=plans).order_by("pk")
    PlanChange.objects.using(alias).bulk_create(
        [
            PlanChange(
                plan_id=row.plan_id,
                feature_id=row.feature_id,
                field=row.field,
                old_value=row.old_value[:40],
                new_value=row.new_value[:40],
                changed_at=row.changed_at,
            )  # fmt: skip
            for row in facts.filter(published=True)
            if row.feature_id is None or row.feature_id in features
        ],
        batch_size=1000,
    )
    answers = apps.get_model("carriers", "PlanFeature").objects.using(alias)
    for row in facts.filter(field__in=["support", "value"]):
        update = {"fact_changed_at": row.changed_at}
        if row.field == "support":
            update["previous_support"] = row.old_value
        else:
            update["previous_value"] = row.old_value or None
        answers.filter(plan_id=row.plan_id, feature_id=row.feature_id).update(**update)
    values = apps.get_model("carriers", "PlanAttribute").objects.using(alias)
    for row in Log.objects.using(alias).filter(field="rule").order_by("pk"):
        values.filter(plan_id=row.plan_id, attribute_id=row.rule_id, region_id=row.region_id).update(
            fact_changed_at=row.changed_at
        )


def sync_roles(apps, schema_editor):
    # Every role may read the change log (it replaces plan changes): editorial/roles.py.
    importlib.import_module("editorial.migrations.0001_roles").create_roles(apps, schema_editor)


def reference(model, **options):
    return models.ForeignKey(
        blank=True, null=True, db_constraint=False, on_delete=models.DO_NOTHING, related_name="+",
        to=f"carriers.{model}", **options,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("carriers", "0012_content_revision_row"),
        ("editorial", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(drop_earlier_triggers, restore_earlier_triggers),
        # plan_id was a plain number; it becomes a reference to the plan in the same column, with no constraint.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="cataloguechange", name="plan_id"),
                migrations.AddField(
                    model_name="cataloguechange",
                    name="plan",
                    field=models.ForeignKey(
                        blank=True, null=True, db_constraint=False, db_index=False, on_delete=models.DO_NOTHING,
                        related_name="changes", to="carriers.plan", verbose_name="plan",
                    ),  # fmt: skip
                ),
            ],
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="feature",
            field=reference("feature", db_index=False, verbose_name="feature"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="rule",
            field=reference("featureattribute", db_index=False, verbose_name="rule"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="region",
            field=reference("region", db_index=False, verbose_name="only in"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="field",
            field=models.CharField(
                blank=True,
                db_default="",
                max_length=10,
                verbose_name="field",
                choices=[
                    ("", "(any change)"),
                    ("support", "support"),
                    ("value", "value"),
                    ("price", "price"),
                    ("data", "data"),
                    ("validity", "validity"),
                    ("active", "availability"),
                    ("rule", "rule value"),
                ],
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="old_value",
            field=models.CharField(blank=True, db_default="", max_length=500, verbose_name="old value"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="new_value",
            field=models.CharField(blank=True, db_default="", max_length=500, verbose_name="new value"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="published",
            field=models.BooleanField(db_default=False, verbose_name="published"),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="changed_at",
            field=models.DateTimeField(db_default=Now(), verbose_name="changed at"),
        ),
        migrations.AddIndex(
            model_name="cataloguechange",
            index=models.Index(fields=["plan", "-changed_at"], name="catalogue_change_plan_idx"),
        ),
        migrations.AddIndex(
            model_name="cataloguechange",
            index=models.Index(fields=["changed_at"], name="catalogue_change_when_idx"),
        ),
        migrations.AddIndex(
            model_name="cataloguechange",
            index=models.Index(condition=Q(field=""), fields=["id"], name="catalogue_change_sync_idx"),
        ),
        migrations.RunPython(copy_history, copy_history_back),
        migrations.DeleteModel(name="PlanChange"),
        migrations.RemoveField(model_name="planfeature", name="previous_support"),
        migrations.RemoveField(model_name="planfeature", name="previous_value"),
        migrations.RemoveField(model_name="planfeature", name="fact_changed_at"),
        migrations.RemoveField(model_name="planattribute", name="fact_changed_at"),
        migrations.RunPython(install_triggers, drop_new_triggers),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
