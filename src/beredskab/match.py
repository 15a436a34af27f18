"""Matching the plan's sections to the template's keys (stage 3 of the pipeline).

``match_sections(tree, pack.sections)`` makes one assignment for the whole document
(not greedy per heading) from normalised Danish text, stems, synonyms, fuzzy similarity,
the template's order and section numbers. A heading that covers two keys ("Formål,
vision og mål") may satisfy both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from beredskab.cache import regex
from beredskab.i18n import t
from beredskab.model import Block, Paragraph, Table, iter_paragraphs, slots_constructor
from beredskab.reference import find_municipality_mentions
from beredskab.rulepack import SectionSpec
from beredskab.text import fold, stem, words
from beredskab.tree import Section, SectionTree


@dataclass(frozen=True, slots=True)
class SectionMatch:
    """One template key and the plan section matched to it (if any), with how and how sure."""

    key: str
    section: Section | None
    """The plan section matched to the key, or None when the key was not found."""
    confidence: float
    method: str
    """"number+title", "synonym", "fuzzy", "keywords", "merged", "content", "none" …"""

    @property
    def found(self) -> bool:
        return self.section is not None


@dataclass(frozen=True, slots=True)
class Matching:
    """The whole document's assignment of plan sections to the template's keys."""

    matches: dict[str, SectionMatch]
    """One entry per catalogue key, found or not."""
    unmatched: tuple[Section, ...]
    """Plan sections matched to no key (front matter excluded)."""

    def section(self, key: str) -> Section | None:
        m = self.matches.get(key)
        return m.section if m else None

    def paragraphs(self, key: str) -> Iterator[Paragraph]:
        """The text that belongs to ``key``: the matched section's own paragraphs and its
        descendants' (headings included). Empty when the key was not found."""
        s = self.section(key)
        if s is not None:
            yield from s.all_paragraphs()


# --- the matcher ------------------------------------------------------------------------
#
# Method. Every plan section (front matter excluded) is scored against every catalogue key:
#
#   text score (0–1), the best of
#     * title/synonym similarity on Danish stems: the share of the phrase's stems the
#       heading covers (recall, which must be high), softened by how much else the
#       heading says (precision): ``recall² · (0.6 + 0.4 · precision)``; stop words
#       ignored, generic domain words ("ekstremisme", "beredskab") weighted low, æ/ø/å
#       folded, municipality names and "[KOMMUNENS NAVN]" read as the word "kommune"
#       ("Infohus Skive" = "Infohus kommune");
#     * fuzzy similarity (rapidfuzz ratio ≥ 0.92) of the letters alone, for spelling and
#       compound variants ("Infohussamarbejdet" / "Infohus-samarbejdet");
#     * keywords of the key found as a stem or as the start of a compound word (0.5–0.65
#       when they make up half the heading, else 0.35: weak evidence needing the priors);
#   priors, added only when the text score is at least ``TEXT_FLOOR``:
#     * the plan's number equals the template's number ("1.2" → intro.goals): +0.15;
#     * the plan section's parent heading fits the key's parent key: +0.1;
#     * shape: a section with sub-sections fits a chapter key, a nested one a child key: +0.03;
#     * position: the section's relative place in the plan near the key's place in the
#       template: up to +0.05; required keys +0.02, recommended +0.01 (tie-breakers).
#
# One assignment for the whole document: the Hungarian method (Kuhn–Munkres, shortest
# augmenting paths, implemented below; no scipy) maximises the summed score over all
# key↔section pairs, so a heading never takes a key that another heading fits better
# unless that raises the document's total. A heading that names several things
# ("Formål, vision og mål", split on commas, "og", "samt", "&", "/") also enters the
# assignment once per part, at 0.9 of the part's title/synonym score (not keywords): it
# may satisfy several keys, and every key it satisfies is reported with method "merged".
# A key left over may also share the section of its parent or child key when that
# heading fits it well ("2 Organisering af indsatsen" is the chapter and its organisation
# part) — but a chapter that has sub-sections never stands in for a missing sub-section,
# and a heading that clearly fits one key (by ``EXCLUSIVE_GAP``) is not offered to others.
# Pairs below ``MIN_SCORE`` are no match. Only each key's best ``len(keys)`` candidates
# take part (an optimal assignment always exists among them), which keeps it tiny.
#
# Afterwards a key still missing whose parent key was found is looked for *inside* the
# parent's own text: a bold short line or the first cell of a table row that reads like
# the key's title ("Indsatser rettet mod borgeren" in "3. Indsatser") becomes a synthetic
# sub-section (method "content") holding the text up to the next such line.

