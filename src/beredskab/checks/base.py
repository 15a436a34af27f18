"""What every kind of check shares: the template's own wording, text views of the plan
and its sections, and building a rendered ``Result``.

Template text never counts as plan content (issue 4: "no pass for any rule whose section
holds only guidance text"). ``pack.yaml`` lists the template's placeholders, its
instructions to the author, its guiding questions, bullet stubs and the heading of its
text-block appendix; ``content(ctx, p)`` is a paragraph's normalised text with all of
that removed. Kinds search that content, so a section holding only the template's
guidance is empty to every check, while a plan that copied a text block into its own
section (which the template invites) keeps that text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from rapidfuzz import fuzz

from beredskab.checks import CheckContext
from beredskab.facts import Evidence
from beredskab.i18n import LANGS, t
from beredskab.model import Paragraph
from beredskab.results import Outcome, Result
from beredskab.rulepack import RuleSpec
from beredskab.text import normalise

T = TypeVar("T")

EVIDENCE_LIMIT = 400
"""Quoted evidence is cut to this many characters (with an ellipsis)."""
MIN_CONTENT_WORDS = 3
"""A paragraph with fewer words left after removing template text is not content."""

_BULLET = re.compile(r"^[\s·•\-–*▪◦o]\s+|^[·•▪◦]")
_TRAIL = re.compile(r"[\s.:;,]+$")
_WORD = re.compile(r"[0-9a-zæøåäöüé]+")
_RATIO_WHOLE = 88.0
"""A paragraph this similar to a template sentence is that sentence (typos, edits)."""
_RATIO_PART = 92.0
"""A template sentence this similar to part of a paragraph is contained in it."""


def norm(text: str) -> str:
    """Normalised text without a leading bullet character or trailing punctuation."""
    return _TRAIL.sub("", _BULLET.sub("", normalise(text))).strip()


def memo(ctx: CheckContext, name: str, factory: Callable[[], T]) -> T:
    """Compute ``factory()`` once per plan (kept in ``ctx.cache``)."""
    if name not in ctx.cache:
        ctx.cache[name] = factory()
    value: T = ctx.cache[name]
    return value


# --- The template's own wording ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    """Normalised sentence."""
    words: frozenset[str]
    """Its longer words, for a cheap pre-filter before fuzzy comparison."""


@dataclass(frozen=True, slots=True)
class TemplateText:
    """The template's placeholders, instructions, questions, stubs and appendix heading."""

    placeholders: tuple[tuple[re.Pattern[str], str], ...]
    guidance: tuple[_Sentence, ...]
    guidance_patterns: tuple[re.Pattern[str], ...]
    questions: tuple[_Sentence, ...]
    stubs: frozenset[str]
    appendix: tuple[str, ...]


def _sentence(text: str) -> _Sentence:
    n = norm(text)
    return _Sentence(n, frozenset(w for w in _WORD.findall(n) if len(w) >= 4))


def template_text(ctx: CheckContext) -> TemplateText:
    def build() -> TemplateText:
        spec: dict[str, Any] = dict(ctx.pack.meta.get("template") or {})
        return TemplateText(
            placeholders=tuple(
                (re.compile(p["pattern"], re.IGNORECASE | re.MULTILINE), str(p["label"]))
                for p in spec.get("placeholders") or ()
            ),
            guidance=tuple(_sentence(s) for s in spec.get("guidance") or ()),
            guidance_patterns=tuple(
                re.compile(p, re.IGNORECASE) for p in spec.get("guidance_patterns") or ()
            ),
            questions=tuple(_sentence(s) for s in spec.get("questions") or ()),
            stubs=frozenset(norm(s) for s in spec.get("stubs") or ()),
            appendix=tuple(norm(s) for s in spec.get("appendix") or ()),
        )

    return memo(ctx, "template", build)


def _candidates(sentences: Iterable[_Sentence], words: set[str]) -> Iterable[_Sentence]:
    for s in sentences:
        if not s.words or len(s.words & words) * 2 >= len(s.words):
            yield s


