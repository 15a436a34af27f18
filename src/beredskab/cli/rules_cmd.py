"""``beredskab rules``: list the rule pack, or explain one rule.

``beredskab rules`` lists every rule (ID, name, severity, template section, what it
checks in one line); ``beredskab rules INT002`` explains one rule: what it checks, why
(the template clause or the law), how to fix it, the template text block that helps,
and a passing and a failing example. ``--format json`` gives the same as data;
``--rules PACK`` reads another pack; ``--lang en`` English.

The rendering functions are pure (pack in, text or dict out); only ``rules`` itself
loads the pack and prints.
"""

from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from beredskab.cli.common import handle_errors, lang_option
from beredskab.errors import UsageError
from beredskab.formatters._common import (
    example,
    explanation,
    section_label,
    severity_label,
    text_block,
)
from beredskab.i18n import resolve_lang, t
from beredskab.rulepack import RulePack, RuleSpec

WIDTH = 100
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _console(buffer: StringIO, color: bool) -> Console:
    return Console(
        file=buffer,
        width=WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _finish(buffer: StringIO, color: bool) -> str:
    text = buffer.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.splitlines())
    return text.rstrip("\n")


def _section_text(rule: RuleSpec, pack: RulePack, lang: str) -> str:
    if rule.section is None:
        return t("report.rules.whole-plan", lang)
    return section_label(rule.section, pack, lang)


def find_rule(pack: RulePack, rule_id: str) -> RuleSpec:
    """The rule ``rule_id`` (any case), or a ``UsageError`` naming the pack."""
    rule = pack.rule(rule_id.strip().upper())
    if rule is None:
        raise UsageError("report.rules.unknown", rule=rule_id, pack=pack.label)
    return rule


def list_text(pack: RulePack, lang: str, color: bool = False) -> str:
    """The pack, one rule per entry: ID, name, severity and section on the first line,
    what the rule checks indented below (two lines fit any terminal width)."""
    buffer = StringIO()
    console = _console(buffer, color)
    console.print(Text(t("report.rules.heading", lang, pack=pack.label, count=len(pack.rules))))
    for rule in sorted(pack.rules, key=lambda r: r.id):
        console.print()
        head = Text()
        head.append(rule.id, style="bold")
        head.append(f"  {rule.name} · ")
        head.append(severity_label(rule.severity, lang), style=_SEVERITY_STYLE.get(rule.severity))
        head.append(f" · {_section_text(rule, pack, lang)}")
        console.print(head)
        what = " ".join(explanation(rule, "what", lang).split())
        if what:
            console.print(Padding(Text(what), (0, 0, 0, 8), expand=False))
    console.print()
    console.print(Text(t("report.rules.hint", lang), style="dim"))
    return _finish(buffer, color)


def explain_text(pack: RulePack, rule_id: str, lang: str, color: bool = False) -> str:
    """One rule explained: what, why (source), how to fix, text block, examples."""
    rule = find_rule(pack, rule_id)
    buffer = StringIO()
    console = _console(buffer, color)
    title = Text(f"{rule.id} · {rule.name}", style="bold underline")
    console.print(title)
    sub = Text(severity_label(rule.severity, lang), style=_SEVERITY_STYLE.get(rule.severity, ""))
    sub.append(f" · {t('report.label.section', lang)}: {_section_text(rule, pack, lang)}")
    console.print(sub)
    parts = (
        ("report.rules.what", explanation(rule, "what", lang)),
        ("report.label.why", explanation(rule, "why", lang)),
        ("report.label.source", explanation(rule, "source", lang)),
        ("report.label.fix", explanation(rule, "fix", lang)),
    )
    for key, value in parts:
        if value:
            console.print()
            console.print(Text(t(key, lang), style="bold"))
            console.print(Text("  " + " ".join(value.split())))
    block = text_block(rule)
    if block:
        console.print()
        console.print(Text(t("report.text-block", lang, number=block), style="green"))
    for which, key in (
        ("pass", "report.rules.example-pass"),
        ("fail", "report.rules.example-fail"),
    ):
        text = example(rule, which, lang)
        if text:
            console.print()
            console.print(Text(t(key, lang), style="bold"))
            for line in text.splitlines():
                console.print(Text(f"  │ {line}"))
    return _finish(buffer, color)


def rule_dict(pack: RulePack, rule: RuleSpec, lang: str) -> dict[str, Any]:
    """One rule as data, explanations in ``lang``."""
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity,
        "kind": rule.kind,
        "section": rule.section,
        "section_title": _section_text(rule, pack, lang),
        "what": explanation(rule, "what", lang),
        "why": explanation(rule, "why", lang),
        "source": explanation(rule, "source", lang),
        "fix": explanation(rule, "fix", lang),
        "text_block": text_block(rule),
        "examples": {"pass": example(rule, "pass", lang), "fail": example(rule, "fail", lang)},
        "params": rule.params,
    }


def rules_data(pack: RulePack, rule_id: str | None, lang: str) -> dict[str, Any]:
    """``--format json``: the pack's rules, or one rule."""
    if rule_id:
        return rule_dict(pack, find_rule(pack, rule_id), lang)
    return {
        "pack": pack.label,
        "rules": [
            {
                "id": r.id,
                "name": r.name,
                "severity": r.severity,
                "section": r.section,
                "what": explanation(r, "what", lang),
            }
            for r in sorted(pack.rules, key=lambda r: r.id)
        ],
    }


def render_rules(
    pack: RulePack, rule_id: str | None, *, lang: str, fmt: str = "text", color: bool = False
) -> str:
    """What ``beredskab rules`` prints."""
    if fmt == "json":
        return json.dumps(rules_data(pack, rule_id, lang), ensure_ascii=False, indent=2)
    if rule_id:
        return explain_text(pack, rule_id, lang, color)
    return list_text(pack, lang, color)


@click.command(name="rules")
@click.argument("rule_id", required=False)
@click.option(
    "--rules",
    "pack_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Regelsæt (mappe) / rule pack folder (default: rules/cde-2024).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output: text eller/or json.",
)
@lang_option
@handle_errors
def rules(rule_id: str | None, pack_path: Path | None, fmt: str, lang: str | None) -> None:
    """Vis regelsættet, eller forklar én regel (fx INT002).

    Lists the rule pack, or explains one rule (e.g. INT002).
    """
    from beredskab.rulepack import load_pack

    language = resolve_lang(lang)
    pack = load_pack(pack_path)
    click.echo(render_rules(pack, rule_id, lang=language, fmt=fmt, color=sys.stdout.isatty()))
