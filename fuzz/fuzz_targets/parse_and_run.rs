//! Parses and runs arbitrary text as a program under small budgets. Whatever the input, the
//! interpreter must return diagnostics or a trace, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let options = asyncviz_interp::RunOptions {
        max_steps: 20_000,
        max_polls: 2_000,
        max_tasks: 50,
        max_output_bytes: 16 * 1024,
        max_time: Duration::from_secs(60),
        max_events: 50_000,
        ..asyncviz_interp::RunOptions::default()
    };
    let _ = asyncviz_interp::run(source, options);
});
