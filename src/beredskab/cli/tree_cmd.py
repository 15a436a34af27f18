"""``beredskab tree PLAN``: the outline the checker sees.

Prints the plan's sections with their numbers, titles, levels (as indentation), how each
heading was found (Word heading style or guessed), the confidence and how many
paragraphs each section holds itself. ``--format json`` prints the same outline as
``beredskab.tree.tree_to_dict`` describes (shape ``beredskab.tree/1``: nested nodes with
``number``, ``title``, ``heading_text``, ``level``, ``detection``, ``confidence``,
``first_paragraph``, ``paragraphs``, ``tables`` and ``children``).

A file that cannot be read as a Word document gives a clear message in Danish (or
English with ``--lang en``) and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from beredskab.cli.common import handle_errors, lang_option
from beredskab.i18n import resolve_lang, t
from beredskab.model import Table
from beredskab.tree import Section, SectionTree, build_tree, tree_to_dict

INDENT = "  "


def _count(key: str, count: int, lang: str) -> str:
    return t(f"{key}.one" if count == 1 else f"{key}.other", lang, count=count)


def _percent(confidence: float) -> str:
    return str(round(confidence * 100))


def _details(section: Section, lang: str) -> str:
    """``(overskrift, sikkerhed 100 %, 3 tekstafsnit)`` for one section."""
    parts: list[str] = []
    if section.detection != "front-matter":  # the front page needs no source
        parts.append(t(f"tree.detection.{section.detection}", lang))
        parts.append(t("tree.confidence", lang, percent=_percent(section.confidence)))
    parts.append(
        _count("tree.paragraphs", sum(1 for p in section.own_paragraphs() if p.text), lang)
    )
    tables = sum(1 for b in section.blocks if isinstance(b, Table))
    if tables:
        parts.append(_count("tree.tables", tables, lang))
    return "(" + ", ".join(parts) + ")"


def render_text(tree: SectionTree, lang: str, file_label: str) -> str:
    """The outline as text lines for the terminal, in ``lang``."""
    lines = [
        t("tree.heading", lang, file=file_label),
        t(f"tree.source.{tree.heading_source}", lang),
    ]
    lines.append("")
    front = tree.front_matter
    lines.append(f"{t('tree.front-matter', lang)} {_details(front, lang)}")
    sections = list(tree.walk())[1:]
    for s in sections:
        indent = INDENT * max(s.level - 1, 0)
        lines.append(f"{indent}{s.heading_text} {_details(s, lang)}")
    lines.append("")
    guessed = sum(1 for s in sections if s.detection == "heuristic")
    if guessed:
        lines.append(t("tree.summary-guessed", lang, count=len(sections), guessed=guessed))
    else:
        lines.append(t("tree.summary", lang, count=len(sections)))
    return "\n".join(lines)


def render_json(tree: SectionTree) -> str:
    """The outline as JSON (shape ``beredskab.tree/1``)."""
    return json.dumps(tree_to_dict(tree), ensure_ascii=False, indent=2)


@click.command(name="tree")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output som tekst eller JSON / output as text or JSON.",
)
@lang_option
@handle_errors
def tree(plan: Path, fmt: str, lang: str | None) -> None:
    """Vis planens afsnit, som tjekket ser dem / show the plan's outline as the checker sees it."""
    from beredskab.reader import read_document  # imported here: keeps `--help` fast

    chosen = resolve_lang(lang)
    section_tree = build_tree(read_document(plan))
    if fmt == "json":
        click.echo(render_json(section_tree))
    else:
        click.echo(render_text(section_tree, chosen, plan.name))
