"""The fast paths of the checks give exactly what the plain per-text code gives:
batch normalisation, literal pre-filters for regular expressions, the per-plan analysis
of every text at once, and per-line pattern search in a haystack."""

from __future__ import annotations

import random
import re
from functools import partial

import pytest
from checks_helpers import build_context, shared_file
from rapidfuzz import fuzz

from beredskab.checks import CheckContext
from beredskab.checks.base import (
    Haystack,
    Line,
    _analyse,
    _analyse_all,
    _document_texts,
    _excluded,
    analyse,
    norm,
    norm_many,
    plan_lines,
    ratio_possible,
    rx,
    rx_any,
    template_text,
    vocabulary,
)
from beredskab.model import Paragraph
from beredskab.pipeline import word_count
from beredskab.rulepack import RulePack
from beredskab.text import (
    CASE_EXTRA,
    CaseTexts,
    TextLines,
    has_case_extra,
    lower,
    lower_words_many,
    normalise,
    normalise_many,
    required_literals,
)

# Characters that make normalisation and case folding interesting: every kind of white
# space, soft hyphen, dashes, bullets, combining marks, final sigma, dotted/dotless i,
# long s, Kelvin sign.
_NASTY = list(
    "aAbæÆøØåÅ \t\n\r\xa0\u00ad\u2013\u2014\u2011-•·▪◦*o.,:;ΣσİıſK\u212a\u0301e\u0308"
    "\x85\u2028\u3000\x1c\x1fxX12"
)


def _random_texts(rnd: random.Random, alphabet: list[str], n: int, size: int) -> list[str]:
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, size))) for _ in range(n)]


def test_normalise_many_equals_normalise_one_by_one() -> None:
    rnd = random.Random(4)
    for _ in range(2000):
        texts = _random_texts(rnd, _NASTY, rnd.randint(0, 8), 14)
        assert normalise_many(texts) == [normalise(t) for t in texts], texts


def test_norm_many_equals_norm_one_by_one() -> None:
    rnd = random.Random(5)
    alphabet = [*_NASTY, "o ", "• ", "- ", "· ", " .", ": ", ";"]
    for _ in range(2000):
        texts = _random_texts(rnd, alphabet, rnd.randint(0, 8), 10)
        assert norm_many(texts) == [norm(t) for t in texts], texts


_PATTERNS = [
    r"(?<![\d])(?<!\d )(?<!\d-)114(?![\d])(?! \d)",
    r"(kan|bør|anbefales)[^.]{0,60}\btekst(en)? fra tekstblok \d",
    r"\[kommunens navn\]",
    r"^årstal$",
    r"(?<![0-9a-zæøå])x{8}(?![0-9a-zæøå])",
    r"e-?mail: ?xx\b",
    r"abc|abd",
    r"(?:foo|bar)baz",
    r"x{2,}y",
    r"a[bc]?d",
    r"(?i)KOMmune",
    r"(?i)Sikker",
    r"(?:kl\.?|klokken|fra)\s*(\d{1,2})",
    r"3[ -]?3[ -]?1[ -]?2",
    r"(?:ab)+c",
]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_required_literals_are_in_every_match(pattern: str) -> None:
    """Texts made of the pattern's own pieces and noise: wherever the pattern matches,
    one of its literals is there (the pre-filter never hides a match)."""
    compiled = re.compile(pattern)
    required = required_literals(pattern, compiled.flags)
    assert required is not None
    literals, ignore = required
    pieces = [*literals, *re.findall(r"[a-zæøå0-9 ]+", pattern), *_NASTY, "kommune", "ſikker"]
    rnd = random.Random(pattern)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        if ignore:
            text = text.lower()
        if compiled.search(text) and not (ignore and has_case_extra(text)):
            assert any(lit in text for lit in literals), (pattern, text)


def test_required_literals_none_without_a_piece_of_text() -> None:
    assert required_literals(r"a*") is None
    assert required_literals(r"\d+") is None
    assert required_literals(r"(?i)ıs") is None  # a character IGNORECASE folds specially


