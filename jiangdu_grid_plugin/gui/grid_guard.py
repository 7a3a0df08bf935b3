"""Guarding saves of a store's grids layer in QGIS.

Before QGIS writes a save, the guard checks the grids as they will be (the layer with its
edit buffer): the rules of core.grid_checks for the grids the save touches, and that
nobody else saved those grids since this edit session began (row versions). New parts
from a split get the next free code of their community. Then it tells the store's
own guard (store/sqlite/guard.py in a GeoPackage, store/postgres/guard.py in PostGIS, where
the decision is the editor's login's alone): allow these grids to change together, or
refuse the save. A refused save fails whole in QGIS: its edits stay in the edit buffer,
the store is unchanged, and the problems are listed in the Grid Check panel, each
zoomable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import logging

import shapely
from qgis.core import Qgis, QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, QTimer

from ..toolbelt import settings

MESSAGE_PROBLEMS = 3  # problems named in the message bar; the panel lists them all
_GUARD_PRELUDE = "jiangdu_guard_"  # in the open option that attaches a guard's decisions


def _shapely(geometry):
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    return shapely.from_wkb(bytes(geometry.asWkb()))


def store_of(layer, check: bool = True):
    """The StoreLocation of a store's grids layer: the GeoPackage read through OGR, or
    the PostGIS store through the layer's own connection (its login, whose save
    decisions the store's guard reads); None for any other layer (with `check`, opening
    the store to see). A connection's authentication configuration is resolved here,
    each time, and kept nowhere but in the location."""
    from ..core.store import StoreError, StoreLocation

    if not isinstance(layer, QgsVectorLayer):
        return None
    if layer.providerType() == "postgres":
        uri = QgsDataSourceUri(layer.source())
        if uri.table() != "grids":
            return None
        schema = uri.schema() or "public"
        location = StoreLocation.postgis(
            uri.connectionInfo(True), schema, label=f"{layer.name()} ({schema})"
        )
    elif layer.providerType() == "ogr":
        path, _, options = layer.source().partition("|")
        if "layername=grids" not in options.split("|") or not path.lower().endswith(".gpkg"):
            return None
        location = StoreLocation.file(path)
    else:
        return None
    if not check:
        return location
    try:
        location.open().close()
    except StoreError:
        return None
    return location


class GridEditGuard(QObject):
    """Watches one grids layer's edit sessions and saves."""

    def __init__(self, layer: QgsVectorLayer, manager):
        # The manager's child, not the layer's: a layer deleted after QGIS's application
        # (a script's, a test's) must not take a Python object down with it.
        super().__init__(manager)
        self.layer, self.manager = layer, manager
        self.versions: dict[int, int] | None = {}
        self.last_problems: list = []
        self.language = manager.language
        self.decisions = None
        if layer.providerType() == "ogr":
            from ..core.store.sqlite.guard import SharedDecisions

            self.decisions = SharedDecisions()
            self.bind_decisions()
        layer.editingStarted.connect(self.editing_started)
        layer.beforeCommitChanges.connect(self.before_commit)
        layer.afterCommitChanges.connect(self.after_commit)
        layer.afterRollBack.connect(self.manager.take_back_refusal)
        if layer.isEditable():
            self.editing_started()

    def tr(self, text: str) -> str:
        from qgis.PyQt.QtCore import QCoreApplication

        return QCoreApplication.translate("GridEditGuard", text)

    def detach(self, unbind: bool = True) -> None:
        """Stop watching the layer; with `unbind`, give it back its own source (the
        plugin unloads; a layer leaving the project keeps it)."""
        for signal, slot in (
            ("editingStarted", self.editing_started),
            ("beforeCommitChanges", self.before_commit),
            ("afterCommitChanges", self.after_commit),
            ("afterRollBack", self.manager.take_back_refusal),
        ):
            with contextlib.suppress(TypeError, RuntimeError):  # the layer is (being) deleted
                getattr(self.layer, signal).disconnect(slot)
        if unbind:
            with contextlib.suppress(RuntimeError):  # the layer is being deleted
                self.unbind_decisions()
        if self.decisions is not None:
            self.decisions.close()

    def open_store(self):
        """The layer's store, open (a GeoPackage, or the PostGIS store through the
        layer's own connection: the same login, whose save decisions the guard reads)."""
        from ..core.store import StoreError
        from ..core.text import Text

        location = store_of(self.layer, check=False)
        if location is None:
            raise StoreError(
                Text(
                    "{layer} is no longer a grid store's grids layer",
                    "{layer} 已不再是网格库的网格图层",
                ).format(layer=self.layer.name())
            )
        return location.open()

    def editing_started(self) -> None:
        """The row versions this edit session starts from (None when the store cannot be
        read now: the session's saves are then refused, since no conflict could be seen)."""
        try:
            with self.open_store() as store:
                self.versions = store.grid_versions_now()
        except Exception as error:  # a slot: say it, never raise into Qt
            self.versions = None
            self.manager.message(
                self.tr(
                    "The grid store cannot be read ({error}): saves of this edit session "
                    "will be refused; stop editing and start again when it can."
                ).format(error=_said(error, self.language)),
                Qgis.MessageLevel.Critical,
            )

    # The layer as the save will leave it

    def store_fids(self) -> dict[int, int]:
        """QGIS's feature id -> the store's fid, of the grids saved. OGR numbers a
        GeoPackage's features by their fid; QGIS's PostgreSQL provider numbers a bigint
        key's rows in the order it meets them."""
        provider = self.layer.dataProvider()
        index = provider.fields().indexOf("fid")
        if self.layer.providerType() == "ogr" or index < 0:
            return {}
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([index])
        return {feature.id(): int(feature[index]) for feature in provider.getFeatures(request)}

    def records(self):
        """The grids as the save will leave them: fids are the store's (QGIS's negative
        ids for the features the save adds)."""
        from ..core.grid_checks import GridRecord

        names = self.layer.fields().names()
        fids = self.store_fids()
        records = []
        for feature in self.layer.getFeatures():
            values = dict(zip(names, feature.attributes()))
            records.append(
                GridRecord(
                    fids.get(feature.id(), feature.id()),
                    str(values.get("code") or ""),
                    str(values.get("community_code") or ""),
                    str(values.get("town_code") or ""),
                    str(values.get("status") or "active"),
                    _shapely(feature.geometry()),
                )
            )
        return records

    def touched(self) -> tuple[set[int], set[int], set[int]]:
        """The store's fids of the grids the edit buffer changes and deletes, and QGIS's
        ids of the features it adds."""
        buffer = self.layer.editBuffer()
        if buffer is None:
            return set(), set(), set()
        fids = self.store_fids()
        changed = set(buffer.changedGeometries()) | set(buffer.changedAttributeValues())
        deleted = set(buffer.deletedFeatureIds())
        return (
            {fids.get(i, i) for i in changed},
            set(buffer.addedFeatures()),
            {fids.get(i, i) for i in deleted},
        )

    def number_split_parts(self, store, records) -> list:
        """New parts whose code is missing, malformed (QGIS appends "_1" to a split
        part's) or already in force: the next free code of their community, in the edit
        buffer. The records as the save leaves them, renumbered."""
        from ..core.codes import GridCode
        from ..core.grid_checks import next_free_code

        _, added, _ = self.touched()
        used = {r.code for r in records} | store.retired_grid_codes()
        taken = {r.code for r in records if r.fid not in added}
        index = self.layer.fields().indexOf("code")
        numbered = []
        for record in records:
            if record.fid not in added or (
                GridCode.is_valid(record.code) and record.code not in taken
            ):
                numbered.append(record)
                continue
            community = record.community_code or record.code[:12]
            code = next_free_code(community, used)
            used.add(code)
            taken.add(code)
            self.layer.changeAttributeValue(record.fid, index, code)
            numbered.append(dataclasses.replace(record, code=code))
        return numbered

    # The save

    def before_commit(self) -> None:
        """Check the save and record the decision where the store's guard reads it. When
        the check or the record fails, the save is refused all the same (veto): a Python
        exception escaping a Qt slot would not stop QGIS's commit."""
        try:
            self.check_save()
        except Exception as error:  # the save must not go unchecked
            from ..core.grid_checks import GridProblem
            from ..core.text import Text

            self.veto()
            QTimer.singleShot(0, self.clear)
            location = store_of(self.layer, check=False)
            label = location.label if location is not None else self.layer.name()
            problem = GridProblem(
                "check_failed",
                (),
                None,
                Text(
                    f"the grids could not be checked ({_said(error, 'en', label)}); nothing "
                    "was saved, your edits are kept",
                    f"无法检查网格（{_said(error, 'zh', label)}）；未保存，您的编辑已保留",
                ),
            )
            self.last_problems = [problem]
            self.manager.show_problems(self.layer, [problem])
            self.manager.refused(self.refusal_text([problem]))

    def refusal_text(self, problems) -> str:
        """The message bar's sentence for a refused save: what happened and where the
        list is first (the bar shows a line), then the first problems."""
        if len(problems) == 1:
            lead = self.tr(
                "Grids not saved (1 problem, in the Grid Check panel; your edits are kept)"
            )
        else:
            lead = self.tr(
                "Grids not saved ({count} problems, in the Grid Check panel; your edits are kept)"
            ).format(count=len(problems))
        shown = "; ".join(p.text(self.language) for p in problems[:MESSAGE_PROBLEMS])
        return self.tr("{lead}: {problems}").format(lead=lead, problems=shown)

    def veto(self) -> None:
        """Make QGIS's commit fail before it writes anything, whatever the store can
        tell: a point among the added features of a polygon layer stops the commit at its
        first step (its check of geometry types), with the edit buffer kept. The point
        is taken back from the buffer and its undo stack right after."""
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

        buffer = self.layer.editBuffer()
        if buffer is None:
            return
        stack = self.layer.undoStack()
        index = stack.index()
        point = QgsFeature(self.layer.fields())
        point.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 0)))
        buffer.addFeature(point)

        def take_back() -> None:
            if stack.index() != index + 1:
                return
            # QUndoCommand is in QtWidgets in Qt 5 and in QtGui in Qt 6: the class of
            # the point's own command names it either way.
            command = next(
                c for c in type(stack.command(index)).__mro__ if c.__name__ == "QUndoCommand"
            )
            stack.undo()
            nothing = command()
            nothing.setObsolete(True)
            stack.push(nothing)  # drops the point from the redo stack too

        QTimer.singleShot(0, take_back)

    def check_save(self) -> None:
        from ..core.grid_checks import GridProblem, GridRecord, GridSave, problems_near
        from ..core.store import StoreError
        from ..core.text import Text

        actor = settings.actor_name() or getpass.getuser()
        reason = self.manager.reason() or "QGIS 编辑"
        if self.versions is None:
            raise StoreError(
                Text(
                    "the grid versions could not be read when editing started; stop editing "
                    "and start again",
                    "开始编辑时未能读取网格版本；请停止编辑后重新开始",
                )
            )
        with self.open_store() as store:
            records = self.number_split_parts(store, self.records())
            changed, added, deleted = self.touched()
            codes = {r.code for r in records if r.fid in changed | added}
            old = {r["fid"]: r for r in store.grid_records()}
            codes |= {old[fid]["code"] for fid in changed | deleted if fid in old}
            edited = [old[fid]["geom"] for fid in changed | deleted if fid in old]
            edited += [r.geometry for r in records if r.fid in changed | added and r.geometry]
            problems = problems_near(
                records,
                store.community_geometries(),
                store.district_geometry(),
                store.retired_grid_codes(),
                store.grid_tolerance(),
                codes,
                edited,
            )
            now = store.grid_versions_now()
            for fid in sorted(changed | deleted):
                if fid in self.versions and now.get(fid) != self.versions[fid]:
                    code = old[fid]["code"] if fid in old else str(fid)
                    problems.append(
                        GridProblem(
                            "conflict",
                            (code,),
                            old[fid]["geom"] if fid in old else None,
                            Text(
                                f"grid {code} was saved by someone else since you started "
                                f"editing (version {now.get(fid)}, you started from "
                                f"{self.versions[fid]}): your edits are kept; stop editing "
                                "without saving and edit again to start from theirs",
                                f"网格 {code} 在您开始编辑后已被他人保存（现为第 {now.get(fid)} "
                                f"版，您从第 {self.versions[fid]} 版开始）：您的编辑已保留；请放弃"
                                "保存后重新编辑",
                            ),
                        )
                    )
            save = GridSave(
                tuple(
                    GridRecord(fid, r.code, r.community_code, r.town_code, r.status, r.geometry)
                    for r in records
                    for fid in [r.fid]
                    if fid in changed
                ),
                frozenset(deleted),
                tuple(r for r in records if r.fid in added),
            )
            if not problems:
                try:
                    self.decide(store, "allow", save, actor, reason)
                except StoreError as error:
                    # The store's own check of the save refused it (PostGIS).
                    area = shapely.union_all([g.envelope for g in edited]) if edited else None
                    problems.append(
                        GridProblem("store_refused", tuple(sorted(codes)), area, error.message)
                    )
            if problems:
                self.decide(store, "refuse", save, actor, reason)
        self.last_problems = problems
        QTimer.singleShot(0, self.clear)
        if problems:
            self.manager.show_problems(self.layer, problems)
            self.manager.refused(self.refusal_text(problems))
        else:
            self.manager.show_problems(self.layer, [])

    # Where a decision goes: in a GeoPackage, to the connections GDAL opens for this
    # layer (the shared decisions its source attaches, bind_decisions); in PostGIS, to
    # the login's decisions, through the guard's functions.

    def decide(self, store, decision: str, save, actor: str, reason: str) -> None:
        if self.decisions is not None:
            if not self.bound():
                from ..core.store import StoreError
                from ..core.text import Text

                raise StoreError(
                    Text(
                        "editing began before the grid check watched this layer; stop "
                        "editing and start again",
                        "此图层在网格检查启用前已开始编辑；请停止编辑后重新开始",
                    )
                )
            self.decisions.decide(decision, save.fids, actor, reason)
        elif decision == "allow":
            store.allow_grid_changes(save, actor, reason)
        else:
            store.refuse_grid_save(actor, reason)

    def bind_decisions(self) -> None:
        """Give the layer's source the open option that attaches this guard's decisions
        to every connection GDAL opens for it (not while editing: the layer reopens)."""
        if self.decisions is None or self.bound() or self.layer.isEditable():
            return
        self._set_source(self.decisions.attach_sql)

    def unbind_decisions(self) -> None:
        if self.decisions is not None and not self.layer.isEditable():
            self._set_source(None)

    def bound(self) -> bool:
        return self.decisions is not None and self.decisions.attach_sql in self.layer.source()

    def _set_source(self, attach_sql: str | None) -> None:
        from qgis.core import QgsDataProvider, QgsProviderRegistry

        registry = QgsProviderRegistry.instance()
        parts = registry.decodeUri("ogr", self.layer.source())
        options = [o for o in parts.get("openOptions") or [] if _GUARD_PRELUDE not in o]
        if attach_sql is not None:
            options.append(f"PRELUDE_STATEMENTS={attach_sql}")
        parts["openOptions"] = options
        source = registry.encodeUri("ogr", parts)
        if source != self.layer.source():
            self.layer.setDataSource(
                source, self.layer.name(), "ogr", QgsDataProvider.ProviderOptions()
            )

    def clear(self) -> None:
        """End the save's decision (it lasts two minutes at most anyway)."""
        try:
            if self.decisions is not None:
                self.decisions.clear()
                return
            with self.open_store() as store:
                store.clear_grid_guard()
        except Exception as error:  # a slot: say it, never raise into Qt
            logging.getLogger(__name__).warning(
                "the grid check's decision on %s could not be cleared (it expires in two "
                "minutes): %s",
                self.layer.name(),
                error,
            )

    def after_commit(self) -> None:
        self.clear()
        self.editing_started()  # the versions a further edit starts from
        self.manager.message(self.tr("Grids saved and checked."), Qgis.MessageLevel.Success)


