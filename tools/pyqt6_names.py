"""Run by tools/qt6_check.py with the Python of the PyQt6 environment, never imported by
the plugin or the tests: reads {"names": [[module, [attribute, ...]], ...], "moved": {...},
"ui": [path, ...]} on standard input and writes which names PyQt6 lacks (with the scoped
form where one exists) and which .ui files its uic cannot compile."""

import enum
import importlib
import io
import json
import sys


def scoped(owner, name):
    """`Owner.Enum.name` forms of a name PyQt6 only has inside an enum of `owner`."""
    forms = []
    for attribute in dir(owner):
        member = getattr(owner, attribute, None)
        if (
            isinstance(member, type)
            and issubclass(member, enum.Enum)
            and name in member.__members__
        ):
            forms.append(f"{owner.__name__}.{attribute}.{name}")
    return " or ".join(forms)


def missing(module_name, chain, moved):
    module = importlib.import_module(f"PyQt6.{module_name}")
    if not hasattr(module, chain[0]) and chain[0] in moved:
        module = importlib.import_module(f"PyQt6.{moved[chain[0]]}")
    value = module
    for depth, name in enumerate(chain):
        if not hasattr(value, name):
            hint = scoped(value, name) if depth else ""
            return [module_name, chain, hint]
        value = getattr(value, name)
    return None


def main():
    request = json.load(sys.stdin)
    answer = {"missing": [], "ui": []}
    for module_name, chain in request["names"]:
        result = missing(module_name, chain, request["moved"])
        if result:
            answer["missing"].append(result)
    if request["ui"]:
        from PyQt6 import uic

        for path in request["ui"]:
            try:
                uic.compileUi(path, io.StringIO())
            except Exception as error:  # any failure is a finding to report
                answer["ui"].append([path, f"{type(error).__name__}: {error}"])
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