def test_required_literals_of_the_pack(pack: RulePack) -> None:
    """Every pattern of the shipped pack has literals, so no rule scans the whole plan."""
    missing = []
    for rule in pack.rules:
        for group in rule.params.get("groups") or ():
            for p in group["patterns"]:
                if required_literals(p, rx_any((p,)).flags) is None:
                    missing.append((rule.id, p))
    assert missing == []


def test_text_lines_finds_literals_only_inside_one_text() -> None:
    lines = TextLines(["abc", "", "cab", "xab"], sep="\n")
    assert lines.with_literal("ab") == [0, 2, 3]
    assert lines.with_literal("c\nc") == []  # across the separator: in no text
    assert lines.with_literal("zz") == []
    assert TextLines([], sep="\n").with_literal("a") == []


def test_case_texts_candidates() -> None:
    texts = CaseTexts(["Skive Politi", "ingen", "POLITIKREDSENS NAVN"])
    assert texts.candidates(re.compile(r"[Pp]oliti\b")) == [0]
    assert texts.candidates(re.compile(r"politikredsens", re.IGNORECASE)) == [2]
    assert texts.with_any(("politi", "ingen")) == [0, 1, 2]
    # A dotless i in the texts: no case-insensitive pre-filter (every text is a candidate).
    odd = CaseTexts(["polıtı", "x"])
    assert odd.candidates(re.compile("politi", re.IGNORECASE)) == [0, 1]


def test_ratio_possible_never_rules_out_a_real_ratio() -> None:
    rnd = random.Random(9)
    for _ in range(5000):
        a = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 30)))
        b = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 30)))
        for cutoff in (50.0, 88.0, 92.0):
            if fuzz.ratio(a, b) >= cutoff:
                assert ratio_possible(a, b, cutoff)


