"""The pages: upload, result, downloads, and CDE's overview of the 98 municipalities.

=======================================  ===============================================
``GET  /``                               the upload page
``POST /tjek``                           check an uploaded plan; answers with the result
``GET  /hent/<token>/<kind>``            one result file (annotated copy, JSON, HTML)
``GET  /oversigt``                       all 98 municipalities, status and next revision
``GET  /kommune/<kode>``                 one municipality's stored versions
``GET  /kommune/<kode>/forskel``         the diff of two versions (``?fra=1&til=2``)
=======================================  ===============================================

The overview pages and the "save this version" box exist only when the server was
started with a history database (``--db``); without one the overview answers 404.

An upload is written to a fresh private temporary folder under a fixed name
(``plan.docx``), read there, and the folder is deleted before the response is sent; the
uploaded file's own name is only ever shown (made safe by ``display_name``), never used
in a path. Whether a file is a Word document is decided by its content — the reader
refuses anything that is not a Word package (empty, PDF, old .doc, password-protected,
damaged, zip bombs over the reader's limits) with a typed error whose message the page
shows — never by its name or the browser's content type.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

from flask import Flask, Response, abort, g, render_template, request

from beredskab.errors import BeredskabError, DocumentError
from beredskab.i18n import t
from beredskab.web.app import PageError, error_page, state, upload_limit_mb
from beredskab.web.store import KINDS, valid_token
from beredskab.web.views import (
    compact_segments,
    due_view,
    fact_value,
    fmt_date,
    result_view,
    status_counts,
)

_CODE = re.compile(r"^[0-9]{3}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME = 120


def display_name(filename: str | None) -> str:
    """The uploaded file's name for showing: last path part only, no control
    characters, at most ``MAX_NAME`` characters; "plan.docx" when nothing is left."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _CONTROL.sub("", name).strip().strip(".")
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot else name[:MAX_NAME]
    return name or "plan.docx"


def _fail(code: int, key: str, **params: Any) -> NoReturn:
    """Stop with a friendly error page saying message ``key``."""
    raise PageError(code, t(key, g.lang, **params))


