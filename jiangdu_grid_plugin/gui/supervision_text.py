"""What the supervisor's dock says, as HTML: the figures of the loop, the evaluation
indicators with their meaning, and the chosen incident with its history and routing.
Apart from the widget, so that the dock stays a layout and its wiring."""

from __future__ import annotations

import html

from qgis.PyQt.QtCore import QObject

from .incident_model import local_time

OVERDUE_HTML = "#a93226"
WORD_JOINER = "\u2060"  # no line break on either side (Unicode line breaking, UAX #14)


class SupervisionText(QObject):
    def __init__(self, language: str = "en", parent=None):
        super().__init__(parent)
        self.language = language

    def figures(self, workflow, by_step: list[dict], listed: tuple[int, int] | None = None) -> str:
        """Figures in rows of three: the open steps (the loop's pipeline), the closed and
        in-progress counts, the rates (the evaluation indicators have their own tab), and
        how many incidents are listed of those the filters select (`listed`: shown,
        total; the list reads on as it is scrolled). A cell never breaks inside."""
        counts = {row["key"]: row["incidents"] for row in by_step}
        closed = sum(row["closed"] for row in by_step)
        in_progress = sum(row["in_progress"] for row in by_step)
        on_time = sum(row["closed_on_time"] for row in by_step)
        with_deadline = sum(row["closed_with_deadline"] for row in by_step)
        overdue = sum(row["overdue"] for row in by_step)

        def rate(part, whole):
            return f"{part / whole:.2%}" if whole else "—"

        def cell(label: str, value: str) -> str:
            # Word joiners: no line break inside a label or between it and its figure.
            text = WORD_JOINER.join(html.escape(label)).replace(" ", "\u00a0")
            return f"<td>{text}{WORD_JOINER}&nbsp;{value}</td>"

        cells = [
            cell(workflow.label(code, self.language), f"<b>{counts.get(code, 0):,}</b>")
            for code in workflow.states
            if workflow.is_open(code)
        ]
        cells += [
            cell(self.tr("closed"), f"<b>{closed:,}</b>"),
            cell(self.tr("in progress"), f"<b>{in_progress:,}</b>"),
            cell(self.tr("closure rate"), f"<b>{rate(closed, closed + in_progress)}</b>"),
            cell(self.tr("on time"), f"<b>{rate(on_time, with_deadline)}</b>"),
            cell(self.tr("overdue"), f"<b style='color:{OVERDUE_HTML}'>{overdue:,}</b>"),
        ]
        if listed is not None:
            shown, total = listed
            count = f"{total:,}" if shown >= total else f"{shown:,}/{total:,}"
            cells.append(cell(self.tr("listed"), f"<b>{count}</b>"))
        gap = "<td>&nbsp;&nbsp;&nbsp;</td>"
        rows = [gap.join(cells[i : i + 3]) for i in range(0, len(cells), 3)]
        return (
            "<table cellspacing='0' cellpadding='0'>"
            + "".join(f"<tr>{row}</tr>" for row in rows)
            + "</table>"
        )

    def indicators(self, measured: dict) -> str:
        """The evaluation indicators of the filtered incidents, each with what it means,
        in their own tab (the figures above stay three short rows)."""

        def percent(value):
            return "—" if value is None else f"{value:.1%}"

        hours = measured["mean_handling_hours"]
        rows = (
            (
                self.tr("registered"),
                f"{measured['registered']:,}",
                self.tr("incidents put on file in the period (立案数)"),
            ),
            (
                self.tr("dispatch accuracy"),
                percent(measured["dispatch_accuracy"]),
                self.tr("1 − dispatches sent back / dispatches (派遣准确率)"),
            ),
            (
                self.tr("handled on time"),
                percent(measured["on_time_handling_rate"]),
                self.tr("handled by the deadline in force / handled with a deadline (按期处置率)"),
            ),
            (
                self.tr("cases closed"),
                percent(measured["case_closure_rate"]),
                self.tr("closed / registered (结案率)"),
            ),
            (
                self.tr("rework"),
                percent(measured["rework_rate"]),
                self.tr("reopened after closing / closed (返工率)"),
            ),
            (
                self.tr("extended"),
                percent(measured["extension_rate"]),
                self.tr("given an approved extension / dispatched (延期率)"),
            ),
            (
                self.tr("mean handling"),
                "—" if hours is None else self.tr("{hours} h").format(hours=f"{hours:.1f}"),
                self.tr("hours from dispatch to handling, less the time suspended (平均处置时长)"),
            ),
        )
        body = "".join(
            f"<tr><td style='white-space:nowrap'>{html.escape(label)}</td>"
            f"<td align='right' style='white-space:nowrap'><b>{html.escape(value)}</b></td>"
            f"<td style='color:#566573'>{html.escape(meaning)}</td></tr>"
            for label, value, meaning in rows
        )
        return f"<table cellspacing='0' cellpadding='3'>{body}</table>"

    def incident(self, details, choices, document=None) -> str:
        """The chosen incident: what, where, when, its history, its photos and duplicate
        links (images added to `document`, the view's), and its routing."""
        from .duplicates import details_html
        from .route_panel import RouteDescription

        def e(value) -> str:
            return html.escape(str(value)) if value not in (None, "") else "—"

        incident, workflow = details.incident, choices.workflow
        head = (
            f"<h3 style='margin:0'>{e(incident['ticket'])} · "
            f"{e(workflow.label(incident['step'], self.language))}</h3>"
            f"<p>{e(incident['catalog_name'])} · {e(incident['town_name'])} · "
            f"{e(incident['grid_code'])}<br>"
            + self.tr("Reported {reported}, deadline {deadline}").format(
                reported=e(local_time(incident["reported_at"])).replace(" ", "&nbsp;"),
                deadline=e(local_time(incident["deadline_at"])).replace(" ", "&nbsp;"),
            )
        )
        if incident["overdue"]:
            overdue = html.escape(self.tr("overdue"))
            head += f" <b style='color:{OVERDUE_HTML}'>{overdue}</b>"
        if incident["escalation"]:
            from ..core.workflow import LEVEL_LABELS

            level = LEVEL_LABELS[incident["escalation"]](self.language)
            head += "<br>" + html.escape(self.tr("Escalated to {level}").format(level=level))
        head += "</p>"
        rows = "".join(
            "<tr>"
            f"<td style='white-space:nowrap'>{e(local_time(step['at']))}</td>"
            f"<td>{e(self.step(step, choices))}</td>"
            f"<td>{e(step['actor_name'])}</td>"
            f"<td>{e(step['note'])}</td>"
            "</tr>"
            for step in details.history
        )
        headers = (self.tr("When"), self.tr("Move"), self.tr("Who"), self.tr("Note"))
        header = "".join(f"<td>{e(text)}</td>" for text in headers)
        table = (
            "<table cellspacing='0' cellpadding='2'>"
            f"<tr style='color:#566573'>{header}</tr>{rows}</table>"
        )
        routing = RouteDescription().html(details.route) if details.route is not None else ""
        reports = details_html(details, document) if document is not None else ""
        return head + table + reports + "<hr>" + routing

    def step(self, step: dict, choices) -> str:
        """A history row's move, with the unit, satisfaction and deadline it set."""
        from ..core.workflow import SATISFACTION_LABELS

        workflow = choices.workflow
        if step["escalated_to"]:
            return self.tr("escalated")
        if step["from_step"] is None:
            return workflow.label(step["to_step"], self.language)
        move = next((m for m in workflow.transitions if m.code == step.get("move")), None)
        text = move.label(self.language) if move is not None else (
            f"{workflow.label(step['from_step'], self.language)} → "
            f"{workflow.label(step['to_step'], self.language)}"
        )  # fmt: skip
        units = dict(choices.units)
        extra = [units.get(step.get("unit_code"), step.get("unit_code"))]
        if step.get("satisfaction"):
            extra.append(SATISFACTION_LABELS[step["satisfaction"]](self.language))
        if step.get("deadline_at"):
            extra.append(self.tr("deadline {time}").format(time=local_time(step["deadline_at"])))
        return " · ".join([text, *(e for e in extra if e)])