def _template_markup() -> str:
    """The template's own lines (guidance, questions, placeholders) and near misses."""
    lines = []
    for raw in shared_file("spec", "template.txt").read_text(encoding="utf-8").splitlines():
        text = raw.strip().lstrip("#").strip()
        if not text or text.startswith("|"):
            continue
        lines.append(text)
        lines.append(text.upper())
        lines.append(text[: len(text) // 2])
        lines.append(text.replace("e", "æ", 1) + " Og mere tekst fra kommunen.")
    lines += ["o Hvor ofte?", "Hvor ofte mødes vi", "- Indhold", "Ansvarlig:", "• • dobbelt"]
    return "\n".join(lines)


def test_analyse_all_equals_analyse_text_by_text(pack: RulePack) -> None:
    ctx = build_context(_template_markup(), pack=pack)
    tt = template_text(ctx)
    batch = _analyse_all(ctx)
    texts = _document_texts(ctx)
    assert len(texts) > 100
    for text in texts:
        assert batch[text] == _analyse(tt, text), text
        assert batch[text].words == _analyse(tt, text).words, text
    assert any(a.guidance for a in batch.values())
    assert any(a.questions for a in batch.values())
    assert any(a.placeholders for a in batch.values())


def _lines(ctx_texts: list[str], pack: RulePack) -> list[Line]:
    ctx = build_context("\n".join(ctx_texts), pack=pack)
    return [Line(p, False, analyse(ctx, p.text)) for p in ctx.document.paragraphs() if p.text]


def test_haystack_search_per_line(pack: RulePack) -> None:
    lines = _lines(
        [
            "Beredskabet revideres hvert andet år.",
            "Ring 114 ved mistanke, eller 112 i akutte situationer.",
            "Side 1140 af 2000.",
            "Kontakt Infohus på 33 12 34 56.",
        ],
        pack,
    )
    hay = Haystack(lines)
    assert hay.matching([r"(?<!\d)114(?!\d)"]) == {1}
    assert hay.matching([r"hvert\s+andet\s+år", r"(?<!\d)112(?!\d)"]) == {0, 1}
    found = hay.first([r"3[ -]?3[ -]?1[ -]?2"])
    assert found is not None and found[0] is lines[3]
    assert hay.first([r"tekstblok \d"]) is None
    assert hay.lines_with_all([[r"114"], [r"112"], [r"politi"]]) == {1: 2, 2: 1}
    # A pattern without a literal piece is searched over the joined text.
    assert hay.matching([r"\d{4}"]) == {2}


def test_may_hold_long_counts_like_candidates(pack: RulePack) -> None:
    """The counting of shared words at once gives ``_candidates``'s verdict."""
    tt = template_text(build_context("Tekst", pack=pack))
    long = [s for s in (*tt.guidance, *tt.questions) if s.text and s not in tt.short]
    vocabulary = sorted(tt.long_words)
    rnd = random.Random(11)
    for _ in range(3000):
        words = set(rnd.sample(vocabulary, rnd.randint(1, 8)))
        expected = any(len(s.words & words) * 2 >= len(s.words) for s in long if s.words)
        assert tt.may_hold_long(words) == expected, words


def test_has_case_extra_equals_the_character_search() -> None:
    """The Latin-1 shortcut gives the same verdict as searching for every character."""
    extra = sorted(CASE_EXTRA)
    rnd = random.Random(12)
    alphabet = [*_NASTY, "µ", "é", "ÿ", *extra[:5]]
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert has_case_extra(text) == any(c in text for c in CASE_EXTRA), text


def test_text_lines_absent_by_word_pieces() -> None:
    """A long text with the distinct words of its texts (``pieces``: the word regex's
    runs) finds exactly the texts that ``find`` finds: a literal whose word pieces are
    all among the words is still searched, one with a missing piece is in no text."""
    word = re.compile(r"[0-9a-zæøåäöüé]+")
    rnd = random.Random(13)
    alphabet = ["ab", "c", " ", "-", ".", "æø", "1", "§", "\n"]
    for _ in range(200):
        texts = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(900)
        ]
        words = "\n".join({w for t in texts for w in word.findall(t)})
        fast = TextLines(texts, "\n.\n", partial(str, words), word.findall)
        plain = TextLines(texts, "\n.\n")
        assert len(fast.text) >= 20000
        for _ in range(20):
            literal = "".join(rnd.choice([*alphabet, "x", "zz"]) for _ in range(rnd.randint(1, 6)))
            assert fast.with_literal(literal) == plain.with_literal(literal), literal


def test_vocabulary_holds_every_content_word(pack: RulePack) -> None:
    """Every word of every analysed text's content is within a word of the plan's
    vocabulary, also for texts analysed later than the whole plan (a table cell)."""
    ctx = build_context(_template_markup(), pack=pack)
    analyse(ctx, "Et nyt ord: tjuhej og [kommunens navn]")
    words = vocabulary(ctx).split("\n")
    assert "tjuhej" in words
    for a in ctx.cache["analysed"].values():
        for w in re.findall(r"[0-9a-zæøåäöüé]+", a.content):
            assert any(w in v for v in words), w


def test_text_lines_with_many_hits_equals_one_by_one() -> None:
    """Past ``_MANY_HITS`` texts with a literal the rest is tested text by text: the
    same texts as ``literal in text``, never one where it only spans a separator."""
    rnd = random.Random(14)
    for _ in range(100):
        texts = ["".join(rnd.choice(["ab", "a", "b", "\n"]) for _ in range(rnd.randint(0, 5)))]
        texts += ["".join(rnd.choice(["ab", "a", "b"]) for _ in range(rnd.randint(0, 5)))]
        texts = [rnd.choice(texts) + rnd.choice(["", "a", "b", "ba"]) for _ in range(600)]
        lines = TextLines(texts, sep="\n")
        for literal in ("a", "ab", "ba", "b\na", "aba", "bb"):
            assert lines.with_literal(literal) == [i for i, t in enumerate(texts) if literal in t]


def test_text_lines_of_a_long_text_find_short_literals_by_regex() -> None:
    """In a long text short literals are found with a regex: the same texts as ``in``,
    for literals with regex characters, across separators, of few and many hits."""
    rnd = random.Random(29)
    pieces = ["ab", "a", "b", "\n", ".", "§ 1", "(", "x" * 40, "mød", "ø", "+", "[b]"]
    for _ in range(5):
        texts = [
            "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(4500)
        ]
        lines = TextLines(texts, sep="\n")
        assert len(lines.text) >= 100_000
        for literal in ("a", "ab", "b\na", "a.b", "§ 1", "(a", "mød", "[b]", "ø+", "xa", "zz"):
            assert lines.with_literal(literal) == [i for i, t in enumerate(texts) if literal in t]


def test_word_count_equals_split() -> None:
    """The report's word count from the spaces of folded texts equals splitting them."""
    rnd = random.Random(15)
    alphabet = [*_NASTY, "ab", " ", " ", "  "]
    for _ in range(3000):
        texts = _random_texts(rnd, alphabet, rnd.randint(0, 6), 8)
        if rnd.random() < 0.5:
            texts = [" ".join(t.split()) for t in texts]
        assert word_count(texts) == sum(len(t.split()) for t in texts), texts
        latin1 = [t.encode("latin-1", "replace").decode("latin-1") for t in texts]
        assert word_count(latin1) == sum(len(t.split()) for t in latin1), latin1


def test_excluded_lines_of_a_long_area_equal_the_line_by_line_filter(pack: RulePack) -> None:
    """A long area's excluded lines are found through its haystack: the same lines as
    testing every line; nothing excluded keeps the very list (and its haystack)."""
    rnd = random.Random(16)
    words = ["netværk", "Netværket", "møder", "hver måned", "infohus", "net-værk", "NETVÆRK"]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 5))) for _ in range(400)]
    ctx = build_context("\n".join(texts), pack=pack)
    lines = plan_lines(ctx)
    assert len(lines) >= 200
    for exclude in (["netværk"], [r"net-?værk\b", "infohus"], ["findes ikke"]):
        params = {"exclude": exclude}
        plain = [ln for ln in lines if not any(rx(p).search(ln.analysed.content) for p in exclude)]
        got = _excluded(ctx, lines, params)
        assert got == plain
        assert (got is lines) == (len(plain) == len(lines))


