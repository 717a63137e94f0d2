"""Runs the tests/ folder of each generated team given, all in this one process (as a repository
of many teams runs them), and prints for each team the number of tests run and every failure,
error and skip, as JSON. Each team's test modules and package have names of their own, so
nothing is forgotten between teams: a clash would show as a failure."""

import contextlib
import io
import json
import pathlib
import sys
import unittest


def run(team_dir):
    tests = str(team_dir / "tests")
    suite = unittest.TestLoader().discover(tests, top_level_dir=tests)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    return {
        "run": result.testsRun,
        "failures": [f"{test.id()}: {text}" for test, text in result.failures],
        "errors": [f"{test.id()}: {text}" for test, text in result.errors],
        "skipped": [f"{test.id()}: {reason}" for test, reason in result.skipped],
    }


report = {}
# What the teams print (CrewAI's progress panels) is not part of the report.
with contextlib.redirect_stdout(io.StringIO()):
    for root in sys.argv[1:]:
        team_dir = pathlib.Path(root).resolve()
        report[team_dir.name] = run(team_dir)
json.dump(report, sys.stdout)
