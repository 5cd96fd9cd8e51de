//! Spec text → rustdoc-clean doc attributes.
//!
//! Model docs are HTML-flavoured Markdown. `cargo doc` must accept them without
//! warnings (bare URLs, broken intra-doc links, invalid HTML), clippy's doc
//! lints must pass, and `cargo test --doc` must find no accidental doctests.
//! Two passes:
//!
//! * inline (`Inline`): tags are stripped or turned into Markdown
//!   (`<a href="u">t</a>` → `[t](u)`, `<code>` → a code span, `<p>` →
//!   paragraphs, `<li>` → list items, `<pre>` → a `text` block); bare URLs are
//!   wrapped in `<...>`; brackets that are not a plain link are escaped; other
//!   `<` become `&lt;`; code spans closed on their line and fences at a line
//!   start are kept as they are, any other backtick or `~~~` run is escaped;
//! * blocks (`block_lines`): leading indentation is trimmed (no indented
//!   code blocks), fences get a non-Rust info string (`text` unless a plain
//!   language like `json`), lines that would lazily continue a list item or
//!   quote are joined onto it, blank lines are collapsed.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`) for optional docs; nothing when empty.
pub(crate) fn doc_attrs(docs: Option<&str>) -> TokenStream {
    lines_to_attrs(&docs.map(sanitize).unwrap_or_default())
}

/// One `#[doc = " line"]` per line (already clean lines).
pub(crate) fn lines_to_attrs(lines: &[String]) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let text = doc_line(line);
            quote!(#[doc = #text])
        })
        .collect()
}

/// [`lines_to_attrs`] as syn attributes, built without parsing.
pub(crate) fn lines_to_attributes(lines: &[String]) -> Vec<syn::Attribute> {
    lines
        .iter()
        .map(|line| super::syntax::doc_attribute(&doc_line(line)))
        .collect()
}

/// Inner doc attributes (`//!`), one per line.
pub(crate) fn inner_attrs(lines: &[String]) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let text = doc_line(line);
            quote!(#![doc = #text])
        })
        .collect()
}

fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// `text` as an inline code span, with enough backticks to hold any inside.
pub(crate) fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    // CommonMark strips one space from each side when both have one, and a
    // backtick at an edge would merge with the fence: pad those.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Clean doc lines for `text` (no leading or trailing blank lines).
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace(['\r', '\t'], " ");
    let inline = Inline::new(&text).run();
    block_lines(&inline)
}

// ---------------------------------------------------------------------------
// Inline pass: HTML, URLs, brackets. Code spans and fences are copied as is.

struct Inline<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    /// Open `<a>` tags: where the link text starts in `out` and the Markdown
    /// destination, or `None` for no link. The `[` is inserted on close, so an
    /// unclosed tag leaves no stray bracket.
    links: Vec<Option<(usize, String)>>,
    /// Inside the text of a Markdown link.
    in_link_text: bool,
}