def _remove(text: str, sentences: Iterable[_Sentence]) -> tuple[str, list[str]]:
    """``text`` with every template sentence found in it removed, and what was found."""
    found: list[str] = []
    words = set(_WORD.findall(text))
    for s in _candidates(sentences, words):
        if not text:
            break
        if s.text in text:
            text = norm(text.replace(s.text, " "))
            found.append(s.text)
        elif fuzz.ratio(text, s.text) >= _RATIO_WHOLE:
            found.append(s.text)
            text = ""
        elif 25 <= len(text) < len(s.text) and fuzz.partial_ratio(text, s.text) >= _RATIO_PART:
            found.append(s.text)  # a shortened template sentence
            text = ""
        elif len(s.text) >= 25 and len(text) > len(s.text):
            al = fuzz.partial_ratio_alignment(s.text, text, score_cutoff=_RATIO_PART)
            if al is not None:
                found.append(s.text)
                text = norm(text[: al.dest_start] + " " + text[al.dest_end :])
    return text, found


@dataclass(frozen=True, slots=True)
class Analysed:
    """One paragraph's text split into template wording and the plan's own content."""

    content: str
    """Normalised text with template guidance, questions, stubs and placeholders removed."""
    guidance: tuple[str, ...]
    """Template instructions found in the paragraph."""
    questions: tuple[str, ...]
    """Template guiding questions found in the paragraph."""
    placeholders: tuple[str, ...]
    """Labels of the template placeholders found."""
    stub: bool = False
    """The paragraph is only a template bullet stub ("Indhold", "Ansvarlig")."""
    normalised: str = ""
    """The whole paragraph normalised (``norm``), template wording included."""

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.content))

    @property
    def is_content(self) -> bool:
        return self.words >= MIN_CONTENT_WORDS

    @property
    def is_template(self) -> bool:
        """Only template wording (guidance, questions, stubs, placeholders), no content."""
        return not self.is_content and bool(
            self.guidance or self.questions or self.placeholders or self.stub
        )


def analyse(ctx: CheckContext, text: str) -> Analysed:
    """Split ``text`` into template wording and content (memoised per plan and text)."""
    cache: dict[str, Analysed] = memo(ctx, "analysed", dict)
    hit = cache.get(text)
    if hit is None:
        hit = cache[text] = _analyse(template_text(ctx), text)
    return hit


def _analyse(tt: TemplateText, raw: str) -> Analysed:
    text = normalised = norm(raw)
    labels = [label for rx, label in tt.placeholders if rx.search(text)]
    guidance: list[str] = [rx.pattern for rx in tt.guidance_patterns if rx.search(text)]
    if guidance:
        # An instruction recognised by its shape ("… tekst fra tekstblok 5 anvendes …"):
        # the sentence holding it is template text.
        text = " ".join(
            s for s in re.split(r"(?<=[.!?])\s+", text) if not _any_search(tt, s)
        ).strip()
    text, found_guidance = _remove(text, tt.guidance)
    text, found_questions = _remove(text, tt.questions)
    for pattern, label in tt.placeholders:
        if label in labels:
            text = pattern.sub(" ", text)
    text = norm(text)
    stub = text in tt.stubs
    if stub:
        text = ""
    return Analysed(
        text,
        tuple(guidance + found_guidance),
        tuple(found_questions),
        tuple(labels),
        stub,
        normalised,
    )


def _any_search(tt: TemplateText, sentence: str) -> bool:
    return any(rx.search(sentence) for rx in tt.guidance_patterns)


# --- Views of the plan --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph in a view: the paragraph, whether it is a heading, its analysis."""

    paragraph: Paragraph
    heading: bool
    analysed: Analysed

    @property
    def index(self) -> int | None:
        return self.paragraph.index


def appendix_start(ctx: CheckContext) -> int | None:
    """Paragraph index of the template's text-block appendix heading, if the plan kept it."""

    def find() -> int | None:
        tt = template_text(ctx)
        if not tt.appendix:
            return None
        for p in ctx.document.paragraphs():
            if p.index is None or p.in_toc or len(p.text) > 200:
                continue
            n = norm(p.text)
            if any(n.startswith(a[:40]) or fuzz.ratio(n, a) >= _RATIO_WHOLE for a in tt.appendix):
                return p.index
        return None

    return memo(ctx, "appendix", find)


