"""Write docs/DATABASE.md from the models: every table of our apps with its columns, types, relations,
indexes and constraints, and a mermaid erDiagram. Types are PostgreSQL's (production) whatever database the
command runs on, so the output is the same everywhere. `--check` fails when the file is out of date (CI)."""
import re
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunSQL

try:  # the production engine's type names, without connecting to it
    from django.db.backends.postgresql.base import DatabaseWrapper as _Postgres

    PG_TYPES = dict(_Postgres.data_types)
except ImportError:  # pragma: no cover - psycopg is a base requirement
    PG_TYPES = {}

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "DATABASE.md"
INDEX_SQL = re.compile(r"CREATE\s+(UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(\w+)"
                       r"(?:\s+USING\s+(\w+))?\s*\((.*)\)", re.IGNORECASE | re.DOTALL)


def local_app_labels() -> list[str]:
    return [django_apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOCAL_APPS]


def column_type(field) -> str:
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return column_type(field.target_field)
    internal = field.get_internal_type()
    if internal == "AutoField":
        return "integer"
    if internal == "BigAutoField":
        return "bigint"
    template = PG_TYPES.get(internal)
    if template:
        params = {k: v for k, v in vars(field).items() if not k.startswith("_")}
        return template(params) if callable(template) else template % params
    return field.db_type(connection) or internal


def short_type(full: str) -> str:
    """One word for the diagram: varchar(120) -> varchar, timestamp with time zone -> timestamptz."""
    full = full.replace("timestamp with time zone", "timestamptz").replace("double precision", "double")
    return re.sub(r"\(.*\)", "", full).split()[0]


def default_text(field) -> str:
    if not field.has_default():
        return ""
    default = field.default
    if callable(default):
        return f"{getattr(default, '__name__', 'callable')}()"
    if isinstance(default, str):
        return f"'{default}'" if default else "''"
    return str(default)


def field_notes(model, field) -> str:
    notes = []
    if field.primary_key:
        notes.append("PK")
    if field.is_relation and field.many_to_one or field.one_to_one:
        target = field.related_model._meta.db_table
        notes.append(f"FK → `{target}` ({field.remote_field.on_delete.__name__})")
    if field.get_internal_type().startswith("Positive"):
        notes.append("≥ 0")
    if field.unique and not field.primary_key:
        notes.append("unique")
    elif field.db_index and not field.primary_key and not (field.is_relation and field.db_constraint is False):
        notes.append("indexed")
    if field.choices:
        values = [str(value) for value, _label in field.flatchoices]
        notes.append("one of " + ", ".join(f"`{v}`" for v in values))
    default = default_text(field)
    if default and not field.primary_key:
        notes.append(f"default {default}")
    return "; ".join(notes)


def expression_text(expr) -> str:
    if isinstance(expr, models.F):
        return expr.name
    text = str(expr)
    return re.sub(r"F\((\w+)\)", r"\1", text)


def q_text(q) -> str:
    """A Q object as a readable condition: Q(stock__gte=0) -> stock >= 0."""
    ops = {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<", "exact": "=", "isnull": "is null =", "in": "in"}
    if not isinstance(q, models.Q):
        return expression_text(q)
    parts = []
    for child in q.children:
        if isinstance(child, models.Q):
            parts.append(f"({q_text(child)})")
            continue
        lookup, value = child
        name, _, op = lookup.rpartition("__")
        if op not in ops:
            name, op = lookup, "exact"
        if isinstance(value, models.F):
            value = value.name
        elif isinstance(value, str):
            value = f"'{value}'"
        elif isinstance(value, list | tuple | set | frozenset):
            value = "(" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in value) + ")"
        parts.append(f"{name} {ops[op]} {value}")
    text = f" {q.connector} ".join(parts)
    return f"NOT ({text})" if q.negated else text


def model_indexes(model) -> list[str]:
    lines = []
    for index in model._meta.indexes:
        columns = list(index.fields) or [expression_text(e) for e in index.expressions]
        cond = f" where {q_text(index.condition)}" if index.condition is not None else ""
        lines.append(f"`{index.name}` ({', '.join(columns)}){cond}")
    for fields in model._meta.unique_together:
        lines.append(f"unique ({', '.join(fields)})")
    return lines


def model_constraints(model) -> list[str]:
    lines = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            columns = list(constraint.fields) or [expression_text(e) for e in constraint.expressions]
            cond = f" where {q_text(constraint.condition)}" if constraint.condition is not None else ""
            lines.append(f"`{constraint.name}`: unique ({', '.join(columns)}){cond}")
        elif isinstance(constraint, models.CheckConstraint):
            condition = getattr(constraint, "condition", None) or getattr(constraint, "check", None)
            lines.append(f"`{constraint.name}`: check {q_text(condition)}")
        else:  # pragma: no cover - other constraint kinds
            lines.append(f"`{constraint.name}`")
    return lines


