// Golden tests: every `tests/programs/*.rs` runs in the interpreter and its rendered output
// (each line with its virtual time, the outcome, diagnostics) must match the `.out` file next
// to it. Re-bless with `UPDATE_EXPECT=1 cargo test -p asyncviz-interp --test interp`.

use crate::support;

use std::path::PathBuf;

#[test]
fn programs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the programs folder exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "expected the program folder to hold the golden programs"
    );
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable program");
        let result = support::run_source(&source);
        let rendered = support::render(&result);
        expect_test::expect_file![path.with_extension("out")].assert_eq(&rendered);
    }
}
