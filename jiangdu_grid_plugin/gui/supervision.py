"""Supervision (督办) without a window: the filters, the figures of the six-step loop, the
list of incidents, the chosen incident and the moves on it, for the supervisor's dock.

Every store read and write runs in a QGIS task (toolbelt/tasks.py) and comes back as a
signal on the main thread; the dock only shows what arrives. A result that arrives after
the filters changed again is dropped (each request has a number). Nothing here writes to
the store unless the user asked: reading, filtering and refreshing never move or
escalate an incident.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core.timestamps import CHINA_TZ, to_datetime_text
from ..toolbelt import settings, stores, tasks

PAGE = 500  # incidents read at a time; the list reads on as the user scrolls
SETTINGS_GROUP = "jiangdu_grid/dock"


@dataclass
class Filters:
    """What the supervisor looks at; remembered between sessions."""

    town_code: str | None = None
    category_code: str | None = None
    source: str | None = None
    step: str | None = None
    period: bool = True
    first: date = field(default_factory=lambda: datetime.now(CHINA_TZ).date() - timedelta(30))
    last: date = field(default_factory=lambda: datetime.now(CHINA_TZ).date())
    overdue_only: bool = False

    def equalities(self) -> dict:
        return {
            "town_code": self.town_code,
            "category_code": self.category_code,
            "source": self.source,
            "step": self.step,
        }

    def bounds(self) -> tuple[str | None, str | None]:
        """[start, end) of the period as DATETIME text (None, None without a period)."""
        if not self.period:
            return None, None
        start = datetime(self.first.year, self.first.month, self.first.day, tzinfo=CHINA_TZ)
        end = datetime(self.last.year, self.last.month, self.last.day, tzinfo=CHINA_TZ)
        return to_datetime_text(start), to_datetime_text(end + timedelta(days=1))

    def subset_string(self, as_of: datetime) -> str:
        """The filters as the incidents layers' subset string ('' for none)."""
        from ..core.store.queries import NO_FILTER, incident_filter_sql

        start, end = self.bounds()
        overdue = to_datetime_text(as_of) if self.overdue_only else None
        condition = incident_filter_sql(start, end, self.equalities(), overdue)
        return "" if condition == NO_FILTER else condition

    def save(self) -> None:
        values = QgsSettings()
        for name, value in asdict(self).items():
            text = value.isoformat() if isinstance(value, date) else value
            values.setValue(f"{SETTINGS_GROUP}/{name}", "" if text is None else text)

    @classmethod
    def remembered(cls) -> Filters:
        values, filters = QgsSettings(), cls()
        for name, default in asdict(filters).items():
            text = values.value(f"{SETTINGS_GROUP}/{name}", None)
            if text is None:
                continue
            try:
                if isinstance(default, bool):
                    value = str(text).lower() in ("true", "1")
                elif isinstance(default, date):
                    value = date.fromisoformat(str(text))
                else:
                    value = str(text) or None
            except ValueError:
                continue
            setattr(filters, name, value)
        return filters


@dataclass
class Choices:
    """What the filters offer for a store, and its workflow."""

    workflow: object  # core.workflow.Workflow
    towns: list[tuple[str, str]]  # (code, name)
    categories: list[tuple[str, str]]
    units: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    # (fid, name, the code of the grid, community or town they serve) of officers in post
    officers: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class Listing:
    """One read of the list: the figures by step, how many incidents match, a page, and
    the possible duplicates (store.possible_duplicates; None when not read)."""

    by_step: list[dict]
    total: int
    rows: list[dict]
    indicators: dict | None = None  # core.workflow_report.indicators of the filtered
    duplicates: list[dict] | None = None  # possible duplicates beside their originals


@dataclass
class Details:
    """The chosen incident: its card, its history, its grid's outline, its route, its
    photos (thumbnails, gui/duplicates.py) and its possible-duplicate links."""

    incident: dict
    history: list[dict]
    grid: object  # shapely polygon or None
    route: object  # core.routing Route or None
    photos: list[dict] = field(default_factory=list)
    links: dict | None = None  # store.duplicate_links