MIN_SCORE = 0.5
"""A key↔section pair scoring below this is not a match."""
LOW_CONFIDENCE = 0.6
"""Matches with confidence below this are uncertain: reports should say so."""
TEXT_FLOOR = 0.3
NUMBER_BONUS = 0.15
PARENT_BONUS = 0.1
SHAPE_BONUS = 0.03
POSITION_BONUS = 0.05
MERGED_FACTOR = 0.9
EXCLUSIVE_GAP = 0.3
"""A heading that fits one key this much better than another is not offered to the
other ("Opkvalificering af fagpersoner" is training, not efforts for professionals)."""
CONTENT_MIN = 0.8
"""Similarity a bold line or table row needs to stand for a missing key ("content")."""
CONTENT_FACTOR = 0.85
FUZZY_MIN = 0.92
GENERIC_ONLY_FACTOR = 0.3
KEYWORD_WEAK = 0.35
"""Keyword score when keywords are less than half of the heading's words."""
_REQUIREMENT_BONUS = {"required": 0.02, "recommended": 0.01, "optional": 0.0}


def _mstem(word: str) -> str:
    """Comparison stem: snowball stem, folded, a final -s dropped ("indsats"/"indsat")."""
    s = fold(stem(word))
    return s[:-1] if len(s) > 4 and s.endswith("s") else s


