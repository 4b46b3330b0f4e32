"""The import graph shows the architecture (docs/code_map.md): the engine (particlesim) imports
nothing above it; analysis has three rooms, theory below measure below report; the command line
(studies) sits on top; no module imports itself round a circle; and imports inside functions are
kept for heavy optional modules, with a comment that says so."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("particlesim", "analysis", "studies")

# which rooms each room may import (a room imports itself freely)
ALLOWED = {
    "particlesim": {"particlesim"},
    "analysis.load": {"particlesim"},
    "analysis.theory": {"particlesim"},
    "analysis.measure": {"particlesim", "analysis.load", "analysis.theory"},
    "analysis.report": {"particlesim", "analysis.load", "analysis.theory", "analysis.measure"},
    "studies": {"particlesim", "analysis.load", "analysis.theory", "analysis.measure", "analysis.report"},
}


def room(module: str) -> str | None:
    for r in sorted(ALLOWED, key=len, reverse=True):
        if module == r or module.startswith(r + "."):
            return r
    return None


def modules() -> dict:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts = parts[:-1]
            out[".".join(parts)] = (path, is_pkg)
    return out


def imports(name: str, path: Path, is_pkg: bool, known: dict):
    """(target module, line, inside a function, source lines) for each import."""
    tree = ast.parse(path.read_text())
    lines = path.read_text().split("\n")
    inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        else:
            continue
        for t in targets:
            yield t, node.lineno, id(node) in inner, lines


def graph():
    known = modules()
    edges = {}
    for name, (path, is_pkg) in known.items():
        edges[name] = list(imports(name, path, is_pkg, known))
    return known, edges


def test_every_import_points_down_the_rooms():
    _, edges = graph()
    upward = [f"{src} imports {dst}" for src, es in edges.items() for dst, *_ in es
              if dst.split(".")[0] in PACKAGES and room(dst) != room(src) and room(dst) not in ALLOWED[room(src)]]
    assert not upward, upward


def test_the_import_graph_has_no_circle():
    known, edges = graph()
    adj = {m: sorted({d for d, *_ in es if d in known and d != m}) for m, es in edges.items()}
    state, stack, cycles = {}, [], []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for d in adj[m]:
            if state.get(d) == "open":
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = "done"

    for m in sorted(adj):
        if m not in state:
            visit(m)
    assert not cycles, [" -> ".join(c) for c in cycles]


def test_imports_inside_functions_say_why_they_are_deferred():
    _, edges = graph()
    silent = []
    for src, es in edges.items():
        for dst, line, inner, lines in es:
            if inner and not any("deferred" in lines[k] for k in range(max(line - 4, 0), line)):
                silent.append(f"{src}:{line} imports {dst} inside a function without a '# deferred: why' comment")
    assert not silent, silent


def test_the_rules_catch_an_upward_import():
    """The checker itself: the engine importing a report would be refused."""
    assert room("particlesim.simulation") == "particlesim"
    assert "analysis.report" not in ALLOWED[room("particlesim.simulation")]
    assert "analysis.measure" not in ALLOWED[room("analysis.theory.chapman_enskog")]
    assert room("analysis.load") == "analysis.load"
    _, edges = graph()
    assert "analysis.theory.chapman_enskog" in {d for d, *_ in edges["analysis.theory.maxwell_stefan"]}