def test_lower_equals_str_lower() -> None:
    """The Latin-1 byte table lowers like ``str.lower`` (every Latin-1 character, and
    text outside Latin-1 falls back to it)."""
    assert lower("".join(map(chr, range(256)))) == "".join(map(chr, range(256))).lower()
    rnd = random.Random(17)
    alphabet = [*_NASTY, "ÆØÅÉÜ", "ß", "ÿ", "µ", "Ð", "Þ", "×", "€"]
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert lower(text) == text.lower(), text


def test_lower_words_many_equals_findall() -> None:
    word = re.compile(r"[0-9a-zæøåäöüé]+")
    rnd = random.Random(18)
    alphabet = [*_NASTY, "æøå", "äöüé", "ab12", "ÿ", "µ", "ß", "  ", "\x7f", "\xa0"]
    for _ in range(2000):
        texts = [t.lower() for t in _random_texts(rnd, alphabet, rnd.randint(0, 6), 10)]
        found = lower_words_many(texts)
        if found is None:  # only for text outside Latin-1, a NUL, or no text at all
            assert not texts or any(ord(c) > 255 or c == "\x00" for t in texts for c in t)
            continue
        assert [[w.decode("latin-1") for w in ws] for ws in found] == [
            word.findall(t) for t in texts
        ]


def test_analyse_all_with_few_template_words_equals_analyse_text_by_text(
    pack: RulePack,
) -> None:
    """A plan holding only some words of a few long template sentences: the texts that
    may hold one are found through the rarest of those words, the same analyses."""
    from beredskab.checks.base import _FUZZY_PART_MIN, _long_candidates

    tt = template_text(build_context("Tekst", pack=pack))
    long = [s for s in tt.guidance if len(s.text) >= _FUZZY_PART_MIN and len(s.words) >= 3]
    rnd = random.Random(30)
    filler = ["kommunen", "arbejder", "med", "trivsel", "og", "skolen", "hver", "uge"]
    probed = 0
    for _ in range(6):
        chosen = rnd.sample(long, 2)
        texts: list[str] = []
        for _ in range(150):
            kind = rnd.random()
            sentence = rnd.choice(chosen)
            words = sentence.text.split()
            if kind < 0.05:
                texts.append(sentence.text.capitalize() + ".")
            elif kind < 0.1:
                del words[rnd.randrange(len(words))]
                texts.append(" ".join(words).capitalize() + ".")
            elif kind < 0.6:
                picked = rnd.sample(sorted(sentence.words), rnd.randint(1, len(sentence.words)))
                texts.append(" ".join([*picked, *rnd.sample(filler, 3)]).capitalize() + ".")
            else:
                texts.append(" ".join(rnd.sample(filler, 5)).capitalize() + ".")
        ctx = build_context("\n".join(dict.fromkeys(texts)), pack=pack)
        batch = _analyse_all(ctx)
        shared = ctx.cache["words"]
        lines = TextLines(shared.normalised, "\n")
        probed += _long_candidates(tt, ctx.cache["vocabulary"], lines) is not None
        for text in _document_texts(ctx):
            assert batch[text] == _analyse(tt, text), text
            assert batch[text].words == _analyse(tt, text).words, text
        assert any(a.guidance for a in batch.values())
    assert probed >= 3


