"""Spreadsheet import for the catalogue: every row checked first, every problem reported at once, then one write.

The columns come from the model's django-import-export resource (``Meta.fields``, ``import_id_fields`` and its
ForeignKeyWidgets), which also makes the exports, so a file exported from the admin imports unchanged. Each cell
is cleaned by the model field's own form field (Django's messages, in the editor's language); related records are
named by slug. A problem is reported as (line in the file, with the header as line 1; column; the value; what is
wrong), never as an exception. The role rules (``editorial.roles``) apply per row and per column. A row whose
values equal the record's is skipped: no save, no new version, no lock bump.
"""

from dataclasses import dataclass, field

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from import_export.widgets import ForeignKeyWidget
from modeltranslation.settings import AVAILABLE_LANGUAGES

from . import roles
from .models import language_name
from .sheet_reading import column_letter

TRUE, FALSE = {"1", "true", "yes", "y", "是", "t", "x", "✓"}, {"0", "false", "no", "n", "否", "f", ""}


@dataclass
class Problem:
    line: int
    column: str
    value: str
    message: str


@dataclass
class RowPlan:
    line: int
    instance: object
    is_new: bool
    changes: list  # (column, old text, new text)
    extras: list = field(default_factory=list)  # (extra column, cleaned value), applied after the record is saved


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def created(self):
        return sum(1 for row in self.rows if row.is_new)

    @property
    def updated(self):
        return sum(1 for row in self.rows if not row.is_new and row.changes)

    @property
    def unchanged(self):
        return sum(1 for row in self.rows if not row.is_new and not row.changes)

    @property
    def written(self):
        return [row for row in self.rows if row.is_new or row.changes]


