//! `asyncviz`: run a program on the instrumented executor from the command line.
//!
//! ```text
//! asyncviz list                         list the built-in programs
//! asyncviz run <ID> [--trace FILE]      run a built-in program; print exactly its stdout
//! asyncviz run FILE.rs [--trace FILE]   interpret a tokio program from a file
//! ```
//!
//! A file that does not parse, or uses what the interpreter does not support, gets every
//! diagnostic on stderr as `FILE:LINE:COL: error: message` and exit code 1.
//!
//! The program's stdout goes to stdout and its stderr to stderr, byte for byte as it printed
//! them. How the run ended (a hang, a budget) goes to stderr, with a non-zero exit code.

use asyncviz_executor::Builder;
use asyncviz_trace::{EventKind, Outcome, Stream, Trace};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:
  asyncviz list                        list the built-in programs
  asyncviz run <ID> [--trace FILE]     run a built-in program, print its output, optionally write the trace as JSON
  asyncviz run FILE.rs [--trace FILE]  interpret a tokio program from a file, the same way";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("asyncviz: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("list") => {
            for s in asyncviz_programs::catalogue() {
                println!("{:<36} {}", s.id, s.title);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some("run") => {
            let mut program = None;
            let mut trace_path = None;
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--trace" => {
                        trace_path = Some(rest.next().ok_or("--trace needs a file name")?.clone())
                    }
                    flag if flag.starts_with('-') => {
                        return Err(format!("unknown option {flag}\n{USAGE}"))
                    }
                    name if program.is_none() => program = Some(name.to_string()),
                    extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
                }
            }
            let program = program.ok_or_else(|| format!("run needs a program\n{USAGE}"))?;
            let trace = if std::path::Path::new(&program).is_file() {
                match run_file(&program)? {
                    Ok(trace) => trace,
                    Err(code) => return Ok(code),
                }
            } else {
                run_builtin(&program)?
            };
            if let Some(path) = trace_path {
                std::fs::write(&path, trace.to_json())
                    .map_err(|e| format!("cannot write {path}: {e}"))?;
            }
            Ok(report(&trace))
        }
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command {other}\n{USAGE}")),
    }
}

fn run_builtin(id: &str) -> Result<Trace, String> {
    let id = id.trim_end_matches(".rs");
    let catalogue = asyncviz_programs::catalogue();
    let found = catalogue
        .iter()
        .find(|s| s.id == id || s.file.trim_end_matches(".rs").ends_with(id))
        .ok_or_else(|| format!("no built-in program named {id:?}; `asyncviz list` shows them"))?;
    asyncviz_programs::run(found.id, Builder::new().name(found.id))
        .ok_or_else(|| format!("program {id:?} could not be run"))
}

/// Interprets a program file. Diagnostics go to stderr as `file:line:col: severity: message`.
fn run_file(path: &str) -> Result<Result<Trace, ExitCode>, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let options = asyncviz_interp::RunOptions {
        file_name: path.to_string(),
        ..asyncviz_interp::RunOptions::default()
    };
    let result = asyncviz_interp::run(&source, options);
    let mut failed = false;
    for d in &result.diagnostics {
        let severity = match d.severity {
            asyncviz_interp::Severity::Error => {
                failed = true;
                "error"
            }
            _ => "warning",
        };
        eprintln!("{path}:{}:{}: {severity}: {}", d.line, d.col, d.message);
    }
    match result.trace {
        Some(trace) if !failed => Ok(Ok(trace)),
        _ => Ok(Err(ExitCode::from(1))),
    }
}

/// Prints the output streams exactly, then how the run ended if it did not finish.
fn report(trace: &Trace) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for event in &trace.events {
        if let EventKind::Output { stream, text, .. } = &event.kind {
            let sink: &mut dyn Write = match stream {
                Stream::Stdout => &mut stdout,
                Stream::Stderr => &mut stderr,
            };
            // A closed pipe (e.g. `| head`) is not the program's failure.
            let _ = sink.write_all(text.as_bytes());
        }
    }
    let _ = stdout.flush();
    match &trace.outcome {
        Outcome::Finished { .. } => ExitCode::SUCCESS,
        Outcome::Hang { t, wait_for } => {
            let _ = writeln!(
                stderr,
                "asyncviz: the program hangs at {} ms: no task can run and no timer is pending",
                t / 1_000_000
            );
            for edge in wait_for {
                let at = edge
                    .parked_at
                    .as_ref()
                    .map(|l| format!(" (parked at line {})", l.line))
                    .unwrap_or_default();
                let _ = writeln!(
                    stderr,
                    "  {}{at} waits; could be woken by {}",
                    edge.task, edge.could_wake
                );
            }
            ExitCode::from(3)
        }
        Outcome::BudgetExceeded { budget, limit } => {
            let _ = writeln!(
                stderr,
                "asyncviz: stopped: the {budget} budget ({limit}) ran out"
            );
            ExitCode::from(4)
        }
        Outcome::Panicked { task, message } => {
            let _ = writeln!(stderr, "asyncviz: {task} panicked: {message}");
            ExitCode::from(101)
        }
        Outcome::Running => ExitCode::from(5),
    }
}
