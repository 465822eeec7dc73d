"""The tiny expression language of records.toml: claims (``checks``) and derived figures (``derive``).

An expression is Python syntax restricted to what a claim about figures needs, checked node by node
against a whitelist before anything is evaluated (nothing reaches ``eval``):

- numbers, strings, ``true``/``false`` (also ``True``/``False``), parentheses;
- figure names: ``spsc_ns`` (a figure of the same record) or ``other_record.figure``;
- arithmetic ``+ - * / // %`` and unary ``-``; comparisons ``== != < <= > >=`` (chained, as in
  Python), ``in`` and ``not in`` (for text); ``and``, ``or``, ``not``;
- the functions ``min``, ``max``, ``abs`` and ``round``.

Powers, attribute access beyond ``record.figure``, subscripts, lambdas and every other call are
refused with the expression and the part that is not allowed.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Value = int | float | str | bool


class ExpressionError(ValueError):
    """An expression that cannot be parsed, uses something not allowed, or names an unknown figure."""


_BINARY: dict[type, Callable[[Value, Value], Value]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_COMPARE: dict[type, Callable[[Value, Value], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: operator.contains(b, a), ast.NotIn: lambda a, b: not operator.contains(b, a),
}
_FUNCTIONS: dict[str, Callable[..., Value]] = {"min": min, "max": max, "abs": abs, "round": round}
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}


@dataclass(frozen=True)
class Reference:
    """A figure an expression names: ``figure`` of ``record`` (None: the record being checked)."""

    record: str | None
    figure: str

    def __str__(self) -> str:
        return f"{self.record}.{self.figure}" if self.record else self.figure


def parse(expression: str) -> ast.Expression:
    """Parse and whitelist ``expression``; raise ExpressionError naming what is not allowed."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"{expression!r} is not a valid expression ({error.msg})") from None
    for node in ast.walk(tree):
        _check_allowed(node, expression)
    return tree


def references(tree: ast.Expression) -> list[Reference]:
    """Every figure the expression names, in order of first appearance."""
    found: list[Reference] = []
    owners = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        reference = None if id(node) in owners else _reference(node)  # `record` of record.figure
        if reference is not None and reference not in found:
            found.append(reference)
    return found


def evaluate(tree: ast.Expression, lookup: Callable[[Reference], Value]) -> Value:
    """The value of a parsed expression; ``lookup`` gives each figure it names."""
    return _evaluate(tree.body, lookup)


def evaluate_text(expression: str, figures: Mapping[str, Value]) -> Value:
    """Parse and evaluate ``expression`` over one record's ``figures`` (no other record's)."""
    def lookup(reference: Reference) -> Value:
        if reference.record is not None or reference.figure not in figures:
            raise ExpressionError(f"{expression!r}: no figure named {str(reference)!r}")
        return figures[reference.figure]
    return evaluate(parse(expression), lookup)


def _reference(node: ast.AST) -> Reference | None:
    if isinstance(node, ast.Name) and node.id not in _CONSTANT_NAMES and node.id not in _FUNCTIONS:
        return Reference(None, node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return Reference(node.value.id, node.attr)
    return None


def _check_allowed(node: ast.AST, expression: str) -> None:
    allowed = (
        ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
        ast.BinOp, ast.Compare, ast.Name, ast.Load, ast.Constant, ast.Call, ast.Attribute,
        *_BINARY, *_COMPARE,
    )
    if not isinstance(node, allowed):
        raise ExpressionError(f"{expression!r}: {_describe(node)} is not allowed in a check or a derived figure")
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
        raise ExpressionError(f"{expression!r}: the constant {node.value!r} is not allowed")
    if isinstance(node, ast.Attribute) and not isinstance(node.value, ast.Name):
        raise ExpressionError(f"{expression!r}: only record.figure may use a dot")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise ExpressionError(
                f"{expression!r}: only the functions {', '.join(_FUNCTIONS)} may be called, found {ast.unparse(node.func)}"
            )
        if node.keywords:
            raise ExpressionError(f"{expression!r}: functions take positional arguments only")


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Pow):
        return "the power operator **"
    try:
        return repr(ast.unparse(node))
    except Exception:  # operators and contexts have no source form of their own
        return type(node).__name__


def _evaluate(node: ast.AST, lookup: Callable[[Reference], Value]) -> Value:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in _CONSTANT_NAMES:
        return _CONSTANT_NAMES[node.id]
    reference = _reference(node)
    if reference is not None:
        return lookup(reference)
    if isinstance(node, ast.BoolOp):
        values = (_evaluate(value, lookup) for value in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, lookup)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, lookup), _evaluate(node.right, lookup))
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, lookup)
        for op, right_node in zip(node.ops, node.comparators):
            right = _evaluate(right_node, lookup)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        return _FUNCTIONS[node.func.id](*(_evaluate(arg, lookup) for arg in node.args))
    raise ExpressionError(f"cannot evaluate {ast.unparse(node)}")  # unreachable after parse()