def column_label(model, name):
    """The header an export gives column ``name`` in the active language: "价格 (price)"."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # not a model field: its own name
        return name
    label = str(model_field.verbose_name)
    language = getattr(model_field, "language", None)
    if language:
        base = model._meta.get_field(model_field.translated_field.name)
        label = f"{base.verbose_name} · {language_name(language)}"
    return f"{label} ({name})"


class SheetImport:
    """Checks a Sheet against a resource's columns for ``user``; ``plan()`` then ``write()``."""

    def __init__(self, resource_class, user):
        self.resource = resource_class()
        self.model = self.resource._meta.model
        self.user = user
        self.columns = list(self.resource._meta.fields)
        self.id_columns = list(self.resource._meta.import_id_fields)
        self.writable = roles.writable_fields(user, self.model)
        self.related = {
            name: (widget.model, widget.field)
            for name, resource_field in self.resource.fields.items()
            if isinstance((widget := resource_field.widget), ForeignKeyWidget)
        }
        # Columns that are not fields of the model (a plan's rule values): the resource says how to read, compare
        # and write them (``extra_columns()``: objects with name, label(), clean(text), current(instance), text(value),
        # prepare(instances) and apply(instance, value)). They are facts: writing one needs the facts permission.
        extra = getattr(self.resource, "extra_columns", None)
        self.extra = {column.name: column for column in (extra() if extra else [])}
        self.columns += list(self.extra)

    # Headers
    def header_names(self):
        """Every header text that names each column, in any language: its field name or its exported label."""
        names = {}
        for column in self.columns:
            names[column.lower()] = column
            for language in AVAILABLE_LANGUAGES:
                with override(language):
                    label = self.extra[column].label() if column in self.extra else column_label(self.model, column)
                    names[str(label).lower()] = column
        return names

    def map_header(self, header, plan):
        names, mapping = self.header_names(), {}
        for index, text in enumerate(header):
            key = text.strip().lower()
            if key.endswith(")") and "(" in key:
                key = key[key.rindex("(") + 1 : -1].strip() if key not in names else key
            column = names.get(key)
            if column is None:
                if text.strip():
                    message = _("is not a column of this sheet; remove it or correct its name")
                    plan.problems.append(Problem(1, column_letter(index), text, message))
                continue
            if column in mapping.values():
                plan.problems.append(Problem(1, column_letter(index), text, _("names a column a second time")))
                continue
            mapping[index] = column
        for column in self.id_columns:
            if column not in mapping.values():
                plan.problems.append(Problem(1, "", column, _("this column is needed to find each record")))
        return mapping

    # Cells
    def _related_lookup(self, sheet, mapping):
        """slug -> record for every related column, in one query per related model."""
        lookups = {}
        for index, column in mapping.items():
            if column in self.related:
                model, slug_field = self.related[column]
                slugs = {cells[index].strip() for _line, cells in sheet.rows if index < len(cells)}
                found = model._base_manager.filter(**{f"{slug_field}__in": slugs})
                lookups[column] = {getattr(obj, slug_field): obj for obj in found}
        return lookups

    def clean_cell(self, column, text, lookups):
        """The cell's value for the model, or raise ValidationError with Django's message."""
        text = text.strip()
        if column in self.extra:
            return self.extra[column].clean(text)
        if column in lookups:
            if text not in lookups[column]:
                raise ValidationError(_("no record with this slug exists"))
            return lookups[column][text]
        model_field = self.model._meta.get_field(column)
        if isinstance(model_field, models.BooleanField):
            if text.lower() not in TRUE | FALSE:
                raise ValidationError(_("enter 1 or 0 (yes or no)"))
            return text.lower() in TRUE
        extra = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}  # as the admin form
        form_field = model_field.formfield(**extra)
        value = form_field.clean(text)
        if value in ("", None) and model_field.null:
            return None
        return value

    # Rows
    def _existing(self, sheet, mapping, lookups):
        """The records the file's rows name, in one query."""
        id_indexes = [index for index, column in mapping.items() if column in self.id_columns]
        keys = set()
        for _line, cells in sheet.rows:
            key = []
            for index in id_indexes:
                column, text = mapping[index], cells[index].strip() if index < len(cells) else ""
                key.append(lookups[column].get(text) if column in lookups else text)
            keys.add(tuple(key))
        columns = [mapping[index] for index in id_indexes]
        first = {key[0] for key in keys if key[0] not in (None, "")}
        related = [column for column in mapping.values() if column in self.related]
        found = list(self.model._base_manager.filter(**{f"{columns[0]}__in": first}).select_related(*related))
        for column in {mapping[index] for index in mapping} & set(self.extra):
            self.extra[column].prepare(found)
        return {tuple(getattr(obj, column) for column in columns): obj for obj in found}, id_indexes

    def plan(self, sheet):
        plan = ImportPlan()
        plan.problems += [Problem(*problem) for problem in sheet.problems]
        mapping = self.map_header(sheet.header, plan)
        if any(problem.line == 1 and problem.column == "" for problem in plan.problems):
            return plan
        lookups = self._related_lookup(sheet, mapping)
        existing, id_indexes = self._existing(sheet, mapping, lookups)
        seen = {}
        for line, cells in sheet.rows:
            self._plan_row(plan, line, cells, mapping, lookups, existing, id_indexes, seen)
        return plan

    def _plan_row(self, plan, line, cells, mapping, lookups, existing, id_indexes, seen):
        values, problems = {}, []
        for index, column in mapping.items():
            text = cells[index] if index < len(cells) else ""
            try:
                values[column] = self.clean_cell(column, text, lookups)
            except ValidationError as error:
                problems.append(Problem(line, self._where(index, column), text[:80], " ".join(error.messages)))
        if problems:
            plan.problems += problems
            return
        key = tuple(values[mapping[index]] for index in id_indexes)
        if key in seen:
            plan.problems.append(
                Problem(line, "", ", ".join(map(str, key)), _("the same record as line %(line)s") % {"line": seen[key]})
            )
            return
        seen[key] = line
        instance = existing.get(key)
        is_new = instance is None
        if is_new:
            if not roles.may_create(self.user, self.model):
                plan.problems.append(
                    Problem(
                        line,
                        "",
                        ", ".join(map(str, key)),
                        _("Your role may not add new records; nothing matches this row."),
                    )
                )
                return
            instance = self.model()
        changes, extras = [], []
        for index, column in mapping.items():
            if column in self.extra:
                extra = self.extra[column]
                old, new = ("" if is_new else extra.current(instance)), extra.text(values[column])
                if old == new:
                    continue
                if not roles.may_edit_facts(self.user, self.model):
                    plan.problems.append(
                        Problem(line, self._where(index, column), str(cells[index])[:80],
                                _("Your role may not change this column; the file changes its value."))
                    )  # fmt: skip
                    continue
                extras.append((extra, values[column]))
                changes.append((column, old, new))
                continue
            old = getattr(instance, column) if not is_new else None
            new = values[column]
            if not is_new and _same(old, new):
                continue
            if column not in self.writable:
                plan.problems.append(
                    Problem(line, self._where(index, column), str(cells[index])[:80],
                            _("Your role may not change this column; the file changes its value."))
                )  # fmt: skip
                continue
            setattr(instance, column, new)
            changes.append((column, "" if old is None else str(old), "" if new is None else str(new)))
        if not changes and not is_new:
            plan.rows.append(RowPlan(line, instance, False, []))
            return
        try:
            # Related records were found by slug already; uniqueness is the id columns', checked above.
            # Check constraints (one query each per row: 80 % of the time) are the database's at write time.
            instance.full_clean(exclude=list(self.related), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                index = next((i for i, c in mapping.items() if c == column), None)
                where = (
                    self._where(index, column) if index is not None else ("" if column == NON_FIELD_ERRORS else column)
                )
                plan.problems.append(Problem(line, where, str(values.get(column, ""))[:80], " ".join(messages)))
            return
        plan.rows.append(RowPlan(line, instance, is_new, changes, extras))

    def _where(self, index, column):
        return f"{column_letter(index)} ({column})"

    # Writing
    @transaction.atomic
    def write(self, plan, *, comment, progress=None):
        """Save the new and changed rows as one revision; unchanged rows are not touched. ``progress(done)`` is
        called every few hundred rows."""
        with reversion.create_revision():
            for done, row in enumerate(plan.written):
                if progress is not None and done % 250 == 0:
                    progress(done)
                try:
                    with transaction.atomic():
                        row.instance.save()
                        for extra, value in row.extras:
                            extra.apply(row.instance, value)
                except IntegrityError:
                    raise ValidationError(
                        _("Line %(line)s: another record already uses this address (slug).") % {"line": row.line}
                    ) from None
            reversion.set_user(self.user)
            reversion.set_comment(comment)
        return len(plan.written)


def _same(old, new):
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", old) == getattr(new, "pk", new)
    if old in (None, "") and new in (None, ""):
        return True
    return old == new
