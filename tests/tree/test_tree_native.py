"""The pandoc native reader used by the pandoc comparison."""

from __future__ import annotations

from tree_native import Con, headers, parse_native, plain_text, unescape


def test_headers_and_plain_text() -> None:
    native = """[Header 1 ("a-test",[],[]) [Str "A",Space,Emph [Str "Test"],SoftBreak,Str "x"]
,Para [Str "body"]
,Div ("",[],[]) [Header 2 ("",[],[("k","v")]) [Link ("",[],[]) [Str "Link"] ("#a","")]]
,Header 3 ("",[],[]) [Quoted DoubleQuote [Str "Hi"],Space,Note [Para [Str "fn"]],
  Code ("",[],[]) "c"]
]"""
    assert headers(native) == [(1, "A Test x"), (2, "Link"), (3, "“Hi” c")]


def test_pandoc_document_with_meta_record() -> None:
    native = (
        'Pandoc (Meta {unMeta = fromList [("title",MetaInlines [Str "T"])]}) '
        '[Header 2 ("",[],[]) [Strong [Str "B"]]]'
    )
    assert headers(native) == [(2, "B")]


def test_haskell_string_escapes() -> None:
    assert unescape(r'"\1054\1075\&1 \"q\" \\ \t\SOH"') == 'Ог1 "q" \\ \t\x01'
    assert unescape('"a\\   \n  \\b"') == "ab"


def test_parse_values() -> None:
    (value,) = parse_native('[Con 1 2.5 "s" (A,B) [] Nothing]')
    assert value == [
        Con("Con", (1, 2.5, "s", (Con("A", ()), Con("B", ())), [], Con("Nothing", ())))
    ]
    assert plain_text([Con("Str", ("x",)), Con("Image", ((), [Con("Str", ("alt",))], ()))]) == "x"