def test_analyse_all_outside_latin1_equals_analyse_text_by_text(pack: RulePack) -> None:
    """A plan with text outside Latin-1 (words found with the regular expression)."""
    ctx = build_context(_template_markup() + "\nPris 5 € for İnfohus og ſkole", pack=pack)
    tt = template_text(ctx)
    batch = _analyse_all(ctx)
    for text in _document_texts(ctx):
        assert batch[text] == _analyse(tt, text), text
        assert batch[text].words == _analyse(tt, text).words, text
    assert not ctx.cache["words"].encoded


def test_analyse_document_restores_the_garbage_collector(pack: RulePack) -> None:
    """The collector paused while checking is left as it was found, also on an error."""
    import gc
    from typing import cast

    from beredskab.model import Document
    from beredskab.pipeline import analyse_document

    document = Document(body=(Paragraph("Beredskabsplan 2024"),))
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            analyse_document(document, pack=pack)
            assert gc.isenabled() is state
        gc.enable()
        with pytest.raises(AttributeError):
            analyse_document(cast(Document, None), pack=pack)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_normalise_many_of_latin1_text_equals_normalise_one_by_one() -> None:
    """Latin-1 text (folded and lowered as bytes): the same as ``normalise`` each."""
    rnd = random.Random(19)
    alphabet = [c for c in _NASTY if ord(c) < 256] + ["ÆØÅ", "µß", "  ", "ab", " ", "\x7f"]
    folded_seen = 0
    for _ in range(3000):
        texts = _random_texts(rnd, alphabet, rnd.randint(2, 8), 10)
        if rnd.random() < 0.5:  # already folded, as the reader gives it
            texts = [" ".join(t.split()) for t in texts]
            folded_seen += 1
        assert normalise_many(texts) == [normalise(t) for t in texts], texts
    assert folded_seen > 1000


def test_latin1_text_is_in_nfc() -> None:
    """``normalise_many_nfc`` skips NFC for Latin-1 text: every Latin-1 character is a
    starter that NFC keeps, and no two of them compose (NFC composes pairwise)."""
    import unicodedata

    latin1 = [chr(i) for i in range(256)]
    assert all(unicodedata.combining(c) == 0 for c in latin1)
    assert all(unicodedata.normalize("NFC", a + b) == a + b for a in latin1 for b in latin1)


def test_normalise_many_nfc_of_latin1_text_reports_nfc() -> None:
    from beredskab.text import normalise_many_nfc

    rnd = random.Random(23)
    alphabet = [chr(i) for i in range(1, 256)] + ["  ", "\xad", "\xa0", "e\u0301"]
    for _ in range(2000):
        texts = _random_texts(rnd, alphabet, rnd.randint(2, 6), 12)
        found, nfc = normalise_many_nfc(texts)
        assert found == [normalise(t) for t in texts], texts
        assert nfc == all(unicodedata_nfc(t) for t in texts), texts


def unicodedata_nfc(text: str) -> bool:
    import unicodedata

    return unicodedata.is_normalized("NFC", text)


def test_line_and_analysed_factories_equal_the_constructors() -> None:
    from beredskab.checks.base import Analysed, _new_analysed, _new_line, _plain_analysed

    a = _plain_analysed("tekst her", False, "tekst her.", 2)
    assert a == Analysed("tekst her", (), (), (), False, "tekst her.", 2)
    assert a.words == 2 and type(a) is Analysed
    p = Paragraph("Tekst her.")
    assert _new_line(p, True, a) == Line(p, True, a)
    assert type(_new_line(p, True, a)) is Line
    assert _new_line is not Line and _new_analysed is not Analysed  # (the quick ones)


