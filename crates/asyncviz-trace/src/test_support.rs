//! What the unit tests share.

use crate::Trace;
use std::path::Path;

/// Real traces: the built-in programs' golden traces (every event kind the executor
/// records, up to a few thousand events).
pub(crate) fn golden_traces() -> Vec<(String, Trace)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../asyncviz-programs/tests/golden");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the programs' golden traces are in the repository")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".trace.json"))
        .collect();
    paths.sort();
    assert!(paths.len() > 20, "found only {} golden traces", paths.len());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable golden trace");
            let trace = Trace::from_json(&text).expect("a golden trace parses");
            (p.file_name().unwrap().to_string_lossy().into_owned(), trace)
        })
        .collect()
}
