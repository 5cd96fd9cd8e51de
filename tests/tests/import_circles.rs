//! No import circle (module A uses B and B uses A, or a longer loop) in the
//! generator, the xtask or the runtime: each module's imports go one way, so a module can
//! be read (and changed) knowing only what it uses. How uses are read:
//! `tests/src/import_graph.rs`.

use workspace_tests::import_graph::{circles, of_dir, of_sources};

fn sources(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(m, s)| ((*m).to_owned(), (*s).to_owned()))
        .collect()
}

#[test]
fn the_reader_finds_circles_of_every_kind() {
    // A parent and a child using each other's items, through a `use` group.
    let graph = of_sources(&sources(&[
        ("", "mod emit;"),
        ("emit", "mod api;\nfn f() { api::g(); }\npub fn helper() {}"),
        ("emit::api", "use super::{helper, idents};\npub fn g() {}"),
        ("emit::idents", "pub fn i() {}"),
    ]));
    assert_eq!(circles(&graph), vec![vec!["emit", "emit::api"]]);
    // A glob re-export of a child that uses its parent's re-export.
    let graph = of_sources(&sources(&[
        (
            "ir",
            "mod types;
mod operations;
pub use operations::*;
pub use types::*;",
        ),
        ("ir::operations", "use super::TypeId;"),
        ("ir::types", "pub struct TypeId;"),
    ]));
    assert_eq!(circles(&graph), vec![vec!["ir", "ir::operations"]]);
    // Siblings in a loop of three, through `crate::` paths and a nested group.
    let graph = of_sources(&sources(&[
        ("", "mod a; mod b; mod c;"),
        ("a", "use crate::{b::{self, x}};"),
        ("b", "fn f() { crate::c::g() }"),
        ("c", "use super::a::Item;"),
    ]));
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c"]]);
    // One way only; a comment, a declaration and an inline test module are no uses.
    let graph = of_sources(&sources(&[
        ("", "mod a; mod b;"),
        ("a", "// b::x uses nothing\nuse crate::b::X;\n#[cfg(test)]\nmod tests {\n    use super::super::a::Y;\n}"),
        ("b", "mod inner;\n#[cfg(test)]\nmod tests {\n    use crate::a::Z;\n}"),
        ("b::inner", "use super::super::b;"),
    ]));
    assert_eq!(circles(&graph), Vec::<Vec<String>>::new());
}

#[test]
fn no_import_circle_in_the_generator_the_xtask_or_the_runtime() {
    let root = workspace_tests::root();
    for src in ["generator/src", "xtask/src", "runtime/src"] {
        let graph = of_dir(&root.join(src)).expect("the sources are readable");
        assert!(graph.len() > 5, "{src}: read {} modules", graph.len());
        assert_eq!(circles(&graph), Vec::<Vec<String>>::new(), "{src}");
    }
}
