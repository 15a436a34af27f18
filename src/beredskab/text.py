"""Danish text normalisation shared by the matcher, facts and checks.

``normalise`` folds case and white space and keeps æ/ø/å (they are letters in Danish, not
accents); ``fold`` additionally maps them to ae/oe/aa for lenient comparison (plans and
e-mail addresses write "Aabenraa"/"Åbenrå", "Koege"/"Køge"). ``stems`` gives Danish
snowball stems, so "målene", "målsætninger" and "mål" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[0-9a-zæøåäöüé]+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "u", "é": "e"})
_stemmer = snowballstemmer.stemmer("danish")


def normalise(text: str) -> str:
    """Lower case, NFC, soft hyphens dropped, dashes unified, white space folded."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u00a0", " ")
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
    return _SPACE.sub(" ", text).strip().lower()


def fold(text: str) -> str:
    """``normalise`` plus æ→ae, ø→oe, å→aa (and aa stays aa)."""
    return normalise(text).translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word.lower()))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]