def _minutes() -> int:
    return max(1, state().config.result_ttl_seconds // 60)


def _municipalities() -> list[tuple[str, str]]:
    from beredskab.reference import municipalities

    return sorted(((m.code, m.official_name) for m in municipalities()), key=lambda x: x[1])


def _known_code(code: str) -> bool:
    from beredskab.reference import municipality_by_code

    return bool(_CODE.match(code)) and municipality_by_code(code) is not None


def _db() -> Any:
    """The history database for this request (opened once, closed at teardown)."""
    path = state().config.db_path
    if path is None:
        _fail(404, "web.error.no-db")
    if "db" not in g:
        from beredskab.history import open_db

        try:
            g.db = open_db(path)
        except BeredskabError as exc:
            _fail(500, "web.error.db", reason=exc.message(g.lang))
    return g.db


# -- upload and check ----------------------------------------------------------------------


def index() -> str:
    return render_template(
        "upload.html",
        limit=upload_limit_mb(state().config),
        minutes=_minutes(),
        municipalities=_municipalities() if state().config.db_path is not None else [],
    )


def check() -> Any:
    st = state()
    lang: str = g.lang
    if request.mimetype != "multipart/form-data":
        _fail(415, "web.error.415")
    upload = request.files.get("plan")  # 413 here when the upload is over the limit
    if upload is None or not upload.filename:
        _fail(400, "web.error.no-file")
    wants_record = st.config.db_path is not None and request.form.get("record") == "1"
    kommune = (request.form.get("kommune") or "").strip() or None
    if kommune is not None and not _known_code(kommune):
        _fail(400, "web.error.bad-kommune")
    name = display_name(upload.filename)

    from beredskab.pipeline import analyse_document
    from beredskab.reader import read_document

    work = Path(tempfile.mkdtemp(prefix="beredskab-upload-", dir=st.config.work_dir))
    try:
        source = work / "plan.docx"
        upload.save(source)
        upload.close()
        try:
            document = read_document(source, name=name)
        except DocumentError as exc:
            return error_page(
                422,
                exc.message(lang),
                title_key="web.error.unreadable-title",
                hint=t("web.error.unreadable-hint", lang),
            )
        analysis = analyse_document(document, file=name, pack=st.pack, as_of=st.today())
        token, downloads, annotate_error = _write_results(analysis, source, name, lang)
        recorded = _record(analysis, source, kommune, lang) if wants_record else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return render_template(
        "result.html",
        view=result_view(analysis.report, st.pack, lang),
        file=name,
        token=token,
        downloads=downloads,
        annotate_error=annotate_error,
        recorded=recorded,
        minutes=_minutes(),
    )


def _write_results(
    analysis: Any, source: Path, name: str, lang: str
) -> tuple[str, list[tuple[str, str]], str | None]:
    """Write the three result files under a new token: (token, [(kind, label)], error)."""
    from beredskab.annotate import annotate_docx, annotated_name
    from beredskab.formatters import get_formatter

    st = state()
    report = analysis.report
    token, _folder = st.store.new()
    stem = Path(annotated_name(name, lang)).stem.rsplit("-", 1)[0]
    downloads: list[tuple[str, str]] = []
    annotate_error: str | None = None
    kind = analysis.document.file_format if analysis.document.file_format in KINDS else "docx"
    try:
        annotate_docx(source, st.store.path(token, kind), report, lang=lang, pack=st.pack)
        st.store.add(token, kind, annotated_name(f"{stem}.{kind}", lang))
        downloads.append((kind, t(f"web.result.download.{kind}", lang)))
    except BeredskabError as exc:
        annotate_error = exc.message(lang)
    for fmt in ("json", "html"):
        text = get_formatter(fmt)([report], lang=lang, pack=st.pack)
        st.store.path(token, fmt).write_text(text, encoding="utf-8")
        st.store.add(
            token, fmt, f"{stem}-rapport.{fmt}" if lang == "da" else f"{stem}-report.{fmt}"
        )
        downloads.append((fmt, t(f"web.result.download.{fmt}", lang)))
    return token, downloads, annotate_error


def _record(analysis: Any, source: Path, kommune: str | None, lang: str) -> dict[str, Any]:
    """Save the version in the history; the page says what happened either way."""
    day = state().today()
    # The stored file name is made here, never taken from the upload.
    stored = source.with_name(f"beredskabsplan-{day.isoformat()}{source.suffix}")
    source.rename(stored)
    try:
        done = _db().record(analysis, file=stored, kommune=kommune, received=day, source="web")
    except BeredskabError as exc:
        return {
            "ok": False,
            "message": t("web.result.record-failed", lang, reason=exc.message(lang)),
        }
    key = "web.result.recorded" if done.created else "web.result.recorded-known"
    return {
        "ok": True,
        "message": t(key, lang, version=done.version, kommune=done.kommune),
        "kommunekode": done.kommunekode,
    }


def download(token: str, kind: str) -> Any:
    if not valid_token(token) or kind not in KINDS:
        abort(404)
    found = state().store.take(token, kind)
    if found is None:
        _fail(404, "web.error.download-gone", minutes=_minutes())
    response = Response(found.data, mimetype=found.mimetype)
    response.headers["Content-Disposition"] = content_disposition(found.download_name)
    return response


_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the exact name as
    ``filename*`` (RFC 6266 / RFC 5987), so "Furesø" arrives as "Furesø"."""
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII_FOLD))
    fallback = "".join(c for c in folded if c.isascii() and c.isprintable() and c not in '"\\')
    fallback = fallback or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# -- the overview pages (history database) -------------------------------------------------


def overview() -> str:
    from beredskab.history import due_rows

    st = state()
    rows = due_rows(_db(), st.today(), st.config.due_within_months)
    counts = status_counts(rows)
    return render_template(
        "overview.html",
        rows=[due_view(r, g.lang) for r in rows],
        counts=counts,
        total=len(rows),
        as_of=fmt_date(st.today(), g.lang),
        months=st.config.due_within_months,
    )


def municipality(code: str) -> str:
    if not _known_code(code):
        abort(404)
    from beredskab.reference import municipality_by_code

    versions = _db().versions(code)
    muni = municipality_by_code(code)
    name = versions[0].kommune if versions else (muni.official_name if muni else code)
    return render_template(
        "municipality.html",
        code=code,
        kommune=name,
        versions=versions,
        fmt_date=lambda d: fmt_date(d, g.lang),
    )


def _version_arg(key: str) -> int | None:
    raw = request.args.get(key, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        _fail(400, "web.error.bad-version")
    return int(raw)


def diff(code: str) -> str:
    if not _known_code(code):
        abort(404)
    from beredskab.history import diff_versions

    from_v, to_v = _version_arg("fra"), _version_arg("til")
    try:
        result = diff_versions(_db(), code, from_v, to_v)
    except BeredskabError as exc:  # no such version, or only one version so far
        raise PageError(404, exc.message(g.lang)) from exc
    return render_template(
        "diff.html",
        code=code,
        diff=result,
        fact=lambda value: fact_value(value, g.lang),
        fmt=lambda value: fmt_date(value, g.lang),
        compact=compact_segments,
    )


def register(app: Flask) -> None:
    app.add_url_rule("/", "index", index, methods=["GET"])
    app.add_url_rule("/tjek", "check", check, methods=["POST"])
    app.add_url_rule("/hent/<token>/<kind>", "download", download, methods=["GET"])
    app.add_url_rule("/oversigt", "overview", overview, methods=["GET"])
    app.add_url_rule("/kommune/<code>", "municipality", municipality, methods=["GET"])
    app.add_url_rule("/kommune/<code>/forskel", "diff", diff, methods=["GET"])
