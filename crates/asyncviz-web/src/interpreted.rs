//! The reader's own program: checked as they type, run by `asyncviz-interp` on the same
//! instrumented executor as the built-in programs, and then shown like one of them.
//!
//! The interpreter runs in its own Web Worker (`browser::interpreter`), so checking and running
//! never block the page, and the page's WebAssembly does not carry it. Its budgets keep runs
//! short and traces drawable: an endless loop ends with `Outcome::BudgetExceeded` after at most
//! [`MAX_STEPS`] evaluation steps, and the trace the page must index and draw is capped at
//! [`MAX_EVENTS`] events.

use crate::browser::{self, interpreter};
use crate::source::{self, Entry, Loaded};
use asyncviz_interp::protocol::{Answer, Job};
use asyncviz_interp::{Diagnostic, RunOptions, RunResult, Severity};
use asyncviz_timeline::{run_summary, Problem, RunTone};
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

/// The key (in links and `data-program`) of a program the interpreter ran.
pub(crate) const CUSTOM_KEY: &str = "custom";

/// The file name interpreted programs run as, as `cargo run` would name it in a panic message.
pub(crate) const FILE_NAME: &str = "src/main.rs";

/// Evaluation steps (statements, loop iterations, calls) before a run is stopped. About a
/// second of work in the browser at worst.
pub(crate) const MAX_STEPS: u64 = 2_000_000;

/// Task polls before a run is stopped.
const MAX_POLLS: u64 = 20_000;

/// Recorded events before a run is stopped: the page indexes and draws 100,000 events in well
/// under a second (see BENCHMARKS.md).
pub(crate) const MAX_EVENTS: u64 = 100_000;

/// The budgets and file name for runs in the page.
pub(crate) fn page_options() -> RunOptions {
    RunOptions {
        file_name: FILE_NAME.to_string(),
        max_steps: MAX_STEPS,
        max_polls: MAX_POLLS,
        max_tasks: 1_000,
        max_output_bytes: 64 * 1024,
        max_time: Duration::from_secs(24 * 3600),
        max_events: MAX_EVENTS,
        ..RunOptions::default()
    }
}

/// A program the interpreter ran and the page prepared, as an action's payload: compared by
/// identity, printed by size.
#[derive(Clone)]
pub(crate) struct Ran(pub(crate) Rc<Loaded>);

impl PartialEq for Ran {
    fn eq(&self, other: &Ran) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Ran {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ran({} events)", self.0.trace().events.len())
    }
}

/// What running the reader's program gave.
pub(crate) struct CodeRun {
    /// The run, ready to show, if the program passed the checks.
    pub(crate) ran: Option<Ran>,
    /// Every diagnostic, from the checks and from the run.
    pub(crate) problems: Vec<Problem>,
    /// One sentence about the run, and its tone.
    pub(crate) summary: (RunTone, String),
    /// Why nothing ran, if the interpreter's worker could not be reached.
    pub(crate) unavailable: Option<String>,
}

/// Checks a program without running it (syntax, then the interpreter's supported subset and
/// names); `done` gets the problems.
pub(crate) fn check_code(text: String, done: impl FnOnce(Vec<Problem>) + 'static) {
    interpreter::submit(Job::Check { source: text }, move |answer| {
        done(match answer {
            Ok(Answer::Checked(diagnostics)) => problems(&diagnostics),
            Ok(other) => vec![unavailable(&format!("unexpected answer {other:?}"))],
            Err(why) => vec![unavailable(&why)],
        })
    });
}

/// Runs a program in the interpreter under the page's budgets; `done` gets the run, prepared
/// to show.
pub(crate) fn run_code(text: String, done: impl FnOnce(CodeRun) + 'static) {
    let job = Job::Run {
        source: text.clone(),
        options: page_options(),
    };
    interpreter::submit(job, move |answer| {
        let (result, unavailable) = match answer {
            Ok(Answer::Ran { diagnostics, trace }) => (RunResult { trace, diagnostics }, None),
            Ok(other) => {
                let why = format!("the interpreter gave an unexpected answer ({other:?})");
                (not_run(&why), Some(why))
            }
            Err(why) => (not_run(&why), Some(why)),
        };
        let mut run = prepare_run(&text, result);
        run.unavailable = unavailable;
        done(run);
    });
}

/// A run that did not happen because the interpreter could not be reached.
fn not_run(why: &str) -> RunResult {
    RunResult {
        trace: None,
        diagnostics: vec![Diagnostic {
            message: format!("nothing ran: {why}"),
            line: 1,
            col: 1,
            end_line: 1,
            end_col: 1,
            severity: Severity::Error,
        }],
    }
}

