"""Rule packs: the template's section catalogue and its rules, as validated YAML data.

A pack is a folder (default: the repository's ``rules/cde-2024/``) holding
``pack.yaml`` (name, version, template), ``sections.yaml`` (the section catalogue) and
``rules.yaml`` (the rules). Each file is validated against the JSON Schemas in
``schemas/`` on load; an invalid pack raises ``RulePackError`` naming the file, the path
inside it and what is wrong. Rule files never run code: a rule names a *kind* from the
explicit registry in ``beredskab.checks`` and sets its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Requirement = Literal["required", "recommended", "optional"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section of the template's tree (spec/rules.md, "Section keys")."""

    key: str
    title: str
    """The template's own heading, e.g. "Mål"."""
    number: str | None
    """The template's number, e.g. "1.2" (None for unnumbered sub-sections)."""
    parent: str | None
    order: int
    """Position in the template, 0-based, depth-first."""
    requirement: Requirement
    synonyms: tuple[str, ...] = ()
    """Headings real plans use for it ("Vores mål", "Målsætninger")."""
    keywords: tuple[str, ...] = ()
    """Words whose presence in a heading points to this key (stems are compared)."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule of the pack: its kind of check, parameters, messages and explanation."""

    id: str
    name: str
    severity: Literal["error", "warning", "info"]
    kind: str
    section: str | None
    """Template section key the rule looks at, or None for whole-plan rules."""
    params: dict[str, Any]
    messages: dict[str, dict[str, str]]
    """Message templates per outcome and language: {"fail": {"da": …, "en": …}, …}."""
    explanation: dict[str, Any] = field(default_factory=dict)
    """{"what": {da,en}, "why": {da,en}, "fix": {da,en}, "text_block": int|None,
    "source": "Barnets lov § 15, stk. 3" …}."""
    examples: dict[str, str] = field(default_factory=dict)
    """A passing and a failing example text ({"pass": …, "fail": …})."""


@dataclass(frozen=True, slots=True)
class RulePack:
    """A loaded, validated rule pack: the section catalogue and the rules, in order."""

    name: str
    version: str
    sections: tuple[SectionSpec, ...]
    rules: tuple[RuleSpec, ...]
    path: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    def rule(self, rule_id: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.id == rule_id), None)


# --- Loading -----------------------------------------------------------------------------
# The loader validates each file against its JSON Schema (schemas/rulepack*.schema.json),
# then checks what a schema cannot: regular expressions compile, rule IDs are unique,
# every section key a rule names is in the catalogue and every kind is in the registry.
# jsonschema is imported only when a pack's files have changed since they last validated
# (a marker per content hash in the user's cache folder), so `beredskab check` starts fast.

PACK_FILE = "pack.yaml"
SECTIONS_FILE = "sections.yaml"
RULES_FILE = "rules.yaml"
_SCHEMAS = {
    PACK_FILE: "rulepack-pack.schema.json",
    SECTIONS_FILE: "rulepack-sections.schema.json",
    RULES_FILE: "rulepack.schema.json",
}


def load_pack(path: str | Path | None = None) -> RulePack:
    """Load and validate the rule pack in folder ``path`` (default: ``rules/cde-2024``).

    ``path`` may also name one of the pack's files (``rules.yaml``); its folder is used.
    Raises ``RulePackError`` naming the file, the path inside it and what is wrong."""
    from beredskab.paths import DEFAULT_PACK_DIR

    folder = Path(path) if path is not None else DEFAULT_PACK_DIR
    if folder.is_file():
        folder = folder.parent
    if not folder.is_dir():
        _raise(folder, "", "rules.not-found")
    folder = folder.resolve()
    # A process checking many plans (a batch worker, `check` with several plans, the web
    # page) builds the same pack once: kept while its files and the schemas read the same,
    # byte for byte (reading them is cheap; decoding and building the pack is not, and a
    # file's time stamp can miss an edit made within the same clock tick).
    contents = _contents(folder)
    kept = _loaded.get(folder)
    if contents is not None and kept is not None and kept[0] == contents:
        return kept[1]
    pack = _load_folder(folder)
    if contents is not None:
        _loaded[folder] = (contents, pack)
    return pack


_loaded: dict[Path, tuple[tuple[bytes, ...], RulePack]] = {}