def _in_plan(ctx: CheckContext, p: Paragraph) -> bool:
    start = appendix_start(ctx)
    return not p.in_toc and (start is None or p.index is None or p.index < start)


def plan_lines(ctx: CheckContext, *, include_headers: bool = True) -> list[Line]:
    """The whole plan's paragraphs (body, tables, text boxes; then headers and footers),
    table of contents and the template's text-block appendix left out."""

    def build() -> list[Line]:
        headings = {id(s.heading) for s in ctx.tree.walk() if s.heading is not None}
        lines = [
            Line(p, id(p) in headings, analyse(ctx, p.text))
            for p in ctx.document.paragraphs()
            if p.text and _in_plan(ctx, p)
        ]
        return lines

    body = memo(ctx, "plan-lines", build)
    if not include_headers:
        return body

    def with_headers() -> list[Line]:
        extra = [
            Line(p, False, analyse(ctx, p.text))
            for p in (*ctx.document.headers, *ctx.document.footers)
            if p.text
        ]
        return body + extra

    return memo(ctx, "plan-lines+headers", with_headers)


def haystack(ctx: CheckContext, lines: list[Line]) -> Haystack:
    """The haystack of ``lines``; built once per plan for the whole plan's lines."""
    if lines is plan_lines(ctx):
        return memo(ctx, "plan-haystack", lambda: Haystack(lines))
    return Haystack(lines)


def section_lines(ctx: CheckContext, key: str, *, subkeys: bool = True) -> list[Line] | None:
    """The paragraphs that belong to template key ``key`` (None when it was not found).

    With ``subkeys=False`` the text of sub-sections matched to other template keys is
    left out (the key's own text); sub-sections matched to no key always belong to it."""
    section = ctx.matching.section(key)
    if section is None:
        return None
    others = {
        id(m.section)
        for k, m in ctx.matching.matches.items()
        if k != key and m.section is not None and m.section is not section
    }
    out: list[Line] = []

    def visit(sec: Any) -> None:
        for p in sec.own_paragraphs():
            if p.text and _in_plan(ctx, p):
                out.append(Line(p, False, analyse(ctx, p.text)))
        for child in sec.children:
            if not subkeys and id(child) in others:
                continue
            if child.heading is not None and child.heading.text and _in_plan(ctx, child.heading):
                out.append(Line(child.heading, True, analyse(ctx, child.heading.text)))
            visit(child)

    visit(section)
    return out


def content_words(lines: Sequence[Line]) -> int:
    """Words of the plan's own content in ``lines`` (headings not counted)."""
    return sum(
        line.analysed.words for line in lines if not line.heading and line.analysed.is_content
    )


# --- Searching ----------------------------------------------------------------------------


_ESCAPE = re.compile(r"\\.")


def _case_flag(pattern: str) -> int:
    """Text is searched normalised (lower case), so a lower-case pattern needs no
    IGNORECASE, which makes Python's regex engine several times slower on long plans;
    a pattern with capitals still matches case-insensitively."""
    return re.IGNORECASE if any(c.isupper() for c in _ESCAPE.sub("", pattern)) else 0


@lru_cache(maxsize=4096)
def rx(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, matched case-insensitively on normalised text."""
    return re.compile(pattern, _case_flag(pattern))


@lru_cache(maxsize=1024)
def rx_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` (``^``/``$`` at line ends)."""
    flags = max((_case_flag(p) for p in patterns), default=0)
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags | re.MULTILINE)


_SEP = "\n.\n"
"""Between paragraphs in a haystack: no pattern crosses it (``.`` and ``[^.]`` stop)."""