def _said(error: Exception, language: str, label: str = "") -> str:
    """What an error says, for a message (a UserError in the user's language; what SQLite
    says about the store's file as a sentence naming it)."""
    import sqlite3

    if isinstance(error, sqlite3.Error):
        from ..core.store.errors import database_file_error

        error = database_file_error(error, label or "the grid store")
    if hasattr(error, "text"):
        return error.text(language)
    return str(error).strip() or type(error).__name__


class GridGuardManager(QObject):
    """Puts a guard on every store grids layer of the project, and owns the Grid Check
    panel the guards report to."""

    def __init__(self, iface, language: str = "en"):
        from qgis.core import QgsProject

        super().__init__(iface.mainWindow())
        self.iface, self.language = iface, language
        self.guards: dict[str, GridEditGuard] = {}
        self.panel = None
        self.refusal = None  # our message-bar item for the last refused save
        project = QgsProject.instance()
        project.layersAdded.connect(self.layers_added)
        project.layerWillBeRemoved.connect(self.layer_removed)
        self.layers_added(list(project.mapLayers().values()))

    def layers_added(self, layers) -> None:
        for layer in layers:
            if layer.id() not in self.guards and store_of(layer) is not None:
                self.guards[layer.id()] = GridEditGuard(layer, self)

    def layer_removed(self, layer_id: str) -> None:
        guard = self.guards.pop(layer_id, None)
        if guard is not None:
            guard.detach(unbind=False)
            guard.deleteLater()

    def reason(self) -> str:
        return self.panel.reason() if self.panel is not None else ""

    def show_problems(self, layer, problems) -> None:
        from qgis.PyQt.QtCore import Qt

        from .grid_check_panel import GridCheckPanel

        if self.panel is None:
            if not problems:
                return
            self.panel = GridCheckPanel(self.iface, self.iface.mainWindow(), self.language)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.show_problems(layer, problems)
        if problems:
            self.panel.show()
            self.panel.raise_()

    def message(self, text: str, level) -> None:
        self.take_back_refusal()
        self.iface.messageBar().pushMessage(self._title(), text, level, 8)

    def refused(self, text: str) -> None:
        """Say that a save was refused, as the one message in the message bar, kept until
        dismissed or the next save. QGIS's own messages for the failed commit (its
        "could not commit changes" and the provider's raw error, whose text is the
        store's refusal) are pushed while the commit unwinds: the items the bar adds
        until control is back in the event loop are taken off again, then ours goes in."""
        from qgis.gui import QgsMessageBarItem
        from qgis.PyQt import sip

        bar = self.iface.messageBar()
        theirs = set()

        def added(item):
            # Items QGIS made in C++ come as plain QWidgets: known by their address.
            theirs.add(sip.unwrapinstance(item))

        bar.widgetAdded.connect(added)

        def settle():
            bar.widgetAdded.disconnect(added)
            for item in bar.items():
                if sip.unwrapinstance(item) in theirs:
                    bar.popWidget(item)
            self.take_back_refusal()
            self.refusal = QgsMessageBarItem(self._title(), text, Qgis.MessageLevel.Warning, 0)
            bar.pushItem(self.refusal)

        QTimer.singleShot(0, settle)

    def take_back_refusal(self) -> None:
        """Take the refused save's message off the bar (the edits were saved or dropped)."""
        from qgis.PyQt import sip

        bar = self.iface.messageBar()
        live = self.refusal is not None and not sip.isdeleted(self.refusal)
        if live and self.refusal in bar.items():
            bar.popWidget(self.refusal)
        self.refusal = None

    @staticmethod
    def _title() -> str:
        from qgis.PyQt.QtCore import QCoreApplication

        return QCoreApplication.translate("GridEditGuard", "Grid Check")

    def unload(self) -> None:
        from qgis.core import QgsProject

        project = QgsProject.instance()
        project.layersAdded.disconnect(self.layers_added)
        project.layerWillBeRemoved.disconnect(self.layer_removed)
        for guard in self.guards.values():
            guard.detach()
            guard.deleteLater()
        self.guards = {}
        if self.panel is not None:
            self.iface.removeDockWidget(self.panel)
            self.panel.dispose()
            self.panel.deleteLater()
            self.panel = None
