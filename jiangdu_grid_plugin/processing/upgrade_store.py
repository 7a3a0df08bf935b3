"""jiangdu_grid:upgrade_store — bring a store of an older schema version up to date."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputNumber

from .base import StoreAlgorithm


class UpgradeStoreAlgorithm(StoreAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    VERSION = "VERSION"

    def name(self) -> str:
        return "upgrade_store"

    def displayName(self) -> str:
        return self.tr("Upgrade a grid store")

    def shortHelpString(self) -> str:
        return self.tr(
            "Brings a grid store made by an earlier version of the plugin up to this "
            "version's schema, in one transaction (all the steps or none), each step logged "
            "in the store's audit log. Algorithms that only read a store never upgrade it: "
            "they ask you to run this first. Algorithms that write to a store upgrade it "
            "themselves and say so. A store that is up to date is left as it is."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addOutput(QgsProcessingOutputNumber(self.VERSION, self.tr("Schema version")))

    def processAlgorithm(self, parameters, context, feedback):
        with self.openStore(parameters, context, feedback, writes=True) as store:
            version = store.schema_version
            if store.migrated_from is None:
                feedback.pushInfo(
                    self.tr("{store} is up to date (schema version {version}).").format(
                        store=store.location.label, version=version
                    )
                )
        return {self.VERSION: version}
