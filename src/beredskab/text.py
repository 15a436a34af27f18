"""Danish text normalisation shared by the matcher, facts and checks.

``normalise`` folds case and white space and keeps æ/ø/å (they are letters in Danish, not
accents); ``fold`` additionally maps them to ae/oe/aa for lenient comparison (plans and
e-mail addresses write "Aabenraa"/"Åbenrå", "Koege"/"Køge"). ``stems`` gives Danish
snowball stems, so "målene", "målsætninger" and "mål" meet.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import Any, overload

from beredskab.cache import regex

_WORD = regex(r"[0-9a-zæøåäöüé]+", re.IGNORECASE)
_SPACE = regex(r"\s+")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "u", "é": "e"})


@lru_cache(maxsize=1)
def _danish_stemmer() -> Any:
    """snowballstemmer's Danish stemmer, loaded on first use and alone: the package's
    ``__init__`` imports all of its ~30 languages (a good part of the start-up of
    ``beredskab check``). Its Danish module is imported under a private package name
    (``snowballstemmer`` itself is left alone); if that fails, the package is used."""
    import importlib.util
    import sys
    import types

    name = "_beredskab_snowballstemmer"
    try:
        if "snowballstemmer" not in sys.modules and importlib.util.find_spec("Stemmer") is None:
            spec = importlib.util.find_spec("snowballstemmer")
            if spec is not None and spec.submodule_search_locations:
                if name not in sys.modules:
                    package = types.ModuleType(name)
                    package.__path__ = list(spec.submodule_search_locations)
                    sys.modules[name] = package
                module = importlib.import_module(f"{name}.danish_stemmer")
                return module.DanishStemmer()
    except Exception:  # fall back to the package's own loading
        pass
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


_LATIN1_LOWER = bytes(ord(chr(i).lower()) for i in range(256))
"""``str.lower`` of each Latin-1 character: one Latin-1 character each (checked in the
tests), and none depends on its neighbours (only a final sigma does)."""


_PRINTABLE_OR_NUL = bytes(i for i in range(256) if i == 0 or chr(i).isprintable())
"""Latin-1 bytes of printable characters, and NUL (``_folded`` on Latin-1 bytes)."""


def lower(text: str) -> str:
    """``text.lower()``, for a Latin-1 text (the usual Danish plan) through a byte table,
    several times quicker."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.lower()
    return raw.translate(_LATIN1_LOWER).decode("latin-1")


_WORD_BYTES = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz" + "æøåäöüé".encode("latin-1"))
_WORD_TABLE = bytes(i if i in _WORD_BYTES or i == 0 else 32 for i in range(256))
"""Latin-1 bytes: the characters of ``LOWER_WORD`` kept, NUL kept, every other one a
space."""


def lower_words_many(texts: Sequence[str]) -> list[list[bytes]] | None:
    """``[LOWER_WORD.findall(t) for t in texts]`` as Latin-1 bytes, found over the joined
    texts at once (one byte table, then splitting at spaces); None when a text is not
    Latin-1 or holds NUL."""
    try:
        raw = "\x00".join(texts).encode("latin-1")
    except UnicodeEncodeError:
        return None
    parts = raw.translate(_WORD_TABLE).split(b"\x00")
    if len(parts) != len(texts):
        return None
    return list(map(bytes.split, parts))


