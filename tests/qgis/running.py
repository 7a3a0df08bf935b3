"""Running our algorithms as Processing does, with the messages they report."""

from __future__ import annotations

from qgis.core import QgsProcessingContext, QgsProcessingFeedback


class Feedback(QgsProcessingFeedback):
    """Keeps what an algorithm reports: information, warnings and errors (marked)."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def pushInfo(self, info):
        self.messages.append(info)

    def pushWarning(self, warning):
        self.messages.append(warning)

    def reportError(self, error, fatalError=False):  # noqa: N803 (QGIS's signature)
        self.messages.append(f"ERROR {error}")


def run_algorithm(name: str, parameters: dict) -> tuple[dict, list[str]]:
    """processing.run of jiangdu_grid:`name`: the results and the messages."""
    import processing

    feedback = Feedback()
    result = processing.run(
        f"jiangdu_grid:{name}", parameters, context=QgsProcessingContext(), feedback=feedback
    )
    return result, feedback.messages
