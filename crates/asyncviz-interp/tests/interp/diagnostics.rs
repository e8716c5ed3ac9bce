// Golden tests of diagnostics: every `tests/diagnostics/*.rs` is parsed and checked, and the
// rendered diagnostics (`line:col: severity: message`) must match the `.out` file next to it.
// Re-bless with `UPDATE_EXPECT=1 cargo test -p asyncviz-interp --test interp`.

use std::path::PathBuf;

#[test]
fn diagnostics() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the diagnostics folder exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable program");
        let parsed = asyncviz_interp::parse(&source);
        let mut out = String::new();
        for d in &parsed.diagnostics {
            out.push_str(&d.render());
            out.push('\n');
        }
        if parsed.diagnostics.is_empty() {
            out.push_str("(no diagnostics)\n");
        }
        assert_eq!(
            parsed.program.is_some(),
            parsed
                .diagnostics
                .iter()
                .all(|d| d.severity != asyncviz_interp::Severity::Error)
        );
        expect_test::expect_file![path.with_extension("out")].assert_eq(&out);
    }
}
