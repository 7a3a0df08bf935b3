"""Errors of the grid store, worded for the user who opened the file."""

from ..text import Text, UserError


class StoreError(UserError):
    """A store that cannot be opened, created or written, with the file and the reason."""


class StaleRowError(StoreError):
    """A row changed by someone else since it was read: its row version moved on."""

    def __init__(self, table: str, key: object, expected: int, current: int | None):
        self.table, self.key, self.expected, self.current = table, key, expected, current
        super().__init__(
            f"{table} {key} was changed by someone else (version {current}, you read "
            f"version {expected})"
        )


def older_schema(label: str, version: int, needed: int) -> StoreError:
    """A store older than the plugin, opened by what only reads it: it is never upgraded
    behind the user's back, and the sentence says how to upgrade it."""
    return StoreError(
        Text(
            "{label} has schema version {version}; this plugin needs {needed}. Upgrade it "
            "with the Processing algorithm Upgrade a grid store (jiangdu_grid:upgrade_store) "
            "or any of the plugin's algorithms that write to it; nothing was changed.",
            "{label} 的数据结构为第 {version} 版，本插件需要第 {needed} 版。请用处理工具"
            "“升级网格数据库”（jiangdu_grid:upgrade_store）或任何写入它的本插件算法升级；"
            "未做任何更改。",
        ).format(label=label, version=version, needed=needed)
    )


class DatabaseFileError(StoreError):
    """What a database said about a store's file (locked, read-only, damaged...), as a
    sentence that names the file and what to do; `kind` says which."""

    def __init__(self, kind: str, message: Text):
        super().__init__(message)
        self.kind = kind


_FILE_ERRORS = {
    "locked": Text(
        "{label} is locked by another program writing to it (another QGIS saving, an "
        "import, a copy). Try again when it has finished.",
        "{label} 正被其他程序写入而锁定（另一个 QGIS 正在保存、导入或复制）。请待其完成后重试。",
    ),
    "read_only": Text(
        "{label} is read-only here (the file's or its folder's permissions, or a read-only "
        "disk). Copy it to a folder you can write to, or ask for permission to write it.",
        "{label} 在此处只读（文件或所在文件夹的权限，或只读磁盘）。请把它复制到可写的文件夹，"
        "或申请写入权限。",
    ),
    "damaged": Text(
        "{label} is damaged (truncated or corrupted: {reason}). Restore it from a backup or "
        "copy it again from where it came; nothing was written to it.",
        "{label} 已损坏（文件被截断或出错：{reason}）。请从备份恢复，或从原处重新复制；"
        "未向其写入任何内容。",
    ),
    "not_database": Text(
        "{label} is not a GeoPackage (not an SQLite database). Choose the grid store's .gpkg file.",
        "{label} 不是 GeoPackage（不是 SQLite 数据库）。请选择网格数据库的 .gpkg 文件。",
    ),
    "cannot_open": Text(
        "{label} cannot be opened or made: its folder does not exist or cannot be written. "
        "Choose a folder you can write to.",
        "无法打开或创建 {label}：所在文件夹不存在或不可写。请选择可写的文件夹。",
    ),
    "disk_full": Text(
        "{label} cannot be written: the disk is full. Free some space and try again; "
        "nothing was written.",
        "无法写入 {label}：磁盘已满。请腾出空间后重试；未写入任何内容。",
    ),
    "io": Text(
        "{label} could not be read or written ({reason}). Check the disk or network drive "
        "and try again.",
        "无法读写 {label}（{reason}）。请检查磁盘或网络驱动器后重试。",
    ),
    "other": Text("{label}: the database says: {reason}", "{label}：数据库报告：{reason}"),
}
# SQLite's error names (Python 3.11 gives them) and, for older Pythons, its messages.
_SQLITE_KINDS = (
    ("locked", ("SQLITE_BUSY", "SQLITE_LOCKED"), ("is locked", "database is busy")),
    ("read_only", ("SQLITE_READONLY",), ("readonly database", "read-only")),
    ("damaged", ("SQLITE_CORRUPT",), ("malformed", "corrupt")),
    ("not_database", ("SQLITE_NOTADB",), ("not a database",)),
    ("cannot_open", ("SQLITE_CANTOPEN",), ("unable to open",)),
    ("disk_full", ("SQLITE_FULL",), ("disk is full", "database or disk is full")),
    ("io", ("SQLITE_IOERR",), ("disk i/o error",)),
)


def database_file_error(error: Exception, label: str) -> DatabaseFileError:
    """The sentence for an error SQLite raised on the store `label`."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).strip()
    kind = next(
        (
            kind
            for kind, names, messages in _SQLITE_KINDS
            if any(name.startswith(n) for n in names) or any(m in text.lower() for m in messages)
        ),
        "other",
    )
    return DatabaseFileError(kind, _FILE_ERRORS[kind].format(label=label, reason=text))
