//! Runs a Rust file in the interpreter and prints what it printed, on the same streams.
//!
//! `cargo run -p asyncviz-interp --example interp -- program.rs [--trace]`

use asyncviz_interp::{run, RunOptions};
use asyncviz_trace::{EventKind, Stream};
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: interp <file.rs> [--trace]");
        std::process::exit(2);
    };
    let trace_json = args.any(|a| a == "--trace");
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let result = run(&source, RunOptions::default());
    for d in &result.diagnostics {
        eprintln!("{path}:{}", d.render());
    }
    let Some(trace) = result.trace else {
        std::process::exit(1)
    };
    if trace_json {
        println!("{}", trace.to_json());
        return;
    }
    for e in &trace.events {
        if let EventKind::Output { stream, text, .. } = &e.kind {
            match stream {
                Stream::Stdout => {
                    let _ = std::io::stdout().write_all(text.as_bytes());
                }
                Stream::Stderr => {
                    let _ = std::io::stderr().write_all(text.as_bytes());
                }
            }
        }
    }
    eprintln!("--- {:?}", trace.outcome);
}
