"""The heading scores' fuzzy comparison reads only the phrases of a near length
(``_Catalogue.fuzzy_window``); the scores equal those of comparing every phrase in
phrase order, as before."""

from __future__ import annotations

import pytest

from beredskab import match
from beredskab.rulepack import load_pack


def _plain_catalogue() -> match._Catalogue:
    """A catalogue whose fuzzy comparison reads every phrase in phrase order."""
    plain = match._Catalogue(load_pack().sections)
    plain.by_length = list(range(len(plain.phrase_joined)))
    plain.length_joined = list(plain.phrase_joined)
    plain.fuzzy_window = lambda length: (0, len(plain.phrase_joined))  # type: ignore[method-assign]
    return plain


def _headings() -> list[str]:
    """Every title and synonym, shortened and lengthened by up to a fifth (across the
    FUZZY_MIN boundary), with a letter changed, and a few real headings."""
    out = ["Formål, vision og mål", "Kontaktoplysninger", "Bilag", "Indledning", "x"]
    for spec in load_pack().sections:
        for text in (spec.title, *spec.synonyms):
            out.append(text)
            for k in range(1, max(2, len(text) // 5) + 1):
                out.append(text[:-k])
                out.append(text + "e" * k)
            out.append(text[:1] + "q" + text[2:])
    return out


@pytest.mark.parametrize("parts", [False, True])
def test_windowed_scores_equal_every_phrase(parts: bool) -> None:
    windowed = match._Catalogue(load_pack().sections)
    plain = _plain_catalogue()
    near_cutoff = 0
    for heading in _headings():
        features = match._features(heading)
        if parts:
            assert windowed.phrase_scores(features) == plain.phrase_scores(features)
        else:
            got = windowed.scores(features)
            assert got == plain.scores(features), heading
            near_cutoff += any(method == "fuzzy" and score < 0.95 * 0.93 for score, method in got)
    if not parts:
        assert near_cutoff  # the boundary of the window is exercised


def test_window_holds_every_phrase_that_can_reach_the_cutoff() -> None:
    catalogue = match._Catalogue(load_pack().sections)
    for length in range(1, 120):
        lo, hi = catalogue.fuzzy_window(length)
        for i, n in enumerate(catalogue.lengths):
            reachable = abs(length - n) <= (1 - match.FUZZY_MIN) * (length + n)
            if reachable:
                assert lo <= i < hi, (length, n)


def _phrase_scores_plainly(cat: match._Catalogue, h: match._Features) -> list[tuple[float, str]]:
    """``phrase_scores`` as first written: ``min`` per shared stem, every phrase compared
    by rapidfuzz in phrase order."""
    from rapidfuzz import fuzz, process

    best: list[tuple[float, str]] = [(0.0, "none")] * len(cat.models)
    if not h.total:
        return best
    overlap: dict[int, float] = {}
    strong: set[int] = set()
    for s, hw in h.weights.items():
        for pi, pw in cat.by_stem.get(s, ()):
            overlap[pi] = overlap.get(pi, 0.0) + min(pw, hw)
            if min(pw, hw) >= 1.0:
                strong.add(pi)
    heading_strong = any(w >= 1.0 for w in h.weights.values())
    for pi, ov in overlap.items():
        recall = ov / cat.phrase_total[pi]
        sim = recall * recall * (0.6 + 0.4 * ov / h.total)
        if pi not in strong and heading_strong:
            sim *= match.GENERIC_ONLY_FACTOR
        ki = cat.phrase_key[pi]
        if sim > best[ki][0]:
            best[ki] = (sim, cat.phrase_method[pi])
    if h.joined:
        for _, ratio, pi in process.extract(
            h.joined,
            cat.phrase_joined,
            scorer=fuzz.ratio,
            score_cutoff=match.FUZZY_MIN * 100,
            limit=None,
        ):
            ki = cat.phrase_key[pi]
            if ratio >= 100.0:
                if best[ki][0] < 1.0:
                    best[ki] = (1.0, cat.phrase_method[pi])
            elif 0.95 * ratio / 100 > best[ki][0]:
                best[ki] = (0.95 * ratio / 100, "fuzzy")
    return best


def test_phrase_scores_equal_the_first_form() -> None:
    catalogue = match._Catalogue(load_pack().sections)
    for heading in _headings():
        features = match._features(heading)
        got = catalogue.phrase_scores(features)
        assert got == _phrase_scores_plainly(catalogue, features), heading
        assert max(got)[0] == max(score for score, _ in got)
