"""The message catalogue: every key has Danish and English, no key is defined twice."""

from __future__ import annotations

from beredskab.i18n import catalogue, resolve_lang, t


def test_every_message_has_both_languages() -> None:
    for key, texts in catalogue().items():
        assert texts.get("da"), f"{key} has no Danish text"
        assert texts.get("en"), f"{key} has no English text"


def test_t_fills_parameters_and_falls_back() -> None:
    assert "plan.docx" in t("doc.empty", "da", file="plan.docx")
    assert t("doc.empty", "en", file="x").startswith("The file x")
    assert t("no.such.key") == "no.such.key"


def test_resolve_lang(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("BEREDSKAB_LANG", raising=False)
    assert resolve_lang(None) == "da"
    assert resolve_lang("en") == "en"
    monkeypatch.setenv("BEREDSKAB_LANG", "en")
    assert resolve_lang(None) == "en"
