"""Read the headings out of a pandoc ``.native`` file (Haskell ``Show`` syntax).

A tiny parser of the syntax pandoc's native writer uses — constructor applications,
lists, tuples, records (``Meta {unMeta = fromList [...]}``), strings with Haskell
escapes and numbers — enough to walk the AST and collect ``Header level attr inlines``
with their plain text. Used by the test that compares our section tree with pandoc's
expected output for its own docx fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.|\\\s+\\)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:e-?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_'.]*)
  | (?P<punct>[\[\](){},=])
    """,
    re.VERBOSE | re.DOTALL,
)

_ASCII_NAMES = {
    "NUL": 0, "SOH": 1, "STX": 2, "ETX": 3, "EOT": 4, "ENQ": 5, "ACK": 6, "BEL": 7,
    "BS": 8, "HT": 9, "LF": 10, "VT": 11, "FF": 12, "CR": 13, "SO": 14, "SI": 15,
    "DLE": 16, "DC1": 17, "DC2": 18, "DC3": 19, "DC4": 20, "NAK": 21, "SYN": 22,
    "ETB": 23, "CAN": 24, "EM": 25, "SUB": 26, "ESC": 27, "FS": 28, "GS": 29, "RS": 30,
    "US": 31, "SP": 32, "DEL": 127,
}  # fmt: skip
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_SIMPLE.update({'"': '"', "\\": "\\", "'": "'"})
_ESCAPE = re.compile(
    r"\\(?:(?P<dec>\d+)|x(?P<hex>[0-9a-fA-F]+)|o(?P<oct>[0-7]+)|\^(?P<ctrl>[@-_])"
    r"|(?P<amp>&)|(?P<gap>\s+\\)|(?P<ascii>"
    + "|".join(sorted(_ASCII_NAMES, key=len)[::-1])
    + r")|(?P<simple>.))",
    re.DOTALL,
)


def unescape(literal: str) -> str:
    """The value of a Haskell string literal (quotes included in ``literal``)."""

    def repl(m: re.Match[str]) -> str:
        if m.group("dec"):
            return chr(int(m.group("dec")))
        if m.group("hex"):
            return chr(int(m.group("hex"), 16))
        if m.group("oct"):
            return chr(int(m.group("oct"), 8))
        if m.group("ctrl"):
            return chr(ord(m.group("ctrl")) - 64)
        if m.group("amp") or m.group("gap"):
            return ""
        if m.group("ascii"):
            return chr(_ASCII_NAMES[m.group("ascii")])
        return _SIMPLE.get(m.group("simple"), m.group("simple"))

    return _ESCAPE.sub(repl, literal[1:-1])


@dataclass(frozen=True, slots=True)
class Con:
    """A constructor application ``Name arg …`` (a record's fields are one dict arg)."""

    name: str
    args: tuple[Any, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ValueError(f"cannot read native syntax at {pos}: {text[pos : pos + 30]!r}")
            pos = m.end()
            kind = m.lastgroup or ""
            if kind != "space":
                self.tokens.append((kind, m.group()))
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise ValueError(f"expected {value!r}, found {tok!r}")
        self.i += 1
        return tok

    def expr(self) -> Any:
        """An application ``Name atom*`` or a single atom."""
        tok = self.peek()
        if tok is not None and tok[0] == "name":
            self.take()
            args: list[Any] = []
            while (nxt := self.peek()) is not None and not (
                nxt[0] == "punct" and nxt[1] in ",)]}="
            ):
                args.append(self.atom())
            return Con(tok[1], tuple(args))
        return self.atom()

    def atom(self) -> Any:
        kind, value = self.take()
        if kind == "string":
            return unescape(value)
        if kind == "number":
            return float(value) if any(c in value for c in ".e") else int(value)
        if kind == "name":
            return Con(value, ())
        if value == "[":
            return self.sequence("]")
        if value == "(":
            items = self.sequence(")")
            return items[0] if len(items) == 1 else tuple(items)
        if value == "{":
            fields: dict[str, Any] = {}
            while self.peek() != ("punct", "}"):
                name = self.take()[1]
                self.take("=")
                fields[name] = self.expr()
                if self.peek() == ("punct", ","):
                    self.take()
            self.take("}")
            return fields
        raise ValueError(f"unexpected {value!r}")

    def sequence(self, close: str) -> list[Any]:
        items: list[Any] = []
        while self.peek() != ("punct", close):
            items.append(self.expr())
            if self.peek() == ("punct", ","):
                self.take()
        self.take(close)
        return items

    def document(self) -> list[Any]:
        items = []
        while self.peek() is not None:
            items.append(self.expr())
        return items


def parse_native(text: str) -> list[Any]:
    """The top-level values of a native file (usually one list or one ``Pandoc``)."""
    return _Parser(text).document()


_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def plain_text(inlines: Any) -> str:
    """The plain text of a list of pandoc inlines (as a reader of the docx sees it)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, Con):
            return
        name, args = node.name, node.args
        if name == "Str":
            out.append(args[0])
        elif name in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif name in ("Code", "Math"):
            out.append(args[-1])
        elif name == "Quoted":
            left, right = _QUOTES.get(args[0].name, ('"', '"'))
            out.append(left)
            walk(args[1])
            out.append(right)
        elif name in ("Image", "Note", "RawInline"):
            return  # alt text, footnotes and raw code are not the heading's text
        else:  # Emph, Strong, Underline, Span, Link, Cite, SmallCaps … : their inlines
            for arg in args:
                if isinstance(arg, list):
                    walk(arg)

    walk(inlines)
    return " ".join("".join(out).split())


def headers(text: str) -> list[tuple[int, str]]:
    """Every ``Header`` in document order as (level, plain text)."""
    found: list[tuple[int, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, Con):
            if node.name == "Header" and len(node.args) == 3:
                found.append((int(node.args[0]), plain_text(node.args[2])))
            for arg in node.args:
                walk(arg)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(parse_native(text))
    return found
