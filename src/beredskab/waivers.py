"""Waivers (dispensationer): deviations CDE has accepted for one municipality and rule.

A waiver file is YAML (``.yaml``/``.yml``) or TOML (``.toml``)::

    waivers:
      - kommune: Skive Kommune       # the name ("Skive" is enough) or the kommunekode "779"
        rule: INT002
        section: intro.goals         # optional: only for rules with one result per section
        accepted_by: CDE, Jens Hansen
        reason: Planen samler målene i ét overordnet mål efter aftale med CDE.
        expires: 2027-12-31          # last day the waiver applies
        accepted: 2026-01-15         # optional

(a bare list of waivers is accepted too). ``load_waivers`` validates the file against
``schemas/waivers.schema.json`` and raises ``WaiverError`` naming the file, the waiver and
key, and what is wrong. ``apply_waivers`` marks the failing results a waiver covers
(``Result.waiver``: who, why, until when) so they count as waived; it never removes a
result. An expired waiver does not apply and the report's ``waiver_notes`` says so; a
waiver whose rule no longer fails is noted as unused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.errors import BeredskabError
from beredskab.i18n import DEFAULT_LANG, t
from beredskab.paths import SCHEMAS_DIR
from beredskab.results import PlanInfo, Report
from beredskab.text import fold

if TYPE_CHECKING:
    import jsonschema

# jsonschema, yaml and tomllib are imported where a waiver file is read, so that
# ``beredskab check`` without ``--waivers`` does not pay for them.

SCHEMA_FILE = "waivers.schema.json"


class WaiverError(BeredskabError):
    """A waiver file is missing, unreadable or invalid (names file, waiver, key, problem)."""

    code = "waivers"

    def __init__(
        self,
        key: str,
        *,
        file: str,
        path: Sequence[str | int] = (),
        problem: str = "",
        detail: str = "",
        **params: Any,
    ) -> None:
        self.file = file
        self.path = tuple(path)
        self.problem = problem
        self.detail = detail
        super().__init__(key, file=file, detail=detail, **params)

    def where(self, lang: str = DEFAULT_LANG) -> str:
        """ "dispensation nr. 2, feltet »expires«": where in the file the problem is."""
        parts: list[str] = []
        for step in self.path:
            if isinstance(step, int):
                parts.append(t("report.waiver-where.item", lang, number=step + 1))
            elif step != "waivers":
                parts.append(t("report.waiver-where.key", lang, field=step))
        return ", ".join(parts) if parts else t("report.waiver-where.top", lang)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        if self.key != "report.waiver-file-invalid":
            return super().message(lang)
        detail = t(f"report.waiver-problem.{self.problem}", lang, **self.params)
        if detail.startswith("report.waiver-problem."):
            detail = self.detail
        return t(self.key, lang, file=self.file, where=self.where(lang), detail=detail)


@dataclass(frozen=True, slots=True)
class Waiver:
    """One accepted deviation: which municipality and rule, who accepted it, until when."""

    kommune: str
    """Municipality name or kommunekode, as written in the file."""
    rule: str
    accepted_by: str
    reason: str
    expires: date
    """The last day the waiver applies."""
    section: str | None = None
    accepted: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """The waiver as stored on a result and in notes (JSON-serialisable)."""
        return {
            "kommune": self.kommune,
            "rule": self.rule,
            "section": self.section,
            "accepted_by": self.accepted_by,
            "reason": self.reason,
            "expires": self.expires.isoformat(),
            "accepted": self.accepted.isoformat() if self.accepted else None,
        }

    def matches_plan(self, plan: PlanInfo) -> bool:
        """Whether the waiver is for this plan's municipality (by code or by name)."""
        wanted = self.kommune.strip()
        if wanted.isdigit():
            code = (plan.kommunekode or "").strip()
            return code.isdigit() and int(code) == int(wanted)
        if plan.municipality is None:
            return False
        return municipality_key(wanted) == municipality_key(plan.municipality)


@dataclass(frozen=True, slots=True)
class WaiverSet:
    """The waivers of one file."""

    waivers: tuple[Waiver, ...] = ()
    source: str | None = None
    """The file the waivers came from, if any."""

    def __iter__(self) -> Iterator[Waiver]:
        return iter(self.waivers)

    def __len__(self) -> int:
        return len(self.waivers)


def municipality_key(name: str) -> str:
    """A lenient key for a municipality name: "Københavns Kommune", "København" and
    "koebenhavn" meet; "Bornholms Regionskommune" and "Bornholm" meet."""
    key = fold(name).strip()
    for suffix in (" regionskommune", " kommune"):
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
    # Genitive "s" ("Københavns Kommune", "Bornholms Regionskommune").
    if len(key) > 3 and key.endswith("s"):
        key = key[:-1]
    return key


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


