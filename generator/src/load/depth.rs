//! A linear pre-scan of YAML (or JSON) text for its nesting depth, run before
//! the text reaches the YAML parser: libyaml's scanner takes time growing with
//! the square of the depth of flow collections (`[[[[…` 20,000 deep runs for
//! minutes), and serde_yaml stops at 128 levels anyway, only later.
//!
//! Depth is block indentation levels plus `- ` items plus open flow brackets.
//! It is a bound, not a parse: quoted scalars (which may hold brackets) and
//! block scalars (`|`, `>`) are skipped, brackets inside a plain scalar in
//! block context are not counted; a plain scalar continued on a more indented
//! line can count one level too many.

/// The deepest nesting accepted: serde_yaml's own recursion limit.
pub const MAX_NESTING: usize = 128;

/// The 1-based line where nesting first goes past `limit`, if it does.
pub fn too_deep(source: &str, limit: usize) -> Option<usize> {
    let mut scan = Scan::default();
    for (n, line) in source.lines().enumerate() {
        if scan.line(line, limit) {
            return Some(n + 1);
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    /// Indentation of each open block level.
    indents: Vec<usize>,
    /// Open `[` / `{`.
    flow: usize,
    /// Inside a quoted scalar that continues on the next line.
    quote: Option<u8>,
    /// Block levels around the open flow collection.
    flow_base: usize,
    /// Inside a block scalar whose header line had this indentation.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line; true when the depth passed `limit` on it.
    fn line(&mut self, line: &str, limit: usize) -> bool {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        if let Some(parent) = self.block_scalar {
            if indent > parent || line.trim().is_empty() {
                return false;
            }
            self.block_scalar = None;
        }
        if self.flow > 0 || self.quote.is_some() {
            return self.flow_scan(bytes, 0, limit);
        }
        let rest = &bytes[indent..];
        if rest.is_empty() || rest[0] == b'#' {
            return false;
        }
        while self.indents.last().is_some_and(|&top| top > indent) {
            self.indents.pop();
        }
        if self.indents.last() != Some(&indent) {
            self.indents.push(indent);
        }
        let mut depth = self.indents.len();
        let mut at = indent;
        // `- - item`: each dash opens a sequence level.
        while bytes.get(at) == Some(&b'-')
            && matches!(bytes.get(at + 1), None | Some(b' ') | Some(b'\t'))
        {
            depth += 1;
            at = skip_spaces(bytes, at + 1);
        }
        if depth > limit {
            return true;
        }
        self.value(bytes, at, indent, depth, limit)
    }

    /// A block-context node starting at `at`: a key (maybe quoted) and its
    /// value, or a value alone.
    fn value(
        &mut self,
        bytes: &[u8],
        at: usize,
        indent: usize,
        depth: usize,
        limit: usize,
    ) -> bool {
        let at = skip_properties(bytes, at);
        match bytes.get(at) {
            None | Some(b'#') => false,
            Some(b'[' | b'{') => self.flow_scan_from(bytes, at, depth, limit),
            Some(b'|' | b'>') => {
                self.block_scalar = Some(indent);
                false
            }
            Some(&q @ (b'\'' | b'"')) => {
                // A quoted key or value: find its end on this line.
                match quoted_end(bytes, at + 1, q) {
                    Some(end) => match key_value(bytes, end) {
                        Some(value) => self.value(bytes, value, indent, depth, limit),
                        None => false,
                    },
                    None => {
                        self.quote = Some(q);
                        false
                    }
                }
            }
            Some(_) => match plain_key_end(bytes, at) {
                Some(value) => self.value(bytes, value, indent, depth, limit),
                None => false,
            },
        }
    }

    /// A flow collection opening at `at`, inside `depth` block levels.
    fn flow_scan_from(&mut self, bytes: &[u8], at: usize, depth: usize, limit: usize) -> bool {
        self.flow_base = depth;
        self.flow = 0;
        self.flow_scan(bytes, at, limit)
    }

    /// Scans flow (or quoted) text from `at`.
    fn flow_scan(&mut self, bytes: &[u8], mut at: usize, limit: usize) -> bool {
        let mut previous = b' ';
        while at < bytes.len() {
            if let Some(q) = self.quote {
                match quoted_end(bytes, at, q) {
                    Some(end) => {
                        self.quote = None;
                        if self.flow == 0 {
                            return false;
                        }
                        at = end;
                        previous = q;
                        continue;
                    }
                    None => return false,
                }
            }
            let b = bytes[at];
            match b {
                b'[' | b'{' => {
                    self.flow += 1;
                    if self.flow_base + self.flow > limit {
                        return true;
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        return false;
                    }
                }
                b'\'' | b'"' if matches!(previous, b' ' | b'\t' | b'[' | b'{' | b',' | b':') => {
                    self.quote = Some(b);
                }
                b'#' if matches!(previous, b' ' | b'\t') => return false,
                _ => {}
            }
            previous = b;
            at += 1;
        }
        false
    }
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// Skips `&anchor` and `!tag` in front of a node.
fn skip_properties(bytes: &[u8], mut at: usize) -> usize {
    at = skip_spaces(bytes, at);
    while matches!(bytes.get(at), Some(b'&' | b'!')) {
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        at = skip_spaces(bytes, at);
    }
    at
}

/// The index just past the closing quote of a scalar whose text starts at
/// `at`, or `None` when it goes on past the line.
fn quoted_end(bytes: &[u8], mut at: usize, quote: u8) -> Option<usize> {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            b if b == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// After a quoted scalar ending at `end`: the start of the value when it was
/// a key (`'200': …`).
fn key_value(bytes: &[u8], end: usize) -> Option<usize> {
    let at = skip_spaces(bytes, end);
    (bytes.get(at) == Some(&b':')).then(|| skip_spaces(bytes, at + 1))
}

/// For a plain scalar starting at `at`: the start of the value when it is a
/// key (`name: …` or `name:` at the end of the line).
fn plain_key_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {
                return Some(skip_spaces(bytes, i + 1));
            }
            b'#' if i > at && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(text: &str, limit: usize) -> bool {
        too_deep(text, limit).is_none()
    }

    #[test]
    fn flow_nesting_is_bounded() {
        let deep = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        assert_eq!(too_deep(&deep, MAX_NESTING), Some(1));
        let fine = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(depth_ok(&fine, MAX_NESTING));
        let json = format!("{}\"x\"{}", "{\"a\": ".repeat(200), "}".repeat(200));
        assert_eq!(too_deep(&json, MAX_NESTING), Some(1));
    }

    #[test]
    fn block_nesting_is_bounded() {
        let mut text = String::new();
        for level in 0..10 {
            text.push_str(&" ".repeat(level * 2));
            text.push_str("k:\n");
        }
        assert!(depth_ok(&text, 10));
        assert_eq!(too_deep(&text, 9), Some(10));
        assert_eq!(too_deep("- - - - x\n", 3), Some(1));
    }

    #[test]
    fn brackets_in_text_do_not_count() {
        let text = "a: see [this] and {that} [[[[\nb: 'it''s [[[['\nc: |\n  [[[[[[\n  {{{{\nd: \"[[[[\\\"[[\"\ne: x # [[[[\n";
        assert!(depth_ok(text, 2));
        let multi = "a: '[[[[\n  [[[[ still quoted'\nb: [1, [2]]\n";
        assert!(depth_ok(multi, 3));
        assert_eq!(too_deep(multi, 2), Some(3));
    }
}