impl<'a> Inline<'a> {
    fn new(src: &'a str) -> Self {
        Inline {
            src,
            pos: 0,
            out: String::with_capacity(src.len()),
            links: Vec::new(),
            in_link_text: false,
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn run(mut self) -> String {
        while let Some(c) = self.rest().chars().next() {
            match c {
                '`' => self.backticks(),
                '~' if self.at_line_start() && self.rest().starts_with("~~~") => self.fence('~'),
                '~' if self.rest().starts_with("~~~") => self.push_escaped("\\~", 1),
                '<' => self.angle(),
                '[' => self.bracket(),
                ']' => self.push_escaped("\\]", 1),
                '\\' => self.backslash(),
                'h' if self.at_url() => self.bare_url(),
                _ => {
                    self.out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        self.out
    }

    fn push_escaped(&mut self, text: &str, consumed: usize) {
        self.out.push_str(text);
        self.pos += consumed;
    }

    /// A backslash escape is kept with the character it escapes.
    fn backslash(&mut self) {
        let escaped = self.rest()[1..].chars().next();
        match escaped {
            Some(c) if c.is_ascii_punctuation() => {
                self.out.push('\\');
                self.out.push(c);
                self.pos += 1 + c.len_utf8();
            }
            _ => self.push_escaped("\\", 1),
        }
    }

    /// Whether `out` is at the start of a line (only whitespace since the
    /// last newline): where the block pass will see a fence.
    fn at_line_start(&self) -> bool {
        let line = self.out.rsplit('\n').next().unwrap_or_default();
        line.chars().all(char::is_whitespace)
    }

    /// A fence at the start of a line, a code span closed on the same line
    /// (both copied as they are), or literal backticks (escaped, so that
    /// Markdown cannot pair them with others elsewhere).
    fn backticks(&mut self) {
        let rest = self.rest();
        let run = rest.len() - rest.trim_start_matches('`').len();
        let line_rest = rest[run..].split('\n').next().unwrap_or_default();
        if run >= 3 && self.at_line_start() && !line_rest.contains('`') {
            return self.fence('`');
        }
        self.separate_backticks();
        match find_backtick_run(line_rest, run) {
            Some(end) => {
                let total = run + end + run;
                self.out.push_str(&rest[..total]);
                self.pos += total;
            }
            None => {
                self.out.push_str(&"\\`".repeat(run));
                self.pos += run;
            }
        }
    }

    /// A space between backticks already written and a new run, which would
    /// otherwise merge into one longer run.
    fn separate_backticks(&mut self) {
        if self.out.ends_with('`') {
            self.out.push(' ');
        }
    }

    /// A fenced block: copied as it is up to its closing line (or the end);
    /// the block pass fixes its info string.
    fn fence(&mut self, ch: char) {
        let rest = self.rest();
        let run = rest.len() - rest.trim_start_matches(ch).len();
        let mut end = rest.find('\n').unwrap_or(rest.len());
        while end < rest.len() {
            let line_start = end + 1;
            let line_end = rest[line_start..]
                .find('\n')
                .map_or(rest.len(), |e| line_start + e);
            let line = rest[line_start..line_end].trim();
            end = line_end;
            if line.len() >= run && line.chars().all(|c| c == ch) {
                break;
            }
        }
        self.out.push_str(&rest[..end]);
        self.pos += end;
    }

    fn angle(&mut self) {
        let rest = self.rest();
        let Some(end) = rest.find('>') else {
            return self.push_escaped("&lt;", 1);
        };
        let inner = &rest[1..end];
        if is_autolink(inner) {
            self.out.push_str(&rest[..=end]);
            self.pos += end + 1;
            return;
        }
        match parse_tag(inner) {
            Some(tag) if is_known_tag(&tag.name) => {
                self.pos += end + 1;
                self.tag(tag);
            }
            _ => self.push_escaped("&lt;", 1),
        }
    }

    fn tag(&mut self, tag: Tag) {
        match (tag.name.as_str(), tag.closing) {
            ("a", false) => {
                // A link inside a link is not Markdown: the inner one is text.
                let nested = self.links.iter().any(Option::is_some);
                let href = tag.href.and_then(|h| link_destination(&h));
                let start = self.out.len();
                self.links
                    .push(href.filter(|_| !nested).map(|h| (start, h)));
            }
            ("a", true) => {
                if let Some(Some((start, href))) = self.links.pop() {
                    self.close_link(start, &href);
                }
            }
            ("p" | "ul" | "ol" | "div" | "table" | "blockquote", _) => self.out.push_str("\n\n"),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => self.out.push_str("\n\n**"),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => self.out.push_str("**\n\n"),
            ("br" | "tr", _) => self.out.push('\n'),
            ("li", false) => self.out.push_str("\n* "),
            ("li", true) => self.out.push('\n'),
            ("strong" | "b", _) => self.out.push_str("**"),
            ("em" | "i", _) => self.out.push('*'),
            ("code" | "tt" | "kbd", false) => self.code_element(&tag.name),
            ("pre", false) => self.pre_element(),
            _ => {}
        }
    }

    /// Turns the text written since `start` into `[text](href)`, when it is
    /// a non-empty single line (a link cannot span blocks).
    fn close_link(&mut self, start: usize, href: &str) {
        let text = &self.out[start..];
        if text.trim().is_empty() || text.contains('\n') {
            return;
        }
        self.out.insert(start, '[');
        self.out.push_str("](");
        self.out.push_str(href);
        self.out.push(')');
    }

    /// `<code>x</code>` → `` `x` `` (inner tags dropped, entities decoded).
    fn code_element(&mut self, name: &str) {
        let (content, consumed) = element_content(self.rest(), name);
        self.pos += consumed;
        let text = decode_entities(&strip_tags(&content));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.separate_backticks();
            self.out.push_str(&code_span(&text));
            if self.rest().starts_with('`') {
                self.out.push(' ');
            }
        }
    }

    /// `<pre>x</pre>` → a `text` code block.
    fn pre_element(&mut self) {
        let (content, consumed) = element_content(self.rest(), "pre");
        self.pos += consumed;
        let text = decode_entities(&strip_tags(&content));
        let text = text.trim_matches('\n');
        let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
        self.out
            .push_str(&format!("\n\n{fence}text\n{text}\n{fence}\n\n"));
    }

    /// `[text](url)` is kept (text cleaned, dubious destinations dropped);
    /// any other `[` is escaped.
    fn bracket(&mut self) {
        let rest = self.rest();
        if let Some((text, dest, consumed)) = markdown_link(rest) {
            self.pos += consumed;
            let mut inner = Inline::new(text);
            // Link text cannot hold another link: URLs in it stay text.
            inner.in_link_text = true;
            let text = inner.run();
            match link_destination(dest) {
                Some(dest) => self.out.push_str(&format!("[{text}]({dest})")),
                None => self.out.push_str(&text),
            }
        } else {
            self.push_escaped("\\[", 1);
        }
    }

    fn at_url(&self) -> bool {
        let rest = self.rest();
        let starts = rest.starts_with("http://") || rest.starts_with("https://");
        let prev = self.src[..self.pos].chars().next_back();
        let boundary =
            !matches!(prev, Some(c) if c.is_alphanumeric() || matches!(c, '/' | '"' | '=' | '\''));
        starts && boundary
    }

    /// `https://x.y/z.` → `<https://x.y/z>.`; inside link text it stays text.
    fn bare_url(&mut self) {
        let rest = self.rest();
        let len = url_len(rest);
        let url = &rest[..len];
        if self.in_link_text || self.links.iter().any(Option::is_some) {
            self.out.push_str(url);
        } else {
            self.out.push('<');
            self.out.push_str(url);
            self.out.push('>');
        }
        self.pos += len;
    }
}

/// Where a run of exactly `n` backticks starts in `text`.
fn find_backtick_run(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == n {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// `<https://…>` as CommonMark reads an autolink: no spaces, no `<`.
fn is_autolink(inner: &str) -> bool {
    (inner.starts_with("http://") || inner.starts_with("https://") || inner.starts_with("mailto:"))
        && !inner.contains(|c: char| c.is_whitespace() || c == '<')
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

/// `a href="x"`, `/p`, `br/` → a tag; anything else (`string`, `5`) → `None`.
fn parse_tag(inner: &str) -> Option<Tag> {
    let (closing, body) = match inner.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, inner),
    };
    let body = body.trim_end_matches('/').trim_end();
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..name_len];
    let attrs = &body[name_len..];
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && (attrs.is_empty() || attrs.starts_with(char::is_whitespace));
    valid.then(|| Tag {
        name: name.to_ascii_lowercase(),
        closing,
        href: attr_value(attrs, "href"),
    })
}

fn is_known_tag(name: &str) -> bool {
    const KNOWN: &[&str] = &[
        "a",
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "code",
        "tt",
        "kbd",
        "pre",
        "strong",
        "b",
        "em",
        "i",
        "span",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "blockquote",
        "small",
        "sup",
        "sub",
        "u",
    ];
    KNOWN.contains(&name)
}

/// The value of `name="..."` (or `'...'`) in a tag's attributes.
fn attr_value(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let before_ok = attrs[..start].ends_with(char::is_whitespace);
        let after = attrs[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            let end = value[1..].find(quote)?;
            return Some(decode_entities(&value[1..=end]));
        }
        let end = value.find(char::is_whitespace).unwrap_or(value.len());
        return Some(decode_entities(&value[..end]));
    }
    None
}

/// Content of `<name>…</name>` at the start of `rest` (just after the opening
/// tag), and how many bytes it spans including the closing tag. An unclosed
/// element runs to the end of its paragraph.
fn element_content(rest: &str, name: &str) -> (String, usize) {
    let lower = rest.to_ascii_lowercase();
    let close = format!("</{name}>");
    match lower.find(&close) {
        Some(end) => (rest[..end].to_owned(), end + close.len()),
        None => {
            let end = rest.find("\n\n").unwrap_or(rest.len());
            (rest[..end].to_owned(), end)
        }
    }
}

/// Drops everything that looks like a tag.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            Some(end) if parse_tag(&after[1..end]).is_some() => rest = &after[end + 1..],
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// `[text](dest)` at the start of `rest`: (text, dest, bytes consumed). The
/// text is one line without brackets, backticks or tags; the destination is
/// made of URL characters only.
fn markdown_link(rest: &str) -> Option<(&str, &str, usize)> {
    let close = rest.find(']')?;
    let text = &rest[1..close];
    if text.is_empty() || text.contains(['[', '\n', '`', '~', '<', '>']) {
        return None;
    }
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let dest = &after[..end];
    let url_chars = dest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#@!$&'*+,;=%".contains(c));
    (url_chars && !dest.is_empty()).then_some((text, dest, close + 2 + end + 1))
}

/// A link destination rustdoc will not take for an intra-doc path: it must
/// look like a URL or a site path; `(`, `)` and spaces are percent-encoded.
fn link_destination(href: &str) -> Option<String> {
    let href = href.trim();
    let looks_like_url = href.contains(['/', '#', '.', '?']);
    (looks_like_url && !href.is_empty()).then(|| {
        href.replace(' ', "%20")
            .replace('(', "%28")
            .replace(')', "%29")
            .replace('<', "%3C")
            .replace('>', "%3E")
    })
}

/// Length of the URL at the start of `text`, without trailing punctuation
/// and without a closing parenthesis it did not open.
fn url_len(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let Some(last) = url.chars().next_back() else {
            break;
        };
        let unbalanced_paren = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_') || unbalanced_paren
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

// ---------------------------------------------------------------------------
// Block pass: lines, paragraphs, lists, fences.

fn block_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // The last line pushed opened a list item or quote that a plain line would
    // lazily continue.
    let mut in_item = false;
    for raw in text.split('\n') {
        if let Some(marker) = &fence {
            if closes_fence(raw.trim(), marker) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(raw.trim_end().to_owned());
            }
            continue;
        }
        let line = raw.trim();
        if let Some((marker, info)) = fence_open(line) {
            push_blank(&mut out);
            out.push(format!("{marker}{}", fence_info(info)));
            fence = Some(marker);
            in_item = false;
        } else if line.is_empty() {
            push_blank(&mut out);
            in_item = false;
        } else if starts_block(line) {
            out.push(collapse_spaces(line));
            in_item = true;
        } else if in_item {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(&collapse_spaces(line));
            }
        } else {
            out.push(collapse_spaces(line));
        }
    }
    if let Some(marker) = fence {
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn push_blank(out: &mut Vec<String>) {
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
}

fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = false;
    for c in line.chars() {
        if c == ' ' {
            if !last_space {
                out.push(c);
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// A closing fence: at least as many of the opening character, nothing else.
fn closes_fence(line: &str, marker: &str) -> bool {
    let ch = marker.chars().next().unwrap_or('`');
    line.len() >= marker.len() && line.chars().all(|c| c == ch)
}

/// A fence line: (marker, info string). A backtick fence's info string has
/// no backticks (else the line is text with code spans).
fn fence_open(line: &str) -> Option<(String, &str)> {
    let ch = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.len() - line.trim_start_matches(ch).len();
    let info = &line[run..];
    (run >= 3 && (ch == '~' || !info.contains('`')))
        .then(|| (ch.to_string().repeat(run), info.trim()))
}

/// The info string written for a fence: a plain language name that is not
/// Rust (`json`, `sh`) is kept; anything else, which rustdoc might compile as
/// a doctest or warn about, becomes `text`. Either starts with a letter, so
/// it cannot lengthen the fence.
fn fence_info(info: &str) -> String {
    let word = info.split_whitespace().next().unwrap_or_default();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '+')
        && word.starts_with(|c: char| c.is_ascii_lowercase());
    let rusty = matches!(
        word,
        "rust" | "no_run" | "ignore" | "should_panic" | "compile_fail" | "test_harness" | "text"
    ) || word.starts_with("edition");
    if plain && !rusty {
        word.to_owned()
    } else {
        "text".to_owned()
    }
}

/// Lines that open a block a following plain line would lazily continue:
/// list items and block quotes.
fn starts_block(line: &str) -> bool {
    if line.starts_with('>') {
        return true;
    }
    if let Some(rest) = line.strip_prefix(['*', '-', '+']) {
        return rest.starts_with(' ');
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=9).contains(&digits) && {
        let rest = &line[digits..];
        (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2
    }
}