class Haystack:
    """The contents of some lines joined into one text, so a pattern is searched once
    (in C) instead of once per paragraph; matches map back to their line."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = list(lines)
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            parts.append(line.analysed.content)
            pos += len(line.analysed.content) + len(_SEP)
        self.text = _SEP.join(parts)

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def first(self, patterns: Sequence[str]) -> tuple[Line, re.Match[str]] | None:
        if not patterns or not self.lines:
            return None
        m = rx_any(tuple(patterns)).search(self.text)
        return (self.lines[self.line_at(m.start())], m) if m else None

    def lines_with_all(self, groups: Sequence[Sequence[str]]) -> dict[int, int]:
        """For each line where the first group occurs: how many of ``groups`` occur in it.

        The first group is searched over the whole text; the others only in those lines
        (rules list their most specific group first)."""
        if not groups:
            return {}
        counts: dict[int, int] = {}
        others = [rx_any(tuple(g)) for g in groups[1:] if g]
        for pos in sorted(self.matching(groups[0])):
            content = self.lines[pos].analysed.content
            counts[pos] = 1 + sum(1 for c in others if c.search(content))
        return counts

    def matching(self, patterns: Sequence[str]) -> set[int]:
        """Positions (in ``lines``) of the lines where any of ``patterns`` occurs."""
        if not patterns or not self.lines:
            return set()
        return {self.line_at(m.start()) for m in rx_any(tuple(patterns)).finditer(self.text)}


def search(lines: Sequence[Line], patterns: Sequence[str]) -> tuple[Line, re.Match[str]] | None:
    """The first line whose content matches any of ``patterns``."""
    return Haystack(lines).first(patterns)


@dataclass(frozen=True, slots=True)
class Area:
    """Where a rule looks: the lines, the section key (None: whole plan), a description."""

    lines: list[Line]
    key: str | None
    fallback: bool = False
    """True when the rule's section was missing and the whole plan was searched instead."""


def area(rule: RuleSpec, ctx: CheckContext) -> Area | None:
    """The text a pattern rule searches: the whole plan (``scope: plan`` or no section),
    else its section plus ``also`` keys; when none is found, the whole plan if
    ``fallback: plan``, else None (the rule is not applicable; STR001 reports it)."""
    params = rule.params
    if params.get("scope") == "plan" or not rule.section:
        return Area(_excluded(plan_lines(ctx), params), None)
    keys = [rule.section, *params.get("also", ())]
    lines: list[Line] = []
    seen: set[int] = set()
    found_any = False
    for key in keys:
        part = section_lines(ctx, key)
        if part is None:
            continue
        found_any = True
        for line in part:
            if id(line.paragraph) not in seen:
                seen.add(id(line.paragraph))
                lines.append(line)
    if found_any:
        return Area(_excluded(lines, params), rule.section)
    if params.get("fallback") == "plan":
        return Area(_excluded(plan_lines(ctx), params), None, fallback=True)
    return None


def _excluded(lines: list[Line], params: dict[str, Any]) -> list[Line]:
    """``lines`` without those matching a pattern in ``params.exclude``."""
    patterns = [rx(p) for p in params.get("exclude") or ()]
    if not patterns:
        return lines
    return [ln for ln in lines if not any(p.search(ln.analysed.content) for p in patterns)]


# --- Results ------------------------------------------------------------------------------


def quote(text: str, limit: int = EVIDENCE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heading_of(ctx: CheckContext, key: str | None) -> str | None:
    """The plan's heading for template key ``key`` ("1.2 Vores mål"), or None."""
    if key is None:
        return None
    section = ctx.matching.section(key)
    return section.heading_text if section is not None and section.heading_text else None


def template_heading(ctx: CheckContext, key: str | None) -> str:
    """The template's own heading for ``key`` ("1.2 Mål")."""
    spec = ctx.pack.section(key) if key else None
    if spec is None:
        return key or ""
    return f"{spec.number} {spec.title}" if spec.number else spec.title


def searched(ctx: CheckContext, found: Area | None) -> str:
    """Evidence for "nothing found": where the rule looked (Danish, the plan's language)."""
    if found is None or found.key is None:
        return t("check.searched.plan", "da")
    heading = heading_of(ctx, found.key) or template_heading(ctx, found.key)
    indexes = [line.index for line in found.lines if line.index is not None]
    if indexes and min(indexes) == max(indexes):
        return t("check.searched.section-one", "da", heading=heading, index=indexes[0])
    if indexes:
        return t(
            "check.searched.section-range",
            "da",
            heading=heading,
            first=min(indexes),
            last=max(indexes),
        )
    return t("check.searched.section", "da", heading=heading)


def _value(value: Any, lang: str) -> str:
    if isinstance(value, dict) and set(value) <= set(LANGS) and value:
        return str(value.get(lang) or value.get("da") or "")
    if isinstance(value, list | tuple):
        items = [_value(v, lang) for v in value]
        if len(items) <= 1:
            return "".join(items)
        return t("check.list", lang, items=", ".join(items[:-1]), last=items[-1])
    return str(value)


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, Any], lang: str) -> str:
    """Fill ``{placeholders}`` (an unknown one stays visible, so tests catch it)."""
    filled = _Values({k: _value(v, lang) for k, v in values.items()})
    try:
        return template.format_map(filled)
    except (ValueError, IndexError):
        return template


