"""Runs the tests/ folder of each generated team given, all in this one process, and prints
for each team the number of tests run and every failure, error and skip, as JSON."""

import io
import json
import pathlib
import sys
import unittest


def run(team_dir):
    # Each team's test modules have the same names: forget the previous team's.
    for name in list(sys.modules):
        if name.startswith("test_"):
            del sys.modules[name]
    tests = str(team_dir / "tests")
    suite = unittest.TestLoader().discover(tests, top_level_dir=tests)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    sys.path.remove(tests)
    return {
        "run": result.testsRun,
        "failures": [f"{test.id()}: {text}" for test, text in result.failures],
        "errors": [f"{test.id()}: {text}" for test, text in result.errors],
        "skipped": [f"{test.id()}: {reason}" for test, reason in result.skipped],
    }


report = {}
for root in sys.argv[1:]:
    team_dir = pathlib.Path(root).resolve()
    report[team_dir.name] = run(team_dir)
json.dump(report, sys.stdout)
