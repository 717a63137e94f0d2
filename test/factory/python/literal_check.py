"""Reads [{"literal": ..., "value": ...}] on stdin; prints the cases where the literal is not
exactly one string constant equal to value."""

import ast
import json
import sys

failures = []
for case in json.load(sys.stdin):
    try:
        tree = ast.parse(case["literal"], mode="eval")
        ok = isinstance(tree.body, ast.Constant) and tree.body.value == case["value"]
    except SyntaxError as error:
        ok = False
        case["error"] = str(error)
    if not ok:
        failures.append(case)
json.dump(failures, sys.stdout)
