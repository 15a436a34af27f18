"""Kinds about the contact box on the template's front page: a local contact with phone
and e-mail (CON001), the national hotline's number (CON002), police 114 and 112
(CON003) and the hotline's opening hours (REF003)."""

from __future__ import annotations

import re
from typing import Any

from beredskab.cache import regex
from beredskab.checks import CheckContext
from beredskab.checks.base import Line, haystack, plan_lines, result, rx_any, searched
from beredskab.i18n import t
from beredskab.results import Outcome, Result
from beredskab.rulepack import RuleSpec

_PHONE8 = regex(r"(?<![\d+])(?:\+ ?45[ -]?)?((?:\d[ -]?){7}\d)(?![\d])")
_EMAIL = regex(r"^[^@\s]+@[^@\s]+\.[a-zæøå]{2,}$", re.IGNORECASE)
_HOURS = regex(
    r"(?:kl\.?|klokken|fra)\s*(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|til)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def phones_in(text: str) -> list[str]:
    """8-digit Danish numbers in ``text`` (any spacing, +45 allowed), as digits."""
    out = []
    for m in _PHONE8.finditer(text):
        digits = _digits(m.group(1))
        if len(digits) == 8:
            out.append(digits)
    return out


def contact(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """CON001: a local contact with a valid Danish phone number (8 digits; the hotline's
    and police numbers in ``exclude_numbers`` do not count) and a valid e-mail address."""
    exclude = set(rule.params.get("exclude_numbers") or ())
    phones = [f for f in ctx.facts.phones if len(f.value) == 8 and f.value not in exclude]
    emails = [f for f in ctx.facts.emails if _EMAIL.match(f.value)]
    data: dict[str, Any] = {
        "phones": [f.value for f in phones],
        "emails": [f.value for f in emails],
    }
    if phones and emails:
        phone, email = phones[0], emails[0]
        same = phone.evidence.paragraph == email.evidence.paragraph
        evidence = phone.evidence.text if same else f"{phone.evidence.text} … {email.evidence.text}"
        return [
            result(
                rule,
                ctx,
                "pass",
                values={"phone": _pretty(phone.value), "email": email.value},
                evidence=evidence,
                paragraph=phone.evidence.paragraph,
                data=data,
            )
        ]
    variant = "none" if not phones and not emails else ("no-phone" if not phones else "no-email")
    found = phones[0] if phones else (emails[0] if emails else None)
    values = {
        "phone": _pretty(phones[0].value) if phones else "",
        "email": emails[0].value if emails else "",
    }
    return [
        result(
            rule,
            ctx,
            "fail",
            variant,
            values=values,
            evidence=found.evidence.text if found else t("check.searched.contact", "da"),
            paragraph=found.evidence.paragraph if found else None,
            data=data,
        )
    ]


def _pretty(digits: str) -> str:
    """ "41749090" as "41 74 90 90" (how Danish numbers are written)."""
    if len(digits) == 8:
        return " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return digits


def _number_pattern(number: str) -> str:
    r"""The digits of ``number`` with a space or hyphen allowed between them, "+45"
    before them allowed, no digit (nor "+") just before and no digit after:
    ``(?<![\d+])(?:\+ ?45[ -]?)?4[ -]?1…(?!\d)``, written to start with the "+" or the
    first digit (the look-behind after that character) so the regex engine skips
    quickly to those characters instead of trying the look-behind at every one."""
    head, tail = number[:1], "".join("[ -]?" + re.escape(d) for d in number[1:])
    first = re.escape(head)
    return rf"(?:\+(?<![\d+]\+) ?45[ -]?{first}|{first}(?<![\d+]{first})){tail}(?!\d)"


def hotline(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """CON002: the national hotline's number is given. A different 8-digit number in a
    paragraph about the hotline (and the right one nowhere) is a ``fail``."""
    number = str(rule.params["number"])
    keywords = list(rule.params["keywords"])
    hay = haystack(ctx, plan_lines(ctx))
    found = hay.first([_number_pattern(number)])
    right = found[0] if found else None
    if right is not None:
        return [
            result(
                rule,
                ctx,
                "pass",
                values={"number": _pretty(number)},
                evidence=right.paragraph.text,
                paragraph=right.index,
            )
        ]
    for pos in sorted(hay.matching(keywords)):
        ln = hay.lines[pos]
        others = phones_in(ln.analysed.content)
        if others:
            return [
                result(
                    rule,
                    ctx,
                    "fail",
                    "wrong-number",
                    values={"number": _pretty(number), "found": _pretty(others[0])},
                    evidence=ln.paragraph.text,
                    paragraph=ln.index,
                    data={"found": others[0]},
                )
            ]
    return [
        result(
            rule,
            ctx,
            "fail",
            values={"number": _pretty(number)},
            evidence=searched(ctx, None),
        )
    ]


def police_numbers(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """CON003: every number in ``numbers`` (114, 112) is given, in a paragraph matching one
    of ``keywords`` when those are set (so a page number is not a police number)."""
    keywords = list(rule.params.get("keywords") or ())
    hay = haystack(ctx, plan_lines(ctx))
    keyword = rx_any(tuple(keywords)) if keywords else None
    found: list[tuple[dict[str, Any], Line]] = []
    missing: list[dict[str, Any]] = []
    for spec in rule.params["numbers"]:
        pattern = rf"(?<![\d])(?<!\d )(?<!\d-){spec['number']}(?![\d])(?! \d)"
        line = next(
            (
                hay.lines[pos]
                for pos in sorted(hay.matching([pattern]))
                if keyword is None or keyword.search(hay.lines[pos].analysed.content)
            ),
            None,
        )
        if line is None:
            missing.append(spec)
        else:
            found.append((spec, line))
    politi_dk = "politi.dk" in hay.text
    data = {
        "found": [s["number"] for s, _ in found],
        "missing": [s["number"] for s in missing],
        "politi_dk": politi_dk,
    }
    if not missing:
        line = found[0][1]
        return [
            result(
                rule,
                ctx,
                "pass",
                values={"found": [s["label"] for s, _ in found]},
                evidence=line.paragraph.text,
                paragraph=line.index,
                data=data,
            )
        ]
    partial = found[0][1] if found else None
    return [
        result(
            rule,
            ctx,
            "fail",
            values={
                "missing": [s["label"] for s in missing],
                "found": [s["label"] for s, _ in found],
            },
            evidence=partial.paragraph.text if partial else searched(ctx, None),
            paragraph=partial.index if partial else None,
            data=data,
        )
    ]


def hotline_hours(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """REF003: where the hotline's opening hours are given (in a paragraph about the
    hotline, or the one right after it), they are ``open``–``close``. No hours given:
    ``not-applicable``."""
    keywords = list(rule.params["keywords"])
    hay = haystack(ctx, plan_lines(ctx))
    want = (int(rule.params["open"]), int(rule.params["close"]))
    # The lines about the hotline are few, the lines holding "kl"/"fra" (the hours'
    # literals) many: only the keyword's lines and the ones right after them can count.
    about = hay.matching(keywords)
    for i in sorted(about | {i + 1 for i in about if i + 1 < len(hay.lines)}):
        ln = hay.lines[i]
        m = _HOURS.search(ln.analysed.content)
        if m is None:
            continue
        got = (int(m.group(1)), int(m.group(3)))
        hours = f"{got[0]}–{got[1]}"
        values = {"hours": hours, "expected": f"{want[0]}–{want[1]}"}
        data = {"open": got[0], "close": got[1]}
        outcome: Outcome = "pass" if got == want else "fail"
        return [
            result(
                rule,
                ctx,
                outcome,
                values=values,
                evidence=ln.paragraph.text,
                paragraph=ln.index,
                data=data,
            )
        ]
    return [result(rule, ctx, "not-applicable", "no-hours")]