_STOP_WORDS = """og for af i til med mod om på den det de en et vores vedr vedrørende ved hvad
hvis du vi er der som at hvor kan sådan samt fra over mellem når gør jeres jer din dit sin sit
hvordan hvem man rettet"""
_STOP = frozenset(_STOP_WORDS.split())
_GENERIC_WORDS = """ekstremisme radikalisering beredskab beredskabsplan beredskabsplanen
forebyggelse opsporing plan planen"""
_GENERIC = frozenset(_mstem(w) for w in _GENERIC_WORDS.split())
_LOW = {_mstem("kommune"): 0.5}
_SPLIT = regex(r"\s*(?:,|;|/|&|\bog\b|\bsamt\b)\s*", re.IGNORECASE)
_PLACEHOLDER = regex(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class _Features:
    """A heading or phrase as the matcher compares it: weighted stems, words, joined letters."""

    weights: dict[str, float]
    total: float
    joined: str
    words: tuple[str, ...]
    """Folded words without stop words and numbers."""
    stems: tuple[str, ...]
    """The comparison stem of each word in ``words``."""


@lru_cache(maxsize=4096)
def _features(text: str) -> _Features:
    cleaned = _PLACEHOLDER.sub(" kommune ", text)
    spans = list(find_municipality_mentions(cleaned))
    for mention in reversed(spans):
        cleaned = cleaned[: mention.start] + " kommune " + cleaned[mention.end :]
    weights: dict[str, float] = {}
    kept: list[str] = []
    stems: list[str] = []
    for w in words(cleaned):
        if w in _STOP or w.isdigit():
            continue
        kept.append(fold(w))
        s = _mstem(w)
        stems.append(s)
        weights[s] = max(weights.get(s, 0.0), 0.3 if s in _GENERIC else _LOW.get(s, 1.0))
    return _Features(weights, sum(weights.values()), "".join(kept), tuple(kept), tuple(stems))


@dataclass(frozen=True, slots=True)
class _KeyModel:
    """A template key as the matcher knows it: its phrases and keywords."""

    spec: SectionSpec
    phrases: tuple[tuple[_Features, str], ...]
    """(features, method) for the title ("title") and each synonym ("synonym")."""
    keywords: tuple[tuple[tuple[str, ...], str], ...]
    """(stems, folded text) per keyword."""


class _Catalogue:
    """The catalogue's phrases and keywords indexed by stem, so one heading is scored
    against every key in one pass (a 120-page plan has a few hundred headings)."""

    def __init__(self, sections: tuple[SectionSpec, ...]) -> None:
        self.models: tuple[_KeyModel, ...] = _key_models(sections)
        self.phrase_key: list[int] = []
        self.phrase_method: list[str] = []
        self.phrase_total: list[float] = []
        self.phrase_joined: list[str] = []
        self.by_stem: dict[str, list[tuple[int, float]]] = {}
        self.kw_exact: dict[str, list[tuple[int, int]]] = {}
        self.kw_multi: list[tuple[tuple[str, ...], int, int]] = []
        self.kw_prefix: dict[str, list[tuple[str, int, int]]] = {}
        """Keywords of five letters or more by their first five letters."""
        for ki, model in enumerate(self.models):
            for features, method in model.phrases:
                pi = len(self.phrase_key)
                self.phrase_key.append(ki)
                self.phrase_method.append(method)
                self.phrase_total.append(features.total)
                self.phrase_joined.append(features.joined)
                for s, w in features.weights.items():
                    self.by_stem.setdefault(s, []).append((pi, w))
            for kwi, (kw_stems, kw_folded) in enumerate(model.keywords):
                if len(kw_stems) == 1:
                    self.kw_exact.setdefault(kw_stems[0], []).append((ki, kwi))
                elif kw_stems:
                    self.kw_multi.append((kw_stems, ki, kwi))
                if len(kw_folded) >= 5:
                    self.kw_prefix.setdefault(kw_folded[:5], []).append((kw_folded, ki, kwi))
        # The phrases' joined texts by length (ties in phrase order), for the fuzzy
        # comparison: only phrases of a length near the heading's can reach FUZZY_MIN
        # (see ``fuzzy_window``), so rapidfuzz reads a few of them instead of all.
        self.by_length: list[int] = sorted(
            range(len(self.phrase_joined)), key=lambda pi: len(self.phrase_joined[pi])
        )
        self.length_joined: list[str] = [self.phrase_joined[pi] for pi in self.by_length]
        self.lengths: list[int] = [len(joined) for joined in self.length_joined]

    def fuzzy_window(self, length: int) -> tuple[int, int]:
        """The slice of ``length_joined`` holding every phrase whose ``fuzz.ratio``
        with a text of ``length`` characters can reach ``FUZZY_MIN``.

        The ratio is ``100 * (1 - d / (m + n))`` with an edit distance ``d`` of at least
        ``|m - n|``, so ``ratio >= 100 * FUZZY_MIN`` needs ``|m - n| <= (1 - FUZZY_MIN) *
        (m + n)``: ``n`` between ``m * (1 - s) / (1 + s)`` and ``m * (1 + s) / (1 - s)``
        for ``s = 1 - FUZZY_MIN``. The window is a little wider (``s`` plus 0.01), so
        rounding never drops a phrase; the cutoff still decides."""
        slack = 1.0 - FUZZY_MIN + 0.01
        lo = bisect_left(self.lengths, length * (1.0 - slack) / (1.0 + slack))
        hi = bisect_right(self.lengths, length * (1.0 + slack) / (1.0 - slack))
        return lo, hi

    def phrase_scores(self, h: _Features) -> list[tuple[float, str]]:
        """Per key: the best title/synonym similarity (stems or fuzzy) and its method."""
        best: list[tuple[float, str]] = [(0.0, "none")] * len(self.models)
        if not h.total:
            return best
        overlap: dict[int, float] = {}
        strong: set[int] = set()
        by_stem = self.by_stem
        for s, hw in h.weights.items():
            entries = by_stem.get(s)
            if entries is None:
                continue
            for pi, pw in entries:
                shared = pw if pw < hw else hw  # min(pw, hw), without the call
                overlap[pi] = overlap.get(pi, 0.0) + shared
                if shared >= 1.0:
                    strong.add(pi)
        heading_strong = any(w >= 1.0 for w in h.weights.values())
        total, phrase_total, phrase_key = h.total, self.phrase_total, self.phrase_key
        for pi, ov in overlap.items():
            recall = ov / phrase_total[pi]
            sim = recall * recall * (0.6 + 0.4 * ov / total)
            if heading_strong and pi not in strong:
                # Only generic words shared ("ekstremisme"): "Hvad er ekstremisme?" is no
                # match for "Håndtering af bekymring vedr. ekstremisme".
                sim *= GENERIC_ONLY_FACTOR
            ki = phrase_key[pi]
            if sim > best[ki][0]:
                best[ki] = (sim, self.phrase_method[pi])
        if h.joined:
            # Only the phrases of a near length (the others score below the cutoff), in
            # length order; rapidfuzz lists the hits best first, equal scores in that
            # order, which keeps equal texts (the only ones scoring 100) in phrase order.
            lo, hi = self.fuzzy_window(len(h.joined))
            by_length = self.by_length
            for _, ratio, at in process.extract(
                h.joined,
                self.length_joined[lo:hi],
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_MIN * 100,
                limit=None,
            ):
                pi = by_length[lo + at]
                ki = self.phrase_key[pi]
                if ratio >= 100.0:
                    if best[ki][0] < 1.0:
                        best[ki] = (1.0, self.phrase_method[pi])
                elif 0.95 * ratio / 100 > best[ki][0]:
                    best[ki] = (0.95 * ratio / 100, "fuzzy")
        return best

    def scores(self, h: _Features) -> list[tuple[float, str]]:
        """Per key: the best text score of a heading and the method that gave it.

        Keywords are weak evidence: a hit scores 0.55 (0.5 as the start of a compound
        word) only when keyword words make up at least half of the heading's words, else
        0.35 (a match then needs support from the priors); +0.05 per further keyword."""
        best = self.phrase_scores(h)
        hits: dict[int, dict[int, float]] = {}
        covered: dict[int, set[int]] = {}
        for i, s in enumerate(h.stems):
            for ki, kwi in self.kw_exact.get(s, ()):
                hits.setdefault(ki, {})[kwi] = 0.55
                covered.setdefault(ki, set()).add(i)
        for kw_stems, ki, kwi in self.kw_multi:
            if all(s in h.weights for s in kw_stems):
                hits.setdefault(ki, {})[kwi] = 0.55
                covered.setdefault(ki, set()).update(
                    i for i, s in enumerate(h.stems) if s in kw_stems
                )
        for i, w in enumerate(h.words):
            for kw_folded, ki, kwi in self.kw_prefix.get(w[:5], ()):
                if w.startswith(kw_folded):
                    covered.setdefault(ki, set()).add(i)
                    if kwi not in hits.get(ki, {}):
                        hits.setdefault(ki, {})[kwi] = 0.5
        for ki, found in hits.items():
            share = len(covered.get(ki, ())) / max(1, len(h.words))
            base = max(found.values()) if share >= 0.5 else KEYWORD_WEAK
            kw = min(0.65, base + 0.05 * (len(found) - 1))
            if kw > best[ki][0]:
                best[ki] = (kw, "keywords")
        return best


def _key_model(spec: SectionSpec) -> _KeyModel:
    phrases = [(_features(spec.title), "title")]
    phrases += [(_features(s), "synonym") for s in spec.synonyms]
    kws = tuple(
        (tuple(_mstem(w) for w in words(k) if w not in _STOP), fold(k).replace(" ", ""))
        for k in spec.keywords
    )
    return _KeyModel(spec, tuple(p for p in phrases if p[0].total), kws)


@lru_cache(maxsize=8)
def _catalogue(sections: tuple[SectionSpec, ...]) -> _Catalogue:
    return _Catalogue(sections)


def _key_models(sections: tuple[SectionSpec, ...]) -> tuple[_KeyModel, ...]:
    """``_key_model`` of every section, kept between runs in the user's cache folder
    (``beredskab.cache``): stemming the catalogue's titles, synonyms and keywords is a
    noticeable part of a single check's start-up. The entry is keyed by the catalogue
    and by everything the features come from (this module, ``text`` and ``reference``
    with its municipality names, the Danish stemmer's code)."""
    import importlib.util
    import json
    from pathlib import Path

    from beredskab import reference, text
    from beredskab.cache import cached, source

    def build() -> tuple[_KeyModel, ...]:
        return tuple(_key_model(spec) for spec in sections)

    try:
        if importlib.util.find_spec("Stemmer") is not None:
            return build()  # PyStemmer stems: not keyed here
        stemmer = importlib.util.find_spec("snowballstemmer")
        places = list(stemmer.submodule_search_locations or ()) if stemmer else []
        folder = Path(places[0]) if places else None
    except (ImportError, ValueError):
        return build()
    if folder is None:
        return build()
    catalogue = json.dumps(
        [[s.key, s.title, list(s.synonyms), list(s.keywords)] for s in sections],
        ensure_ascii=False,
    ).encode()
    sources = [
        catalogue,
        source(__file__),
        source(text.__file__),
        source(reference.__file__),
        (Path(reference.__file__).parent / "data" / "kommuner.csv").read_bytes(),
        source(str(folder / "danish_stemmer.py")),
        source(str(folder / "basestemmer.py")),
    ]
    return cached(
        "match-catalogue", sources, build, _models_to_data, lambda d: _models_from(d, sections)
    )


def _models_to_data(models: tuple[_KeyModel, ...]) -> list[Any]:
    return [
        [
            [[f.weights, f.total, f.joined, list(f.words), list(f.stems), m] for f, m in k.phrases],
            [[list(stems), folded] for stems, folded in k.keywords],
        ]
        for k in models
    ]


def _models_from(data: list[Any], sections: tuple[SectionSpec, ...]) -> tuple[_KeyModel, ...]:
    if len(data) != len(sections):
        raise ValueError("catalogue changed")
    return tuple(
        _KeyModel(
            spec,
            tuple((_Features(w, t, j, tuple(ws), tuple(st)), m) for w, t, j, ws, st, m in phrases),
            tuple((tuple(stems), folded) for stems, folded in keywords),
        )
        for spec, (phrases, keywords) in zip(sections, data, strict=True)
    )


@lru_cache(maxsize=256)
def _spec_number(spec: SectionSpec) -> str | None:
    return _norm_number(spec.number)


def _norm_number(number: str | None) -> str | None:
    if not number:
        return None
    cleaned = number.strip().rstrip(".)").strip()
    return ".".join(part for part in cleaned.split(".") if part) or None


def _parts(title: str) -> list[str]:
    parts = [p for p in _SPLIT.split(title) if p and _features(p).total]
    return parts if len(parts) >= 2 else []


@dataclass(frozen=True, slots=True)
class _Column:
    """One column of the assignment: a candidate section, or a part of a merged heading."""

    section: int
    """Index into the candidate sections."""
    part: str | None
    """The part of a merged heading, or None for the whole heading."""


def _hungarian(score: list[list[float]]) -> list[int]:
    """Maximum-score assignment of every row to a distinct column (rows ≤ columns):
    Kuhn–Munkres with potentials, O(rows² · columns).

    The columns not yet on the current path are kept in a list in ascending order (the
    scans visit them alone, in the order a scan of every column would)."""
    n, m = len(score), len(score[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        free = list(range(1, m + 1))
        used = [0]
        while True:
            i0 = owner[j0]
            row = score[i0 - 1]
            delta, j1 = inf, 0
            ui = u[i0]
            for j in free:
                cur = -row[j - 1] - ui - v[j]
                mj = minv[j]
                if cur < mj:
                    minv[j] = mj = cur
                    way[j] = j0
                if mj < delta:
                    delta, j1 = mj, j
            if delta:  # (a step along ties changes no potential: most steps of a row
                # without any score; adding or taking 0.0 only changes the sign of a zero,
                # which no comparison sees)
                for j in used:
                    u[owner[j]] += delta
                    v[j] -= delta
                for j in free:
                    minv[j] -= delta
            j0 = j1
            free.remove(j0)
            used.append(j0)
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


def match_sections(tree: SectionTree, sections: tuple[SectionSpec, ...]) -> Matching:
    """Map the plan's sections to the catalogue's keys (one assignment for the whole
    document; see the method above)."""
    catalogue = _catalogue(tuple(sections))
    models = catalogue.models
    candidates: list[Section] = []
    parent_of: list[int | None] = []
    _collect(tree.sections, None, candidates, parent_of)
    if not models:
        return Matching({}, tuple(candidates))
    n_keys = len(models)
    n_cand = len(candidates)
    min_level = min((s.level for s in candidates), default=1)
    key_index = {m.spec.key: i for i, m in enumerate(models)}
    max_order = max((m.spec.order for m in models), default=0) or 1

    feats = [_features(s.title) for s in candidates]
    text = [catalogue.scores(f) for f in feats]

    columns: list[_Column] = []
    whole_column: dict[int, int] = {}
    by_column: list[list[float]] = []  # by_column[column][key]
    chapters = frozenset(m.spec.parent for m in models if m.spec.parent is not None)
    specs = [m.spec for m in models]
    for ci, section in enumerate(candidates):
        parent_ci = parent_of[ci]
        place = _new_place(  # number, parent_text, has_children, nested, position
            _norm_number(section.number),
            text[parent_ci] if parent_ci is not None else None,
            bool(section.children),
            section.level > min_level,
            ci / (n_cand - 1) if n_cand > 1 else 0.0,
        )
        whole_column[ci] = len(columns)
        columns.append(_new_column(ci, None))
        clear = max(text[ci])[0]  # the best score (ties between methods: the same score)
        # A chapter heading with sub-sections ("4 Kommunikation og opkvalificering") names
        # its own sub-topics; its sub-sections carry them, the heading does not.
        named_chapter = (
            models[max(range(n_keys), key=lambda k: text[ci][k][0])].spec.key
            if section.children and clear >= 0.95
            else None
        )
        # A key scores only from ``TEXT_FLOOR`` and within ``EXCLUSIVE_GAP`` of the best
        # (most keys of most headings score nothing: the column starts at zero).
        floor = max(TEXT_FLOOR, clear - EXCLUSIVE_GAP)
        weights = [0.0] * n_keys
        for ki, (base, _) in enumerate(text[ci]):
            if base < floor or (named_chapter is not None and specs[ki].parent == named_chapter):
                continue
            bonus = _prior(place, specs[ki], key_index, chapters, max_order, with_number=True)
            weights[ki] = _useful(base + bonus)
        by_column.append(weights)
        for part in () if named_chapter is not None else _parts(section.title):
            part_text = catalogue.phrase_scores(_features(part))  # keywords are too weak
            columns.append(_new_column(ci, part))
            part_clear = max(part_text)[0] * MERGED_FACTOR
            floor = max(TEXT_FLOOR, part_clear - EXCLUSIVE_GAP)
            weights = [0.0] * n_keys
            for ki, (score, _) in enumerate(part_text):
                base = score * MERGED_FACTOR
                if base < floor:
                    continue
                bonus = _prior(place, specs[ki], key_index, chapters, max_order, with_number=False)
                weights[ki] = _useful(base + bonus)
            by_column.append(weights)
    scores: list[list[float]] = (  # scores[key][column]
        [list(row) for row in zip(*by_column, strict=True)] if by_column else [[] for _ in models]
    )

    # Keep each key's best n_keys columns: an optimal assignment exists among them.
    keep: set[int] = set()
    for row in scores:
        # The positive columns rank first (stable: ties in column order); they are the
        # top n_keys' positive ones.
        positive = [c for c, score in enumerate(row) if score > 0.0]
        positive.sort(key=row.__getitem__, reverse=True)
        keep.update(positive[:n_keys])
    kept = sorted(keep)
    matrix = [[scores[ki][c] for c in kept] + [0.0] * n_keys for ki in range(n_keys)]
    assignment = _hungarian(matrix)

    chosen: dict[int, tuple[_Column, float]] = {}
    for ki, col in enumerate(assignment):
        if 0 <= col < len(kept) and matrix[ki][col] >= MIN_SCORE:
            chosen[ki] = (columns[kept[col]], matrix[ki][col])

    chosen.update(_share_with_relatives(models, candidates, chosen, scores, whole_column))

    users: dict[int, int] = {}
    for column, _ in chosen.values():
        users[column.section] = users.get(column.section, 0) + 1

    matches: dict[str, SectionMatch] = {}
    for ki, model in enumerate(models):
        if ki not in chosen:
            continue
        column, total = chosen[ki]
        section = candidates[column.section]
        if users[column.section] > 1 or column.part is not None:
            method = "merged"
        else:
            method = text[column.section][ki][1]
            plan_number = _norm_number(section.number)
            if method == "title" and plan_number and plan_number == _norm_number(model.spec.number):
                method = "number+title"
        matches[model.spec.key] = SectionMatch(
            model.spec.key, section, round(min(1.0, total), 3), method
        )

    for model in models:
        key = model.spec.key
        if key in matches or model.spec.parent is None:
            continue
        parent = matches.get(model.spec.parent)
        if parent is not None and parent.section is not None:
            found = _find_in_content(parent.section, catalogue, key_index[model.spec.key])
            if found is not None:
                matches[key] = found

    result = {
        m.spec.key: matches.get(m.spec.key) or SectionMatch(m.spec.key, None, 0.0, "none")
        for m in models
    }
    used = {column.section for column, _ in chosen.values()}
    unmatched = tuple(s for ci, s in enumerate(candidates) if ci not in used)
    return Matching(result, unmatched)


def _useful(score: float) -> float:
    """Pairs below ``MIN_SCORE`` count as zero, so the assignment never takes a weak pair
    just to raise its total."""
    return score if score >= MIN_SCORE else 0.0


def _share_with_relatives(
    models: tuple[_KeyModel, ...],
    candidates: list[Section],
    chosen: dict[int, tuple[_Column, float]],
    scores: list[list[float]],
    whole_column: dict[int, int],
) -> dict[int, tuple[_Column, float]]:
    """A key left without a section may share the section of its parent or child key
    when that heading fits it as well ("2 Organisering af indsatsen" is both the
    chapter and its organisation section); both are then reported as "merged"."""
    extra: dict[int, tuple[_Column, float]] = {}
    for ki, model in enumerate(models):
        if ki in chosen:
            continue
        best: tuple[_Column, float] | None = None
        for kj, (column, _) in chosen.items():
            other = models[kj].spec
            if other.parent != model.spec.key and model.spec.parent != other.key:
                continue
            if model.spec.parent == other.key and candidates[column.section].children:
                continue  # a chapter with sub-sections does not stand in for a missing one
            score = scores[ki][whole_column[column.section]]
            if score >= MIN_SCORE and (best is None or score > best[1]):
                best = (_Column(column.section, None), score)
        if best is not None:
            extra[ki] = best
    return extra


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a plan section sits, for the priors."""

    number: str | None
    parent_text: list[tuple[float, str]] | None
    """The parent section's text scores per key (None at the top)."""
    has_children: bool
    nested: bool
    position: float
    """0 (first section of the plan) … 1 (last)."""


# A heading's place and columns are made per heading (hundreds on a long plan): by the
# quicker constructor (``beredskab.model.slots_constructor``), all fields positionally.
_new_place: Callable[[str | None, list[tuple[float, str]] | None, bool, bool, float], _Place] = (
    slots_constructor(_Place, None, None, False, False, 0.0)
)
_new_column: Callable[[int, str | None], _Column] = slots_constructor(_Column, 0, None)


def _prior(
    place: _Place,
    spec: SectionSpec,
    key_index: dict[str, int],
    chapters: frozenset[str],
    max_order: int,
    *,
    with_number: bool,
) -> float:
    bonus = _REQUIREMENT_BONUS.get(spec.requirement, 0.0)
    if with_number and place.number is not None and place.number == _spec_number(spec):
        bonus += NUMBER_BONUS
    if spec.parent is not None and place.parent_text is not None:
        pk = key_index.get(spec.parent)
        if pk is not None and place.parent_text[pk][0] >= 0.6:
            bonus += PARENT_BONUS
    if (spec.key in chapters and place.has_children) or (spec.parent is not None and place.nested):
        bonus += SHAPE_BONUS
    distance = abs(place.position - spec.order / max_order)
    return bonus + POSITION_BONUS * max(0.0, 1.0 - 3.0 * distance)


def _collect(
    sections: tuple[Section, ...],
    parent: int | None,
    out: list[Section],
    parent_of: list[int | None],
) -> None:
    for section in sections:
        index = len(out)
        out.append(section)
        parent_of.append(parent)
        _collect(section.children, index, out, parent_of)


_MAX_PSEUDO_WORDS = 12


def _pseudo_heading(block: Block) -> str | None:
    if isinstance(block, Paragraph):
        text = block.text.strip()
        if (
            block.bold
            and text
            and not block.is_bullet
            and len(text.split()) <= _MAX_PSEUDO_WORDS
            and not text.endswith((".", ","))
        ):
            return text.rstrip(":").strip()
    return None


def _find_in_content(parent: Section, catalogue: _Catalogue, ki: int) -> SectionMatch | None:
    """A bold line or a table row inside ``parent``'s own text that names the key."""
    blocks = parent.blocks
    best: tuple[float, Section] | None = None
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            for row in block.rows:
                if not row.cells:
                    continue
                label = row.cells[0].text.strip().rstrip(":")
                if not label or len(label.split()) > _MAX_PSEUDO_WORDS:
                    continue
                sim = catalogue.phrase_scores(_features(label))[ki][0]
                if sim >= CONTENT_MIN and (best is None or sim > best[0]):
                    first = next(
                        (p.index for c in row.cells for p in iter_paragraphs(c.blocks)), None
                    )
                    table = Table(rows=(row,), location=block.location, index=first)
                    best = (sim, _synthetic(parent, label, None, (table,)))
            continue
        pseudo = _pseudo_heading(block)
        if pseudo is None:
            continue
        sim = catalogue.phrase_scores(_features(pseudo))[ki][0]
        if sim >= CONTENT_MIN and (best is None or sim > best[0]):
            end = next(
                (j for j in range(i + 1, len(blocks)) if _pseudo_heading(blocks[j])), len(blocks)
            )
            heading = block if isinstance(block, Paragraph) else None
            best = (sim, _synthetic(parent, pseudo, heading, blocks[i + 1 : end]))
    if best is None:
        return None
    return SectionMatch(
        catalogue.models[ki].spec.key, best[1], round(best[0] * CONTENT_FACTOR, 3), "content"
    )


def _synthetic(
    parent: Section, title: str, heading: Paragraph | None, blocks: tuple[Block, ...]
) -> Section:
    return Section(
        title=title,
        number=None,
        level=parent.level + 1,
        detection="heuristic",
        confidence=CONTENT_FACTOR,
        heading=heading,
        blocks=tuple(blocks),
    )


def method_label(method: str, lang: str | None = None) -> str:
    """How a section was recognised, in plain words ("samme overskrift som skabelonen")."""
    return t(f"match.method.{method}", lang)


def uncertainty_note(match: SectionMatch, title: str, lang: str | None = None) -> str | None:
    """A sentence asking the reader to check a match below ``LOW_CONFIDENCE`` (``title``
    is the template's heading), or None when the match is certain or missing."""
    if match.section is None or match.confidence >= LOW_CONFIDENCE:
        return None
    return t("match.low-confidence", lang, heading=match.section.heading_text, title=title)