def _plain(value: Any) -> Any:
    """YAML/TOML values as JSON values: dates become ISO strings."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _problem(error: jsonschema.ValidationError) -> tuple[str, dict[str, Any]]:
    """A plain-language problem key (report.waiver-problem.*) and its parameters."""
    validator = error.validator
    if validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = next((k for k in error.validator_value if k not in present), "")
        return "required", {"field": missing}
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema.get("properties") or {}).keys())
        unknown = sorted(k for k in error.instance if k not in allowed)
        return "unknown-key", {"field": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
    last = error.absolute_path[-1] if error.absolute_path else ""
    if validator in ("pattern", "format") and last in ("expires", "accepted"):
        return "date", {"value": error.instance}
    if validator == "pattern" and last == "rule":
        return "rule-id", {"value": error.instance}
    if validator == "pattern" and last == "section":
        return "section-key", {"value": error.instance}
    if validator == "minLength":
        return "empty", {}
    if validator == "type":
        return "type", {"value": error.instance}
    return "other", {}


def _validate(data: Any, file: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        error = errors[0]
        problem, params = _problem(error)
        raise WaiverError(
            "report.waiver-file-invalid",
            file=file,
            path=tuple(error.absolute_path),
            problem=problem,
            detail=error.message,
            **params,
        )


def _to_date(value: str, file: str, path: tuple[str | int, ...]) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise WaiverError(
            "report.waiver-file-invalid",
            file=file,
            path=path,
            problem="date",
            detail=str(exc),
            value=value,
        ) from exc


def parse_waivers(data: Any, file: str = "<waivers>") -> WaiverSet:
    """Validate already-loaded waiver data (YAML/TOML values) and build a ``WaiverSet``."""
    data = _plain(data)
    if data is None:
        data = {"waivers": []}
    if isinstance(data, list):
        data = {"waivers": data}
    _validate(data, file)
    waivers: list[Waiver] = []
    for index, item in enumerate(data["waivers"]):
        where: tuple[str | int, ...] = ("waivers", index)
        accepted = item.get("accepted")
        waivers.append(
            Waiver(
                kommune=str(item["kommune"]).strip(),
                rule=item["rule"],
                section=item.get("section"),
                accepted_by=item["accepted_by"].strip(),
                reason=item["reason"].strip(),
                expires=_to_date(item["expires"], file, (*where, "expires")),
                accepted=_to_date(accepted, file, (*where, "accepted")) if accepted else None,
            )
        )
    return WaiverSet(tuple(waivers), source=file)


def load_waivers(path: str | Path) -> WaiverSet:
    """Read and validate a waiver file (YAML, or TOML by its ``.toml`` suffix)."""
    import tomllib

    import yaml

    file = Path(path)
    name = str(path)
    if not file.is_file():
        raise WaiverError("report.waiver-file-missing", file=name)
    try:
        raw = file.read_text(encoding="utf-8")
        data: Any = tomllib.loads(raw) if file.suffix.lower() == ".toml" else yaml.safe_load(raw)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        detail = " ".join(str(exc).split())
        raise WaiverError("report.waiver-file-unreadable", file=name, detail=detail) from exc
    return parse_waivers(data, name)


def _note(status: str, waiver: Waiver) -> dict[str, Any]:
    return {"status": status, **waiver.as_dict()}


def apply_waivers(
    report: Report, waivers: Iterable[Waiver] | WaiverSet, as_of: date | None = None
) -> Report:
    """The report with every failing result a valid waiver covers marked as waived.

    A waiver applies when it names the report's municipality (name or kommunekode), the
    result's rule (and section, if given), the result fails or errs, and ``as_of``
    (default: the report's as-of date) lies between ``accepted`` (if given) and
    ``expires``, both inclusive. Waivers are tried in file order; the first that applies
    to a result wins. Expired, not yet valid and unused waivers for this municipality
    are added to ``waiver_notes``; waivers for other municipalities are ignored."""
    day = as_of or report.as_of
    results = list(report.results)
    notes = list(report.waiver_notes)
    for waiver in waivers:
        if not waiver.matches_plan(report.plan):
            continue
        if waiver.expires < day:
            notes.append(_note("expired", waiver))
            continue
        if waiver.accepted is not None and waiver.accepted > day:
            notes.append(_note("not-yet-valid", waiver))
            continue
        covered = [
            i
            for i, r in enumerate(results)
            if r.rule == waiver.rule
            and (waiver.section is None or r.section == waiver.section)
            and r.failed
            and r.waiver is None
        ]
        if not covered:
            notes.append(_note("unused", waiver))
            continue
        for i in covered:
            results[i] = replace(results[i], waiver=waiver.as_dict())
    return replace(report, results=tuple(results), waiver_notes=tuple(notes))


def apply_waivers_all(
    reports: Iterable[Report], waivers: Iterable[Waiver] | WaiverSet, as_of: date | None = None
) -> list[Report]:
    """``apply_waivers`` over several reports."""
    chosen = tuple(waivers)
    return [apply_waivers(r, chosen, as_of) for r in reports]
