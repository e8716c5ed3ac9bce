// Runs every scenario of the library (`scenarios/*.rs` at the repository root) in the
// interpreter. A scenario either runs, and then prints exactly what the compiled scenario
// prints on the same executor (the golden output of `crates/asyncviz-programs`), or it is one
// of the few that define their own futures by hand, which the interpreter refuses with a
// diagnostic saying the scenario runs compiled.

use crate::support;
use asyncviz_trace::Outcome;
use std::path::PathBuf;

/// Scenarios with a hand-written `impl Future` or manual `poll` calls: outside the subset.
const RUNS_COMPILED: &[&str] = &[
    "async-fn-state-machine",
    "busy-poll-vs-waker",
    "lost-wakeup-hang",
    "timer-future-executor",
    "mini-tokio-stale-waker",
    "unpin-box-pin",
    "streams-poll-next",
];

#[test]
fn scenarios() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(root.join("../../scenarios")) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut ran = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable scenario");
        let name = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .to_string();
        let id = name
            .split_once('-')
            .map_or(name.as_str(), |(_, id)| id)
            .to_string();
        let result = support::run_source(&source);
        if RUNS_COMPILED.contains(&id.as_str()) {
            assert!(
                result.trace.is_none(),
                "{name}: the interpreter now runs it; remove it from RUNS_COMPILED"
            );
            assert!(
                result
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains("runs compiled")),
                "{name}: expected a diagnostic saying the scenario runs compiled, got {:#?}",
                result.diagnostics
            );
            continue;
        }
        assert!(
            result.diagnostics.is_empty(),
            "{name}: {:#?}",
            result.diagnostics
        );
        let trace = result.trace.expect("a scenario that checks runs");
        let hangs = source.lines().any(|l| l.trim() == "// outcome: hang");
        assert_eq!(
            matches!(trace.outcome, Outcome::Hang { .. }),
            hangs,
            "{name}: {:?}",
            trace.outcome
        );
        let compiled = root
            .join("../asyncviz-programs/tests/golden")
            .join(format!("{id}.out"));
        if let Ok(expected) = std::fs::read_to_string(&compiled) {
            assert_eq!(
                trace.output(),
                expected,
                "{name}: the interpreter's output differs from the compiled scenario's"
            );
        }
        ran += 1;
    }
    assert!(ran >= 20, "only {ran} scenarios ran in the interpreter");
}
