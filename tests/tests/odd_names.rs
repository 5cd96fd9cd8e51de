//! Odd but valid names (keywords, digits first, letters of other scripts)
//! generate a crate that compiles without warnings: generated into
//! `target/odd-names` and checked with `cargo clippy -D warnings`.

use std::process::Command;

const SPEC: &str = "openapi: 3.0.0
info:
  title: odd names
  version: '1'
servers:
  - url: 'https://api.example.com/'
paths:
  /v1/things/{id}:
    get:
      operationId: GetThing
      parameters:
        - in: path
          name: id
          required: true
          schema:
            type: string
        - in: query
          name: type
          schema:
            type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/thing'
components:
  schemas:
    thing:
      type: object
      properties:
        type:
          type: string
        self:
          type: string
        async:
          type: boolean
        crate:
          type: integer
        3d_secure:
          type: string
        café:
          type: string
        名前:
          type: string
        ß:
          type: string
        mode:
          type: string
          enum: [type, self, 3d, é, 名前, fn]
        über:
          $ref: '#/components/schemas/über'
        3ds:
          $ref: '#/components/schemas/3ds'
    über:
      type: object
      properties:
        id:
          type: string
    3ds:
      type: object
      properties:
        id:
          type: string
";

const CONFIG: &str =
    "crate: {name: odd-names, version: 0.1.0, description: Odd names.}\noperations: all\n";

#[test]
fn odd_but_valid_names_compile() {
    let root = workspace_tests::root();
    let dir = root.join("target/odd-names-input");
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    std::fs::write(dir.join("spec.yaml"), SPEC).expect("spec written");
    std::fs::write(dir.join("config.yaml"), CONFIG).expect("config written");
    let files = generator::pipeline::generate(
        &dir.join("spec.yaml"),
        &dir.join("config.yaml"),
        &root.join("templates"),
        &root.join("target/odd-names"),
    )
    .unwrap_or_else(|e| panic!("odd but valid names must generate: {e}"));
    let out = root.join("target/odd-names");
    generator::output::write(&out, &files).expect("target/odd-names is writable");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copies");
    let thing = files
        .iter()
        .find(|f| f.path.ends_with("resources/thing.rs"))
        .expect("the thing module");
    for name in [
        "r#type",
        "self_",
        "r#async",
        "crate_",
        "_3d_secure",
        "café",
        "名前",
    ] {
        assert!(
            thing.contents.contains(&format!("pub {name}:")),
            "field `{name}` in:\n{}",
            thing.contents
        );
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["clippy", "--offline", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        // Shares the dependency builds of the whole-API test.
        .env("CARGO_TARGET_DIR", root.join("target/full-api-target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the odd-names crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(80)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
