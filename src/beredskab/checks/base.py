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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, itemgetter, le, ne
from typing import Any, TypeVar

from rapidfuzz import fuzz, process

from beredskab.cache import regex
from beredskab.checks import CheckContext
from beredskab.facts import Evidence, paragraph_list
from beredskab.i18n import LANGS, t
from beredskab.model import Document, Paragraph, slots_constructor
from beredskab.results import Outcome, Result
from beredskab.rulepack import RuleSpec
from beredskab.text import (
    TextLines,
    lower_words_many,
    normalise,
    normalise_many,
    normalise_many_nfc,
)

T = TypeVar("T")

EVIDENCE_LIMIT = 400
"""Quoted evidence is cut to this many characters (with an ellipsis)."""
MIN_CONTENT_WORDS = 3
"""A paragraph with fewer words left after removing template text is not content."""

_BULLET = regex(r"^[\s·•\-–*▪◦o]\s+|^[·•▪◦]")
_TRAIL = regex(r"[\s.:;,]+$")
_WORD = regex(r"[0-9a-zæøåäöüé]+")
_RATIO_WHOLE = 88.0
"""A paragraph this similar to a template sentence is that sentence (typos, edits)."""
_RATIO_PART = 92.0
"""A template sentence this similar to part of a paragraph is contained in it."""
_FUZZY_PART_MIN = 25
"""``_remove`` compares parts of texts (partial ratios) only from this length on."""
_RATIO_SPAN = 1.3
"""``fuzz.ratio`` ≥ ``_RATIO_WHOLE`` needs lengths within a factor 2/0.88 − 1 ≈ 1.27."""


def norm(text: str) -> str:
    """Normalised text without a leading bullet character or trailing punctuation."""
    return _TRAIL.sub("", _BULLET.sub("", normalise(text))).strip()


_BULLET_FIRST = frozenset(" ·•-–*▪◦o")
"""Every text ``_BULLET`` changes starts with one of these (a normalised text never
starts with white space)."""
_TRAIL_CHARS = " .:;,"
"""``_TRAIL`` on a normalised text (its only white space is single spaces)."""


def _strip_lines(normalised: Sequence[str]) -> list[str]:
    """``norm``'s bullet and trailing-punctuation removal on normalised texts."""
    out = []
    for n in normalised:
        if n[:1] in _BULLET_FIRST:
            n = _BULLET.sub("", n)
        out.append(n.rstrip(_TRAIL_CHARS).strip())
    return out


def _strip_again(stripped: list[str]) -> list[str]:
    """``_strip_lines(stripped)`` for texts ``_strip_lines`` gave from normalised texts
    (``normalise``: no white space but single inner spaces). Such a text only changes
    if it starts like a bullet (it has no white space at either end nor trailing
    punctuation left), so only those few are stripped again: a copy of the list and a
    C-level look at each text's first character instead of a Python step per text."""
    out = list(stripped)
    first = map(itemgetter(slice(None, 1)), stripped)
    for i in compress(range(len(out)), map(_BULLET_FIRST.__contains__, first)):
        out[i] = _strip_lines((stripped[i],))[0]
    return out


def norm_many(texts: Sequence[str]) -> list[str]:
    """``[norm(t) for t in texts]``, computed over the joined texts at once."""
    if not texts:
        return []
    return _strip_lines(normalise_many(texts))


def memo(ctx: CheckContext, name: str, factory: Callable[[], T]) -> T:
    """Compute ``factory()`` once per plan (kept in ``ctx.cache``)."""
    if name not in ctx.cache:
        ctx.cache[name] = factory()
    value: T = ctx.cache[name]
    return value


def paragraphs(ctx: CheckContext) -> list[Paragraph]:
    """``ctx.document.paragraphs()`` as a list, walked once per plan."""
    return _paragraph_list(ctx.document, ctx.cache)


def _paragraph_list(document: Document, cache: dict[str, Any]) -> list[Paragraph]:
    found: list[Paragraph] | None = cache.get("paragraphs")
    if found is None:
        # ``list(document.paragraphs())``: ``iter_paragraphs`` of the body, collected
        # without a generator per table cell.
        found = cache["paragraphs"] = paragraph_list(document.body)
    return found


def ratio_possible(a: str, b: str, cutoff: float) -> bool:
    """Whether ``fuzz.ratio(a, b)`` can reach ``cutoff``: it is 200·LCS/(len a + len b),
    and the longest common subsequence is at most the shorter text."""
    total = len(a) + len(b)
    return total == 0 or 200 * min(len(a), len(b)) >= cutoff * total - 1e-9


