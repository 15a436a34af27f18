"""Namespace URIs and the Clark-notation tag names the reader compares against.

Tags are precomputed strings (``{uri}local``) so the inner loops compare strings
instead of building QNames. Strict OOXML documents are translated to these
Transitional namespaces before parsing (see ``beredskab.reader.package``), so the rest of
the reader knows only one set of names.
"""

from __future__ import annotations

import re
from functools import cache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_NS_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"

STRICT_MARKER = b"purl.oclc.org/ooxml/"
"""Present in every Strict OOXML part (and in no Transitional one)."""

STRICT_NS_PATTERN = (
    rb"http://purl\.oclc\.org/ooxml/"
    rb"(officeDocument|wordprocessingml|drawingml|spreadsheetml|presentationml)/"
)
"""Strict namespace prefixes; the Transitional URI is the same path with ``/2006/``."""


@cache
def strict_ns_re() -> re.Pattern[bytes]:
    """``STRICT_NS_PATTERN`` compiled (on first use: few documents are Strict)."""
    return re.compile(STRICT_NS_PATTERN)


STRICT_NS_REPL = rb"http://schemas.openxmlformats.org/\1/2006/"


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


# Block level
W_DOCUMENT = w("document")
W_BODY = w("body")
W_P = w("p")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_SDT = w("sdt")
W_SDTPR = w("sdtPr")
W_SDTCONTENT = w("sdtContent")
W_CUSTOMXML = w("customXml")
W_SECTPR = w("sectPr")
W_TXBXCONTENT = w("txbxContent")
W_TBLPR = w("tblPr")
W_TBLGRID = w("tblGrid")
W_TRPR = w("trPr")
W_TCPR = w("tcPr")
W_TBLPREX = w("tblPrEx")
W_GRIDSPAN = w("gridSpan")

# Paragraph and run level
W_PPR = w("pPr")
W_PSTYLE = w("pStyle")
W_NUMPR = w("numPr")
W_ILVL = w("ilvl")
W_NUMID = w("numId")
W_OUTLINELVL = w("outlineLvl")
W_R = w("r")
W_RPR = w("rPr")
W_RSTYLE = w("rStyle")
W_B = w("b")
W_SZ = w("sz")
W_T = w("t")
W_TAB = w("tab")
W_PTAB = w("ptab")
W_BR = w("br")
W_CR = w("cr")
W_SYM = w("sym")
W_NOBREAKHYPHEN = w("noBreakHyphen")
W_SOFTHYPHEN = w("softHyphen")
W_DELTEXT = w("delText")
W_INSTRTEXT = w("instrText")
W_DELINSTRTEXT = w("delInstrText")
W_FLDCHAR = w("fldChar")
W_FLDSIMPLE = w("fldSimple")
W_HYPERLINK = w("hyperlink")
W_INS = w("ins")
W_DEL = w("del")
W_MOVETO = w("moveTo")
W_MOVEFROM = w("moveFrom")
W_SMARTTAG = w("smartTag")
W_RUBY = w("ruby")
W_DIR = w("dir")
W_BDO = w("bdo")
W_DRAWING = w("drawing")
W_PICT = w("pict")
W_OBJECT = w("object")
W_BOOKMARKSTART = w("bookmarkStart")
W_BOOKMARKEND = w("bookmarkEnd")
W_PROOFERR = w("proofErr")
W_COMMENTRANGESTART = w("commentRangeStart")
W_COMMENTRANGEEND = w("commentRangeEnd")
W_COMMENTREFERENCE = w("commentReference")
W_PERMSTART = w("permStart")
W_PERMEND = w("permEnd")
W_LASTRENDEREDPAGEBREAK = w("lastRenderedPageBreak")
W_FOOTNOTEREFERENCE = w("footnoteReference")
W_ENDNOTEREFERENCE = w("endnoteReference")

# Revision marks counted as format changes
W_FORMAT_CHANGES = tuple(
    w(n)
    for n in (
        "rPrChange",
        "pPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "sectPrChange",
        "tblGridChange",
        "numberingChange",
    )
)

# Content controls
W_TAG = w("tag")
W_ALIAS = w("alias")
W_SHOWINGPLCHDR = w("showingPlcHdr")
W_DOCPARTOBJ = w("docPartObj")
W_DOCPARTGALLERY = w("docPartGallery")

# Attributes
W_VAL = w("val")
W_ID = w("id")
W_TYPE = w("type")
W_FLDCHARTYPE = w("fldCharType")
W_INSTR = w("instr")
W_CHAR = w("char")
W_FONT = w("font")
W_AUTHOR = w("author")
W_INITIALS = w("initials")
R_ID = f"{{{R_NS}}}id"

# Styles
W_STYLE = w("style")
W_STYLEID = w("styleId")
W_DEFAULT = w("default")
W_NAME = w("name")
W_BASEDON = w("basedOn")
W_DOCDEFAULTS = w("docDefaults")
W_RPRDEFAULT = w("rPrDefault")
W_PPRDEFAULT = w("pPrDefault")

# Numbering
W_ABSTRACTNUM = w("abstractNum")
W_ABSTRACTNUMID = w("abstractNumId")
W_NUM = w("num")
W_LVL = w("lvl")
W_START = w("start")
W_NUMFMT = w("numFmt")
W_LVLTEXT = w("lvlText")
W_LVLRESTART = w("lvlRestart")
W_ISLGL = w("isLgl")
W_NUMSTYLELINK = w("numStyleLink")
W_STYLELINK = w("styleLink")
W_LVLOVERRIDE = w("lvlOverride")
W_STARTOVERRIDE = w("startOverride")

# Notes, comments, headers and footers
W_HDR = w("hdr")
W_FTR = w("ftr")
W_FOOTNOTE = w("footnote")
W_ENDNOTE = w("endnote")
W_COMMENT = w("comment")

# Markup compatibility and math
MC_ALTERNATECONTENT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
M_T = f"{{{M_NS}}}t"
M_OMATH = f"{{{M_NS}}}oMath"
M_OMATHPARA = f"{{{M_NS}}}oMathPara"

# Package
PKG_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
CT_DEFAULT = f"{{{CT_NS}}}Default"
CT_OVERRIDE = f"{{{CT_NS}}}Override"


def strict_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The same tags in the Strict WordprocessingML namespace (for untranslated trees)."""
    return tuple(t.replace(W_NS, W_NS_STRICT) for t in tags)
