"""For each .py file under the given folders: its AST with every str constant replaced by a
placeholder (the code's shape), and the str constants themselves. Prints JSON keyed by path."""

import ast
import json
import pathlib
import sys


class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value="<text>"), node)
        return node


out = {}
for root in sys.argv[1:]:
    base = pathlib.Path(root)
    for path in sorted(base.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        calls = sorted(
            {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        )
        imports = sorted(
            {
                ast.unparse(n)
                for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom))
            }
        )
        out[str(path.relative_to(base))] = {
            "shape": ast.dump(Blank().visit(tree)),
            "strings": strings,
            "calls": calls,
            "imports": imports,
        }
json.dump(out, sys.stdout)
