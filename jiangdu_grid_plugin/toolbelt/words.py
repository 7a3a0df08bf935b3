"""What the user reads for the codes the plugin writes: field names and the values of
rules and outcomes, in the user's language. The algorithms' outputs (processing/
output_styles.py) and the panels (the routing panel's rule) use the same words."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

translate = QCoreApplication.translate


def field_aliases() -> dict[str, str]:
    """The name a reader sees for each field the algorithms write."""
    return {
        # Routing (route_incidents, import_hotline, geocode_facility_codes)
        "grid_code": translate("OutputFields", "Grid code"),
        "grid_name": translate("OutputFields", "Grid"),
        "community_code": translate("OutputFields", "Community code"),
        "community_name": translate("OutputFields", "Community"),
        "community": translate("OutputFields", "Community"),
        "town_code": translate("OutputFields", "Town code"),
        "town_name": translate("OutputFields", "Town"),
        "town": translate("OutputFields", "Town"),
        "officer_ids": translate("OutputFields", "Grid officer ids"),
        "officer_names": translate("OutputFields", "Grid officers"),
        "officers": translate("OutputFields", "Grid officers"),
        "officer_phones": translate("OutputFields", "Grid officer phones (masked)"),
        "fallback": translate("OutputFields", "Taken by the community's grid leader"),
        "grid_leader_ids": translate("OutputFields", "Grid leader ids"),
        "community_leader_ids": translate("OutputFields", "Community grid leader ids"),
        "town_leader_ids": translate("OutputFields", "Town grid leader ids"),
        "district_leader_ids": translate("OutputFields", "District grid leader ids"),
        "instructor_ids": translate("OutputFields", "Instructor ids"),
        "unit_code": translate("OutputFields", "Responsible unit code"),
        "unit_name": translate("OutputFields", "Responsible unit"),
        "deadline_hours": translate("OutputFields", "Time limit (hours)"),
        "deadline_at": translate("OutputFields", "Deadline"),
        "rule": translate("OutputFields", "Rule"),
        "reason": translate("OutputFields", "Reason"),
        "distance_m": translate("OutputFields", "Distance to the grid (m)"),
        # Inputs kept with their row
        "input_row": translate("OutputFields", "Input row"),
        "reason_code": translate("OutputFields", "Reason code"),
        "note": translate("OutputFields", "Note"),
        # Facilities placed
        "facility_code": translate("OutputFields", "Facility code"),
        "class_code": translate("OutputFields", "Class code"),
        "major_class": translate("OutputFields", "Major class"),
        "class_name": translate("OutputFields", "Class"),
        "facility_name": translate("OutputFields", "Facility"),
        "state": translate("OutputFields", "State"),
        "in_use": translate("OutputFields", "In use"),
        # Hotline records imported
        "incident_fid": translate("OutputFields", "Incident"),
        "ticket": translate("OutputFields", "Ticket"),
        "located_by": translate("OutputFields", "Located by"),
        # Workflow report
        "group_key": translate("OutputFields", "Group code"),
        "group_name": translate("OutputFields", "Group"),
        "incidents": translate("OutputFields", "Incidents"),
        "closed": translate("OutputFields", "Closed"),
        "in_progress": translate("OutputFields", "In progress"),
        "rejected": translate("OutputFields", "Rejected"),
        "closure_rate": translate("OutputFields", "Closure rate"),
        "on_time_rate": translate("OutputFields", "On-time rate"),
        "overdue": translate("OutputFields", "Overdue"),
        "hours_registered": translate("OutputFields", "Mean hours to register"),
        "hours_dispatched": translate("OutputFields", "Mean hours to dispatch"),
        "hours_handled": translate("OutputFields", "Mean hours to handle"),
        "hours_closed": translate("OutputFields", "Mean hours to close"),
        "score": translate("OutputFields", "Evaluation score"),
        # Density tables
        "code": translate("OutputFields", "Code"),
        "name": translate("OutputFields", "Name"),
        "count": translate("OutputFields", "Count"),
        "area_km2": translate("OutputFields", "Area (km2)"),
        "population": translate("OutputFields", "Population"),
        "per_km2": translate("OutputFields", "Per km2"),
        "per_10k": translate("OutputFields", "Per 10,000 people"),
        "share": translate("OutputFields", "Share of the district"),
        "previous": translate("OutputFields", "Previous period"),
        "change": translate("OutputFields", "Change"),
        "change_pct": translate("OutputFields", "Change (%)"),
        # Grid problems
        "grid_codes": translate("OutputFields", "Grid codes"),
        "message": translate("OutputFields", "Problem"),
    }


def route_rules() -> dict[str, str]:
    """The routing rules (core.routing.router.RULES) as a reader names them."""
    return {
        "inside": translate("OutputValues", "inside a grid"),
        "on_boundary": translate("OutputValues", "on a shared boundary"),
        "nearest": translate("OutputValues", "nearest grid"),
        "unroutable": translate("OutputValues", "unroutable"),
        "invalid": translate("OutputValues", "invalid"),
    }


def geocoding_outcomes() -> dict[str, str]:
    """The outcomes of placing a facility code (core.geocoding.OUTCOMES)."""
    return {
        "placed": translate("OutputValues", "placed"),
        "empty": translate("OutputValues", "empty"),
        "non_digits": translate("OutputValues", "not digits"),
        "wrong_length": translate("OutputValues", "wrong length"),
        "number_lost_digits": translate("OutputValues", "digits lost in Excel"),
        "wrong_district": translate("OutputValues", "another district"),
        "unknown_class": translate("OutputValues", "unknown class"),
        "not_in_inventory": translate("OutputValues", "not in the inventory"),
        "retired": translate("OutputValues", "retired"),
    }


def hotline_outcomes() -> dict[str, str]:
    """The reasons a hotline row is refused (core.hotline.REASONS and unreadable_row),
    and the other counts an import reports."""
    return {
        "empty_ticket": translate("OutputValues", "empty ticket id"),
        "bad_ticket": translate("OutputValues", "unusable ticket id"),
        "duplicate_ticket": translate("OutputValues", "ticket id repeated"),
        "already_imported": translate("OutputValues", "already imported"),
        "bad_time": translate("OutputValues", "unreadable time"),
        "implausible_time": translate("OutputValues", "implausible time"),
        "no_place": translate("OutputValues", "no place"),
        "bad_coordinates": translate("OutputValues", "unreadable coordinates"),
        "out_of_range": translate("OutputValues", "coordinates out of range"),
        "swapped": translate("OutputValues", "longitude and latitude swapped"),
        "outside_district": translate("OutputValues", "outside the district"),
        "unreadable_row": translate("OutputValues", "unreadable row"),
        "imported": translate("OutputValues", "imported"),
        "possible_duplicate": translate("OutputValues", "possible duplicate"),
        "invalid_phone": translate("OutputValues", "phone number kept as given"),
        "control_characters_removed": translate("OutputValues", "control characters removed"),
        "by_coordinates": translate("OutputValues", "located by coordinates"),
        "by_facility_code": translate("OutputValues", "located by facility code"),
        "by_address": translate("OutputValues", "located by address"),
    }


def located_by() -> dict[str, str]:
    return {
        "coordinates": translate("OutputValues", "coordinates"),
        "facility_code": translate("OutputValues", "facility code"),
        "address": translate("OutputValues", "address"),
    }


def grid_rules() -> dict[str, str]:
    """The rules of the grid checks (core.grid_checks.RULES)."""
    return {
        "empty": translate("OutputValues", "empty geometry"),
        "invalid": translate("OutputValues", "invalid geometry"),
        "code_format": translate("OutputValues", "malformed code"),
        "code_community": translate("OutputValues", "code not its community's"),
        "duplicate_code": translate("OutputValues", "code used twice"),
        "retired_code": translate("OutputValues", "retired code"),
        "overlap": translate("OutputValues", "overlap"),
        "gap": translate("OutputValues", "gap"),
        "outside_community": translate("OutputValues", "outside its community"),
        "outside_district": translate("OutputValues", "outside the district"),
    }


def facility_states() -> dict[str, str]:
    return {
        "intact": translate("OutputValues", "intact"),
        "damaged": translate("OutputValues", "damaged"),
        "lost": translate("OutputValues", "lost"),
        "occupied": translate("OutputValues", "occupied"),
    }