# --- The template's own wording ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence of the template's text blocks, as the template-text test compares it."""

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
    sentence_words: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Word → the long guidance and question sentences (by position) holding it."""
    long_words: frozenset[str] = frozenset()
    """The words of the long sentences (``sentence_words``'s keys)."""
    long_need: int = 1
    """The fewest words a text shares with a long sentence it is a candidate for."""
    short: tuple[_Sentence, ...] = ()
    """Sentences shorter than ``_FUZZY_PART_MIN``: only found whole or by ``fuzz.ratio``."""
    short_lengths: frozenset[int] = frozenset()
    """Lengths of text ``fuzz.ratio`` can find a short sentence in (a margin added)."""
    wordless: bool = False
    """A long sentence without words: a candidate for every text."""
    word_masks: dict[str, int] = field(default_factory=dict)
    need_offsets: int = 0
    top_bits: int = 0
    all_words: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Word → every guidance and question sentence (by position) holding it."""
    sentences: tuple[_Sentence, ...] = ()
    """The guidance and question sentences, in that order (the positions above)."""
    wordless_ids: tuple[int, ...] = ()
    """Positions of the sentences without words (a candidate for every text)."""

    def may_hold_long(self, words: Iterable[str]) -> bool:
        """Whether a text with ``words`` (distinct, each a word of a long sentence) is a
        candidate for some long guidance or question sentence (``_candidates``: sharing
        at least half of the sentence's words).

        The shared words of every sentence are counted at once: each word adds its
        ``word_masks`` number, which holds a 1 in an 8-bit field per sentence with the
        word; a field that reaches the sentence's need (``need_offsets`` adds 128 − need)
        sets its top bit."""
        masks = self.word_masks
        total = sum(masks[w] for w in words) + self.need_offsets
        return bool(total & self.top_bits)


def _sentence(text: str) -> _Sentence:
    n = norm(text)
    return _Sentence(n, frozenset(w for w in _WORD.findall(n) if len(w) >= 4))


def template_text(ctx: CheckContext) -> TemplateText:
    def build() -> TemplateText:
        spec: dict[str, Any] = dict(ctx.pack.meta.get("template") or {})
        guidance = tuple(_sentence(s) for s in spec.get("guidance") or ())
        questions = tuple(_sentence(s) for s in spec.get("questions") or ())
        index: dict[str, list[int]] = {}
        all_words: dict[str, list[int]] = {}
        masks: dict[str, int] = {}
        offsets = top = 0
        short: list[_Sentence] = []
        lengths: set[int] = set()
        need: list[int] = []
        for i, sentence in enumerate((*guidance, *questions)):
            for w in sentence.words:
                all_words.setdefault(w, []).append(i)
            if len(sentence.text) < _FUZZY_PART_MIN:
                short.append(sentence)
                n = len(sentence.text)
                lengths.update(range(int(n / _RATIO_SPAN) - 1, int(n * _RATIO_SPAN) + 2))
                continue
            need.append((len(sentence.words) + 1) // 2)
            offsets += (128 - min(need[-1], 127)) << (8 * i)
            top += 128 << (8 * i)
            for w in sentence.words:
                index.setdefault(w, []).append(i)
                masks[w] = masks.get(w, 0) + (1 << (8 * i))
        return TemplateText(
            placeholders=tuple(
                (regex(p["pattern"], re.IGNORECASE | re.MULTILINE), str(p["label"]))
                for p in spec.get("placeholders") or ()
            ),
            guidance=guidance,
            guidance_patterns=tuple(
                regex(p, re.IGNORECASE) for p in spec.get("guidance_patterns") or ()
            ),
            questions=questions,
            stubs=frozenset(norm(s) for s in spec.get("stubs") or ()),
            appendix=tuple(norm(s) for s in spec.get("appendix") or ()),
            sentence_words={w: tuple(ids) for w, ids in index.items()},
            long_words=frozenset(index),
            long_need=max(1, min(need, default=1)),
            short=tuple(short),
            short_lengths=frozenset(lengths),
            wordless=any(  # (or too many words for an 8-bit count)
                len(s.text) >= _FUZZY_PART_MIN and not 0 < len(s.words) < 127
                for s in (*guidance, *questions)
            ),
            word_masks=masks,
            need_offsets=offsets,
            top_bits=top,
            all_words={w: tuple(ids) for w, ids in all_words.items()},
            sentences=(*guidance, *questions),
            wordless_ids=tuple(i for i, s in enumerate((*guidance, *questions)) if not s.words),
        )

    def shared() -> TemplateText:
        # The same for every plan checked with the pack: built once per pack (and the
        # ``template`` block it holds; a pack is never changed in place).
        spec = ctx.pack.meta.get("template")
        hit = _TEMPLATES.get(id(ctx.pack))
        if hit is None or hit[0] is not ctx.pack or hit[1] is not spec:
            if len(_TEMPLATES) >= 8:
                _TEMPLATES.clear()
            hit = _TEMPLATES[id(ctx.pack)] = (ctx.pack, spec, build())
        return hit[2]

    return memo(ctx, "template", shared)


_TEMPLATES: dict[int, tuple[Any, Any, TemplateText]] = {}
"""Pack id → (the pack, its ``template`` block, its ``TemplateText``)."""


def _candidates(sentences: Iterable[_Sentence], words: set[str]) -> Iterable[_Sentence]:
    for s in sentences:
        if not s.words or len(s.words & words) * 2 >= len(s.words):
            yield s


def _remove(
    text: str, sentences: Iterable[_Sentence], tokens: Iterable[str] | None = None
) -> tuple[str, list[str]]:
    """``text`` with every template sentence found in it removed, and what was found
    (``tokens``: ``text``'s words, when already known)."""
    found: list[str] = []
    words = set(_WORD.findall(text) if tokens is None else tokens)
    for s in _candidates(sentences, words):
        if not text:
            break
        if s.text in text:
            text = norm(text.replace(s.text, " "))
            found.append(s.text)
        elif fuzz.ratio(text, s.text) >= _RATIO_WHOLE:
            found.append(s.text)
            text = ""
        elif (
            _FUZZY_PART_MIN <= len(text) < len(s.text)
            and fuzz.partial_ratio(text, s.text) >= _RATIO_PART
        ):
            found.append(s.text)  # a shortened template sentence
            text = ""
        elif len(s.text) >= _FUZZY_PART_MIN and len(text) > len(s.text):
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
    word_count: int = field(default=-1, repr=False, compare=False)
    """``words`` once computed (-1: not yet)."""

    @property
    def words(self) -> int:
        if self.word_count < 0:
            object.__setattr__(self, "word_count", len(_WORD.findall(self.content)))
        return self.word_count

    @property
    def is_content(self) -> bool:
        return self.words >= MIN_CONTENT_WORDS

    @property
    def is_template(self) -> bool:
        """Only template wording (guidance, questions, stubs, placeholders), no content."""
        return not self.is_content and bool(
            self.guidance or self.questions or self.placeholders or self.stub
        )


_ANALYSED_FIELDS = (
    "content",
    "guidance",
    "questions",
    "placeholders",
    "stub",
    "normalised",
    "word_count",
)


_new_analysed = slots_constructor(Analysed, "", (), (), (), False, "", 0)
"""``Analysed(...)`` with all fields given positionally, quicker (``model.slots_constructor``)."""


def _plain_factory() -> Callable[[str, bool, str, int], Analysed]:
    """``Analysed(content, (), (), (), stub, normalised, words)`` for a text without
    template wording (most texts of a plan)."""
    make = _new_analysed
    return lambda content, stub, normalised, words: make(
        content, (), (), (), stub, normalised, words
    )


_plain_analysed = _plain_factory()


def analyse(ctx: CheckContext, text: str) -> Analysed:
    """Split ``text`` into template wording and content (memoised per plan and text).

    The first call analyses every text of the document at once (``_analyse_all``)."""
    cache: dict[str, Analysed] | None = ctx.cache.get("analysed")
    if cache is None:
        cache = ctx.cache["analysed"] = _analyse_all(ctx)
    hit = cache.get(text)
    if hit is None:
        hit = cache[text] = _analyse(template_text(ctx), text)
        words: set[str] = ctx.cache.setdefault("vocabulary", set())
        found = _WORD.findall(hit.normalised)
        if not words.issuperset(found):
            words.update(found)
            ctx.cache.pop("vocabulary-text", None)
    return hit


def analysed_texts(ctx: CheckContext) -> dict[str, Analysed]:
    """The plan's analyses by text (every text of the document, ``_analyse_all``; more
    once ``analyse`` was asked about other texts): ``analyses.get(text) or analyse(ctx,
    text)`` is ``analyse(ctx, text)`` without a call per text."""
    cache: dict[str, Analysed] | None = ctx.cache.get("analysed")
    if cache is None:
        cache = ctx.cache["analysed"] = _analyse_all(ctx)
    return cache


def vocabulary(ctx: CheckContext) -> str:
    """The distinct words (``_WORD``) of every analysed text's normalised form, one per
    line. A word of an analysed text's ``content`` lies within one of them (removing
    template wording leaves a space where it was, never joins two words), so a piece of
    a literal (``_WORD.findall``) missing here is in no line's content (``TextLines``)."""
    _words(ctx.document, ctx.cache)
    return _vocabulary_text(ctx.cache)


def _document_texts(ctx: CheckContext) -> list[str]:
    return _texts_of(ctx.document, ctx.cache)


def _texts_of(document: Document, cache: dict[str, Any]) -> list[str]:
    """The document's distinct texts: paragraphs, headers, footers, content controls,
    title."""
    texts = [p.text for p in _paragraph_list(document, cache)]
    texts += [p.text for p in (*document.headers, *document.footers)]
    texts += [c.text for c in document.content_controls]
    if document.core.title:
        texts.append(document.core.title)
    distinct = dict.fromkeys(texts)  # in order of first appearance
    distinct.pop("", None)
    return list(distinct)


@dataclass(frozen=True, slots=True)
class _Words:
    """The document's texts normalised and their words, computed once per plan."""

    texts: list[str]
    normalised: list[str]
    """``norm`` of each text."""
    token_lists: list[list[str]] | list[list[bytes]]
    """``_WORD.findall`` of each normalised text, as Latin-1 bytes when ``encoded``."""
    nfc: bool
    """Every text was in NFC already."""
    encoded: bool = False


def _words(document: Document, cache: dict[str, Any]) -> _Words:
    """The document's ``_Words``; also starts the plan's ``vocabulary``: the words of
    every text's ``norm`` and "o" (the one word character ``norm`` may drop, a bullet
    "o "), so the words of a text's ``normalise`` lie within them as well."""
    words: _Words | None = cache.get("words")
    if words is None:
        texts = _texts_of(document, cache)
        normalised, nfc = normalise_many_nfc(texts)
        normalised = _strip_lines(normalised)
        encoded = lower_words_many(normalised)  # (``_WORD`` and ``LOWER_WORD`` are one)
        vocab: set[str]
        if encoded is not None:
            words = cache["words"] = _Words(texts, normalised, encoded, nfc, True)
            vocab = {w.decode("latin-1") for w in set().union(*encoded)}
        else:
            token_lists = [_WORD.findall(n) for n in normalised]
            words = cache["words"] = _Words(texts, normalised, token_lists, nfc)
            vocab = set().union(*token_lists)
        vocab.add("o")
        cache["vocabulary"] = vocab
        cache.pop("vocabulary-text", None)
    return words


def _word_views(
    shared: _Words, tt: TemplateText
) -> tuple[Callable[[Sequence[Any]], bool], Callable[[int], list[str]], dict[Any, tuple[int, ...]]]:
    """For ``_analyse_all``: whether a text is a candidate for a long guidance or
    question sentence (``TemplateText.may_hold_long`` of the text's words shared with
    those sentences, from its token list), a text's words as text (by position), and
    ``TemplateText.all_words`` keyed like the token lists (for ``_changes``)."""
    masks: dict[Any, int] = tt.word_masks
    all_words: dict[Any, tuple[int, ...]] = tt.all_words
    words_of: Callable[[int], list[str]]
    if shared.encoded:
        # Latin-1 token lists: the masks and sentences by the words' bytes (a word
        # outside Latin-1 is in no text), so the shared words need no decoding.
        masks = {w.encode("latin-1"): m for w, m in masks.items() if _latin1(w)}
        all_words = {w.encode("latin-1"): ids for w, ids in all_words.items() if _latin1(w)}
        normalised, findall = shared.normalised, _WORD.findall

        def words_of(i: int) -> list[str]:
            return findall(normalised[i])
    else:
        lists: list[list[str]] = shared.token_lists  # type: ignore[assignment]
        words_of = lists.__getitem__
    shared_words = frozenset(masks).intersection
    weight = masks.__getitem__
    need, offsets, top = tt.long_need, tt.need_offsets, tt.top_bits

    def holds_long(tokens: Sequence[Any]) -> bool:
        common = shared_words(tokens)
        return (
            bool(common)
            and len(common) >= need
            and bool((sum(map(weight, common)) + offsets) & top)
        )

    return holds_long, words_of, all_words


def _latin1(word: str) -> bool:
    try:
        word.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _vocabulary_text(cache: dict[str, Any]) -> str:
    text: str | None = cache.get("vocabulary-text")
    if text is None:
        text = cache["vocabulary-text"] = "\n".join(cache["vocabulary"])
    return text


def document_vocabulary(document: Document, cache: dict[str, Any]) -> Callable[[], str] | None:
    """For the facts, before the checks (``cache`` becomes the plan's ``CheckContext``
    cache): a getter of the plan's distinct words (one per line) within which every word
    of the ``lower()`` of the document's texts, and of texts joined from them (table
    rows), lies; None when some text is not in NFC (then normalising may change words).
    For ``CaseTexts(tokens=…)``."""
    if not _words(document, cache).nfc:
        return None
    return lambda: _vocabulary_text(cache)


def _analyse_all(ctx: CheckContext) -> dict[str, Analysed]:
    """``_analyse`` of every text of the document, fast for the (many) texts without any
    template wording: such a text is told apart by a few scans over all texts joined,
    and only texts that may hold template wording go through ``_analyse`` one by one."""
    shared = _words(ctx.document, ctx.cache)
    texts, normalised, token_lists = shared.texts, shared.normalised, shared.token_lists
    tt = template_text(ctx)
    content = _strip_again(normalised)  # ``_analyse`` normalises once more at its end
    cache = ctx.cache
    lines = TextLines(normalised, "\n", lambda: _vocabulary_text(cache), _WORD.findall)
    maybe: set[int] = set()
    for pattern in (*(p for p, _ in tt.placeholders), *tt.guidance_patterns):
        for i in lines.candidates_or_all(pattern.pattern, pattern.flags):
            if pattern.search(normalised[i]):
                maybe.add(i)
    # Guidance and questions (``_remove``): a short sentence only whole (a substring)
    # or by ``fuzz.ratio`` (a text of about its length); a long one only in a candidate
    # text (``_candidates``: sharing at least half of its words).
    for sentence in tt.short:
        maybe.update(lines.with_literal(sentence.text))
    # Texts that may hold a sentence, with their words: every text when a long
    # sentence has no words, else those of a length ``fuzz.ratio`` can find a short
    # sentence in (picked by C-level passes) and the long sentences' candidates; none
    # of ``maybe``, no empty one.
    short_lengths = tt.short_lengths
    positions = range(len(texts))
    holds_long, words_of, all_words = _word_views(shared, tt)
    if tt.wordless:
        chosen: Iterable[int] = positions
    else:
        probed = _long_candidates(tt, cache.get("vocabulary"), lines)
        tested = positions if probed is None else sorted(probed)
        chosen = {
            *compress(positions, map(short_lengths.__contains__, map(len, normalised))),
            *(i for i in tested if holds_long(token_lists[i])),
        }
    may_hold = [i for i in chosen if i not in maybe and normalised[i]]
    # Every text as one without template wording (C-level passes over all texts: a
    # text's words counted unless its content differs from its normalised form, a stub
    # without content), then the few that hold some replaced by their analysis.
    words = list(map(len, token_lists))
    for i in compress(positions, map(ne, content, normalised)):
        words[i] = -1
    # Stubs are short: only texts no longer than the longest are looked up (no hash of
    # every text).
    stubs = [False] * len(texts)
    longest = max(map(len, tt.stubs), default=-1)
    for i in compress(positions, map(le, map(len, content), repeat(longest))):
        if content[i] in tt.stubs:
            stubs[i] = True
            words[i], content[i] = -1, ""
    empty = repeat(())  # (no guidance, questions nor placeholders)
    made = map(_new_analysed, content, empty, empty, empty, stubs, normalised, words)
    out = dict(zip(texts, made, strict=True))
    for i in sorted(maybe):
        out[texts[i]] = _analyse(tt, texts[i])
    for i in may_hold:  # (their token lists as they are: bytes when encoded)
        if _changes(tt, normalised[i], token_lists[i], all_words):
            # no placeholder, no guidance pattern: ``_analyse`` from its sentence removal
            out[texts[i]] = _finish(tt, normalised[i], normalised[i], [], [], words_of(i))
    return out


_LONG_PROBES = 8
"""``_long_candidates`` searches for at most this many words (else every text is
tested on its own)."""


def _long_candidates(
    tt: TemplateText, vocabulary: set[str] | None, lines: TextLines
) -> set[int] | None:
    """Positions of the texts (of ``lines``) that may be candidates for a long guidance
    or question sentence (``TemplateText.may_hold_long``: sharing at least half of its
    words), a superset; None: every text may be.

    A sentence with fewer than half of its words among the plan's words
    (``vocabulary``, which holds every word of every text) is no text's candidate.
    A text sharing ``need`` of the ``k`` words another sentence has in the plan holds
    one of any ``k − need + 1`` of them (the longest are taken: likely the rarest), so
    the texts holding one of those (as text, ``with_literal``) are the only ones."""
    if vocabulary is None:
        return None
    probes: set[str] = set()
    for sentence in (*tt.guidance, *tt.questions):
        if len(sentence.text) < _FUZZY_PART_MIN:
            continue  # a short sentence (``TemplateText.short``)
        present = sentence.words & vocabulary
        need = (len(sentence.words) + 1) // 2
        if len(present) < need:
            continue
        longest = sorted(present, key=lambda w: (-len(w), w))
        probes.update(longest[: len(present) - need + 1])
        if len(probes) > _LONG_PROBES:
            return None
    found: set[int] = set()
    for word in probes:
        found.update(lines.with_literal(word))
    return found


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
    return _finish(tt, text, normalised, labels, guidance)


def _changes(
    tt: TemplateText,
    text: str,
    tokens: Sequence[Any],
    all_words: dict[Any, tuple[int, ...]] | None = None,
) -> bool:
    """Whether ``_remove`` finds any guidance or question sentence in ``text`` (its
    words ``tokens``): its tests, on the text as it is until something is found.
    ``all_words``: ``tt.all_words`` keyed like ``tokens`` (their Latin-1 bytes)."""
    if all_words is None:
        all_words = tt.all_words
    words = set(tokens)
    hits: dict[int, int] = {}
    for w in all_words.keys() & words:
        for i in all_words[w]:
            hits[i] = hits.get(i, 0) + 1
    sentences = tt.sentences
    for i in sorted({*hits, *tt.wordless_ids}):
        s = sentences[i]
        if s.words and hits.get(i, 0) * 2 < len(s.words):
            continue  # not a candidate (``_candidates``)
        if (
            s.text in text
            or (
                ratio_possible(text, s.text, _RATIO_WHOLE)
                and fuzz.ratio(text, s.text) >= _RATIO_WHOLE
            )
            or (
                _FUZZY_PART_MIN <= len(text) < len(s.text)
                and fuzz.partial_ratio(text, s.text) >= _RATIO_PART
            )
            or (
                len(s.text) >= _FUZZY_PART_MIN
                and len(text) > len(s.text)
                and fuzz.partial_ratio_alignment(s.text, text, score_cutoff=_RATIO_PART) is not None
            )
        ):
            return True
    return False


def _finish(
    tt: TemplateText,
    text: str,
    normalised: str,
    labels: list[str],
    guidance: list[str],
    tokens: Iterable[str] | None = None,
) -> Analysed:
    """``_analyse`` after the placeholders and guidance patterns were looked for."""
    text, found_guidance = _remove(text, tt.guidance, tokens)
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


_new_line = slots_constructor(Line, Paragraph(""), False, None)
"""``Line(paragraph, heading, analysed)``, quicker (``model.slots_constructor``)."""
_TEXT = attrgetter("text")
_CONTENT = attrgetter("analysed.content")


def appendix_start(ctx: CheckContext) -> int | None:
    """Paragraph index of the template's text-block appendix heading, if the plan kept it."""

    def find() -> int | None:
        tt = template_text(ctx)
        if not tt.appendix:
            return None
        eligible = [
            p
            for p in paragraphs(ctx)
            if p.index is not None and not p.in_toc and len(p.text) <= 200
        ]
        known = analysed_texts(ctx)
        texts = [  # norm
            (known.get(p.text) or analyse(ctx, p.text)).normalised if p.text else ""
            for p in eligible
        ]
        # The first paragraph that starts like an appendix heading or is that similar to
        # it (fuzz.ratio, all texts compared at once).
        first = len(texts)
        joined = "\n" + "\n".join(texts)  # (normalised: no text holds a line break)
        for a in tt.appendix:
            # The first text starting with the prefix: found in all texts joined.
            at = joined.find("\n" + a[:40])
            if at >= 0:
                first = min(first, joined.count("\n", 0, at))
            for _, _, k in process.extract(
                a, texts[:first], scorer=fuzz.ratio, score_cutoff=_RATIO_WHOLE, limit=None
            ):
                first = min(first, k)
        return eligible[first].index if first < len(eligible) else None

    return memo(ctx, "appendix", find)


def _in_plan(ctx: CheckContext, p: Paragraph) -> bool:
    start = appendix_start(ctx)
    return not p.in_toc and (start is None or p.index is None or p.index < start)


def _in_plan_test(ctx: CheckContext) -> Callable[[Paragraph], bool]:
    """``_in_plan`` with the appendix looked up once."""
    start = appendix_start(ctx)
    if start is None:
        return lambda p: not p.in_toc
    return lambda p: not p.in_toc and (p.index is None or p.index < start)


def plan_lines(ctx: CheckContext, *, include_headers: bool = True) -> list[Line]:
    """The whole plan's paragraphs (body, tables, text boxes; then headers and footers),
    table of contents and the template's text-block appendix left out."""

    def build() -> list[Line]:
        headings = {id(s.heading) for s in ctx.tree.walk() if s.heading is not None}
        start = appendix_start(ctx)  # (``_in_plan`` written out)
        if start is None:
            kept = [p for p in paragraphs(ctx) if p.text and not p.in_toc]
        else:
            kept = [
                p
                for p in paragraphs(ctx)
                if p.text and not p.in_toc and (p.index is None or p.index < start)
            ]
        # The lines' parts gathered by C-level passes over the kept paragraphs.
        texts = list(map(_TEXT, kept))
        known = analysed_texts(ctx)  # every text of the document, at once
        try:
            analyses = list(map(known.__getitem__, texts))
        except KeyError:  # (not seen: ``known`` holds every paragraph's text)
            analyses = [known.get(text) or analyse(ctx, text) for text in texts]
        is_heading = map(headings.__contains__, map(id, kept))
        return list(map(_new_line, kept, is_heading, analyses))

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
    """The haystack of ``lines``, built once per plan for each list of lines (the whole
    plan's, a rule's ``area``)."""
    built: dict[int, tuple[list[Line], Haystack]] = memo(ctx, "haystacks", dict)
    hit = built.get(id(lines))
    if hit is None or hit[0] is not lines:
        hit = built[id(lines)] = (lines, Haystack(lines, lambda: vocabulary(ctx), _WORD.findall))
        # (the list is kept in the memo, so its id stays unique)
    return hit[1]


def section_lines(ctx: CheckContext, key: str, *, subkeys: bool = True) -> list[Line] | None:
    """The paragraphs that belong to template key ``key`` (None when it was not found).

    With ``subkeys=False`` the text of sub-sections matched to other template keys is
    left out (the key's own text); sub-sections matched to no key always belong to it."""
    section = ctx.matching.section(key)
    if section is None:
        return None
    views: dict[tuple[str, bool], list[Line]] = memo(ctx, "section-lines", dict)
    view = views.get((key, subkeys))
    if view is None:
        view = views[(key, subkeys)] = _section_view(ctx, key, section, subkeys)
    return list(view)


def own_lines(ctx: CheckContext, section: Any) -> list[Line]:
    """A section's own paragraphs with text (not its sub-sections'), table of contents
    and text-block appendix left out; built once per plan and section."""
    own: dict[int, tuple[Any, list[Line]]] = memo(ctx, "own-lines", dict)
    hit = own.get(id(section))
    if hit is None or hit[0] is not section:
        # The plan's own lines of these paragraphs (not headings: a section's blocks
        # never hold a heading), else new ones.
        known = memo(ctx, "plan-line-of", lambda: _line_of(plan_lines(ctx)))
        start = appendix_start(ctx)  # (``_in_plan`` written out)
        lines = []
        for p in paragraph_list(section.blocks):  # ``section.own_paragraphs()``
            if p.text and not p.in_toc and (start is None or p.index is None or p.index < start):
                line = known.get(id(p))
                lines.append(line if line is not None else Line(p, False, analyse(ctx, p.text)))
        hit = own[id(section)] = (section, lines)
    return hit[1]


def _line_of(lines: list[Line]) -> dict[int, Line]:
    return {id(line.paragraph): line for line in lines if not line.heading}


def _section_view(ctx: CheckContext, key: str, section: Any, subkeys: bool) -> list[Line]:
    others = (
        set()
        if subkeys
        else {
            id(m.section)
            for k, m in ctx.matching.matches.items()
            if k != key and m.section is not None and m.section is not section
        }
    )
    out: list[Line] = []

    def visit(sec: Any) -> None:
        out.extend(own_lines(ctx, sec))
        for child in sec.children:
            if id(child) in others:
                continue
            if child.heading is not None and child.heading.text and _in_plan(ctx, child.heading):
                out.append(Line(child.heading, True, analyse(ctx, child.heading.text)))
            visit(child)

    visit(section)
    return out


def content_words(lines: Sequence[Line]) -> int:
    """Words of the plan's own content in ``lines`` (headings not counted)."""
    # ``is_content`` is ``words >= MIN_CONTENT_WORDS``: each line's words read once.
    counts = [line.analysed.words for line in lines if not line.heading]
    return sum(n for n in counts if n >= MIN_CONTENT_WORDS)


# --- Searching ----------------------------------------------------------------------------


_ESCAPE = regex(r"\\.")


def _case_flag(pattern: str) -> int:
    """Text is searched normalised (lower case), so a lower-case pattern needs no
    IGNORECASE, which makes Python's regex engine several times slower on long plans;
    a pattern with capitals still matches case-insensitively."""
    return re.IGNORECASE if any(c.isupper() for c in _ESCAPE.sub("", pattern)) else 0


@lru_cache(maxsize=4096)
def rx(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, matched case-insensitively on normalised text."""
    return regex(pattern, _case_flag(pattern))


@lru_cache(maxsize=1024)
def _any_flags(patterns: tuple[str, ...]) -> int:
    return max((_case_flag(p) for p in patterns), default=0) | re.MULTILINE


@lru_cache(maxsize=1024)
def rx_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` (``^``/``$`` at line ends)."""
    return regex("|".join(f"(?:{p})" for p in patterns), _any_flags(patterns))


_GROUP_REFERENCE = regex(r"\\[1-9]|\(\?P=|\(\?\(")
"""A back reference or a condition on a group (its number differs in an alternation);
also some escaped backslashes before a digit, which only costs the quick path."""


@lru_cache(maxsize=1024)
def _alternatives(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...] | None:
    """Each of ``patterns`` compiled on its own with ``rx_any``'s flags: a text holds a
    match of ``rx_any(patterns)`` if and only if it holds a match of one of these (an
    alternation matches where one of its branches does). Python's regex engine tries
    every branch at every position of an alternation, while a pattern that starts with
    literal text skips quickly to where that text is: on a long plan several times
    quicker. None for a single pattern, or when a pattern refers to a group."""
    if len(patterns) < 2 or any(_GROUP_REFERENCE.search(p) for p in patterns):
        return None
    flags = _any_flags(patterns)
    return tuple(regex(p, flags) for p in patterns)


_SEP = "\n.\n"
"""Between paragraphs in a haystack: no pattern crosses it (``.`` and ``[^.]`` stop)."""


class Haystack:
    """The contents of some lines, searched for a rule's patterns: only the lines that
    hold a literal piece of text every match needs (``TextLines``) are tried; a pattern
    without such a piece is searched once over the joined contents (in C) and its
    matches map back to their line."""

    def __init__(
        self,
        lines: Sequence[Line],
        tokens: Callable[[], str] | None = None,
        pieces: Callable[[str], list[str]] = str.split,
    ) -> None:
        """``tokens``: the document's distinct tokens, ``pieces``: how a literal splits
        into parts within one token (``TextLines``), when known."""
        self.lines = list(lines)
        contents = list(map(_CONTENT, self.lines))
        self.index = TextLines(contents, _SEP, tokens, pieces)
        self.starts = self.index.starts
        self.text = self.index.text

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def _candidates(self, patterns: Sequence[str]) -> list[int] | None:
        flags = _any_flags(tuple(patterns))
        found: set[int] = set()
        for pattern in patterns:
            lines = self.index.candidates(pattern, flags)
            if lines is None:
                return None
            found.update(lines)
        return sorted(found)

    def _each(self, patterns: Sequence[str]) -> list[tuple[re.Pattern[str], list[int]]] | None:
        """Each pattern compiled on its own (``_alternatives``) with the positions of the
        lines that may match it (those holding one of its required literals); None when
        the patterns are searched as one alternation (one pattern, a group reference, a
        pattern without a required literal)."""
        key = tuple(patterns)
        alternatives = _alternatives(key)
        if alternatives is None:
            return None
        flags = _any_flags(key)
        out = []
        for pattern, compiled in zip(patterns, alternatives, strict=True):
            lines = self.index.candidates(pattern, flags)
            if lines is None:
                return None
            out.append((compiled, lines))
        return out

    def first(self, patterns: Sequence[str]) -> tuple[Line, re.Match[str]] | None:
        if not patterns or not self.lines:
            return None
        compiled = rx_any(tuple(patterns))
        each = self._each(patterns)
        if each is not None:
            # The first line holding a match of any pattern (each searched alone, only
            # up to the best line so far), then the alternation's match in that line.
            best = len(self.lines)
            for alone, lines in each:
                for pos in lines:
                    if pos >= best:
                        break
                    if alone.search(self.lines[pos].analysed.content):
                        best = pos
                        break
            if best == len(self.lines):
                return None
            line = self.lines[best]
            m = compiled.search(line.analysed.content)
            return (line, m) if m is not None else None  # (always a match)
        candidates = self._candidates(patterns)
        if candidates is not None:
            for pos in candidates:
                m = compiled.search(self.lines[pos].analysed.content)
                if m is not None:
                    return self.lines[pos], m
            return None
        m = compiled.search(self.text)
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
        each = self._each(patterns)
        if each is not None:  # each pattern alone, in the lines that may match it
            found: set[int] = set()
            lines = self.lines
            for alone, positions in each:
                search = alone.search
                found.update(
                    pos
                    for pos in positions
                    if pos not in found and search(lines[pos].analysed.content)
                )
            return found
        compiled = rx_any(tuple(patterns))
        candidates = self._candidates(patterns)
        if candidates is not None:
            return {pos for pos in candidates if compiled.search(self.lines[pos].analysed.content)}
        return {self.line_at(m.start()) for m in compiled.finditer(self.text)}


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
    key = (
        params.get("scope"),
        rule.section,
        tuple(params.get("also", ())),
        tuple(params.get("exclude") or ()),
        params.get("fallback"),
    )
    areas: dict[tuple[Any, ...], Area | None] = memo(ctx, "areas", dict)
    if key not in areas:
        areas[key] = _area(rule, ctx)
    return areas[key]


def _area(rule: RuleSpec, ctx: CheckContext) -> Area | None:
    params = rule.params
    if params.get("scope") == "plan" or not rule.section:
        return Area(_excluded(ctx, plan_lines(ctx), params), None)
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
        return Area(_excluded(ctx, lines, params), rule.section)
    if params.get("fallback") == "plan":
        return Area(_excluded(ctx, plan_lines(ctx), params), None, fallback=True)
    return None


_EXCLUDE_BY_INDEX = 200
"""``_excluded`` looks for the excluded lines of this many lines or more through their
haystack (only the lines holding a pattern's literal are searched)."""


def _excluded(ctx: CheckContext, lines: list[Line], params: dict[str, Any]) -> list[Line]:
    """``lines`` without those matching a pattern in ``params.exclude`` (``lines``
    itself when none does, so the plan's lines keep their one haystack)."""
    patterns = [rx(p) for p in params.get("exclude") or ()]
    if not patterns:
        return lines
    if len(lines) < _EXCLUDE_BY_INDEX:
        return [ln for ln in lines if not any(p.search(ln.analysed.content) for p in patterns)]
    index = haystack(ctx, lines).index
    dropped: set[int] = set()
    for p in patterns:
        for pos in index.candidates_or_all(p.pattern, p.flags):
            if pos not in dropped and p.search(lines[pos].analysed.content):
                dropped.add(pos)
    if not dropped:
        return lines
    return [ln for pos, ln in enumerate(lines) if pos not in dropped]


# --- Results ------------------------------------------------------------------------------


def quote(text: str, limit: int = EVIDENCE_LIMIT) -> str:
    # A folded text (the reader's paragraph text: its only white space single inner
    # spaces; every other white-space character is unprintable) is its own
    # ``" ".join(text.split())``: told by C-level tests, without splitting it.
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
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
    if not key:
        return key or ""
    # Every key's heading made once per plan (``pack.section`` walks the catalogue,
    # and each result asks for its key's heading).
    headings: dict[str, str] | None = ctx.cache.get("template-headings")
    if headings is None:
        headings = ctx.cache["template-headings"] = {}
        for spec in ctx.pack.sections:  # (the first spec of a key, as ``pack.section``)
            heading = f"{spec.number} {spec.title}" if spec.number else spec.title
            headings.setdefault(spec.key, heading)
    return headings.get(key, key)


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
    """``values`` as text in ``lang`` (``_value``), each made when the template asks for
    it (``format_map`` looks every placeholder up here): a message uses a few of the
    values it is given, and a plan's ~60 results each render two messages. An unknown
    placeholder stays visible."""

    __slots__ = ("_lang", "_raw")

    def __init__(self, values: dict[str, Any], lang: str) -> None:
        super().__init__()
        self._raw, self._lang = values, lang

    def __missing__(self, key: str) -> str:
        if key in self._raw:
            return _value(self._raw[key], self._lang)
        return "{" + key + "}"


def render(template: str, values: dict[str, Any], lang: str) -> str:
    """Fill ``{placeholders}`` (an unknown one stays visible, so tests catch it)."""
    filled = _Values(values, lang)
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
    title = template_heading(ctx, key)
    vals: dict[str, Any] = {
        "rule": rule.id,
        "section_title": title,
        "heading": heading_of(ctx, key) or title,
    }
    vals.update(values or {})
    message: dict[str, str] = {}
    for lang in LANGS:
        tmpl = _template(rule, outcome, variant, lang)
        if tmpl is None:
            generic = (
                f"check.outcome.{outcome}.{variant}" if variant else f"check.outcome.{outcome}"
            )
            tmpl = (
                t(generic, lang) if generic in _catalogue() else t(f"check.outcome.{outcome}", lang)
            )
        # "where" (a message looked up and filled) only for a template that can use it.
        lang_vals = dict(vals, where=where(ctx, key, lang)) if "where" in tmpl else vals
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
