//! Mutations of spec text. Each works on lines of block-style YAML and
//! falls back to a byte flip when the text has nothing it applies to.

use super::rng::Rng;

/// Every mutation, by name (the report counts cases by what was done).
pub const MUTATIONS: &[&str] = &[
    "byte-flip",
    "line-delete",
    "line-duplicate",
    "type-swap",
    "dangling-ref",
    "cyclic-ref",
    "empty-combinator",
    "deep-nesting",
    "long-chain",
    "odd-name",
    "colliding-name",
    "odd-path",
    "long-alias-chain",
];

/// Applies mutation `which` (an index into [`MUTATIONS`]).
pub fn apply(which: usize, text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let done = match which {
        1 => delete_lines(&mut lines, rng),
        2 => duplicate_line(&mut lines, rng),
        3 => type_swap(&mut lines, rng),
        4 => dangling_ref(&mut lines, rng),
        5 => cyclic_ref(&mut lines, rng),
        6 => empty_combinator(&mut lines, rng),
        7 => deep_nesting(&mut lines, rng),
        8 => long_chain(&mut lines, rng),
        9 => odd_name(&mut lines, rng),
        10 => colliding_name(&mut lines, rng),
        11 => odd_path(&mut lines, rng),
        12 => long_alias_chain(&mut lines, rng),
        _ => false,
    };
    if done {
        let mut out = lines.join("\n");
        out.push('\n');
        out
    } else {
        byte_flip(text, rng)
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Indices of lines for which `f` holds.
fn find(lines: &[String], f: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..lines.len()).filter(|&i| f(&lines[i])).collect()
}

fn pick_line(lines: &[String], rng: &mut Rng, f: impl Fn(&str) -> bool) -> Option<usize> {
    let found = find(lines, f);
    (!found.is_empty()).then(|| *rng.pick(&found))
}

/// A YAML single-quoted scalar.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn byte_flip(text: &str, rng: &mut Rng) -> String {
    const SPECIAL: &[u8] = b":-[]{}'\"#&*!|>,? \n\t%@`\\0~";
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.range(1, 4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        let b = if rng.chance(2) {
            *rng.pick(SPECIAL)
        } else {
            rng.range(0x20, 0x7e) as u8
        };
        match rng.below(3) {
            0 => bytes[at] = b,
            1 => bytes.insert(at, b),
            _ => {
                bytes.remove(at);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn delete_lines(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    if lines.is_empty() {
        return false;
    }
    let at = rng.below(lines.len());
    let n = rng.range(1, 3).min(lines.len() - at);
    lines.drain(at..at + n);
    true
}

fn duplicate_line(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    if lines.is_empty() {
        return false;
    }
    let at = rng.below(lines.len());
    let line = lines[at].clone();
    lines.insert(at, line);
    true
}

fn type_swap(lines: &mut [String], rng: &mut Rng) -> bool {
    const TYPES: &[&str] = &[
        "string", "integer", "number", "boolean", "object", "array", "'null'", "bogus", "[]", "{}",
        "''",
    ];
    let Some(at) = pick_line(lines, rng, |l| l.trim_start().starts_with("type: ")) else {
        return false;
    };
    lines[at] = format!(
        "{}type: {}",
        " ".repeat(indent(&lines[at])),
        rng.pick(TYPES)
    );
    true
}

fn is_ref(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ");
    t.starts_with("$ref: ")
}

fn set_ref(lines: &mut [String], at: usize, target: &str) {
    let line = &lines[at];
    let prefix = &line[..line.find("$ref: ").unwrap_or(0)];
    lines[at] = format!("{prefix}$ref: {}", quote(target));
}

fn dangling_ref(lines: &mut [String], rng: &mut Rng) -> bool {
    const TARGETS: &[&str] = &[
        "#/components/schemas/nope",
        "#/components/schemas/",
        "#/components/schemas/a/b",
        "#/paths/x",
        "other.yaml#/components/schemas/x",
        "",
        "#",
        "#/components/schemas/~1",
        "#/components/schemas/\u{1F600}",
    ];
    let Some(at) = pick_line(lines, rng, is_ref) else {
        return false;
    };
    let target = *rng.pick(TARGETS);
    set_ref(lines, at, target);
    true
}

/// The line of `components:` → `schemas:`, where new components go.
fn schemas_line(lines: &[String]) -> Option<usize> {
    let components = lines.iter().position(|l| l == "components:")?;
    (components + 1..lines.len()).find(|&i| lines[i] == "  schemas:")
}

/// Inserts component schemas (YAML, indented four spaces) and points a
/// random existing `$ref` at `head`.
fn add_components(lines: &mut Vec<String>, rng: &mut Rng, yaml: &str, head: &str) -> bool {
    let Some(at) = schemas_line(lines) else {
        return false;
    };
    if let Some(r) = pick_line(lines, rng, is_ref) {
        set_ref(lines, r, &format!("#/components/schemas/{head}"));
    }
    let new: Vec<String> = yaml.lines().map(str::to_owned).collect();
    lines.splice(at + 1..at + 1, new);
    true
}

fn cyclic_ref(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    const CYCLES: &[&str] = &[
        "    fz_a:\n      $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      $ref: '#/components/schemas/fz_b'\n    fz_b:\n      $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      allOf:\n        - $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      allOf:\n        - $ref: '#/components/schemas/fz_b'\n    fz_b:\n      anyOf:\n        - type: string\n        - $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      anyOf:\n        - $ref: '#/components/schemas/fz_b'\n        - type: integer\n    fz_b:\n      oneOf:\n        - $ref: '#/components/schemas/fz_a'\n        - type: boolean",
        "    fz_a:\n      type: array\n      items:\n        $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      type: object\n      additionalProperties:\n        $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      type: object\n      properties:\n        me:\n          $ref: '#/components/schemas/fz_a'\n        other:\n          $ref: '#/components/schemas/fz_b'\n    fz_b:\n      type: object\n      properties:\n        back:\n          $ref: '#/components/schemas/fz_a'",
        "    fz_a:\n      anyOf:\n        - $ref: '#/components/schemas/fz_a'\n        - $ref: '#/components/schemas/fz_a'",
    ];
    let yaml = *rng.pick(CYCLES);
    add_components(lines, rng, yaml, "fz_a")
}

fn empty_combinator(lines: &mut [String], rng: &mut Rng) -> bool {
    let Some(at) = pick_line(lines, rng, |l| {
        let t = l.trim_start();
        t.starts_with("type: ") || t.starts_with("anyOf:") || t.starts_with("oneOf:")
    }) else {
        return false;
    };
    let key = rng.pick(&["anyOf", "oneOf", "allOf"]);
    lines[at] = format!("{}{key}: []", " ".repeat(indent(&lines[at])));
    true
}

fn deep_nesting(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    let Some(at) = pick_line(lines, rng, |l| l.trim_start().starts_with("type: ")) else {
        return false;
    };
    let pad = " ".repeat(indent(&lines[at]));
    let depth = *rng.pick(&[5, 30, 60, 100, 126, 127, 128, 129, 200, 1000, 20_000]);
    match rng.below(4) {
        // Flow sequences in an extension.
        0 => lines.insert(
            at,
            format!("{pad}x-deep: {}1{}", "[".repeat(depth), "]".repeat(depth)),
        ),
        // Flow mappings.
        1 => lines.insert(
            at,
            format!(
                "{pad}x-deep: {}1{}",
                "{a: ".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        // Arrays of arrays, in flow style, as the schema itself.
        2 => {
            lines[at] = format!(
                "{pad}type: array\n{pad}items: {}{{type: string}}{}",
                "{type: array, items: ".repeat(depth),
                "}".repeat(depth)
            )
        }
        // Arrays of arrays in block style (indentation grows).
        _ => {
            let depth = depth.min(200);
            let mut block = String::new();
            for level in 0..depth {
                let p = " ".repeat(pad.len() + 2 * level);
                block.push_str(&format!("{p}type: array\n{p}items:\n"));
            }
            block.push_str(&format!(
                "{}type: string",
                " ".repeat(pad.len() + 2 * depth)
            ));
            lines[at] = block;
        }
    }
    true
}

fn long_chain(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    let n = *rng.pick(&[2, 50, 500, 1000, 1023, 1030, 3000, 10_000]);
    let mut yaml = String::new();
    for i in 0..n {
        yaml.push_str(&format!(
            "    fz_{i}:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/fz_{}'\n",
            i + 1
        ));
    }
    yaml.push_str(&format!("    fz_{n}:\n      type: string\n"));
    add_components(lines, rng, &yaml, "fz_0")
}

/// `fz_0` → `fz_1` → … → `fz_n`, each component only a `$ref` to the next (no type of its own),
/// up to 100,000 links (5.9 MB): resolving it was quadratic in its length. The chain ends in an
/// object, or (one case in four) comes back to one of its links, a cycle. Besides the reference
/// to its head, up to four other references of the spec are pointed at links inside it.
fn long_alias_chain(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    let n = *rng.pick(&[2, 100, 1000, 10_000, 40_000, 100_000]);
    let mut yaml = String::with_capacity(n * 60);
    for i in 0..n {
        yaml.push_str(&format!(
            "    fz_{i}:\n      $ref: '#/components/schemas/fz_{}'\n",
            i + 1
        ));
    }
    if rng.chance(4) {
        let back = rng.below(n);
        yaml.push_str(&format!(
            "    fz_{n}:\n      $ref: '#/components/schemas/fz_{back}'\n"
        ));
    } else {
        yaml.push_str(&format!(
            "    fz_{n}:\n      type: object\n      properties:\n        id:\n          type: string\n"
        ));
    }
    if !add_components(lines, rng, &yaml, "fz_0") {
        return false;
    }
    for _ in 0..rng.below(5) {
        if let Some(r) = pick_line(lines, rng, is_ref) {
            let link = rng.below(n + 1);
            set_ref(lines, r, &format!("#/components/schemas/fz_{link}"));
        }
    }
    true
}

const ODD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "_",
    "__",
    "3d_secure",
    "123",
    "café",
    "名前",
    "Ωmega",
    "\u{1F600}",
    "x\u{1F600}",
    "a-b",
    "a b",
    "a.b",
    "$ref",
    "",
    "r#type",
    "ß",
    "½",
    "٣",
    "e\u{301}",
    "a/b",
    "~0",
    "null",
    "true",
    "1e3",
    "O'Brien",
    "\"q\"",
    "Unrecognized",
    "Unknown",
    "object",
];

/// The lines that are keys directly under a `properties:` line, found in
/// one pass with a stack of the open lines' indentation.
fn property_keys(lines: &[String]) -> Vec<usize> {
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let me = indent(line);
        while open.last().is_some_and(|&(at, _)| at >= me) {
            open.pop();
        }
        if t.ends_with(':') && !t.starts_with('-') && open.last().is_some_and(|&(_, p)| p) {
            out.push(i);
        }
        open.push((me, t == "properties:"));
    }
    out
}

fn odd_name(lines: &mut [String], rng: &mut Rng) -> bool {
    let name = *rng.pick(ODD_NAMES);
    if rng.chance(3) {
        // A component schema's name, and every reference to it.
        let Some(at) = pick_line(lines, rng, |l| {
            indent(l) == 4 && l.ends_with(':') && !l.trim_start().starts_with('-')
        }) else {
            return false;
        };
        let old = lines[at].trim().trim_end_matches(':').to_owned();
        lines[at] = format!("    {}:", quote(name));
        let from = format!("'#/components/schemas/{old}'");
        let to = quote(&format!("#/components/schemas/{name}"));
        for line in lines.iter_mut() {
            if line.contains(&from) {
                *line = line.replace(&from, &to);
            }
        }
        return true;
    }
    let found = property_keys(lines);
    if found.is_empty() {
        return false;
    }
    let at = *rng.pick(&found);
    lines[at] = format!("{}{}:", " ".repeat(indent(&lines[at])), quote(name));
    true
}

fn colliding_name(lines: &mut Vec<String>, rng: &mut Rng) -> bool {
    let found = property_keys(lines);
    if found.is_empty() {
        return false;
    }
    let at = *rng.pick(&found);
    let key = lines[at].trim().trim_end_matches(':').to_owned();
    // A sibling whose Rust name is the same: camelCase, upper case, a dash.
    let twin = match rng.below(3) {
        0 => {
            let mut out = String::new();
            let mut up = false;
            for c in key.chars() {
                if c == '_' {
                    up = true;
                } else if up {
                    out.extend(c.to_uppercase());
                    up = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        1 => key.to_uppercase(),
        _ => key.replace('_', "-"),
    };
    let twin = if twin == key { format!("{key}_") } else { twin };
    let pad = " ".repeat(indent(&lines[at]));
    lines.insert(at, format!("{pad}{}: {{type: string}}", quote(&twin)));
    true
}

fn odd_path(lines: &mut [String], rng: &mut Rng) -> bool {
    let Some(at) = pick_line(lines, rng, |l| {
        indent(l) == 2 && l.trim_start().trim_start_matches('\'').starts_with('/')
    }) else {
        return false;
    };
    let path = lines[at]
        .trim()
        .trim_end_matches(':')
        .trim_matches('\'')
        .to_owned();
    let odd = match rng.below(12) {
        0 => format!("{path}/{{}}"),
        1 => format!("{path}/{{a}}{{b}}"),
        2 => format!("{path}/{{unclosed"),
        3 => format!("{path}/closed}}"),
        4 => "/".to_owned(),
        5 => format!("{path}//x"),
        6 => format!("{path}/{{self}}"),
        7 => format!("{path}/{{type}}"),
        8 => format!("{path}/ü/{{é}}"),
        9 => format!("{path}/{{tok-en}}"),
        10 => path.replace('/', "/{x}/"),
        _ => format!("{path}/\u{1F600}"),
    };
    lines[at] = format!("  {}:", quote(&odd));
    true
}