def _contents(folder: Path) -> tuple[bytes, ...] | None:
    """The pack's files and the schemas as they are now (None when one is missing: then
    the full load says which)."""
    from beredskab.paths import SCHEMAS_DIR

    files = [folder / name for name in (PACK_FILE, SECTIONS_FILE, RULES_FILE)]
    files += [SCHEMAS_DIR / schema for schema in _SCHEMAS.values()]
    try:
        return tuple(f.read_bytes() for f in files)
    except OSError:
        return None


def _load_folder(folder: Path) -> RulePack:
    raw: dict[str, bytes] = {}
    for name in (PACK_FILE, SECTIONS_FILE, RULES_FILE):
        file = folder / name
        if not file.is_file():
            _raise(file, "", "rules.missing-file")
        raw[name] = file.read_bytes()
    from beredskab.paths import SCHEMAS_DIR

    try:
        schemas = [(SCHEMAS_DIR / s).read_bytes() for s in _SCHEMAS.values()]
    except OSError:
        return _build_pack(folder, raw)
    # A pack loaded and validated before (same files, schemas and tool version) comes
    # from the user's cache folder: no YAML parsing, no jsonschema (beredskab.cache).
    from beredskab.cache import cached, source

    return cached(
        "rulepack",
        [str(folder).encode(), source(__file__), *raw.values(), *schemas],
        lambda: _build_pack(folder, raw),
        _pack_to_data,
        lambda data: _pack_from_data(data, folder),
    )


def _pack_to_data(pack: RulePack) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "name": pack.name,
        "version": pack.version,
        "sections": [asdict(s) for s in pack.sections],
        "rules": [asdict(r) for r in pack.rules],
        "meta": pack.meta,
    }


def _pack_from_data(data: dict[str, Any], folder: Path) -> RulePack:
    sections = tuple(
        SectionSpec(**dict(s, synonyms=tuple(s["synonyms"]), keywords=tuple(s["keywords"])))
        for s in data["sections"]
    )
    return RulePack(
        name=data["name"],
        version=data["version"],
        sections=sections,
        rules=tuple(RuleSpec(**r) for r in data["rules"]),
        path=folder,
        meta=data["meta"],
    )


def _build_pack(folder: Path, raw: dict[str, bytes]) -> RulePack:
    docs = {name: _parse_yaml(folder / name, data) for name, data in raw.items()}
    _validate_schemas(folder, docs, raw)
    sections = _build_sections(folder / SECTIONS_FILE, docs[SECTIONS_FILE])
    rules = _build_rules(folder / RULES_FILE, docs[RULES_FILE], {s.key for s in sections})
    meta = dict(docs[PACK_FILE])
    _check_template_patterns(folder / PACK_FILE, meta)
    return RulePack(
        name=str(meta["name"]),
        version=str(meta["version"]),
        sections=sections,
        rules=rules,
        path=folder,
        meta=meta,
    )


def _raise(file: Path, where: str, key: str = "rules.invalid", detail: str = "") -> None:
    from beredskab.errors import RulePackError

    raise RulePackError(key, file=str(file), path=where or "/", detail=detail)


