"""The grid store in a PostGIS schema: PostGISStore answers the reads and writes of
queries.StoreQueries and makes the six-step loop's moves for many sessions at once.

Its tables are schema.py's in PostgreSQL's dialect (ddl.py); copies to and from a
GeoPackage are copy.py's, roles and rules access.py's. Its grids are guarded as a
GeoPackage's are (guard.py: the same rules, history and messages, for many editors at
once).
"""

from __future__ import annotations

from ..dialect import quote
from ..errors import StoreError, older_schema
from ..location import POSTGIS, StoreLocation
from ..migrations import (
    AddColumn,
    AddGridGuard,
    AddIndex,
    AddIntake,
    AddSearchIndex,
    AddTable,
    AddView,
    DropIndex,
    ReplaceGridGuard,
    ReplaceReportChecks,
    ReplaceUnique,
    SeedWorkflow,
)
from ..queries import StoreQueries
from ..rows import checked_rows
from ..schema import APPLICATION_ID, SCHEMA_VERSION, TABLES_BY_NAME
from . import ddl, guard, intake
from .bulk import bulk_rows
from .connection import check_schema_name, connect
from .dialect import POSTGRES


class PostGISStore(StoreQueries):
    """A grid store in a PostGIS schema, with the store methods the six-step loop uses
    (core.workflow's move, escalate and escalate_overdue run on it unchanged).

    Every move is one transaction: the incident's UPDATE checks and bumps its row
    version, and its history row is inserted with it. Under PostgreSQL's row locks a
    second session moving the same incident waits, then finds the version moved on and
    gets StaleRowError: no update is lost and no incident is left without its step row.
    Row-level security may hide an incident from a town's staff: their move is refused
    with that reason.
    """

    dialect = POSTGRES

    def __init__(self, connection, schema: str, location: StoreLocation | None = None):
        self._connection, self.schema = connection, schema
        self.location = location or StoreLocation(POSTGIS, "", schema, f"PostGIS schema {schema}")

    @classmethod
    def open(
        cls, location: StoreLocation | str, schema: str | None = None, *, migrate: bool = True
    ) -> PostGISStore:
        """Open the store at `location` (a StoreLocation, or a connection string with its
        `schema`), migrating an older schema version in one transaction (one session
        migrates; the others wait for it, then find it done)."""
        if not isinstance(location, StoreLocation):
            location = StoreLocation.postgis(location, schema)
        schema = check_schema_name(location.schema)
        connection = connect(location.target)
        connection.autocommit = True  # transactions are explicit: transaction()
        try:
            store = cls(connection, schema, location)
            version = store._version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store in {schema} has schema version {version}, newer than this "
                    f"plugin's {SCHEMA_VERSION}: update the plugin to open it"
                )
            connection.execute(f"SET search_path TO {quote(schema)}, public")
            # The store's reads are seconds at most: compiling one (which PostgreSQL
            # starts on its cost estimates, a quarter of a second) costs more than it saves.
            connection.execute("SET jit = off")
            if version < SCHEMA_VERSION:
                if not migrate:
                    raise older_schema(location.label, version, SCHEMA_VERSION)
                with store.transaction():
                    connection.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
                    store._migrate(store._version())
            if migrate and store._has_read_only_grids():
                store._guard_read_only_grids()
        except BaseException:
            connection.close()
            raise
        return store

    def _version(self) -> int:
        try:
            info = dict(
                self._connection.execute(
                    f"SELECT key, value FROM {quote(self.schema)}.store_info "
                    "WHERE key IN ('application', 'schema_version')"
                ).fetchall()
            )
        except Exception as error:
            raise StoreError(f"the schema {self.schema} is not a grid store: {error}") from None
        if info.get("application") != APPLICATION_ID:
            raise StoreError(f"the schema {self.schema} is not a grid store")
        try:
            return int(info["schema_version"])
        except (KeyError, ValueError):
            raise StoreError(f"the store in {self.schema} has no readable schema version") from None

    # Copies made before the grids had their guard here kept them read-only (a trigger,
    # grids_read_only): the guard replaces it when such a store is opened.

    def _has_read_only_grids(self) -> bool:
        return bool(
            self._rows(
                "SELECT 1 FROM pg_trigger WHERE tgname = 'grids_read_only' "
                "AND tgrelid = to_regclass(?)",
                (f"{quote(self.schema)}.grids",),
            )
        )

    def _guard_read_only_grids(self) -> None:
        with self.transaction():
            self._rows_of("SELECT pg_advisory_xact_lock(hashtext(?))", (self.schema,))
            if not self._has_read_only_grids():
                return  # another session did it meanwhile
            s = quote(self.schema)
            self._rows_of(f"DROP TRIGGER grids_read_only ON {s}.grids")
            self._rows_of(f"DROP FUNCTION {s}.grids_read_only()")
            self._apply(AddGridGuard())
            self.log("system", "grids", None, "update", None, None, "grid guard installed")

    def _apply(self, change) -> None:
        """One schema change of MIGRATIONS in PostgreSQL's dialect (styles of a new view
        come from the plugin's, as for any layer without a stored one)."""
        s = quote(self.schema)
        if isinstance(change, AddTable):
            create, later = ddl.create_table_sql(change.table, self.schema)
            statements = [create, *later]
        elif isinstance(change, AddSearchIndex):
            statements = ddl.search_index_sql(self.schema)
        elif isinstance(change, (AddGridGuard, ReplaceGridGuard)):
            statements = guard.replace_sql(self.schema)
        elif isinstance(change, AddIntake):
            statements = intake.relax_sql(self.schema) + intake.intake_sql(self.schema)
        elif isinstance(change, ReplaceReportChecks):
            statements = []  # its function never refused a row with its ticket
        elif isinstance(change, AddView):
            statements = [ddl.view_sql(change.view, self.schema)]
        elif isinstance(change, AddColumn):
            column = self.dialect.column_sql(change.column)
            statements = [f"ALTER TABLE {s}.{quote(change.table)} ADD COLUMN {column}"]
        elif isinstance(change, ReplaceUnique):
            statements = self._replace_unique_sql(change)
        elif isinstance(change, SeedWorkflow):
            change.apply(self)
            return
        elif isinstance(change, AddIndex):
            table = TABLES_BY_NAME[change.table]
            statements = [ddl.index_sql(table, change.columns, self.schema)]
        elif isinstance(change, DropIndex):
            name = TABLES_BY_NAME[change.table].index_name(change.columns)
            statements = [f"DROP INDEX IF EXISTS {s}.{quote(name)}"]
        else:
            raise TypeError(f"unknown schema change {change!r}")
        for statement in statements:
            self._connection.execute(statement)

    def _replace_unique_sql(self, change: ReplaceUnique) -> list[str]:
        table = f"{quote(self.schema)}.{quote(change.table)}"
        found = self._connection.execute(
            "SELECT c.conname, array_agg(a.attname::text ORDER BY k.n) FROM pg_constraint c "
            "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
            "WHERE c.conrelid = to_regclass(%s) AND c.contype = 'u' GROUP BY c.conname",
            (table,),
        ).fetchall()
        names = [name for name, columns in found if tuple(columns) == change.old]
        columns = ", ".join(quote(c) for c in change.new)
        return [f"ALTER TABLE {table} DROP CONSTRAINT {quote(n)}" for n in names] + [
            f"ALTER TABLE {table} ADD UNIQUE ({columns})"
        ]

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> PostGISStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        """One transaction; nested use is a savepoint inside the enclosing one."""
        return self._connection.transaction()

    # What StoreQueries needs of a backend's connection.

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        rows = self._connection.execute(self.dialect.sql(sql, parameters), parameters).fetchall()
        return [self.dialect.row(row) for row in rows]

    def _rows_of(self, sql: str, parameters=()) -> None:
        self._connection.execute(self.dialect.sql(sql, parameters), parameters)

    def _bulk_rows(self, sql: str, parameters=()) -> list[tuple]:
        """_rows for large results (bulk.py)."""
        return bulk_rows(self._connection, self.dialect.sql(sql, parameters), parameters)

    def _next_fids(self, table_name: str, count: int) -> list[int]:
        sequence = f"{quote(self.schema)}.{quote(table_name)}"
        return [
            row[0]
            for row in self._rows(
                "SELECT nextval(pg_get_serial_sequence(?, 'fid')) FROM generate_series(1, ?)",
                (sequence, count),
            )
        ]

    # The plugin's decisions on a save of grids: the login's, made by the guard's
    # functions (guard.py), which check the save as it leaves the grids.

    def allow_grid_changes(self, save, actor: str, reason: str, seconds: float = 120) -> None:
        """Let a checked save's grids change together for this login: refused, with the
        rule's message (StoreError), when the store's own check of the save fails."""
        self._guarded(
            "SELECT grid_guard_decide(CAST(? AS jsonb), ?, ?, ?)",
            (guard.save_json(save), actor, reason, float(seconds)),
        )

    def refuse_grid_save(self, actor: str, reason: str, seconds: float = 120) -> None:
        """Make every grid write of this login fail for a while (a save the plugin's
        check refused)."""
        self._guarded("SELECT grid_guard_refuse(?, ?, ?)", (actor, reason, float(seconds)))

    def clear_grid_guard(self) -> None:
        self._guarded("SELECT grid_guard_clear()", ())

    def share_with_readers(self) -> None:
        """Nothing to do: PostgreSQL's readers never wait for a writer."""

    def insert(self, table_name: str, rows, geometries=None) -> None:
        """Insert rows (dicts keyed by column name) with their geometries, if a layer;
        inside `transaction()` to group with other writes, alone one transaction."""
        table = checked_rows(table_name, rows, geometries)
        if not rows:
            return
        columns = list(rows[0].keys())
        booleans = {c.name for c in table.columns if c.type == "BOOLEAN"}
        values = [
            [bool(row[n]) if n in booleans and row[n] is not None else row[n] for n in columns]
            for row in rows
        ]
        placeholders = ["?"] * len(columns)
        if table.is_layer:
            columns.append("geom")
            placeholders.append(self.dialect.geometry_parameter)
            for value, geometry in zip(values, self.dialect.geometry_values(table, geometries)):
                value.append(geometry)
        sql = self.dialect.sql(
            f"INSERT INTO {quote(table_name)} ({', '.join(quote(n) for n in columns)}) "
            f"VALUES ({', '.join(placeholders)})",
            values,
        )
        try:
            with self.transaction(), self._connection.cursor() as cursor:
                cursor.executemany(sql, values)
        except self.dialect.refusals() as error:
            raise StoreError(f"{table_name}: {str(error).strip()}") from None

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def _changed(self, sql: str, parameters) -> int:
        return self._connection.execute(self.dialect.sql(sql, parameters), parameters).rowcount