def test_number_pattern_finds_what_the_plain_form_finds() -> None:
    """CON002's number pattern, written to start with "+" or the first digit, matches
    where ``(?<![\\d+])(?:\\+ ?45[ -]?)?4[ -]?1…(?!\\d)`` does."""
    from beredskab.checks.contacts import _number_pattern

    rnd = random.Random(28)
    for number in ("41749090", "33123456"):
        pieces = ["4", "1", "7", "9", "0", " ", "-", "+", "45", "+45 ", "x", "\n", number, *number]
        plain = re.compile(rf"(?<![\d+])(?:\+ ?45[ -]?)?{'[ -]?'.join(number)}(?!\d)", re.M)
        fast = re.compile(_number_pattern(number), re.M)
        found = 0
        for _ in range(20000):
            text = "".join(
                rnd.choice([*pieces, number, *number]) for _ in range(rnd.randint(0, 14))
            )
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == expected, text
            found += len(expected)
        assert found > 500


def test_appendix_starts_at_the_first_paragraph_opening_with_its_heading(pack: RulePack) -> None:
    """The appendix heading is looked for in all paragraphs joined: the first paragraph
    whose text starts with it (not one merely holding it, nor a later one)."""
    from beredskab.checks.base import appendix_start

    heading = "Tekstblokke til udarbejdelse af beredskabsplanen, som kommunen kan anvende"
    plan = "\n".join(
        [
            "# 1. Introduktion [intro]",
            "Vi forebygger ekstremisme i hele kommunen.",
            f"Her står: {heading} midt i en sætning.",
            "",
            f"# {heading}",
            "Ekstremisme: Ekstremisme betegner personer eller grupper, som begår vold.",
            f"{heading}, igen.",
        ]
    )
    ctx = build_context(plan, pack=pack)
    texts = [(p.index, p.text) for p in ctx.document.paragraphs()]
    expected = next(i for i, t in texts if t.startswith("Tekstblokke"))
    assert appendix_start(ctx) == expected
    assert appendix_start(build_context(plan.replace(f"# {heading}", "# Bilag"), pack=pack)) == (
        next(i for i, t in texts if t.startswith(f"{heading}, igen"))
    )
    assert appendix_start(build_context(plan.split("\n\n")[0], pack=pack)) is None


def test_case_texts_lower_texts_equal_lower_one_by_one() -> None:
    """The lower-case texts (read out of the joined lower case when every text keeps its
    length, else made one by one) are each text's ``lower()``, and the literal search
    over them finds the same texts."""
    from beredskab.text import CaseTexts

    rnd = random.Random(31)
    alphabet = [*"aBÆøİſΣσ \x00x1.", "ab", "AB"]
    for _ in range(3000):
        texts = _random_texts(rnd, alphabet, rnd.randint(1, 6), 8)
        index = CaseTexts(texts)
        lowered = [t.lower() for t in texts]
        assert list(index.lower.texts) == lowered, texts
        assert [index.lower.texts[i] for i in range(len(texts))] == lowered
        for literal in ("ab", "σ", "a b", "x"):
            expected = [i for i, t in enumerate(lowered) if literal in t]
            assert index.lower.with_literal(literal) == expected, texts
    many = [rnd.choice(["Ab kommune", "ab", "KOMMUNEN x", "x"]) for _ in range(3000)]
    index = CaseTexts(many)
    assert index.lower.with_literal("kommune") == [
        i for i, t in enumerate(many) if "kommune" in t.lower()
    ]


def test_strip_again_equals_strip_lines_once_more() -> None:
    """Stripping normalised and stripped texts again touches only those starting like a
    bullet: the same as ``_strip_lines`` of every text."""
    from beredskab.checks.base import _strip_again, _strip_lines

    rnd = random.Random(29)
    alphabet = [*_NASTY, "o ", "• ", "- ", "· ", " .", ": ", ";", "- - ", "o o ", "•."]
    changed = 0
    for _ in range(2000):
        texts = _strip_lines(normalise_many(_random_texts(rnd, alphabet, rnd.randint(0, 8), 10)))
        again = _strip_lines(texts)
        assert _strip_again(texts) == again, texts
        changed += again != texts
    assert changed > 50