class Supervision(QObject):
    """The dock's state and its reads and writes (all in tasks)."""

    storeOpened = pyqtSignal(object)  # Choices
    listed = pyqtSignal(object)  # Listing (a fresh list: the first page)
    measured = pyqtSignal(object)  # the listed incidents' evaluation indicators, after them
    pageAdded = pyqtSignal(list)  # further rows of the same list
    detailed = pyqtSignal(object)  # Details, or None when nothing is chosen
    moved = pyqtSignal(int)  # the fid of an incident the user moved
    busy = pyqtSignal(bool)
    message = pyqtSignal(str, bool)  # text, is a warning

    def __init__(self, language: str = "en", parent=None):
        super().__init__(parent)
        self.language = language
        self.filters = Filters.remembered()
        self.location = None
        self.text = ""  # how the user named the store
        self.choices: Choices | None = None
        self.as_of: datetime | None = None  # None: now (tests fix it)
        self.order: tuple[str | None, bool] = (None, False)  # incident_list's order
        self.total = 0
        self.loaded = 0
        self.current: dict | None = None
        self._moved: int | None = None  # the incident the last move saved, until relisted
        self._request = 0  # the number of the latest list request
        self._measured: tuple = (None, None)  # (the incidents selected, their indicators)
        self._detail_request = 0
        self.details: Details | None = None  # the chosen incident's, once read
        self._pending = 0

    def now(self) -> datetime:
        return self.as_of or datetime.now(timezone.utc)

    def _run(self, description: str, work, done, failed=None) -> None:
        self._pending += 1
        self.busy.emit(True)

        def finish(result, error):
            self._pending -= 1
            self.busy.emit(self._pending > 0)
            if error is not None:
                self.message.emit(self._error_text(error), True)
                if failed is not None:
                    failed()
                return
            done(result)

        tasks.run(description, self.location, work, finish, owner=self)

    def _error_text(self, error) -> str:
        return error.text(self.language) if hasattr(error, "text") else str(error)

    # The store

    def set_store(self, text: str | None) -> None:
        """Read the store's workflow, towns and categories; then refresh the list."""
        from ..core.store import StoreError

        self.text, self.location, self.choices, self.current = text or "", None, None, None
        self._measured = (None, None)
        self._request += 1
        if not text:
            self.storeOpened.emit(None)
            self.listed.emit(Listing([], 0, []))
            return
        try:
            self.location = stores.location(text)
        except StoreError as error:
            self.message.emit(self._error_text(error), True)
            self.storeOpened.emit(None)
            return

        def work(store, _task):
            from ..core.workflow import Workflow

            officers = {
                (a["officer_id"], a["name"], a["scope_code"])
                for a in store.assignments_with_officers()
                if a["valid_to"] is None and a["role"] in ("grid_officer", "grid_leader")
            }
            return Choices(
                Workflow.from_store(store),
                sorted(store.names("towns").items()),
                sorted(store.names("event_categories").items()),
                sorted(store.names("units").items()),
                sorted(officers, key=lambda o: (o[2], o[1])),
            )

        def done(choices):
            if text != self.text:
                return
            self.choices = choices
            self.storeOpened.emit(choices)
            self.refresh()

        self._run(self.tr("Reading {store}").format(store=self.location.label), work, done)

    # The list and the figures

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        filters.save()
        self.refresh()

    def set_order(self, column: str | None, descending: bool) -> None:
        self.order = (column, descending)
        self.refresh(figures=False)

    def refresh(self, figures: bool = True) -> None:
        """Read the figures (unless only the order changed), how many incidents match and
        the first page, in the background."""
        if self.location is None or self.choices is None:
            return
        self._request += 1
        request = self._request
        filters, as_of, (order, descending) = self.filters, self.now(), self.order
        start, end = filters.bounds()
        language = self.language
        # The same incidents as last time (a timed refresh, a move): their indicators
        # stay shown until the new ones come.
        selected = (start, end, tuple(filters.equalities().items()))
        shown = self._measured[1] if self._measured[0] == selected else None

        def work(store, task):
            from ..core.timestamps import from_datetime_text
            from ..core.workflow_report import report

            by_step = None
            if figures:
                by_step = report(
                    store,
                    "step",
                    None if start is None else from_datetime_text(start),
                    None if end is None else from_datetime_text(end),
                    as_of,
                    language,
                    with_hours=False,
                    filters=filters.equalities(),
                    with_indicators=False,
                )
            if task.isCanceled():
                return None
            text = to_datetime_text(as_of)
            arguments = (text, start, end, filters.equalities(), filters.overdue_only)
            total = store.incident_count(*arguments)
            rows = store.incident_list(*arguments, limit=PAGE, order=order, descending=descending)
            return Listing(by_step, total, rows, shown, store.possible_duplicates())

        def done(listing):
            if request != self._request or listing is None:
                return
            self.total, self.loaded = listing.total, len(listing.rows)
            self.listed.emit(listing)
            if self.current is not None:
                fresh = next((r for r in listing.rows if r["fid"] == self.current["fid"]), None)
                moved, self._moved = self._moved, None
                if fresh is None and moved == self.current["fid"]:
                    self.message.emit(
                        self.tr(
                            "{ticket} saved; the filters no longer list it (clear them to "
                            "see it again)."
                        ).format(ticket=self.current["ticket"]),
                        False,
                    )
                self.choose(fresh)
            if figures:
                self._measure(request, selected)

        self._run(self.tr("Reading incidents"), work, done)

    def _measure(self, request: int, selected: tuple) -> None:
        """The evaluation indicators of the listed incidents, read after the list: they
        go through each incident's history (a second or so over ten years), which the
        counts and the list do not wait for."""

        start, end, equalities = selected

        def work(store, _task):
            from ..core.workflow_report import indicators

            counts = store.workflow_indicators("district", start, end, dict(equalities))
            return indicators(counts[0] if counts else None)

        def done(measured):
            if request == self._request:
                self._measured = (selected, measured)
                self.measured.emit(measured)

        self._run(self.tr("Reading incidents"), work, done)

    def fetch_more(self) -> None:
        """Read the next page of the same list."""
        if self.location is None or self.loaded >= self.total:
            return
        request, offset = self._request, self.loaded
        filters, as_of, (order, descending) = self.filters, self.now(), self.order
        start, end = filters.bounds()
        self.loaded += PAGE  # asked for; not asked again while it is read

        def work(store, _task):
            return store.incident_list(
                to_datetime_text(as_of),
                start,
                end,
                filters.equalities(),
                filters.overdue_only,
                limit=PAGE,
                offset=offset,
                order=order,
                descending=descending,
            )

        def done(rows):
            if request != self._request:
                return
            self.loaded = offset + len(rows)
            self.pageAdded.emit(rows)

        self._run(self.tr("Reading incidents"), work, done)

    # The chosen incident

    def choose(self, incident: dict | None) -> None:
        """Show an incident's history, grid and route (read in the background)."""
        self.current, self.details = incident, None
        self._detail_request += 1
        request = self._detail_request
        if incident is None or self.location is None:
            self.detailed.emit(None)
            return
        language = self.language

        def work(store, _task):
            from ..core.routing.cache import tilings
            from ..core.timestamps import from_datetime_text

            history = store.incident_history(incident["fid"])
            grid = store.grid_geometry(incident["grid_code"]) if incident["grid_code"] else None
            try:
                router = tilings(store, language=language).router(store)
                moment = from_datetime_text(incident["reported_at"])
                route = router.route(
                    [incident["x"]], [incident["y"]], [incident["catalog_code"]], [moment]
                )[0]
            except ValueError:  # a store without grids in force routes nothing
                route = None
            from .duplicates import thumbnails

            photos = thumbnails(store.incident_photos([incident["fid"]]))
            return Details(
                incident, history, grid, route, photos, store.duplicate_links(incident["fid"])
            )

        def done(details):
            if request == self._detail_request:
                self.details = details
                self.detailed.emit(details)

        description = self.tr("Reading incident {ticket}").format(ticket=incident["ticket"])
        self._run(description, work, done)

    # Moves (the user's act, always)

    def moves(self) -> list:
        """The moves (core.workflow.Move) the user's role allows on the chosen incident."""
        actor = settings.actor()
        if actor is None or self.current is None or self.choices is None:
            return []
        workflow, incident = self.choices.workflow, self.current
        return workflow.moves(incident["step"], actor.role, incident.get("source"))

    def assignees(self) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
        """The units, and the officers serving the chosen incident's grid, its community
        or its town (its own grid's first), a dispatch may go to."""
        if self.choices is None or self.current is None:
            return [], []
        grid = self.current.get("grid_code") or ""
        serving = [o for o in self.choices.officers if grid.startswith(o[2])]
        serving.sort(key=lambda o: -len(o[2]))
        return self.choices.units, [(fid, name) for fid, name, _ in serving]

    def routed_unit(self) -> str | None:
        """The unit the route rules give the chosen incident (once its details are read):
        what a dispatch offers first."""
        route = self.details.route if self.details is not None else None
        return getattr(route, "unit_code", None) or None

    def can_escalate(self) -> bool:
        from ..core.workflow import ESCALATING_ROLES, next_level

        actor = settings.actor()
        incident = self.current
        return (
            actor is not None
            and incident is not None
            and self.choices is not None
            and actor.role in ESCALATING_ROLES
            and self.choices.workflow.is_open(incident["step"])
            and next_level(incident["escalation"]) is not None
        )

    def move(self, to_step: str | None, note: str | None = None, **given) -> None:
        """Make the move `to_step` names (a move's code; None: escalate one level) on the
        chosen incident as the user, with what it needs in `given` (deadline, unit_code,
        assignee_id, satisfaction); the list refreshes either way (a conflict shows the
        incident as it is)."""
        from ..core import workflow

        actor = settings.actor()
        incident = self.current
        if actor is None or incident is None or self.choices is None:
            return
        steps, at = self.choices.workflow, self.as_of

        def work(store, _task):
            if to_step is None:
                return workflow.escalate(
                    store, incident["fid"], actor, incident["row_version"], note=note, at=at,
                    workflow=steps,
                )  # fmt: skip
            return workflow.move(
                store, incident["fid"], to_step, actor, incident["row_version"], note=note,
                at=at, workflow=steps, **given,
            )  # fmt: skip

        def done(_version):
            self.message.emit(self.tr("{ticket} saved.").format(ticket=incident["ticket"]), False)
            self._moved = incident["fid"]
            self.moved.emit(incident["fid"])
            self.refresh()

        # A refusal or a conflict: the list shows the incident as it is now.
        self._run(
            self.tr("Saving {ticket}").format(ticket=incident["ticket"]), work, done, self.refresh
        )

    def count_escalations(self, done) -> None:
        """How many overdue incidents are due a higher level now: `done(count)`."""
        from ..core.workflow import overdue_escalations

        now = self.now()
        self._run(
            self.tr("Counting overdue incidents"),
            lambda store, _task: len(overdue_escalations(store, now)),
            done,
        )

    def escalate_overdue(self) -> None:
        """Escalate every overdue incident to the level it is due (the user confirmed)."""
        from ..core.workflow import escalate_overdue

        now = self.now()

        def done(escalated):
            tickets = ", ".join(ticket for ticket, _ in escalated[:10])
            more = "…" if len(escalated) > 10 else ""
            self.message.emit(
                self.tr("{count} overdue incidents escalated: {tickets}").format(
                    count=len(escalated), tickets=tickets + more
                )
                if escalated
                else self.tr("No overdue incident is due a higher level."),
                False,
            )
            self.refresh()

        self._run(
            self.tr("Escalating overdue incidents"),
            lambda store, _task: escalate_overdue(store, now),
            done,
        )

    # Possible duplicates (the command centre's to confirm or clear)

    def decide_duplicate(self, pair: dict, merge: bool) -> None:
        """Merge the duplicate into its original, or clear its mark, as the user (the
        command centre); the list and the figures are read again either way."""
        from ..core.intake.duplicates import clear_duplicate, merge_duplicate

        actor, duplicate, at = settings.actor(), pair["duplicate"], self.as_of
        if actor is None or self.location is None:
            return

        def work(store, _task):
            decide = merge_duplicate if merge else clear_duplicate
            return decide(store, duplicate["fid"], duplicate["row_version"], actor, at)

        def done(_version):
            self.message.emit(self.tr("{ticket} saved.").format(ticket=duplicate["ticket"]), False)
            self.moved.emit(duplicate["fid"])
            self.refresh()

        self._run(
            self.tr("Saving {ticket}").format(ticket=duplicate["ticket"]), work, done, self.refresh
        )
