"""No text a person reads names LAW.md or its confidence markers ([S], [C],
UNCONFIRMED): a clerk never sees LAW.md, so a rule's source cites the law or
regulation in words (found walking the pages: the admin's rule settings, a
refused certificate's 依据, the report template's 对应法定内容 help text).
Comments and docstrings keep their LAW.md references."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from fazhi.core import rulesettings
from tests.sweep.checks import MARKERS

ROOT = Path(__file__).resolve().parents[2] / "fazhi"


def _literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of `path` that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_string_in_the_code_names_law_md_or_a_marker() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts  # history: what earlier rows held
        for line, text in _literals(path)
        if any(marker in text for marker in MARKERS)
    ]
    found += [
        f"{path.relative_to(ROOT)}: {marker}"
        for path in sorted(ROOT.rglob("*.html"))
        if "vendor" not in path.parts
        for marker in MARKERS
        if marker in path.read_text(encoding="utf-8")
    ]
    assert not found, found


def test_rule_sources_and_help_texts_cite_the_law_in_words() -> None:
    found = [
        f"{key}: {setting.source}"
        for key, setting in rulesettings.REGISTRY.items()
        if any(marker in setting.source for marker in MARKERS)
    ]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for text in (getattr(field, "help_text", ""), getattr(field, "verbose_name", "")):
                if any(marker in str(text) for marker in MARKERS):
                    found.append(f"{model._meta.label}.{field.name}: {text}")
    assert not found, found