def _plain_plan_lines(ctx: CheckContext) -> list[Line]:
    """``plan_lines`` (without headers) as written plainly, paragraph by paragraph."""
    from beredskab.checks.base import _in_plan, paragraphs

    headings = {id(s.heading) for s in ctx.tree.walk() if s.heading is not None}
    return [
        Line(p, id(p) in headings, analyse(ctx, p.text))
        for p in paragraphs(ctx)
        if p.text and _in_plan(ctx, p)
    ]


def test_plan_lines_equal_the_plain_form(pack: RulePack) -> None:
    from beredskab.checks.base import _in_plan, own_lines

    heading = "Tekstblokke til udarbejdelse af beredskabsplanen, som kommunen kan anvende"
    plan = f"# 1. Introduktion [intro]\n{_template_markup()}"
    appendix = f"{plan}\n\n# {heading}\nEkstremisme: tekst fra bilaget her."
    for markup in (plan, appendix):
        ctx = build_context(markup, pack=pack)
        lines = plan_lines(ctx, include_headers=False)
        assert lines == _plain_plan_lines(ctx)
        assert all(type(line) is Line for line in lines)
        assert any(line.heading for line in lines) and not all(line.heading for line in lines)
        for section in ctx.tree.walk():  # a section's own lines: the plan's lines again
            plain = [
                Line(p, False, analyse(ctx, p.text))
                for p in section.own_paragraphs()
                if p.text and _in_plan(ctx, p)
            ]
            assert own_lines(ctx, section) == plain
    assert len(lines) < len([p for p in ctx.document.paragraphs() if p.text])  # (appendix)
    assert any(own_lines(ctx, s) for s in ctx.tree.walk())


def test_haystack_searches_each_pattern_alone_like_the_alternation(pack: RulePack) -> None:
    """Several patterns searched each on its own (in the lines holding its literal) find
    the lines and the first match the alternation finds, also with group references,
    patterns without a literal and capitals (IGNORECASE for all)."""
    from beredskab.checks.base import _alternatives

    words = ["møde", "møder", "imødegå", "hver", "uge", "måned", "ad", "hoc", "2.", "samles"]
    words += ["om", "året", "gange", "fast", "netværk", "Møde", "aa", "b"]
    patterns = [
        r"mød(e|er|erne|es|et)\b",
        r"mødefrekvens",
        r"\bhver (uge|måned|\d+\.)",
        r"\bom (ugen|året)\b",
        r"gange? (om|i) ",
        r"ad[ -]hoc",
        r"samles",
        r"(a)\1",
        r"\d",
        r"Fast",
    ]
    rnd = random.Random(31)
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 9))) for _ in range(300)]
    hay = Haystack(_lines(texts, pack))
    assert _alternatives(tuple(patterns[:2])) is not None
    assert _alternatives((r"(a)\1", "samles")) is None
    for _ in range(300):
        chosen = rnd.sample(patterns, rnd.randint(1, 4))
        compiled = rx_any(tuple(chosen))
        contents = [line.analysed.content for line in hay.lines]
        expected = {i for i, c in enumerate(contents) if compiled.search(c)}
        assert hay.matching(chosen) == expected, chosen
        found = hay.first(chosen)
        if not expected:
            assert found is None, chosen
            continue
        at = min(expected)
        assert found is not None and found[0] is hay.lines[at], chosen
        m = compiled.search(contents[at])
        assert m is not None and found[1].group() == m.group() and found[1].re is compiled
    assert any(hay.matching([p]) for p in patterns)


