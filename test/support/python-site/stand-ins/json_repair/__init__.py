"""Stand-in for json_repair (not installable here): valid JSON passes through, nothing is repaired."""

import json


def repair_json(json_str="", return_objects=False, skip_json_loads=False, **kwargs):
    value = json.loads(json_str)
    return value if return_objects else json.dumps(value)


def loads(json_str, **kwargs):
    return json.loads(json_str)
