//! Which module of a crate uses which, read from its source text, and the
//! import circles among them (module A uses B and B uses A, or longer). A
//! module uses another when its code names a path into it (`use
//! super::file::{..}`, `crate::ir::Model`, `child::f()`); declaring a child
//! (`mod child;`) is not a use. Inline `#[cfg(test)] mod tests { .. }`
//! blocks at the end of a file are left out (their `super` is the file's own
//! module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`emit::api`, `""` for the crate root) → the modules it uses.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The graph of the crate whose sources are under `src` (`lib.rs` or `main.rs` at its root).
pub fn of_dir(src: &Path) -> std::io::Result<Graph> {
    let mut files = Vec::new();
    collect(src, src, &mut files)?;
    Ok(of_sources(&files))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let mut parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if let Some(last) = parts.last_mut() {
                *last = last.trim_end_matches(".rs").to_owned();
            }
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            out.push((parts.join("::"), std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

/// The graph of `(module path, source)` pairs.
pub fn of_sources(files: &[(String, String)]) -> Graph {
    let modules: BTreeSet<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    let mut graph = Graph::new();
    for (module, source) in files {
        let code = code_of(source);
        let mut uses = BTreeSet::new();
        for path in paths(&code) {
            if let Some(target) = resolve(module, &path, &modules) {
                if target != *module {
                    uses.insert(target);
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// `source` without comments and without a trailing inline test module.
fn code_of(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or_default();
        if line.trim() == "#[cfg(test)]" && next.starts_with("mod ") && next.ends_with('{') {
            break;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path the code names that starts at `crate`, `super` or `self`, or
/// at a bare identifier (resolved later against the module's children),
/// with `use` groups (`a::{b, c::d}`) spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let preceded_by_path = i >= 2 && &bytes[i - 2..i] == b"::";
        if starts_word && !preceded_by_path && is_ident_start(bytes[i]) {
            let (path, end) = path_at(code, i);
            let rest = &code[end..];
            if path.len() > 1 || rest.starts_with("::{") || rest.starts_with("::*") {
                expand(code, &path, end, &mut out);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// The `a::b::c` path starting at `i`, and where it ends.
fn path_at(code: &str, mut i: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut path = Vec::new();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        path.push(code[start..i].to_owned());
        if bytes[i..].starts_with(b"::") && i + 2 < bytes.len() && is_ident_start(bytes[i + 2]) {
            i += 2;
        } else {
            return (path, i);
        }
    }
}

/// `path`, or when a `::{..}` group follows at `end`, each of its items
/// appended to it (`super::{a, b}` uses `a` and `b`, not `super`; `self`
/// in a group names the path itself).
fn expand(code: &str, path: &[String], end: usize, out: &mut Vec<Vec<String>>) {
    let Some(group) = code[end..].strip_prefix("::{") else {
        out.push(path.to_vec());
        return;
    };
    let mut depth = 0usize;
    let mut item_start = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                item(path, &group[item_start..at], out);
                return;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                item(path, &group[item_start..at], out);
                item_start = at + 1;
            }
            _ => {}
        }
    }
}

/// One item of a `use` group (`b`, `c::d`, `e::{f, g}`) under `path`.
fn item(path: &[String], text: &str, out: &mut Vec<Vec<String>>) {
    let text = text.trim();
    if text.is_empty() || !is_ident_start(text.as_bytes()[0]) {
        return;
    }
    let (rest, end) = path_at(text, 0);
    let mut full = path.to_vec();
    full.extend(rest);
    expand(text, &full, end, out);
}

/// The longest module `path` names, seen from `module`.
fn resolve(module: &str, path: &[String], modules: &BTreeSet<&str>) -> Option<String> {
    let here: Vec<&str> = if module.is_empty() {
        vec![]
    } else {
        module.split("::").collect()
    };
    let (mut base, rest): (Vec<&str>, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (vec![], &path[1..]),
        Some("self") => (here.clone(), &path[1..]),
        Some("super") => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        // A bare path names a child module of this one, if any.
        Some(_) => (here.clone(), path),
        None => return None,
    };
    let bare = !matches!(path[0].as_str(), "crate" | "self" | "super");
    let mut found = (!bare).then(|| base.join("::"));
    for segment in rest {
        base.push(segment);
        let candidate = base.join("::");
        if modules.contains(candidate.as_str()) {
            found = Some(candidate);
        } else {
            break;
        }
    }
    found.filter(|m| modules.contains(m.as_str()))
}

/// Each set of modules that use each other (a strongly connected component
/// of more than one module), sorted.
pub fn circles(graph: &Graph) -> Vec<Vec<String>> {
    // Tarjan's algorithm, iterative over the sorted graph.
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out.sort();
    state.out
}
