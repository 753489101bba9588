"""Label values and observation names are spelled once, in observations.py.

A bare ``-1.0`` elsewhere in the package is a label value written by hand (the package has
no other use for it), and a module that defines ``POSITIVE`` or ``NO_FINDING`` itself gives
the name a second meaning, as ``validation/metrics.py`` once did with class codes 0-3.
"""

from __future__ import annotations

import ast
from pathlib import Path

import labelaudit

PACKAGE = Path(labelaudit.__file__).parent
HOME = PACKAGE / "observations.py"
VOCABULARY = {"POSITIVE", "NEGATIVE", "UNCERTAIN", "BLANK", "NO_FINDING", "SUPPORT_DEVICES"}


def _modules() -> list[Path]:
    modules = sorted(p for p in PACKAGE.rglob("*.py") if p != HOME)
    assert len(modules) > 50  # the walk found the package
    return modules


def _is_minus_one_float(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) is float
        and node.operand.value == 1.0
    )


def bare_uncertain_lines(source: str) -> list[int]:
    """Lines that write ``-1.0`` (or ``-1.``) instead of ``UNCERTAIN``."""
    return sorted(n.lineno for n in ast.walk(ast.parse(source)) if _is_minus_one_float(n))


def vocabulary_definitions(source: str) -> list[str]:
    """Module-level assignments to a vocabulary name (class bodies, such as enums, are fine)."""
    found = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        found += [f"{node.lineno} {name}" for name in names if name in VOCABULARY]
    return found


def _everywhere(check) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{hit}"
        for path in _modules()
        for hit in check(path.read_text(encoding="utf-8"))
    ]


def test_no_bare_uncertain_literal_outside_observations():
    found = _everywhere(bare_uncertain_lines)
    assert not found, "use labelaudit.observations.UNCERTAIN, not -1.0, at: " + ", ".join(found)


def test_vocabulary_names_are_defined_only_in_observations():
    found = _everywhere(vocabulary_definitions)
    assert not found, "import these from labelaudit.observations: " + ", ".join(found)


def test_the_checks_see_what_they_look_for():
    source = "POSITIVE, NO_FINDING = 0, 'x'\nx = y == -1.0\nz = -1\nw = -1.\n"
    source += "class C:\n    BLANK = 3\n"  # an enum member: fine
    assert bare_uncertain_lines(source) == [2, 4]
    assert vocabulary_definitions(source) == ["1 POSITIVE", "1 NO_FINDING"]