def _parse_yaml(file: Path, data: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(data.decode("utf-8"), Loader=loader)
    except UnicodeDecodeError as exc:
        _raise(file, "", detail=f"not UTF-8 text ({exc.reason})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        _raise(file, where, detail=f"YAML: {problem}")
    if not isinstance(doc, dict):
        _raise(file, "", detail="the file must hold a mapping (key: value) at the top")
    return doc


def _json_path(parts: Any, doc: Any) -> str:
    """``rules[3] (INT002).params.min`` from a jsonschema path."""
    out = ""
    node = doc
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id") or node.get("key"), str):
                out += f" ({node.get('id') or node.get('key')})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _validate_schemas(folder: Path, docs: dict[str, Any], raw: dict[str, bytes]) -> None:
    import json

    from beredskab.digests import sha256
    from beredskab.paths import SCHEMAS_DIR

    schema_bytes = {name: (SCHEMAS_DIR / s).read_bytes() for name, s in _SCHEMAS.items()}
    digest = sha256()
    for name in sorted(raw):
        digest.update(raw[name])
        digest.update(schema_bytes[name])
    marker = _cache_dir() / f"{digest.hexdigest()}.ok"
    if marker.exists():
        return
    import jsonschema

    for name, doc in docs.items():
        schema = json.loads(schema_bytes[name])
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            error = _deepest(errors)
            _raise(folder / name, _json_path(error.absolute_path, doc), detail=error.message)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("validated\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home only costs the validation time next run


def _deepest(errors: list[Any]) -> Any:
    """The most specific error: jsonschema's best match, descending into if/then."""
    from jsonschema.exceptions import best_match

    error = best_match(errors)
    while error.context:
        error = best_match(error.context)
    return error


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "beredskab" / "rulepacks"


def _build_sections(file: Path, doc: dict[str, Any]) -> tuple[SectionSpec, ...]:
    specs: list[SectionSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["sections"]):
        key = str(item["key"])
        if key in seen:
            _raise(file, f"sections[{i}] ({key}).key", detail=f"the key {key!r} is used twice")
        parent = item.get("parent")
        if parent is not None and parent not in seen:
            _raise(
                file,
                f"sections[{i}] ({key}).parent",
                detail=f"the parent {parent!r} is not listed before this section",
            )
        seen.add(key)
        number = item.get("number")
        specs.append(
            SectionSpec(
                key=key,
                title=str(item["title"]),
                number=str(number) if number is not None else None,
                parent=parent,
                order=i,
                requirement=item.get("requirement", "optional"),
                synonyms=tuple(str(s) for s in item.get("synonyms") or ()),
                keywords=tuple(str(k) for k in item.get("keywords") or ()),
            )
        )
    return tuple(specs)


def _build_rules(file: Path, doc: dict[str, Any], keys: set[str]) -> tuple[RuleSpec, ...]:
    from beredskab.checks.registry import KINDS

    rules: list[RuleSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["rules"]):
        rid = str(item["id"])
        where = f"rules[{i}] ({rid})"
        if rid in seen:
            _raise(file, f"{where}.id", detail=f"the rule ID {rid} is used twice")
        seen.add(rid)
        if item["kind"] not in KINDS:
            _raise(file, f"{where}.kind", detail=f"unknown kind of check {item['kind']!r}")
        params = dict(item.get("params") or {})
        for ref in _section_refs(item, params):
            if ref not in keys:
                _raise(file, f"{where}", detail=f"the section key {ref!r} is not in the catalogue")
        _check_regexes(file, f"{where}.params", params)
        rules.append(
            RuleSpec(
                id=rid,
                name=str(item["name"]),
                severity=item["severity"],
                kind=str(item["kind"]),
                section=item.get("section"),
                params=params,
                messages={k: dict(v) for k, v in item["messages"].items()},
                explanation=dict(item.get("explanation") or {}),
                examples=dict(item.get("examples") or {}),
            )
        )
    return tuple(rules)


def _section_refs(item: dict[str, Any], params: dict[str, Any]) -> list[str]:
    refs = [item["section"]] if item.get("section") else []
    for name in ("keys", "also", "with_subsections"):
        refs.extend(str(k) for k in params.get(name) or ())
    return refs


def _check_regexes(file: Path, where: str, node: Any) -> None:
    """Every string under a ``pattern(s)``/``near``/``unless``/… key must compile."""
    import re

    names = {"pattern", "patterns", "near", "unless", "keywords", "limiting", "owner_patterns"}
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}"
            if key in names and isinstance(value, str | list):
                for j, text in enumerate([value] if isinstance(value, str) else value):
                    if isinstance(text, str):
                        try:
                            re.compile(text)
                        except re.error as exc:
                            suffix = "" if isinstance(value, str) else f"[{j}]"
                            _raise(file, path + suffix, detail=f"invalid regular expression: {exc}")
            _check_regexes(file, path, value)
    elif isinstance(node, list):
        for j, value in enumerate(node):
            _check_regexes(file, f"{where}[{j}]", value)


def _check_template_patterns(file: Path, meta: dict[str, Any]) -> None:
    template = meta.get("template") or {}
    _check_regexes(file, "template", {"placeholders": template.get("placeholders") or []})
    _check_regexes(file, "template", {"patterns": template.get("guidance_patterns") or []})
