"""HTML to text: the shortcut for simple markup must collect exactly what ``html.parser`` does.

``_simple_parts`` reads well-formed tags with a regex and declines anything else; wherever it
answers, its parts must equal the parser's, on generated fragments that mix the markup it reads
with the markup it must decline.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from ticketpilot.tickets.text import _parsed_parts, _simple_parts, html_to_text

_names = st.sampled_from(
    [
        "p",
        "P",
        "br",
        "BR",
        "div",
        "li",
        "ul",
        "tr",
        "td",
        "b",
        "span",
        "a",
        "h2",
        "hr",
        "x1",
        "script",
        "style",
        "title",
        "head",
        "textarea",
        "o:p",
        "my-tag",
        "Br",
    ]
)
_spaces = st.sampled_from(["", " ", "  ", "\n", "\t", "\u00a0", "\r\n"])
_values = st.sampled_from(
    ['"x"', "'y'", "bare", "a/b", '"a>b"', "'a<b'", '"it\'s"', "'say \"hi\"'", "", "x=y", '"&amp;"']
)
_attributes = st.lists(
    st.tuples(
        st.sampled_from(["class", "href", "data-x", "A", "on:x", "1x", '"q']), _spaces, _values
    ),
    max_size=2,
).map(
    lambda items: "".join(
        f" {name}{gap}={value}" if value else f" {name}" for name, gap, value in items
    )
)


@st.composite
def _tags(draw: st.DrawFn) -> str:
    closing = draw(st.sampled_from(["", "/", "/ ", " "]))
    name = draw(_names)
    attributes = draw(_attributes)
    tail = draw(st.sampled_from(["", " ", "/", " /", "\n"]))
    return f"<{closing}{name}{attributes}{tail}>"


_text = (
    st.sampled_from(
        [
            "Hello",
            "a > b",
            "a < b",
            "<",
            ">",
            "&amp;",
            "&nbsp;",
            "&#39;",
            "&lt;p&gt;",
            "&foo;",
            "&amp",
            "Tom & Jerry",
            "x&y",
            "<!-- note -->",
            "<!DOCTYPE html>",
            "<?xml x?>",
            "</>",
            "< p>",
            "é😀",
        ]
    )
    | _spaces
)
_fragments = st.lists(_tags() | _text, max_size=14).map("".join)


@settings(max_examples=1500)
@given(_fragments)
def test_the_shortcut_collects_what_the_parser_does(text: str) -> None:
    parts = _simple_parts(text)
    if parts is not None:
        assert parts == _parsed_parts(text)


def test_helpdesk_markup_takes_the_shortcut() -> None:
    markup = (
        '<div class="msg"><p>Hello&nbsp;Ana,</p><p>Your <b>order</b> &amp; refund:<br/>'
        "<ul><li>one</li><li>two</li></ul></p><a href=https://x.example/y>link</a></div>"
    )
    assert _simple_parts(markup) is not None
    assert html_to_text(markup) == "Hello Ana,\n\nYour order & refund:\n\none\ntwo\n\nlink"


def test_markup_it_cannot_read_goes_to_the_parser() -> None:
    for markup in (
        "<p>a</p><!-- hidden --><p>b</p>",
        "<p>x</p><script>var a = '<p>';</script>",
        '<a title="1 < 0">y</a><p>z',
        "<p>5 < 6</p>",
        "<title>t</title><p>body</p>",
    ):
        assert _simple_parts(markup) is None, markup
    assert html_to_text("<p>x</p><script>var a = '<p>';</script><p>y</p>") == "x\n\ny"