/// A problem that says the interpreter could not check the text.
fn unavailable(why: &str) -> Problem {
    Problem {
        message: format!("the interpreter is not available, so this was not checked: {why}"),
        line: 1,
        col: 1,
        end_line: 1,
        end_col: 1,
        error: false,
    }
}

/// Indexes and lays out what the interpreter gave for `text`.
fn prepare_run(text: &str, result: RunResult) -> CodeRun {
    browser::mark("asyncviz-interp-ran");
    let problems = problems(&result.diagnostics);
    let errors = problems.iter().filter(|p| p.error).count();
    let summary = run_summary(
        result.trace.as_ref().map(|t| &t.outcome),
        result.trace.as_ref().map_or(0, |t| t.events.len()),
        errors,
    );
    let ran = result.trace.map(|trace| {
        let entry = custom_entry(text, &trace.meta.deviations);
        let param = asyncviz_embed::encode_code(text);
        Ran(Rc::new(source::prepare(
            &entry,
            trace,
            Rc::from(text),
            Some(Rc::from(param)),
        )))
    });
    CodeRun {
        ran,
        problems,
        summary,
        unavailable: None,
    }
}

/// What the page shows while a link's program runs: its code, and a timeline with no events
/// yet.
pub(crate) fn placeholder(text: &str) -> Rc<Loaded> {
    let entry = custom_entry(text, &[]);
    let trace = source::empty_trace(CUSTOM_KEY);
    let param = asyncviz_embed::encode_code(text);
    Rc::new(source::prepare(
        &entry,
        trace,
        Rc::from(text),
        Some(Rc::from(param)),
    ))
}

/// The interpreter's diagnostics as the editor's problems.
fn problems(diagnostics: &[Diagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| Problem {
            message: d.message.clone(),
            line: d.line,
            col: d.col,
            end_line: d.end_line,
            end_col: d.end_col,
            error: d.severity == Severity::Error,
        })
        .collect()
}

/// The lesson card's entry for the reader's program.
fn custom_entry(text: &str, runtime_deviations: &[String]) -> Rc<Entry> {
    let mut deviations = vec![
        "AsyncViz's interpreter ran this program: it runs a subset of Rust and checks neither types nor borrows, so a program rustc would reject may run here. The built-in programs it can run print exactly what real tokio prints, at the same virtual times (the oracle tests check this).".to_string(),
    ];
    deviations.extend(runtime_deviations.iter().cloned());
    Rc::new(Entry {
        key: CUSTOM_KEY.to_string(),
        id: CUSTOM_KEY.to_string(),
        number: 0,
        title: title_of(text),
        watch: vec![
            "Your own code, run on the same instrumented executor as the built-in programs: step through its polls, wakers and queue like any other.".to_string(),
            "Press “Edit” to change it and run it again, or “Copy link” to share it.".to_string(),
        ],
        misconception: String::new(),
        deviations,
        source: "",
        file: FILE_NAME.to_string(),
        synthetic: None,
    })
}

/// The longest title taken from a program's first comment, in characters.
const TITLE_MAX: usize = 80;

/// A program's title: its first line if that is a `//` comment (as the built-in programs
/// start), so a shared or embedded program can name itself; "Your program" otherwise.
pub(crate) fn title_of(text: &str) -> String {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let comment = first
        .and_then(|l| l.strip_prefix("//"))
        .map(|c| c.trim_start_matches(['/', '!']).trim())
        .filter(|c| !c.is_empty());
    match comment {
        Some(c) if c.chars().count() > TITLE_MAX => {
            let cut: String = c.chars().take(TITLE_MAX - 1).collect();
            format!("{}…", cut.trim_end())
        }
        Some(c) => c.to_string(),
        None => "Your program".to_string(),
    }
}

/// A short fingerprint of a program (FNV-1a, 64 bits), to recognise a link's program again
/// without storing it twice.
pub(crate) fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_comment_names_the_program() {
        assert_eq!(title_of("use tokio;\n// not first"), "Your program");
        assert_eq!(title_of(""), "Your program");
        assert_eq!(title_of("//\nfn main() {}"), "Your program");
        assert_eq!(
            title_of("\n  // Sequential awaits: one after the other\nuse tokio;"),
            "Sequential awaits: one after the other"
        );
        assert_eq!(
            title_of("//! Crate docs as a title"),
            "Crate docs as a title"
        );
        let long = format!("// {}", "x".repeat(200));
        let t = title_of(&long);
        assert_eq!(t.chars().count(), TITLE_MAX);
        assert!(t.ends_with('…'));
    }

    #[test]
    fn fingerprints_differ_for_different_programs() {
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    }
}
