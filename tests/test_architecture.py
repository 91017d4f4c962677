"""The house rules of docs/architecture.md that import-linter cannot express."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "jobportal"
# Areas whose __init__.py is their public API (core, platform and models are plumbing:
# their modules are the API).
AREAS = {
    "accounts", "admin", "alerts", "ba", "demo", "employers", "events", "listings", "moderation",
    "places", "privacy", "returnees", "search",
}  # fmt: skip
# Request-bound Flask names that domain code must not touch.
REQUEST_NAMES = {"request", "g", "session", "flash", "render_template", "redirect", "url_for"}
# Web plumbing outside web/: the app factory, the request hooks, the mail layer and the
# translations (Flask-Babel keeps the request's locale and catalogue in `g`).
MAY_USE_REQUEST = {"__init__.py", "platform/hooks.py", "platform/mail.py", "core/translation.py"}


def modules():
    """(relative path, dotted module name, package name, parsed tree) of every module."""
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        parts = list(rel.with_suffix("").parts)
        is_init = parts[-1] == "__init__"
        if is_init:
            parts.pop()
        package = parts if is_init else parts[:-1]
        yield rel, ".".join(parts), ".".join(package), ast.parse(path.read_text())


def imported_module(node: ast.ImportFrom, package: str) -> str:
    """The absolute module an ImportFrom names."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def area_of(module: str) -> str | None:
    """The area package a dotted module belongs to (``jobportal.listings.data`` -> listings)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in AREAS else None


MODULES = list(modules())


def function_imports(tree):
    """Import statements inside functions or methods."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner


@pytest.mark.parametrize("rel,module,package,tree", MODULES, ids=[str(m[0]) for m in MODULES])
def test_module_follows_the_house_rules(rel, module, package, tree):
    """No imports inside functions, no private names or area internals from elsewhere,
    no request-bound Flask names in domain code."""
    problems = [f"line {n.lineno}: import inside a function" for n in function_imports(tree)]
    own_area = area_of(module)
    inside_web = module.startswith("jobportal.web") or module == "jobportal.cli"
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        target = imported_module(node, package)
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                problems.append(f"line {node.lineno}: private name {alias.name} from {target}")
            full = f"{target}.{alias.name}"
            for name in (target, full):
                area = area_of(name)
                if area and area != own_area and name.count(".") > 1 and name == target:
                    problems.append(f"line {node.lineno}: {target} is inside the {area} package")
        if (
            target == "flask"
            and not inside_web
            and str(rel.relative_to("jobportal")) not in (MAY_USE_REQUEST)
        ):
            used = {a.name for a in node.names} & REQUEST_NAMES
            if used:
                problems.append(f"line {node.lineno}: domain code uses flask {sorted(used)}")
    assert not problems, f"{rel}: " + "; ".join(problems)


def test_area_packages_have_a_public_api():
    """Every area package's __init__.py names its public API in __all__."""
    missing = [
        area
        for area in sorted(AREAS)
        if "__all__" not in (PACKAGE / area / "__init__.py").read_text()
    ]
    assert not missing


TRANSLATING = {"gettext", "ngettext", "lazy_gettext", "lazy_ngettext"}


@pytest.mark.parametrize("rel,module,package,tree", MODULES, ids=[str(m[0]) for m in MODULES])
def test_strings_are_translated_through_core_translation(rel, module, package, tree):
    """gettext and lazy_gettext come from core.translation (the catalogue once per
    request), never straight from Flask-Babel (its lookups per string cost a fifth of a
    search page)."""
    direct = [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "flask_babel"
        and {a.name for a in node.names} & TRANSLATING
    ]
    assert not direct, f"{rel}: gettext from flask_babel at " + ", ".join(direct)