def where(ctx: CheckContext, key: str | None, lang: str) -> str:
    if key is None:
        return t("check.where.plan", lang)
    heading = heading_of(ctx, key)
    if heading is not None:
        return t("check.where.section", lang, heading=heading)
    return t("check.where.template-section", lang, heading=template_heading(ctx, key))


def result(
    rule: RuleSpec,
    ctx: CheckContext,
    outcome: Outcome,
    variant: str | None = None,
    *,
    section: str | None = None,
    values: dict[str, Any] | None = None,
    evidence: str | None = None,
    paragraph: int | None = None,
    data: dict[str, Any] | None = None,
    per_section: bool = False,
    at: Evidence | None = None,
) -> Result:
    """A rendered result. The message is the rule's template for ``outcome.variant``,
    else for ``outcome``, else the generic one from ``messages/check.yaml``.

    ``section`` is the key the message talks about (default: the rule's section); it is
    stored on the result only for per-section rules (``per_section``)."""
    key = section if section is not None else rule.section
    vals: dict[str, Any] = {
        "rule": rule.id,
        "section_title": template_heading(ctx, key),
        "heading": heading_of(ctx, key) or template_heading(ctx, key),
    }
    vals.update(values or {})
    message: dict[str, str] = {}
    for lang in LANGS:
        lang_vals = dict(vals, where=where(ctx, key, lang))
        tmpl = _template(rule, outcome, variant, lang)
        if tmpl is None:
            generic = (
                f"check.outcome.{outcome}.{variant}" if variant else f"check.outcome.{outcome}"
            )
            tmpl = (
                t(generic, lang) if generic in _catalogue() else t(f"check.outcome.{outcome}", lang)
            )
        message[lang] = render(tmpl, lang_vals, lang)
    # Only rules with one result per section carry the key (spec/history.md); the
    # formatters place the others under their rule's section from the pack.
    stored = section if per_section else None
    if at is not None:
        evidence = evidence if evidence is not None else at.text
        paragraph = paragraph if paragraph is not None else at.paragraph
    return Result(
        rule=rule.id,
        name=rule.name,
        outcome=outcome,
        severity=rule.severity,
        message=message,
        section=stored,
        evidence=quote(evidence) if evidence else None,
        paragraph=paragraph,
        data=dict(data or {}),
    )


def _catalogue() -> dict[str, dict[str, str]]:
    from beredskab.i18n import catalogue

    return catalogue()


def _template(rule: RuleSpec, outcome: str, variant: str | None, lang: str) -> str | None:
    for name in ([f"{outcome}.{variant}"] if variant else []) + [outcome]:
        texts = rule.messages.get(name)
        if texts:
            return texts.get(lang) or texts.get("da")
    return None


def not_applicable_missing(rule: RuleSpec, ctx: CheckContext) -> Result:
    """The rule's section is not in the plan. STR001/STR002 report the absence, so the
    rule is not applicable, unless it says ``fallback: fail`` (without the section, what
    it asks for is not described)."""
    if rule.params.get("fallback") == "fail":
        heading = template_heading(ctx, rule.section)
        evidence = t("check.searched.headings", "da", heading=heading)
        return result(rule, ctx, "fail", "section-missing", evidence=evidence)
    return result(rule, ctx, "not-applicable", "section-missing")