def migration_indexes(labels) -> list[tuple[str, str, str, str, str]]:
    """Indexes that migrations create with raw SQL (PostgreSQL-only GIN/GiST and the like)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (label, name), migration in sorted(loader.disk_migrations.items()):
        if label not in labels:
            continue
        for operation in migration.operations:
            if not isinstance(operation, RunSQL):
                continue
            statements = operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]
            for sql in statements:
                sql = sql[0] if isinstance(sql, list | tuple) else sql
                for match in INDEX_SQL.finditer(str(sql)):
                    unique, index, table, method, columns = match.groups()
                    kind = ("unique " if unique else "") + (method or "btree").lower()
                    found.append((table, index, kind, " ".join(columns.split()), f"{label}.{name}"))
    return found


def tables_by_app():
    for label in local_app_labels():
        config = django_apps.get_app_config(label)
        found = []
        for model in config.get_models():  # in definition order, each followed by its many-to-many tables
            if model._meta.managed and not model._meta.proxy:
                found.append(model)
                found += [f.remote_field.through for f in model._meta.local_many_to_many
                          if f.remote_field.through._meta.auto_created]
        if found:
            yield config, found


def render() -> str:
    apps_models = list(tables_by_app())
    all_models = [m for _config, found in apps_models for m in found]
    labels = {config.label for config, _found in apps_models}
    out = [
        "# Database",
        "",
        "<!-- Generated by `python manage.py generate_erd` from the models: do not edit by hand. "
        "`generate_erd --check` fails when this file is out of date. -->",
        "",
        f"{len(all_models)} tables in {len(apps_models)} apps. Types are PostgreSQL's (production); on SQLite "
        "the same columns use SQLite's affinities. Conventions: most tables have a UUID primary key `id` and "
        "`created_at`/`updated_at` (apps.core.models.TimeStampedModel); money is `numeric(14, 2)` with the "
        "currency in settings.DEFAULT_CURRENCY; foreign keys are indexed; `…_id` columns are foreign keys.",
        "",
        "## Diagram",
        "",
        "Keys only (the tables below list every column).",
        "",
        "```mermaid",
        "erDiagram",
    ]
    for model in all_models:
        keys = [f for f in model._meta.local_fields if f.primary_key or f.is_relation or f.unique]
        out.append(f"    {model._meta.db_table} {{")
        for field in keys:
            marks = ", ".join(m for m, cond in (("PK", field.primary_key), ("FK", field.is_relation),
                                               ("UK", field.unique and not field.primary_key)) if cond)
            out.append(f"        {short_type(column_type(field))} {field.column} {marks}")
        out.append("    }")
    for model in all_models:
        for field in model._meta.local_fields:
            if not field.is_relation:
                continue
            target = field.related_model._meta.db_table
            left = "|o" if field.null else "||"
            right = "o|" if field.one_to_one else "o{"
            out.append(f"    {target} {left}--{right} {model._meta.db_table} : {field.name}")
    out += ["```", "", "## Tables", ""]
    for config, found in apps_models:
        out += [f"### {config.label}", ""]
        for model in found:
            meta = model._meta
            title = f"#### `{meta.db_table}`"
            if not meta.auto_created:
                title += f" — {meta.object_name}"
            else:
                title += f" — many-to-many of {meta.auto_created._meta.object_name}"
            out += [title, ""]
            doc = (model.__doc__ or "").strip()
            if doc and not meta.auto_created and not doc.startswith(f"{meta.object_name}("):
                out += [" ".join(doc.split()), ""]
            out += ["| column | type | null | notes |", "| --- | --- | --- | --- |"]
            for field in meta.local_fields:
                out.append(f"| `{field.column}` | {column_type(field)} | {'yes' if field.null else ''} | "
                           f"{field_notes(model, field).replace('|', '∣')} |")
            m2m = list(meta.local_many_to_many)
            if m2m:
                out += ["", "Many-to-many: " + "; ".join(
                    f"`{f.name}` → `{f.related_model._meta.db_table}` through `{f.remote_field.through._meta.db_table}`"
                    for f in m2m)]
            indexes, constraints = model_indexes(model), model_constraints(model)
            if indexes:
                out += ["", "Indexes: " + "; ".join(indexes)]
            if constraints:
                out += ["", "Constraints: " + "; ".join(constraints)]
            out.append("")
    extra = migration_indexes(labels)
    if extra:
        out += ["## Indexes created by migrations (PostgreSQL only)", "",
                "| table | index | method | on | migration |", "| --- | --- | --- | --- | --- |"]
        out += [f"| `{t}` | `{i}` | {k} | `{c}` | {m} |" for t, i, k, c, m in extra]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


class Command(BaseCommand):
    help = "Write docs/DATABASE.md (tables, columns, relations, indexes and a mermaid ER diagram) from the models."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Where to write (default docs/DATABASE.md).")
        parser.add_argument("--check", action="store_true", help="Only check the file is up to date (exit 1 if not).")

    def handle(self, *args, output, check, **options):
        text = render()
        path = Path(output)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `python manage.py generate_erd`.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({text.count(chr(10))} lines)."))
