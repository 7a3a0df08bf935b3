"""Large results read from PostgreSQL as one text value the server writes and Python
splits, several times faster than psycopg's pure-Python loading a value at a time."""

from __future__ import annotations

import re

# How bulk_rows writes a column of a type (PostgreSQL type OIDs) as text, and reads it
# back. Text is escaped as COPY escapes it (backslash, tab, newline); NULL is \N.
_BULK_TEXT = "replace(replace(replace(({c})::text, '\\', '\\\\'), E'\\t', '\\t'), E'\\n', '\\n')"
_BULK_SQL = {
    16: "CASE WHEN {c} THEN 't' ELSE 'f' END",
    17: "encode({c}, 'hex')",
    **{oid: "({c})::text" for oid in (20, 21, 23, 700, 701, 1700, 1082)},
    1184: "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
    # A time without zone is China's, as to_datetime_text takes it.
    1114: "to_char({c} AT TIME ZONE 'Asia/Shanghai' AT TIME ZONE 'UTC', "
    '\'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\')',
}
_ESCAPED = re.compile(r"\\(.)")


def _unescaped(value: str) -> str:
    return _ESCAPED.sub(lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), value)


_BULK_DECODE = {
    16: lambda value: value == "t",
    17: bytes.fromhex,
    **{oid: int for oid in (20, 21, 23)},
    **{oid: float for oid in (700, 701, 1700)},
    1082: str,
    1114: str,
    1184: str,
}


def bulk_rows(connection, sql: str, parameters=()) -> list[tuple]:
    """The rows of a large result (`sql` in psycopg's style). psycopg's pure-Python
    loader takes about 5 µs a value (11 s for the 220,000 facilities with their grids);
    here the server writes the whole result as one text value, which Python splits
    (1.3 s). Values come back as PostGISStore._rows gives them; tests compare the two."""
    described = connection.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0", parameters).description
    names = [f"c{i}" for i in range(len(described))]
    encoded = " || E'\\t' || ".join(
        f"coalesce({_BULK_SQL.get(column.type_code, _BULK_TEXT).format(c=name)}, '\\N')"
        for column, name in zip(described, names)
    )
    # In the query's order: numbered as read, aggregated by number (an aggregate of a
    # sorted subquery is sorted only "usually", and not when run in parallel).
    text = connection.execute(
        f"SELECT string_agg(r, E'\\n' ORDER BY n) FROM (SELECT {encoded} AS r, "
        f"row_number() OVER () AS n FROM ({sql}) AS q({', '.join(names)})) AS e",
        parameters,
    ).fetchone()[0]
    if text is None:
        return []
    # Column by column: a comprehension each, not a call a value.
    columns = zip(*(line.split("\t") for line in text.split("\n")))
    decoded = []
    for column, values in zip(described, columns):
        decode = _BULK_DECODE.get(column.type_code)
        if decode is None:  # text: unescaped where it holds a backslash
            decoded.append(
                [None if v == "\\N" else v if "\\" not in v else _unescaped(v) for v in values]
            )
        else:
            decoded.append([None if v == "\\N" else decode(v) for v in values])
    return list(zip(*decoded))