def test_text_lines_with_any_literal_equals_each_literal_found_alone() -> None:
    """Several literals found at once (one regex scan when they share their first
    character, a missing character ruling a literal out) give the texts holding one of
    them, as finding each alone does: also across separators, with regex characters,
    of few and many hits, on long and short texts."""
    word = re.compile(r"[0-9a-zæøåäöüé]+")
    rnd = random.Random(37)
    pieces = ["74", "7", " ", "-", "4", "§", "12", "b", "ab", "\n", ".", "(", "+", "x" * 30]
    literal_sets = [
        ("74", "7 4", "7-4"),
        ("§12b", "§12 b", "§ 12b", "§ 12 b"),
        ("74", "7 4", "74"),
        ("ab", "a(", "a.b"),
        ("b\n7", "b7", "b 7"),
        ("12", "§"),
        ("zz", "z("),
        ("(b", "(4", "+7"),
    ]
    for size in (9000, 40):
        for _ in range(4):
            texts = [
                "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(size)
            ]
            words = "\n".join({w for t in texts for w in word.findall(t)})
            for sep in ("\n", "\n.\n"):
                fast = TextLines(texts, sep, partial(str, words), word.findall)
                assert (len(fast.text) >= 100_000) == (size == 9000)
                for literals in literal_sets:
                    expected = [i for i, t in enumerate(texts) if any(x in t for x in literals)]
                    assert fast.with_any(literals) == expected, literals
                    assert fast.with_any(literals) == expected, literals  # (kept)


def test_render_equals_rendering_every_value_first() -> None:
    """Values rendered when the template asks for them: the same text as rendering all
    of them first (unknown placeholders kept, bad format specs give the template)."""
    from beredskab.checks.base import _value, render

    class Eager(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    def eager(template: str, values: dict[str, object], lang: str) -> str:
        try:
            return template.format_map(Eager({k: _value(v, lang) for k, v in values.items()}))
        except (ValueError, IndexError):
            return template

    values: dict[str, object] = {
        "a": "tekst",
        "n": 3,
        "d": {"da": "dansk", "en": "English"},
        "l": [{"da": "et", "en": "one"}, "to", 3],
        "one": ["kun"],
        "where": "i afsnittet",
    }
    templates = ["{a} og {n}", "{d}: {l}", "{one}{missing}", "{n:d}", "{0}", "{l} {where}", "x"]
    templates += ["{d:>12}", "{{a}} {a}", "{a!r}"]
    for template in templates:
        for lang in ("da", "en"):
            assert render(template, values, lang) == eager(template, values, lang), template


def test_template_heading_equals_the_pack_lookup(pack: RulePack) -> None:
    from beredskab.checks.base import template_heading

    ctx = build_context("Tekst", pack=pack)
    for key in [*(s.key for s in pack.sections), "ukendt.nøgle", "", None]:
        spec = pack.section(key) if key else None
        plain = (
            (key or "")
            if spec is None
            else (f"{spec.number} {spec.title}" if spec.number else spec.title)
        )
        assert template_heading(ctx, key) == plain, key


def test_quote_equals_folding_first() -> None:
    from beredskab.checks.base import quote

    rnd = random.Random(41)
    for _ in range(3000):
        text = "".join(rnd.choice([*_NASTY, "ord ", "  "]) for _ in range(rnd.randint(0, 30)))
        folded = " ".join(text.split())
        for limit in (5, 400):
            plain = folded if len(folded) <= limit else folded[: limit - 1].rstrip() + "…"
            assert quote(text, limit) == plain, text


def test_normalise_many_nfc_with_the_separator_in_a_text() -> None:
    """A text holding NUL (the separator) or an unprintable character: the same as
    normalising one by one, Latin-1 or not, folded or not."""
    from beredskab.text import normalise_many_nfc

    rnd = random.Random(43)
    alphabet = ["a", "b", " ", "  ", "\x00", "\x01", "\x7f", "\xa0", "\xad", "Ø", "e\u0301", "ā"]
    with_nul = 0
    for _ in range(3000):
        texts = _random_texts(rnd, alphabet, rnd.randint(2, 6), 8)
        if rnd.random() < 0.5:
            texts = [" ".join(t.split()) for t in texts]
        found, nfc = normalise_many_nfc(texts)
        assert found == [normalise(t) for t in texts], texts
        assert nfc == all(unicodedata_nfc(t) for t in texts), texts
        with_nul += any("\x00" in t for t in texts)
    assert with_nul > 500


def test_content_words_equals_the_plain_sum(pack: RulePack) -> None:
    from beredskab.checks.base import content_words

    ctx = build_context(f"# 1. Introduktion [intro]\n{_template_markup()}", pack=pack)
    lines = plan_lines(ctx)
    plain = sum(
        line.analysed.words for line in lines if not line.heading and line.analysed.is_content
    )
    assert content_words(lines) == plain
    assert 0 < plain < sum(line.analysed.words for line in lines)  # (some lines too short)
