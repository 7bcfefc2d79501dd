"""The package's shape: imports run one way down, rooms do one job.

The stages are layers (docs/reading.md, "How riskreg reads a PDF"): a module may import
modules of its own layer and the layers below it, never above. The test reads the
imports from the source (``import`` statements anywhere in a module, a function's
too; those under ``if TYPE_CHECKING:`` are for type checkers and never run).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "riskreg"

#: lowest first: the building blocks every stage reads, the stages in the order data flows,
#: what runs them, and at the top the public API, the CLI and what describes all of them
LAYERS = [
    ("base", {"problems", "errors", "schema", "settings_base", "deprecation", "templates", "organisations",
              "scales", "version", "inputs", "optional", "i18n"}),
    ("extract", {"extract"}),
    ("normalize", {"normalize"}),
    ("match", {"match"}),
    ("pipeline", {"pipeline"}),
    ("report", {"report"}),
    ("write", {"write"}),
    ("batch", {"batch", "load"}),
    ("commands", {"diff", "compare", "history", "yearly"}),
    ("top", {"api", "cli", "cli_lang", "cli_options", "cli_summary", "settings_file", "docs", ""}),
]

#: a module is one room of one job: over this many lines it does more than one (split it)
MAX_MODULE_LINES = 450
#: a function over this many lines says why in its docstring ("Why it is long: ...")
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _under_type_checking(tree: ast.AST) -> set[int]:
    """The ids of import nodes under ``if TYPE_CHECKING:``."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            ids |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return ids


def imports() -> dict[str, set[str]]:
    """Each module of riskreg (dotted, without 'riskreg.'; '' is the package) -> the riskreg modules
    it imports."""
    graph: dict[str, set[str]] = {}
    names = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _under_type_checking(tree)
        found = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".") if package else []
                    base = base[:len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                elif (node.module or "").startswith("riskreg"):
                    target = node.module.removeprefix("riskreg").lstrip(".")
                else:
                    continue
                # "from . import compare" names a module; "from .x import y" names x
                for alias in node.names:
                    sub = f"{target}.{alias.name}".lstrip(".")
                    found.add(sub if sub in names else target)
            elif isinstance(node, ast.Import):
                found |= {a.name.removeprefix("riskreg").lstrip(".") for a in node.names
                          if a.name.split(".")[0] == "riskreg"}
        graph[name] = found - {name}
    return graph


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for i, (_, members) in enumerate(LAYERS):
        if top in members:
            return i
    raise AssertionError(f"riskreg/{module.replace('.', '/')} is in no layer of tests/test_structure.py")


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected sets of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _package_imports(graph):
    """Without a module's imports of the packages above it and a package's of its own modules:
    a package re-exports its modules' names, which is no dependency between modules."""
    return {m: {d for d in deps if not (d == "" or m.startswith(d + ".") or (m and d.startswith(m + ".")))}
            for m, deps in graph.items()}


def test_no_module_imports_a_layer_above_its_own():
    graph = imports()
    upward = sorted(f"riskreg/{m or '__init__'} ({LAYERS[layer_of(m)][0]}) imports {d} ({LAYERS[layer_of(d)][0]})"
                    for m, deps in graph.items() for d in deps if layer_of(d) > layer_of(m))
    assert not upward, "\n".join(upward)


def test_extract_never_imports_normalize():
    graph = imports()
    assert not sorted(m for m, deps in graph.items() if m.startswith("extract")
                      for d in deps if d.split(".")[0] in {"normalize", "match", "pipeline"})


def test_there_is_no_import_circle():
    found = circles(_package_imports(imports()))
    assert not found, "import circles: " + "; ".join(" -> ".join(c) for c in found)


def test_the_checks_see_an_upward_import_and_a_circle():
    """The checks themselves can fail: on a made-up graph with an upward import and a circle."""
    graph = {"extract.text": {"normalize.parse"}, "normalize.parse": {"extract.text"}}
    assert layer_of("normalize.parse") > layer_of("extract.text")
    assert circles(graph) == [["extract.text", "normalize.parse"]]
    with pytest.raises(AssertionError):
        layer_of("nowhere")


def _sizes():
    modules, functions = {}, {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        modules[rel] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node) or ""
                if "why it is long" in doc.lower():  # a reason said in its docstring
                    continue
                functions[f"{rel}:{node.name}"] = node.end_lineno - node.lineno + 1
    return modules, functions


def test_no_module_is_over_the_limit():
    modules, _ = _sizes()
    over = {m: n for m, n in modules.items() if n > MAX_MODULE_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines: {over} (split them)"


def test_no_function_is_over_the_limit():
    _, functions = _sizes()
    over = {f: n for f, n in functions.items() if n > MAX_FUNCTION_LINES}
    assert not over, (f"functions over {MAX_FUNCTION_LINES} lines: {over} (split them, or say why "
                      "it is long in the docstring: 'Why it is long: ...')")


def test_every_import_of_riskreg_names_a_module_that_exists():
    """A function's own import of a moved module fails only when the function runs: found here."""
    names = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    missing = sorted(f"riskreg/{m or '__init__'} imports riskreg.{d}" for m, deps in imports().items()
                     for d in deps if d not in names)
    assert not missing, "\n".join(missing)
