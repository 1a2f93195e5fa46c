"""The wiring reads top-down: create_app names every start-up step, no blueprint
hook or import does app-wide work out of sight, and no import waits at the
bottom of a file to dodge a cycle."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from webapp.auth import session
from webapp.extensions import login_manager

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
SOURCES = sorted([*WEBAPP.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])
# Blueprint methods that reach past the blueprint into the whole app when it is
# registered: start-up work hidden in them is what create_app must list instead.
APP_WIDE_HOOKS = {
    "record", "record_once", "app_template_filter", "add_app_template_filter",
    "app_template_global", "add_app_template_global", "app_template_test",
    "app_context_processor", "before_app_request", "after_app_request",
    "teardown_app_request", "app_errorhandler", "app_url_value_preprocessor", "app_url_defaults",
}
# Module functions that are start-up steps: init_app(app), register(app), register_*(app).
STEP_NAME = re.compile(r"^(init_app|register(_\w+)?)$")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def _lines(text: str, paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                found.append(f"{_name(path)}:{number}: {line.strip()}")
    return found


def _is_blueprint(name: str) -> bool:
    """The house names blueprints bp (offline_bp, ...); a form's .record() is no hook."""
    return name == "bp" or name.endswith(("_bp", "blueprint"))


def _hooks(paths: list[Path]) -> list[str]:
    """Calls of (or decorations with) an app-wide blueprint hook: ``bp.record_once(...)``."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            used = [node.func] if isinstance(node, ast.Call) else []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                used = list(node.decorator_list)
            found += [f"{_name(path)}:{n.lineno}: .{n.attr}" for n in used
                      if isinstance(n, ast.Attribute) and n.attr in APP_WIDE_HOOKS
                      and isinstance(n.value, ast.Name) and _is_blueprint(n.value.id)]
    return found


def start_up_steps() -> set[str]:
    """Every module-level init_app(app) / register(app) / register_*(app) in webapp/."""
    steps = set()
    for path in WEBAPP.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and STEP_NAME.match(node.name) \
                    and [a.arg for a in node.args.args] == ["app"]:
                steps.add(f"{_module(path)}.{node.name}")
    return steps


def create_app_calls() -> set[str]:
    """Every module.function(...) called in create_app's own body, by full module name."""
    tree = ast.parse((WEBAPP / "__init__.py").read_text(encoding="utf-8"))
    aliases = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("webapp"):
            for name in node.names:
                aliases[name.asname or name.name] = f"{node.module}.{name.name}"
    create_app = next(n for n in tree.body
                      if isinstance(n, ast.FunctionDef) and n.name == "create_app")
    calls = set()
    for node in ast.walk(create_app):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in aliases:
            calls.add(f"{aliases[node.func.value.id]}.{node.func.attr}")
    return calls


def test_no_import_waits_at_the_bottom_of_a_file():
    assert _lines("noqa: E402", SOURCES) == []


def _late_imports(paths: list[Path]) -> list[str]:
    """Module-level imports that come after code (anything but the docstring)."""
    late = []
    for path in paths:
        seen_code = False
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if seen_code:
                    late.append(f"{_name(path)}:{node.lineno}")
            elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
                seen_code = True
    return late


def test_every_module_keeps_its_imports_at_the_top():
    assert _late_imports(SOURCES) == []


def test_no_blueprint_hook_does_app_wide_work():
    assert _hooks(sorted(WEBAPP.rglob("*.py"))) == []


def test_create_app_names_every_start_up_step():
    steps = start_up_steps()
    assert {"webapp.learn.library.init_app", "webapp.pwa.precache.init_app",
            "webapp.diary.sync.register", "webapp.exercises.routines.init_app"} <= steps
    assert sorted(steps - create_app_calls()) == []


def test_the_login_handlers_are_app_wide_setup(app):
    assert _lines("@login_manager.", sorted(WEBAPP.rglob("*.py"))) == []
    assert login_manager._user_callback is session.load_user
    assert login_manager.unauthorized_callback is session.unauthorized
    assert app.login_manager is login_manager


def test_the_checks_would_catch_what_they_look_for(tmp_path):
    """The patterns above are not vacuous: each finds the shape it forbids."""
    hidden = tmp_path / "hidden.py"
    hidden.write_text('bp = 1\n\n@bp.record_once\ndef _setup(state):\n    pass\n\n'
                      'from webapp import views  # noqa: E402\n', encoding="utf-8")
    assert len(_hooks([hidden])) == 1
    assert len(_lines("noqa: E402", [hidden])) == 1
    assert len(_late_imports([hidden])) == 1
