"""The sample corpus: realistic, filled-in Danish plans for all 98 municipalities with
known truth (``beredskab sample OUT_DIR``).

Pipeline: ``spec`` draws the choices (profile per municipality, dates, idioms, defects)
→ ``prose`` writes the plan as abstract blocks and records what it wrote in a ledger
→ ``docx_writer`` renders the blocks as Word writes them → ``truth`` derives each rule's
expected outcome from what was written → ``corpus`` writes files, ``manifest.csv`` and
``missing.json``. The wording used for passing and failing text is listed in
``PHRASES.md`` beside this file.
"""

from __future__ import annotations

from beredskab.sample.corpus import CorpusResult, GeneratedPlan, corpus_specs, generate_corpus
from beredskab.sample.truth import RULE_IDS, Disagreement, compare, derive_truth

__all__ = [
    "RULE_IDS",
    "CorpusResult",
    "Disagreement",
    "GeneratedPlan",
    "compare",
    "corpus_specs",
    "derive_truth",
    "generate_corpus",
]
