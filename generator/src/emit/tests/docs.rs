//! Doc sanitising: spec HTML/Markdown → rustdoc-clean lines.

use crate::emit::docs::{code_span, sanitize};

fn clean(text: &str) -> String {
    sanitize(text).join("\n")
}

#[test]
fn paragraphs_and_links() {
    assert_eq!(
        clean("<p>One <a href=\"https://x.test/a\">link</a>.</p><p>Two.</p>"),
        "One [link](https://x.test/a).\n\nTwo."
    );
    assert_eq!(clean("<a href='/docs/x'>site</a>"), "[site](/docs/x)");
    // a destination rustdoc would read as an intra-doc path: text only
    assert_eq!(clean("<a href=\"customers\">customers</a>"), "customers");
    assert_eq!(
        clean("[kept](https://x.test) and [dropped](word)"),
        "[kept](https://x.test) and dropped"
    );
}

#[test]
fn bare_urls_are_wrapped() {
    assert_eq!(
        clean("See https://stripe.com/docs/api. Or (http://x.test/a_(b))."),
        "See <https://stripe.com/docs/api>. Or (<http://x.test/a_(b)>)."
    );
    assert_eq!(
        clean("Already <https://x.test>."),
        "Already <https://x.test>."
    );
    // inside a link's text the URL stays text
    assert_eq!(
        clean("<a href=\"https://x.test\">https://x.test</a>"),
        "[https://x.test](https://x.test)"
    );
}

#[test]
fn brackets_and_angles_are_escaped() {
    assert_eq!(clean("an [array] of [x]s"), "an \\[array\\] of \\[x\\]s");
    assert_eq!(clean("lone ] and [ here"), "lone \\] and \\[ here");
    assert_eq!(clean("a <string> and x < y"), "a &lt;string> and x &lt; y");
    assert_eq!(clean("already \\[escaped\\]"), "already \\[escaped\\]");
}

#[test]
fn code_is_left_alone() {
    assert_eq!(
        clean("`a[0] <b> https://x.test`"),
        "`a[0] <b> https://x.test`"
    );
    assert_eq!(clean("<code>a[0] &lt;b&gt;</code>"), "`a[0] <b>`");
    assert_eq!(clean("<code>a`b</code>"), "``a`b``");
    assert_eq!(
        clean("<pre>{\n  \"a\": [1]\n}</pre>"),
        "```text\n{\n  \"a\": [1]\n}\n```"
    );
}

#[test]
fn no_accidental_code_blocks_or_doctests() {
    assert_eq!(
        clean("Text\n    indented\n\tTabbed"),
        "Text\nindented\nTabbed"
    );
    assert_eq!(clean("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
    assert_eq!(clean("```rust\nx\n```"), "```text\nx\n```");
    assert_eq!(
        clean("```json\n{\"a\": [1]}\n```"),
        "```json\n{\"a\": [1]}\n```"
    );
    assert_eq!(clean("~~~\nx\n"), "~~~text\nx\n~~~");
}

#[test]
fn lists_have_no_lazy_continuations() {
    assert_eq!(
        clean("<ul><li>One\nmore</li><li>Two</li></ul>After."),
        "* One more\n\n* Two\n\nAfter."
    );
    assert_eq!(clean("* a\ncontinued\n\nnext"), "* a continued\n\nnext");
    assert_eq!(clean("1. first\nsecond line"), "1. first second line");
    assert_eq!(clean("> quote\nlazy"), "> quote lazy");
}

#[test]
fn formatting_tags_become_markdown() {
    assert_eq!(
        clean("<strong>bold</strong> <em>it</em><br>next"),
        "**bold** *it*\nnext"
    );
    assert_eq!(clean("<h2>Title</h2>Body"), "**Title**\n\nBody");
    assert_eq!(clean("<span class=\"x\">plain</span>"), "plain");
}

#[test]
fn blank_lines_are_collapsed_and_trimmed() {
    assert_eq!(clean("\n\n<p></p><p>a</p>\n\n\n<p>b</p>\n\n"), "a\n\nb");
    assert!(sanitize("  <p> </p> ").is_empty());
}

#[test]
fn code_spans() {
    assert_eq!(code_span("a"), "`a`");
    assert_eq!(code_span("a`b"), "``a`b``");
    assert_eq!(code_span("`a"), "`` `a ``");
}

/// Cases found by running random tag/bracket/backtick soup through
/// `cargo doc -D warnings`, clippy's doc lints and `cargo test --doc`.
#[test]
fn markdown_edge_cases() {
    // a generated span never merges with a following run
    assert_eq!(clean("<code>a</code>```b```"), "`a` ```b```");
    // a span left open on its line is literal, not paired across blocks
    assert_eq!(clean("x `a\nb` y"), "x \\`a\nb\\` y");
    // fences only at the start of a line; elsewhere (a list item) escaped
    assert_eq!(clean("* ~~~"), "* \\~~~");
    assert_eq!(clean("* ```"), "* \\`\\`\\`");
    assert_eq!(clean("```\ncode"), "```text\ncode\n```");
    // not an autolink when it runs into a tag
    assert_eq!(clean("<https://x.y/</li>"), "&lt;<https://x.y/>");
    // unclosed or block-spanning <a>: text only, no stray bracket
    assert_eq!(clean("<a href=\"https://x.test\">open"), "open");
    assert_eq!(
        clean("<a href=\"https://x.test\">one<p>two</a>"),
        "one\n\ntwo"
    );
    // a Markdown link whose destination is not plain URL characters
    assert_eq!(
        clean("[t](https://u.test/`x`)"),
        "\\[t\\](<https://u.test/>`x`)"
    );
}
