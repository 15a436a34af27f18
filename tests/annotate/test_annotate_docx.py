"""The annotated copy as a Word package: the comments, their anchors, and everything else
left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from annotate_helpers import (
    NS,
    P_COMMENTED,
    P_COMMS,
    P_CONTROL,
    P_GOAL_1,
    P_GOALS,
    P_IMAGE,
    P_INTRO,
    P_ORG,
    P_ORG_CELL_TEXT,
    P_TEXTBOX_ANCHOR,
    P_TITLE,
    P_TRACKED,
    P_VISION,
    PARAGRAPHS,
    SAFE,
    W,
    build_plan,
    indexed,
    part,
    read_comments,
    report,
    result,
    rewrite,
    rule_of,
    sections_found,
    small_pack,
)
from lxml import etree

from beredskab.annotate import AnnotateError, annotate_docx, annotated_name
from beredskab.errors import DocumentError
from beredskab.reader import read_document

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
PACK = small_pack()
SECTIONS = sections_found(
    intro=P_INTRO, intro__vision=P_VISION, intro__goals=P_GOALS, org=P_ORG, comms=P_COMMS
)
REWRITTEN = {
    "[Content_Types].xml",
    "word/document.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
}

# One finding on every idiom of the sample plan, and where each comment must end up.
FINDINGS = [
    (result("DOC003"), P_TITLE),
    (result("STR001", section="intro.responsibility"), P_INTRO),
    (result("INT002", section="intro.goals", paragraph=P_GOAL_1), P_GOAL_1),
    (result("ORG003", section="org", paragraph=P_ORG), P_ORG),
    (result("STR003", section="org", paragraph=P_ORG_CELL_TEXT), P_ORG_CELL_TEXT),
    (result("CON002", severity="warning", paragraph=P_TEXTBOX_ANCHOR), P_TEXTBOX_ANCHOR),
    (result("CON001", paragraph=P_CONTROL), P_CONTROL),
    (result("DOC002", severity="warning", paragraph=P_COMMENTED), P_COMMENTED),
    (result("INT004", outcome="error", paragraph=P_TRACKED), P_TRACKED),
    (result("REF003", severity="info", paragraph=P_IMAGE), P_IMAGE),
    (result("KOM001", section="comms", outcome="pass", paragraph=P_COMMS), None),
]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build_plan(tmp_path / "plan.docx")


def _annotate(src: Path, dst: Path, results=None, **kwargs):
    rep = report([r for r, _ in FINDINGS] if results is None else results, SECTIONS)
    kwargs.setdefault("pack", PACK)
    kwargs.setdefault("now", NOW)
    return annotate_docx(src, dst, rep, **kwargs)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_expected_comments_on_expected_paragraphs(plan: Path, tmp_path: Path) -> None:
    before = _sha(plan)
    out = tmp_path / "plan-kommenteret.docx"
    outcome = _annotate(plan, out)
    assert _sha(plan) == before  # the original is only read

    comments = read_comments(out)
    ours = [c for c in comments if c.author == "beredskab"]
    assert all(c.initials == "BR" for c in ours)
    expected = {(r.rule, where) for r, where in FINDINGS if where is not None}
    assert {(rule_of(c), c.paragraph) for c in ours if rule_of(c)} == expected
    summary = [c for c in ours if rule_of(c) is None]
    assert len(summary) == 1 and summary[0].paragraph == 0
    assert summary[0].text.startswith("beredskab: samlet vurdering af planen")
    assert outcome.comments == len(ours) == len(expected) + 1
    assert {(a.rule, a.paragraph) for a in outcome.anchors if a.rule} == expected
    assert len({a.comment_id for a in outcome.anchors}) == outcome.comments
    assert outcome.warnings == ()


def test_comment_text_has_rule_id_message_and_fix(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(plan, out)
    by_rule = {rule_of(c): c.text for c in read_comments(out)}
    assert by_rule["STR001"].splitlines() == [
        "STR001 · Skal rettes",
        "Dansk besked for STR001",
        "I skabelonen hører afsnittet til under denne overskrift.",
        "Sådan retter I det: Tilføj afsnittet.",
    ]
    assert by_rule["INT004"].startswith("INT004 · Skal rettes\nDet kunne beredskab ikke vurdere")


def test_project_reader_reads_the_copy_like_the_original_plus_comments(
    plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.docx"
    outcome = _annotate(plan, out)
    original, copy = read_document(plan), read_document(out)
    # The plan as the checker sees it is unchanged: same paragraphs, indices, tables,
    # text boxes, content controls, headers, footers and tracked changes.
    assert copy.body == original.body
    assert (copy.headers, copy.footers) == (original.headers, original.footers)
    assert copy.content_controls == original.content_controls
    assert copy.paragraph_count == original.paragraph_count == PARAGRAPHS
    assert (copy.revisions.insertions, copy.revisions.deletions) == (1, 1)
    assert copy.revisions.comments == original.revisions.comments + outcome.comments

    ours = [c for c in copy.comments if c.author == "beredskab"]
    assert len(ours) == outcome.comments and {c.initials for c in ours} == {"BR"}
    assert [c for c in copy.comments if c.author != "beredskab"] == list(original.comments)
    by_docx = {str(c.comment_id): " ".join(c.text.split()) for c in read_comments(out)}
    assert {c.comment_id: " ".join(c.text.split()) for c in copy.comments} == by_docx

    # The reader's paragraph index and the anchors agree.
    text_at = {p.index: p.text for p in copy.paragraphs() if p.location != "textbox"}
    root = etree.fromstring(part(out, "word/document.xml"), SAFE)
    xml_paragraphs = indexed(root)
    for comment in read_comments(out):
        xml_text = "".join(
            xml_paragraphs[comment.paragraph].xpath(
                ".//w:t[not(ancestor::w:txbxContent)]/text()", namespaces=NS
            )
        )
        assert " ".join(xml_text.split()) == text_at[comment.paragraph]
    anchor = {a.rule: a.paragraph for a in outcome.anchors}
    assert text_at[anchor["INT002"]] == "Mål 1: Tidlig opsporing."
    assert text_at[anchor["ORG003"]] == "2. Organisering og samarbejde"
    assert text_at[anchor["STR001"]] == "1. Introduktion"
    assert text_at[anchor["CON001"]].startswith("Kontakt: Infohus")


def test_english_copy(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(plan, out, lang="en")
    texts = [c.text for c in read_comments(out) if c.author == "beredskab"]
    assert texts[0].startswith("beredskab: overall assessment of the plan")
    assert any(t.startswith("STR001 · Must be fixed") for t in texts)


def test_existing_comment_is_kept_unchanged(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(plan, out)
    theirs = [c for c in read_comments(out) if c.author == "Mette"]
    assert len(theirs) == 1
    assert (theirs[0].text, theirs[0].initials, theirs[0].paragraph) == (
        "Husk at tjekke dette",
        "MJ",
        P_COMMENTED,
    )
    old = etree.fromstring(part(plan, "word/comments.xml"), SAFE)
    new = etree.fromstring(part(out, "word/comments.xml"), SAFE)
    assert etree.tostring(old[0], method="c14n") == etree.tostring(new[0], method="c14n")
    ids = [int(c.get(f"{{{W}}}id")) for c in new]
    assert len(ids) == len(set(ids))


def _strip_ours(root: etree._Element, ids: set[str]) -> None:
    for el in root.xpath("//w:commentRangeStart|//w:commentRangeEnd", namespaces=NS):
        if el.get(f"{{{W}}}id") in ids:
            el.getparent().remove(el)
    for ref in root.xpath("//w:r[w:commentReference]", namespaces=NS):
        if ref[0].get(f"{{{W}}}id") in ids and len(ref) == 1:
            ref.getparent().remove(ref)


def test_document_is_unchanged_but_for_the_comment_markers(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    outcome = _annotate(plan, out)
    ours = {str(a.comment_id) for a in outcome.anchors}
    new = etree.fromstring(part(out, "word/document.xml"), SAFE)
    _strip_ours(new, ours)
    old = etree.fromstring(part(plan, "word/document.xml"), SAFE)
    # Tracked changes, the content control, the text box, the image, the existing
    # comment's markers and the section properties (headers, footers) all survive.
    assert etree.tostring(new, method="c14n") == etree.tostring(old, method="c14n")
    assert len(indexed(new)) == PARAGRAPHS


def test_every_other_part_is_copied_byte_for_byte(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(plan, out)
    with zipfile.ZipFile(plan) as zin, zipfile.ZipFile(out) as zout:
        old = zin.infolist()
        new = {i.filename: i for i in zout.infolist()}
        assert [i.filename for i in zout.infolist()][: len(old)] == [i.filename for i in old]
        for info in old:
            assert new[info.filename].compress_type == info.compress_type
            if info.filename not in REWRITTEN:
                assert zout.read(info.filename) == zin.read(info), info.filename
        kinds = {n.split("/")[-1] for n in new}
        assert {"header1.xml", "footer1.xml", "styles.xml"} <= kinds
        assert any(n.startswith("word/media/") for n in new)


def test_plan_without_comments_gets_comments_part_relationship_and_content_type(
    tmp_path: Path,
) -> None:
    plan = build_plan(tmp_path / "plan.docx", existing_comment=False)
    assert "word/comments.xml" not in zipfile.ZipFile(plan).namelist()
    out = tmp_path / "out.docx"
    outcome = _annotate(plan, out)
    comments = read_comments(out)
    assert len(comments) == outcome.comments
    ids = [c.comment_id for c in comments]
    assert ids == list(range(903, 903 + outcome.comments))  # above the tracked changes' 902
    types = part(out, "[Content_Types].xml").decode()
    assert 'PartName="/word/comments.xml"' in types
    rels = part(out, "word/_rels/document.xml.rels").decode()
    assert rels.count("relationships/comments") == 1


def test_new_ids_avoid_every_id_in_use(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    outcome = _annotate(plan, out)
    old = etree.fromstring(part(plan, "word/document.xml"), SAFE)
    in_use = {int(v) for v in old.xpath("//@w:id", namespaces=NS)}  # incl. w:ins/w:del
    assert {a.comment_id for a in outcome.anchors}.isdisjoint(in_use)


def test_same_input_gives_the_same_bytes(plan: Path, tmp_path: Path) -> None:
    _annotate(plan, tmp_path / "a.docx")
    _annotate(plan, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_comment_date_and_invalid_characters(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(plan, out, [result("DOC003", da="Fundet \x0bkontrol\x00tegn")])
    root = etree.fromstring(part(out, "word/comments.xml"), SAFE)
    ours = [c for c in root if c.get(f"{{{W}}}author") == "beredskab"]
    assert {c.get(f"{{{W}}}date") for c in ours} == {"2026-11-27T10:30:00Z"}
    assert any("Fundet kontroltegn" in "".join(c.itertext()) for c in ours)


def test_waived_finding_is_marked_accepted(plan: Path, tmp_path: Path) -> None:
    waiver = {"accepted_by": "CDE", "reason": "Aftalt", "expires": "2027-12-31"}
    out = tmp_path / "out.docx"
    _annotate(plan, out, [result("INT002", paragraph=P_GOAL_1, waiver=waiver)])
    texts = {rule_of(c): c.text for c in read_comments(out)}
    assert texts["INT002"].startswith("INT002 · Accepteret afvigelse")


# --- Word's extended comment parts ---------------------------------------------------------
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
EXTENDED = {
    "word/commentsExtended.xml": (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>'
        "</w15:commentsEx>"
    ),
    "word/commentsIds.xml": (
        f'<w16cid:commentsIds xmlns:w16cid="{W16CID}"><w16cid:commentId w16cid:paraId="1A2B3C4D"'
        ' w16cid:durableId="0BE00001"/></w16cid:commentsIds>'
    ),
    "word/commentsExtensible.xml": (
        f'<w16cex:commentsExtensible xmlns:w16cex="{W16CEX}"><w16cex:commentExtensible'
        ' w16cex:durableId="0BE00001" w16cex:dateUtc="2026-01-01T00:00:00Z"/>'
        "</w16cex:commentsExtensible>"
    ),
}
EXT_RELS = {
    "word/commentsExtended.xml": "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "word/commentsIds.xml": "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "word/commentsExtensible.xml": "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
}


def _with_extended_parts(plan: Path, dst: Path) -> Path:
    def rels(data: bytes) -> bytes:
        extra = "".join(
            f'<Relationship Id="rIdX{n}" Type="{t}" Target="{name.split("/")[1]}"/>'
            for n, (name, t) in enumerate(EXT_RELS.items())
        )
        return data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")

    def comments(data: bytes) -> bytes:  # Word gives the comment's paragraph a w14:paraId
        return data.replace(b"<w:p>", f'<w:p xmlns:w14="{W14}" w14:paraId="1A2B3C4D">'.encode(), 1)

    changes: dict[str, object] = {"word/_rels/document.xml.rels": rels}
    changes["word/comments.xml"] = comments
    changes.update({k: v.encode() for k, v in EXTENDED.items()})
    return rewrite(plan, dst, changes)


def test_extended_comment_parts_are_kept_consistent(plan: Path, tmp_path: Path) -> None:
    src = _with_extended_parts(plan, tmp_path / "word-made.docx")
    assert b"1A2B3C4D" in part(src, "word/comments.xml")
    out = tmp_path / "out.docx"
    waiver = {"accepted_by": "CDE", "reason": "Aftalt", "expires": "2027-12-31"}
    results = [result("DOC003"), result("INT002", paragraph=P_GOAL_1, waiver=waiver)]
    outcome = _annotate(src, out, results)
    assert outcome.warnings == ()

    comments = etree.fromstring(part(out, "word/comments.xml"), SAFE)
    para_of = {
        c.get(f"{{{W}}}id"): c.findall(f"{{{W}}}p")[-1].get(f"{{{W14}}}paraId") for c in comments
    }
    ext = etree.fromstring(part(out, "word/commentsExtended.xml"), SAFE)
    done = {e.get(f"{{{W15}}}paraId"): e.get(f"{{{W15}}}done") for e in ext}
    ids = etree.fromstring(part(out, "word/commentsIds.xml"), SAFE)
    durable = {e.get(f"{{{W16CID}}}paraId"): e.get(f"{{{W16CID}}}durableId") for e in ids}
    cex = etree.fromstring(part(out, "word/commentsExtensible.xml"), SAFE)
    cex_ids = [e.get(f"{{{W16CEX}}}durableId") for e in cex]

    assert len(comments) == len(ext) == len(ids) == len(cex) == 4  # theirs + 3 of ours
    assert set(para_of.values()) == set(done) == set(durable)  # every comment linked
    assert len(set(durable.values())) == 4 and sorted(cex_ids) == sorted(durable.values())
    assert done["1A2B3C4D"] == "0"  # theirs untouched
    waived = next(a for a in outcome.anchors if a.rule == "INT002")
    assert done[para_of[str(waived.comment_id)]] == "1"  # accepted: shown as resolved
    other = next(a for a in outcome.anchors if a.rule == "DOC003")
    assert done[para_of[str(other.comment_id)]] == "0"
    assert all(int(p, 16) < 0x80000000 for p in para_of.values())


# --- package kinds -------------------------------------------------------------------------
MAIN_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_CT = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def test_docm_stays_macro_enabled_and_needs_docm_name(plan: Path, tmp_path: Path) -> None:
    def to_docm(data: bytes) -> bytes:
        assert MAIN_CT in data
        return data.replace(MAIN_CT, DOCM_CT)

    src = rewrite(plan, tmp_path / "plan.docm", {"[Content_Types].xml": to_docm})
    with pytest.raises(AnnotateError) as caught:
        _annotate(src, tmp_path / "out.docx")
    assert caught.value.code == "wrong-extension"
    assert ".docm" in caught.value.message("da") and ".docm" in caught.value.message("en")
    assert not (tmp_path / "out.docx").exists()
    out = tmp_path / "out.docm"
    _annotate(src, out)
    assert DOCM_CT in part(out, "[Content_Types].xml")
    assert any(rule_of(c) == "CON001" for c in read_comments_raw(out))


def read_comments_raw(path: Path):
    """python-docx refuses .docm by content type; read a renamed copy."""
    copy = path.with_name("copy-for-reading.docx")
    rewrite(path, copy, {"[Content_Types].xml": lambda d: d.replace(DOCM_CT, MAIN_CT)})
    return read_comments(copy)


def test_strict_ooxml_is_refused_with_a_clear_message(plan: Path, tmp_path: Path) -> None:
    strict_rel = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
    src = rewrite(
        plan,
        tmp_path / "strict.docx",
        {
            "_rels/.rels": lambda d: d.replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                strict_rel,
            )
        },
    )
    with pytest.raises(AnnotateError) as caught:
        _annotate(src, tmp_path / "out.docx")
    assert caught.value.code == "strict"
    assert "Strict Open XML" in caught.value.message("da")
    assert "ordinary Word document" in caught.value.message("en")
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".beredskab-*")) == []


def test_strict_namespace_in_main_part_is_refused(plan: Path, tmp_path: Path) -> None:
    src = rewrite(
        plan,
        tmp_path / "strict.docx",
        {
            "word/document.xml": lambda d: d.replace(
                W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
            )
        },
    )
    with pytest.raises(AnnotateError) as caught:
        _annotate(src, tmp_path / "out.docx")
    assert caught.value.code == "strict"


def test_empty_body_gets_a_paragraph_for_the_comments(tmp_path: Path) -> None:
    plan = build_plan(tmp_path / "plan.docx", existing_comment=False)

    def empty(data: bytes) -> bytes:
        root = etree.fromstring(data, SAFE)
        body = root.find(f"{{{W}}}body")
        for child in list(body)[:-1]:  # keep w:sectPr
            body.remove(child)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    src = rewrite(plan, tmp_path / "empty.docx", {"word/document.xml": empty})
    out = tmp_path / "out.docx"
    outcome = _annotate(src, out, [result("STR001", section="intro")])
    assert len(outcome.warnings) == 1
    assert {c.paragraph for c in read_comments(out)} == {0}


def test_not_a_word_file_is_a_document_error(tmp_path: Path) -> None:
    src = tmp_path / "plan.docx"
    src.write_bytes(b"%PDF-1.7 not a zip")
    with pytest.raises(DocumentError) as caught:
        _annotate(src, tmp_path / "out.docx")
    assert caught.value.code == "not-zip"
    with pytest.raises(DocumentError) as caught:
        _annotate(tmp_path / "missing.docx", tmp_path / "out.docx")
    assert caught.value.code == "not-found"


# --- where the copy may go -----------------------------------------------------------------
def test_refuses_to_overwrite_the_input(plan: Path, tmp_path: Path, monkeypatch) -> None:
    before = plan.read_bytes()
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.docx"
    link.symlink_to(plan)
    hard = tmp_path / "hard.docx"
    os.link(plan, hard)
    for dst in (plan, Path("plan.docx"), tmp_path / "sub" / ".." / "plan.docx", link, hard):
        with pytest.raises(AnnotateError) as caught:
            _annotate(plan, dst)
        assert caught.value.code == "same-file"
        assert "plan-kommenteret.docx" in caught.value.message("da")
    assert plan.read_bytes() == before


def test_refuses_missing_folder_folder_target_and_read_only_folder(
    plan: Path, tmp_path: Path
) -> None:
    with pytest.raises(AnnotateError) as caught:
        _annotate(plan, tmp_path / "nope" / "out.docx")
    assert caught.value.code == "no-folder" and "nope" in caught.value.message("en")
    with pytest.raises(AnnotateError) as caught:
        _annotate(plan, tmp_path)
    assert caught.value.code == "is-folder"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(AnnotateError) as caught:
            _annotate(plan, locked / "out.docx")
        assert caught.value.code == "not-writable"
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_refuses_read_only_existing_copy(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    out.chmod(stat.S_IRUSR)
    with pytest.raises(AnnotateError) as caught:
        _annotate(plan, out)
    assert caught.value.code == "not-writable"
    assert out.read_bytes() == b"old"


def test_replaces_an_existing_copy_atomically(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"an older annotated copy")
    _annotate(plan, out)
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".beredskab-")] == []


def test_failure_while_writing_leaves_no_temporary_file(
    plan: Path, tmp_path: Path, monkeypatch
) -> None:
    import beredskab.annotate as module

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_write_zip", boom)
    with pytest.raises(AnnotateError) as caught:
        _annotate(plan, tmp_path / "out.docx")
    assert caught.value.code == "write-failed" and "No space" in caught.value.message("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]


def test_annotated_name_is_safe_and_keeps_the_kind() -> None:
    assert annotated_name("plans/Skive 2024.docx") == "Skive 2024-kommenteret.docx"
    assert annotated_name("x/plan.DOCM", "en") == "plan-annotated.docm"
    assert annotated_name("../a<b>|c?.docx") == "a_b_c_-kommenteret.docx"
    assert annotated_name("noext") == "noext-kommenteret.docx"


# --- content controls ------------------------------------------------------------------------
def _control_doc(tmp_path: Path, before: bool, after: bool) -> Path:
    """A plan whose body is [paragraph?] [content control with one paragraph] [paragraph?]."""
    plan = build_plan(tmp_path / "base.docx", existing_comment=False)

    def body(data: bytes) -> bytes:
        root = etree.fromstring(data, SAFE)
        main = root.find(f"{{{W}}}body")
        control = main.find(f"{{{W}}}sdt")
        blocks = [el for el in main if el.tag != f"{{{W}}}sectPr"]
        paragraphs = [el for el in blocks if el.tag == f"{{{W}}}p"]
        for el in blocks:
            main.remove(el)
        keep = [paragraphs[0]] if before else []
        keep += [control] + ([paragraphs[1]] if after else [])
        for n, el in enumerate(keep):
            main.insert(n, el)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return rewrite(plan, tmp_path / "control.docx", {"word/document.xml": body})


@pytest.mark.parametrize(
    ("before", "after", "reference_in"),
    [(True, True, "next"), (True, False, "previous"), (False, False, "control")],
)
def test_content_control_paragraph_anchoring(
    tmp_path: Path, before: bool, after: bool, reference_in: str
) -> None:
    src = _control_doc(tmp_path, before, after)
    control_index = 1 if before else 0
    out = tmp_path / "out.docx"
    outcome = _annotate(src, out, [result("CON001", paragraph=control_index)])
    cid = next(str(a.comment_id) for a in outcome.anchors if a.rule == "CON001")
    root = etree.fromstring(part(out, "word/document.xml"), SAFE)
    control = root.find(f".//{{{W}}}sdt")
    reference = root.xpath(f"//w:commentReference[@w:id='{cid}']", namespaces=NS)[0]
    holder = reference.getparent().getparent()
    if reference_in == "control":
        # Nothing beside the control: the markers go inside its paragraph.
        assert holder.getparent().tag == f"{{{W}}}sdtContent"
        assert holder.xpath(f"w:commentRangeStart[@w:id='{cid}']", namespaces=NS)
    else:
        # Range markers between blocks around the whole control, reference beside it.
        assert control.getprevious().tag == f"{{{W}}}commentRangeStart"
        assert control.getnext().tag == f"{{{W}}}commentRangeEnd"
        assert control.getprevious().get(f"{{{W}}}id") == cid
        expected = control.getnext().getnext() if after else control.getprevious().getprevious()
        assert holder is expected
        assert not control.xpath(".//w:commentReference", namespaces=NS)
    assert {(c.paragraph, rule_of(c)) for c in read_comments(out)} >= {(control_index, "CON001")}
