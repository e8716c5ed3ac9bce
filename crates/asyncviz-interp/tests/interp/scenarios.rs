// Runs every scenario of the library (`scenarios/*.rs` at the repository root) in the
// interpreter. Each gets a golden file in `tests/scenarios/`: the rendered run, or the
// diagnostics that explain why it runs compiled instead (hand-written `impl Future`, ...).
// When a scenario runs, its output must equal what the compiled scenario prints on the same
// executor (the golden output of `crates/asyncviz-programs`), byte for byte.

use crate::support;

use std::path::PathBuf;

#[test]
fn scenarios() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../../scenarios");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable scenario");
        let result = support::run_source(&source);
        let rendered = support::render(&result);
        let name = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .to_string();
        expect_test::expect_file![root.join("tests/scenarios").join(format!("{name}.out"))]
            .assert_eq(&rendered);
        let id = name.split_once('-').map_or(name.as_str(), |(_, id)| id);
        let compiled = root
            .join("../asyncviz-programs/tests/golden")
            .join(format!("{id}.out"));
        if let (Some(trace), Ok(expected)) = (&result.trace, std::fs::read_to_string(&compiled)) {
            if result.diagnostics.is_empty() {
                assert_eq!(
                    trace.output(),
                    expected,
                    "{name}: the interpreter's output differs from the compiled scenario's"
                );
            }
        }
    }
}
