//! Shared helpers for the interpreter's tests: running a source and rendering the result.

use asyncviz_interp::{run, RunOptions, RunResult};
use asyncviz_trace::{EventKind, Outcome, Stream};

/// Runs a program with default options, on a thread with a big stack: debug builds use far
/// more stack per interpreted call than the release build the page runs.
pub(crate) fn run_source(source: &str) -> RunResult {
    run_with(source, RunOptions::default())
}

/// Runs a program with the given options, on a thread with a big stack.
pub(crate) fn run_with(source: &str, options: RunOptions) -> RunResult {
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&source, options))
        .expect("a test thread starts")
        .join()
        .expect("the interpreter does not panic")
}

/// Renders a run: each output line with its virtual time (`|` stdout, `!` stderr), then the
/// outcome and any diagnostics.
pub(crate) fn render(result: &RunResult) -> String {
    let mut out = String::new();
    if let Some(trace) = &result.trace {
        let mut pending: Option<(u64, Stream, String)> = None;
        let flush = |out: &mut String, p: &mut Option<(u64, Stream, String)>| {
            if let Some((t, stream, text)) = p.take() {
                let mark = if stream == Stream::Stdout { '|' } else { '!' };
                for line in text.split_inclusive('\n') {
                    out.push_str(&format!("{:>6} {mark} {}", fmt_ms(t), line));
                }
                if !text.ends_with('\n') {
                    out.push_str(" <no newline>\n");
                }
            }
        };
        for e in &trace.events {
            if let EventKind::Output { stream, text, .. } = &e.kind {
                match &mut pending {
                    Some((t, s, buf)) if *t == e.t && s == stream && !buf.ends_with('\n') => {
                        buf.push_str(text)
                    }
                    _ => {
                        flush(&mut out, &mut pending);
                        pending = Some((e.t, *stream, text.clone()));
                    }
                }
            }
        }
        flush(&mut out, &mut pending);
        out.push_str("--- ");
        out.push_str(&match &trace.outcome {
            Outcome::Finished { t } => format!("finished at {}", fmt_ms(*t)),
            Outcome::Hang { t, .. } => format!("hang at {}", fmt_ms(*t)),
            Outcome::BudgetExceeded { budget, limit } => {
                format!("budget exceeded: {budget} (limit {limit})")
            }
            Outcome::Panicked { task, message } => {
                format!("panicked in task {}: {message}", task.0)
            }
            Outcome::Running => "running".to_string(),
        });
        out.push('\n');
    }
    for d in &result.diagnostics {
        out.push_str(&d.render());
        out.push('\n');
    }
    out
}

fn fmt_ms(ns: u64) -> String {
    if ns.is_multiple_of(1_000_000) {
        format!("{}ms", ns / 1_000_000)
    } else {
        format!("{}us", ns / 1_000)
    }
}
