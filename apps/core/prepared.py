"""Hot model queries compiled to SQL once per process.

Building a queryset and compiling it costs more than running it when the query is small and the shape never
changes: the cart's lines (five tables, thirty columns, an image subquery) take ~4 ms of Python to build and
compile here and under 1 ms in PostgreSQL. A `PreparedQuery` builds its queryset once, from marker values for
its arguments, keeps the SQL and the compiler's column map, and on each call runs that SQL with the real values
and builds the model instances as Django's own iterator does (select_related objects, deferred fields and
annotations included):

    lines_of_cart = PreparedQuery(lambda cart_id: CartItem.objects.filter(cart_id=cart_id).select_related(...))
    lines = lines_of_cart(cart.pk)          # a list of CartItem, one query

The rules, checked where they can be: every argument is a value the query compares for equality, an id (a
UUID, or its string) or a string (`idempotency_key=key`); the build depends on nothing else (no
`timezone.now()`, no settings read at build time: they would be frozen into the SQL); no `prefetch_related`.
Anything else belongs in an ordinary queryset.
"""
from __future__ import annotations

import inspect
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: tuple  # (param index, argument index, how the backend sent the marker: "uuid", "hex" or "str")
    model: type
    init_list: tuple
    model_slice: slice
    populators: tuple
    annotations: tuple
    converters: tuple
    width: int | None  # the columns to keep when the SQL selects extra ones for ordering

    def params_for(self, args) -> list:
        params = list(self.params)
        for at, arg, kind in self.slots:
            value = args[arg]
            if kind == "str":
                params[at] = str(value)
                continue
            value = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
            params[at] = value.hex if kind == "hex" else value
        return params

    def rows_to_objects(self, rows, using: str) -> list:
        connection = connections[using]
        objects = []
        for row in rows:
            if self.converters:
                row = list(row)
                for pos, functions, expression in self.converters:
                    value = row[pos]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[pos] = value
            obj = self.model.from_db(using, self.init_list, row[self.model_slice])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, pos in self.annotations:
                setattr(obj, name, row[pos])
            objects.append(obj)
        return objects


class PreparedQuery:
    """A queryset shape compiled once per process and database; calling it with ids returns the model objects."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._arity = len(inspect.signature(build).parameters)
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def __call__(self, *args, using: str = "default") -> list:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} arguments, got {len(args)}")
        plan = self._plans.get(using) or self._compile(using)
        params = plan.params_for(args)
        with connections[using].cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.width is not None:
            rows = [row[:plan.width] for row in rows]
        return plan.rows_to_objects(rows, using)

    def _compile(self, using: str) -> _Plan:
        with self._lock:
            if using in self._plans:
                return self._plans[using]
            markers = [uuid.uuid4() for _ in range(self._arity)]
            queryset = self._build(*markers)
            if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
                raise ValueError("a prepared query returns model objects and prefetches nothing")
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = []
            for at, value in enumerate(params):
                for index, marker in enumerate(markers):
                    for kind, form in (("uuid", marker), ("hex", marker.hex), ("str", str(marker))):
                        if type(value) is type(form) and value == form:
                            slots.append((at, index, kind))
            if {index for _, index, _ in slots} != set(range(self._arity)):
                raise ValueError("every argument must be used as a query value")
            select, klass_info = compiler.select, compiler.klass_info
            fields = klass_info["select_fields"]
            # The backends' converters (UUIDs, booleans, decimals, dates on SQLite; JSON) read settings, never the
            # compiling thread's connection state, so one list serves every thread.
            converters = compiler.get_converters([s[0] for s in select[:compiler.col_count]])
            plan = _Plan(
                sql=sql, params=tuple(params), slots=tuple(slots), model=klass_info["model"],
                init_list=tuple(f[0].target.attname for f in select[fields[0]:fields[-1] + 1]),
                model_slice=slice(fields[0], fields[-1] + 1),
                populators=tuple(get_related_populators(klass_info, select, using)),
                annotations=tuple(compiler.annotation_col_map.items()),
                converters=tuple((pos, tuple(functions), expression)
                                 for pos, (functions, expression) in converters.items()),
                width=compiler.col_count if compiler.has_extra_select else None,
            )
            self._plans[using] = plan
            return plan