def normalise(text: str) -> str:
    """Lower case, NFC, soft hyphens dropped, dashes unified, white space folded."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u00a0", " ")
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
    return _SPACE.sub(" ", text).strip().lower()


def normalise_many(texts: Sequence[str]) -> list[str]:
    """``[normalise(t) for t in texts]``, computed over the joined texts at once (the
    per-text work is C code over one long string instead of Python calls per text)."""
    return normalise_many_nfc(texts)[0]


_FOLD_CHECK = bytes(32 if i == 0 else i if i in _PRINTABLE_OR_NUL else 1 for i in range(256))
"""NUL read as a space, every unprintable byte but NUL as \x01 (``normalise_many_nfc``)."""
_NBSP_AS_SPACE = bytes(32 if i == 0xA0 else i for i in range(256))


def normalise_many_nfc(texts: Sequence[str]) -> tuple[list[str], bool]:
    """``normalise_many(texts)`` and whether every text was in NFC already (then the
    words of a text's plain ``lower()`` lie within the words of its normalised form)."""
    if len(texts) < 2:
        return [normalise(t) for t in texts], all(
            unicodedata.is_normalized("NFC", t) for t in texts
        )
    joined = "\x00".join(texts)
    nfc = True
    try:
        raw: bytes | None = joined.encode("latin-1")
    except UnicodeEncodeError:
        raw = None
    if raw is not None:
        # The usual Danish plan: Latin-1 text is in NFC already (every Latin-1 character
        # is a starter that NFC keeps and no two of them compose; checked in the tests),
        # so the NFC pass (~0.3 ms on a long plan) is skipped, and of the replacements
        # only the soft hyphen and the no-break space can apply (the dashes are not
        # Latin-1), on the bytes and only when present (a byte search costs little).
        if b"\xad" in raw or b"\xa0" in raw:
            raw = raw.translate(_NBSP_AS_SPACE, b"\xad")
            joined = raw.decode("latin-1")
    else:
        if joined.count("\x00") != len(texts) - 1:  # a text holds the separator itself
            nfc = all(unicodedata.is_normalized("NFC", t) for t in texts)
            return [normalise(t) for t in texts], nfc
        # NUL is a starter that never composes, so NFC stops at it; it is no white
        # space, so folding keeps it, and nothing it touches is cased (lower() of a
        # final sigma).
        composed = unicodedata.normalize("NFC", joined)
        nfc = composed is joined or composed == joined
        joined = composed.replace("\u00ad", "").replace("\u00a0", " ")
        joined = joined.replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
        try:
            raw = joined.encode("latin-1")
        except UnicodeEncodeError:
            raw = None
    if raw is not None and not raw.startswith(b" ") and not raw.endswith(b" "):
        # ``_folded`` and ``lower`` on the Latin-1 bytes. One table reads NUL as a space
        # and every unprintable byte but NUL as \x01: no "  ", " \x00" or "\x00 " (nor
        # "\x00\x00", an empty text: the general path below handles it) and no \x01
        # (a memchr search) means folded, without a second pass for the printable test.
        checked = raw.translate(_FOLD_CHECK)
        if b"  " not in checked and b"\x01" not in checked:
            parts = raw.translate(_LATIN1_LOWER).decode("latin-1").split("\x00")
            if len(parts) == len(texts):  # (else a text holds the separator itself)
                return parts, nfc
    if joined.count("\x00") != len(texts) - 1:  # a text holds the separator itself
        nfc = all(unicodedata.is_normalized("NFC", t) for t in texts)
        return [normalise(t) for t in texts], nfc
    if not _folded(joined):
        joined = " ".join(joined.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00")
    return lower(joined).split("\x00"), nfc


def _folded(joined: str) -> bool:
    """Whether the NUL-joined texts need no white-space folding: no white space but
    single spaces (every other white-space character is unprintable), none at a text's
    start or end."""
    return (
        "  " not in joined
        and " \x00" not in joined
        and "\x00 " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and joined.replace("\x00", "").isprintable()
    )


def fold(text: str) -> str:
    """``normalise`` plus æ→ae, ø→oe, å→aa (and aa stays aa)."""
    return normalise(text).translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_danish_stemmer().stemWord(word.lower()))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


# --- Literal pre-filters for regular expressions -----------------------------------------
#
# A regular expression that needs a piece of literal text ("tekstblok ", "114") cannot
# match a text without it, and ``literal in text`` is many times faster than a regex scan
# of a long plan. ``required_literals`` reads that from the pattern's parse tree.

_MIN_LITERAL = 2


def _case_extra() -> frozenset[str]:
    """Characters IGNORECASE matches beyond ``str.lower`` ("ı" ~ "i", "ſ" ~ "s" …)."""
    try:
        extra: dict[int, tuple[int, ...]] = importlib.import_module("re._casefix")._EXTRA_CASES
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        return frozenset("ıſµͅςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛﬅﬆ\u0130")
    chars = {chr(c) for k, v in extra.items() for c in (k, *v)}
    # "İ" is the one character whose lower case is two characters ("i̇"), so a text
    # holding it does not keep its letters' places in ``text.lower()``.
    return frozenset({c for c in chars if not c.isascii()} | {"\u0130"})


CASE_EXTRA = _case_extra()
"""Each pair IGNORECASE matches beyond ``lower`` has a non-ASCII character: a literal
or a text without any of these compares exactly after ``lower``."""
_CASE_EXTRA_RX = regex("[" + re.escape("".join(sorted(CASE_EXTRA))) + "]")


_CASE_EXTRA_LATIN1 = tuple(sorted(c for c in CASE_EXTRA if ord(c) < 256))
"""The few of them in Latin-1 ("µ"): a Latin-1 text can hold no other."""


def has_case_extra(text: str) -> bool:
    """``text`` holds a character that IGNORECASE matches in a way ``lower`` does not.

    A text that is all Latin-1 (the usual Danish plan; encoding it is a copy in C) is
    only searched for the Latin-1 ones."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _CASE_EXTRA_RX.search(text) is not None
    return any(c in text for c in _CASE_EXTRA_LATIN1)


@lru_cache(maxsize=4096)
def required_literals(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], bool] | None:
    """Pieces of text one of which every match of ``pattern`` contains, and whether they
    are compared case-insensitively (then they are lower case, for normalised text);
    None when the pattern has no such piece of at least two characters.

    Kept between runs with the compiled patterns (``beredskab.cache.remember``)."""
    from beredskab.cache import remember

    found = remember(
        f"literals:{int(flags)}:{pattern}",
        lambda: _list_literals(_required_literals(pattern, flags)),
    )
    if not isinstance(found, list) or len(found) != 2:
        return None
    return tuple(found[0]), bool(found[1])


def _list_literals(found: tuple[tuple[str, ...], bool] | None) -> list[Any] | None:
    return None if found is None else [list(found[0]), found[1]]


def _required_literals(pattern: str, flags: int) -> tuple[tuple[str, ...], bool] | None:
    c = importlib.import_module("re._constants")
    _parser = importlib.import_module("re._parser")

    try:
        parsed = _parser.parse(pattern, flags)
    except Exception:  # an invalid pattern fails later, where it is used
        return None
    ignore = bool(parsed.state.flags & re.IGNORECASE)
    found = _literals(list(parsed), c)
    if found is None or min(len(x) for x in found) < _MIN_LITERAL:
        return None
    if ignore:
        lowered = []
        for text in found:
            if any(len(ch.lower()) != 1 or ch in CASE_EXTRA for ch in text):
                return None
            lowered.append("".join(ch.lower() for ch in text))
        found = tuple(lowered)
    unique = list(dict.fromkeys(found))
    # A literal holding another one adds nothing ("godkendte" holds "godkendt").
    unique = [x for x in unique if not any(y != x and y in x for y in unique)]
    return tuple(unique), ignore


_MAX_ALTERNATIVES = 8


def _choices(item: Any, c: Any) -> list[str] | None:
    """The characters a single-character item matches (a literal, ``[ -]``), or None."""
    op, av = item
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.IN and all(o is c.LITERAL for o, _ in av):
        return [chr(v) for _, v in av]
    return None


def _literals(items: list[Any], c: Any) -> tuple[str, ...] | None:
    """The best "one of these" requirement of a sequence of parsed regex items: runs of
    literal characters, an optional character or a small set (``3[ -]?3``) giving a few
    alternatives, groups and branches giving theirs."""
    zero_width = {c.AT, c.ASSERT, c.ASSERT_NOT}
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
    options: list[tuple[str, ...]] = []
    run: list[str] = [""]

    def flush() -> None:
        nonlocal run
        if any(run):
            options.append(tuple(run))
        run = [""]

    def extend(chars: list[str], optional: bool) -> bool:
        nonlocal run
        if len(run) * (len(chars) + optional) > _MAX_ALTERNATIVES:
            return False
        run = [r + ch for r in run for ch in ([""] if optional else []) + chars]
        return True

    for item in items:
        op, av = item
        chars = _choices(item, c)
        if chars is not None:
            if not extend(chars, False):
                flush()
                run = list(chars)
        elif op in zero_width:
            continue
        elif op in repeats:
            low, high, body = av
            body = list(body)
            single = _choices(body[0], c) if len(body) == 1 else None
            if single is not None and low == 0 and high == 1 and extend(single, True):
                continue
            if single is not None and low >= 1 and len(single) == 1:
                run = [r + single[0] * low for r in run]
                if high != low:
                    flush()
            else:
                flush()
                if low >= 1:
                    inner = _literals(body, c)
                    if inner is not None:
                        options.append(inner)
        elif op is c.SUBPATTERN:
            flush()
            _group, add_flags, del_flags, body = av
            if not add_flags and not del_flags:
                inner = _literals(list(body), c)
                if inner is not None:
                    options.append(inner)
        elif op is c.BRANCH:
            flush()
            alternatives: list[str] = []
            for branch in av[1]:
                inner = _literals(list(branch), c)
                if inner is None:
                    alternatives = []
                    break
                alternatives.extend(inner)
            if alternatives:
                options.append(tuple(alternatives))
        else:
            flush()
    flush()
    if not options:
        return None
    return max(options, key=lambda o: (min(len(x) for x in o), -len(o)))


_TOKENS_FROM = 20000
"""Texts at least this long get a token index for absent literals (``TextLines``)."""


_REGEX_FIND_MAX = 5
_REGEX_FIND_FROM = 100_000
"""``TextLines`` finds literals of at most ``_REGEX_FIND_MAX`` characters in texts at
least this long with a regex (``_finder``; in shorter texts ``str.find`` costs less
than reading the regex from the cache in a fresh process)."""


@lru_cache(maxsize=1024)
def _literal_regex(literal: str) -> re.Pattern[str]:
    return regex(re.escape(literal))


_MANY_HITS = 128
"""After this many texts with a literal, ``TextLines.with_literal`` tests the remaining
texts one by one (cheaper than a search and a bisection per hit)."""


class TextLines:
    """Lower-case texts joined into one, to find quickly which of them hold a literal
    piece of text (``required_literals``) before a regular expression is tried on them."""

    def __init__(
        self,
        texts: Sequence[str],
        sep: str = "\n",
        tokens: Callable[[], str] | None = None,
        pieces: Callable[[str], list[str]] = str.split,
    ) -> None:
        """``tokens``: gives the distinct tokens of a text these texts are part of (every
        token of theirs lies within one of those), one per line: long texts then find
        quickly that a literal is absent (``TextLines.tokens`` builds them for these
        texts). ``pieces`` splits a literal into the parts that each lie within one
        token wherever the literal occurs: white-space-free parts for white-space
        tokens (the default), the runs of a word regex's ``findall`` for the tokens that
        regex finds."""
        self.texts = texts
        self._shared_tokens = tokens
        self._pieces = pieces
        step = len(sep)
        self.lengths: list[int] = list(map(len, texts))
        offsets = accumulate(self.lengths, initial=0)
        self.starts: list[int] = list(map(add, offsets, range(0, len(texts) * step, step)))
        self.text = sep.join(texts)
        self._sep = sep
        self._found: dict[str, list[int]] = {}
        self._found_any: dict[tuple[str, ...], list[int]] = {}
        self._absent_of: dict[str, bool] = {}
        self._case_extra: bool | None = None
        self._tokens: str | None = None

    @classmethod
    def of_joined(
        cls,
        like: TextLines,
        text: str,
        tokens: Callable[[], str] | None = None,
        pieces: Callable[[str], list[str]] = str.split,
    ) -> TextLines:
        """Texts already joined into ``text`` the way ``like``'s are (each as long as
        ``like``'s, the same separators between them), read from ``text`` when asked
        for (``texts`` slices it): no list of texts made up front."""
        lines = cls.__new__(cls)
        lines.lengths, lines.starts, lines.text = like.lengths, like.starts, text
        lines.texts = _Slices(text, like.starts, like.lengths)
        lines._shared_tokens, lines._pieces = tokens, pieces
        lines._found, lines._case_extra, lines._tokens = {}, None, None
        lines._sep, lines._found_any, lines._absent_of = like._sep, {}, {}
        return lines

    def _absent(self, literal: str) -> bool:
        """A quick "certainly not there" for long texts: each piece of the literal
        (``pieces``) lies within one token, and the distinct tokens of a long text are a
        much shorter text to search. Kept per literal (``with_any`` asks, then
        ``with_literal``): the texts never change, and the tokens only grow."""
        if self._shared_tokens is None or len(self.text) < _TOKENS_FROM:
            return False
        known = self._absent_of.get(literal)
        if known is None:
            known = self._absent_of[literal] = self._absent_now(literal)
        return known

    def _absent_now(self, literal: str) -> bool:
        assert self._shared_tokens is not None
        tokens = self._shared_tokens()
        if any(part not in tokens for part in self._pieces(literal)):
            return True
        # A character of the literal missing from the text ("§" in "§ 12 b", whose
        # words are all there): a character is found at C speed (memchr), at once
        # where it is common, and the whole text is read only where it is absent.
        text = self.text
        return any(c not in text for c in set(literal))

    @property
    def knows_absent(self) -> bool:
        """Whether ``absent`` can tell (a long text whose tokens are known)."""
        return self._shared_tokens is not None and len(self.text) >= _TOKENS_FROM

    def absent(self, literal: str) -> bool:
        """``literal`` is certainly in none of the texts (False: it may be)."""
        return self._absent(literal)

    def tokens(self) -> str:
        """The distinct white-space-separated tokens of the text, one per line."""
        if self._tokens is None:
            self._tokens = "\n".join(set(self.text.split()))
        return self._tokens

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def with_literal(self, literal: str) -> list[int]:
        """Positions of the texts holding ``literal``, in order."""
        hit = self._found.get(literal)
        if hit is None:
            hit = []
            if self._absent(literal):
                self._found[literal] = hit
                return hit
            starts, lengths, text = self.starts, self.lengths, self.text
            find = self._finder(literal)
            pos = find(0)
            while pos >= 0:
                line = bisect_right(starts, pos) - 1
                if pos + len(literal) <= starts[line] + lengths[line]:
                    hit.append(line)
                    if line + 1 >= len(starts):
                        break
                    if len(hit) >= _MANY_HITS:  # the rest text by text (no search per hit)
                        rest = range(line + 1, len(starts))
                        in_text = text.find
                        hit.extend(
                            i
                            for i in rest
                            if in_text(literal, starts[i], starts[i] + lengths[i]) >= 0
                        )
                        break
                    pos = find(starts[line + 1])
                else:  # across a separator: not in one text
                    pos = find(pos + 1)
            self._found[literal] = hit
        return hit

    def _finder(self, literal: str) -> Callable[[int], int]:
        """``lambda pos: self.text.find(literal, pos)``; in a long text a short literal
        is found by the regex engine's literal search instead, about twice as quick as
        ``str.find`` there (whose skip table serves needles of a few characters poorly;
        from six characters on ``str.find`` is as quick or quicker, the regex engine
        slowing down on a common first letter); its compiled form is kept with the
        other regexes (``cache.regex``)."""
        text = self.text
        if len(text) < _REGEX_FIND_FROM or len(literal) > _REGEX_FIND_MAX:
            find = text.find
            return lambda pos: find(literal, pos)
        search = _literal_regex(literal).search

        def find_match(pos: int) -> int:
            m = search(text, pos)
            return -1 if m is None else m.start()

        return find_match

    def candidates_or_all(self, pattern: str, flags: int) -> list[int]:
        """``candidates``, or every position when the pattern has no required literal."""
        found = self.candidates(pattern, flags)
        return list(range(len(self.texts))) if found is None else found

    def candidates(self, pattern: str, flags: int) -> list[int] | None:
        """Positions of the texts that may match ``pattern`` (compiled with ``flags``),
        in order: those holding one of its required literals (None: no such literal)."""
        required = required_literals(pattern, flags)
        if required is not None and required[1]:
            if self._case_extra is None:
                self._case_extra = has_case_extra(self.text)
            if self._case_extra:
                required = None
        if required is None:
            return None
        return self.with_any(required[0])

    def with_any(self, literals: Sequence[str]) -> list[int]:
        """Positions of the texts holding one of ``literals``, in order.

        Several literals that may be present and all start with the same character
        (the spellings of a number, "§ 12 b" / "§12b") are found in one scan of a long
        text by the regex engine, which then only tries them where that character is
        (one scan instead of one per literal; with different first characters, e.g.
        words, the engine would try every one at most positions: slower than a
        ``str.find`` per literal)."""
        if len(literals) == 1:
            return self.with_literal(literals[0])
        key = tuple(literals)
        hit = self._found_any.get(key)
        if hit is not None:
            return hit
        present = [lit for lit in dict.fromkeys(literals) if not self._absent(lit)]
        if (
            len(present) < 2
            or len(self.text) < _REGEX_FIND_FROM
            or len({lit[0] for lit in present}) != 1
            or any(c in lit for c in self._sep for lit in present)
        ):
            hit = self._found_any[key] = sorted(
                {i for lit in present for i in self.with_literal(lit)}
            )
        else:
            # No literal holds a separator character, so every match lies in one text.
            hit = self._found_any[key] = []
            starts, text = self.starts, self.text
            search = _alternation_regex(tuple(sorted(present))).search
            m = search(text, 0)
            while m is not None:
                line = bisect_right(starts, m.start()) - 1
                hit.append(line)
                if line + 1 >= len(starts):
                    break
                m = search(text, starts[line + 1])
        return hit


@lru_cache(maxsize=256)
def _alternation_regex(literals: tuple[str, ...]) -> re.Pattern[str]:
    return regex("|".join(re.escape(lit) for lit in literals))


class _Slices(Sequence[str]):
    """The texts joined into one text, sliced out of it when asked for."""

    def __init__(self, text: str, starts: list[int], lengths: list[int]) -> None:
        self._text, self._starts, self._lengths = text, starts, lengths

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        start = self._starts[i]
        return self._text[start : start + self._lengths[i]]


LOWER_WORD = regex(r"[0-9a-zæøåäöüé]+")
"""A word of lower-case text (the checks' words; ``TextLines`` pieces of a literal)."""


def _lower_pieces(literal: str) -> list[str]:
    """The words of ``literal.lower()``: wherever the literal occurs, each lies within a
    word of the text's lower case (``lower`` maps character by character; a final sigma,
    the one exception, is no word character)."""
    return LOWER_WORD.findall(literal.lower())


class CaseTexts:
    """Texts as written and in lower case, to find quickly which of them a compiled
    regular expression may match (by ``required_literals``)."""

    def __init__(
        self, texts: Sequence[str], sep: str = "\x00", tokens: Callable[[], str] | None = None
    ) -> None:
        """``tokens``: gives distinct words (``LOWER_WORD``, one per line) such that every
        word of every text's ``lower()`` lies within one of them, when known (literals
        then found absent quickly, ``TextLines``)."""
        self.texts = texts
        self.exact = TextLines(texts, sep, tokens, _lower_pieces)
        try:
            raw = self.exact.text.encode("latin-1")
        except UnicodeEncodeError:
            joined, by_byte = self.exact.text.lower(), False
        else:  # ``lower`` of Latin-1 text: a byte table, so each character keeps its place
            joined, by_byte = raw.translate(_LATIN1_LOWER).decode("latin-1"), True
        if by_byte or (len(joined) == len(self.exact.text) and joined.count(sep) == len(texts) - 1):
            # Every text as long as in its own case (lower case never makes a character
            # shorter): the lower-case texts are read out of the joined one.
            self.lower = TextLines.of_joined(self.exact, joined, tokens, LOWER_WORD.findall)
        else:
            lowered = joined.split(sep) if joined.count(sep) == len(texts) - 1 else None
            self.lower = TextLines(
                lowered if lowered is not None else [t.lower() for t in texts],
                sep,
                tokens,
                LOWER_WORD.findall,
            )
        self._case_extra: bool | None = None

    def with_any(self, cues: Sequence[str]) -> list[int]:
        """Positions of the texts whose lower case holds one of ``cues``, in order."""
        return self.lower.with_any(cues)

    def candidates(self, pattern: re.Pattern[str]) -> list[int]:
        """Positions of the texts ``pattern`` may match (all without a literal), in order."""
        required = required_literals(pattern.pattern, pattern.flags)
        if required is None:
            return list(range(len(self.texts)))
        literals, ignore = required
        if not ignore:
            index = self.exact
        else:
            if self._case_extra is None:
                self._case_extra = has_case_extra(self.exact.text)
            if self._case_extra:
                return list(range(len(self.texts)))
            index = self.lower
        return index.with_any(literals)
