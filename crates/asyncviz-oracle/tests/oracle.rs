//! The scenario oracle: every file in `scenarios/` runs on real tokio and on AsyncViz, and the
//! two runs must print the same lines at the same virtual milliseconds.
//!
//! On the real side each scenario file is `include!`d into a module of this test crate, so
//! `tokio` is the real crate (through a thin shim that notes when the runtime was built) and
//! `#[tokio::main(.., start_paused = true)]` is the real macro: it
//! builds a `current_thread` runtime whose clock is paused and auto-advances to the next timer
//! when the runtime is idle. The scenario's `println!` resolves to the `println!` defined below,
//! which records `(virtual ms, line)` instead of writing to stdout.
//!
//! On our side `asyncviz_programs::run` compiles the very same file against
//! `asyncviz_executor::tokio`, and every `Output` event in the trace carries its virtual time.
//!
//! Where a scenario knowingly differs from real tokio (its header has `// deviation:` lines
//! that affect timing), [`Compare`] says what is compared instead, and why.

use std::cell::RefCell;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One printed line and the virtual millisecond at which it was printed.
type Line = (u64, String);

/// The lines recorded so far by the run on this thread.
type Log = Arc<Mutex<Vec<Line>>>;

thread_local! {
    /// Where `println!` records on this thread, and the runtime's virtual zero once it is built.
    static RECORDER: RefCell<Option<(Option<tokio::time::Instant>, Log)>> = const { RefCell::new(None) };
}

/// Records one printed line with the virtual time of the running tokio runtime.
///
/// The zero is the runtime clock's reading right after the program's `#[tokio::main]` built
/// its runtime (see [`shim_tokio`]). A paused clock then only moves in whole timer ticks, so
/// the difference is an exact number of virtual milliseconds. No wall-clock duration is ever
/// asserted on.
fn record(line: String) {
    RECORDER.with(|r| {
        let r = r.borrow();
        let (zero, log) = r
            .as_ref()
            .expect("a scenario printed from a thread that is not recording (a worker thread?)");
        let zero = zero.expect("a scenario printed before its runtime was built");
        let ms = tokio::time::Instant::now()
            .saturating_duration_since(zero)
            .as_millis() as u64;
        log.lock()
            .expect("the log lock is never held across a panic")
            .push((ms, line));
    });
}

/// Notes the virtual zero of the runtime just built on this thread.
fn set_zero(zero: tokio::time::Instant) {
    RECORDER.with(|r| {
        if let Some((slot, _)) = r.borrow_mut().as_mut() {
            *slot = Some(zero);
        }
    });
}

/// Real tokio as the scenario modules see it, except that `tokio::runtime::Builder` notes the
/// runtime clock's zero when it builds a runtime.
///
/// `#[tokio::main]` expands to `use tokio::runtime::Builder; Builder::new_current_thread()
/// .start_paused(true).enable_all().build()...`, with `tokio` resolved where the attribute is
/// written, so in these modules it builds through this wrapper. A paused clock starts at the
/// real instant at which the runtime is built; reading it inside the new runtime right after
/// `build` gives that instant exactly.
mod shim_tokio {
    pub(crate) use ::tokio::*;

    /// `tokio::runtime` with a recording `Builder`.
    pub(crate) mod runtime {
        pub(crate) use ::tokio::runtime::*;

        /// Real tokio's `Builder`, for the methods `#[tokio::main]` calls.
        pub(crate) struct Builder(::tokio::runtime::Builder);

        impl Builder {
            pub(crate) fn new_current_thread() -> Builder {
                Builder(::tokio::runtime::Builder::new_current_thread())
            }

            pub(crate) fn new_multi_thread() -> Builder {
                Builder(::tokio::runtime::Builder::new_multi_thread())
            }

            pub(crate) fn worker_threads(&mut self, n: usize) -> &mut Builder {
                self.0.worker_threads(n);
                self
            }

            pub(crate) fn start_paused(&mut self, paused: bool) -> &mut Builder {
                self.0.start_paused(paused);
                self
            }

            pub(crate) fn enable_all(&mut self) -> &mut Builder {
                self.0.enable_all();
                self
            }

            pub(crate) fn build(&mut self) -> ::std::io::Result<Runtime> {
                let runtime = self.0.build()?;
                let zero = {
                    let _inside = runtime.enter();
                    ::tokio::time::Instant::now()
                };
                crate::set_zero(zero);
                Ok(runtime)
            }
        }
    }
}

// Defined before the scenario modules, so the included files' `println!` resolve to it.
macro_rules! println {
    () => {
        crate::record(String::new())
    };
    ($($arg:tt)*) => {
        crate::record(format!($($arg)*))
    };
}

/// A stand-in for `std` in the scenario modules, which differs only in `std::thread::sleep`.
///
/// Real tokio's paused clock does not see `std::thread::sleep` at all, so sleeping for real
/// would only make these tests slow without changing what tokio prints or when. AsyncViz
/// charges the same call as virtual time; those scenarios are compared without times.
mod shim_std {
    pub(crate) use ::std::*;

    /// `std::thread` as the scenarios use it.
    pub(crate) mod thread {
        /// Returns at once (see the module comment).
        pub(crate) fn sleep(_duration: ::std::time::Duration) {}
    }
}

/// Runs `program` on this thread, recording what it prints.
fn run_real(program: fn()) -> Vec<Line> {
    let log = Log::default();
    RECORDER.with(|r| *r.borrow_mut() = Some((None, log.clone())));
    program();
    RECORDER.with(|r| *r.borrow_mut() = None);
    let lines = log.lock().expect("the program has finished").clone();
    lines
}

/// Runs a program that is expected to hang on its own thread, and returns what it printed
/// within a bounded wait and whether it finished.
///
/// A paused tokio runtime with nothing to do and no timer parks forever, so the only way to
/// observe a hang from outside is to stop waiting: this waits at most 2 s of real time for the
/// program to finish. The thread is left parked; the test process ends it.
fn run_real_hanging(program: fn()) -> (Vec<Line>, bool) {
    let log = Log::default();
    let (done_tx, done_rx) = mpsc::channel();
    let thread_log = log.clone();
    std::thread::spawn(move || {
        RECORDER.with(|r| *r.borrow_mut() = Some((None, thread_log)));
        program();
        let _ = done_tx.send(());
    });
    let finished = done_rx.recv_timeout(Duration::from_secs(2)).is_ok();
    let lines = log
        .lock()
        .expect("the program thread never panics while holding the log")
        .clone();
    (lines, finished)
}

/// What is compared for one scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    /// Every line and the virtual millisecond at which it was printed.
    Exact,
    /// Lines only, with times in the text replaced by `_`: the scenario calls
    /// `std::thread::sleep`, which AsyncViz charges as virtual time and the paused tokio clock
    /// ignores, or it runs on the real clock (no `start_paused`), where times are not exact.
    LinesOnly,
    /// Lines only, as a sorted multiset: on real tokio the order depends on which blocking-pool
    /// thread finishes first.
    SortedLines,
}

// One module per scenario, on real tokio: `main` is what the real `#[tokio::main]` produces.
mod s01 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/01-hello-tokio-block-on.rs");
    pub(super) fn run() {
        main()
    }
}
mod s02 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/02-add-vs-wait-to-add.rs");
    pub(super) fn run() {
        main()
    }
}
mod s03 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/03-futures-are-lazy.rs");
    pub(super) fn run() {
        main()
    }
}
mod s04 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/04-async-fn-state-machine.rs");
    pub(super) fn run() {
        main()
    }
}
mod s05 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/05-sequential-await-vs-join.rs");
    pub(super) fn run() {
        main()
    }
}
mod s06 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/06-threads-vs-tasks-c10k.rs");
    pub(super) fn run() {
        main()
    }
}
mod s07 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/07-spawn-without-join.rs");
    pub(super) fn run() {
        main()
    }
}
mod s08 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/08-spawn-joinhandle-await.rs");
    pub(super) fn run() {
        main()
    }
}
mod s09 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/09-select-race.rs");
    pub(super) fn run() {
        main()
    }
}
mod s10 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/10-timeout.rs");
    pub(super) fn run() {
        main()
    }
}
mod s11 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/11-cancellation-by-drop.rs");
    pub(super) fn run() {
        main()
    }
}
mod s12 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/12-starvation-yield-now.rs");
    pub(super) fn run() {
        main()
    }
}
mod s13 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/13-blocking-in-async.rs");
    pub(super) fn run() {
        main()
    }
}
mod s14 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/14-multi-thread-lifo-trap.rs");
    pub(super) fn run() {
        main()
    }
}
mod s15 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/15-coop-budget-always-ready.rs");
    pub(super) fn run() {
        main()
    }
}
mod s16 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/16-busy-poll-vs-waker.rs");
    pub(super) fn run() {
        main()
    }
}
mod s17 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/17-lost-wakeup-hang.rs");
    pub(super) fn run() {
        main()
    }
}
mod s18 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/18-timer-future-executor.rs");
    pub(super) fn run() {
        main()
    }
}
mod s19 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/19-mini-tokio-stale-waker.rs");
    pub(super) fn run() {
        main()
    }
}
mod s20 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/20-mpsc-backpressure.rs");
    pub(super) fn run() {
        main()
    }
}
mod s21 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/21-channel-never-closes.rs");
    pub(super) fn run() {
        main()
    }
}
mod s22 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/22-mutex-across-await.rs");
    pub(super) fn run() {
        main()
    }
}
mod s23 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/23-futurelock.rs");
    pub(super) fn run() {
        main()
    }
}
mod s24 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/24-pin-self-referential.rs");
    pub(super) fn run() {
        main()
    }
}
mod s25 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/25-unpin-box-pin.rs");
    pub(super) fn run() {
        main()
    }
}
mod s26 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/26-streams-poll-next.rs");
    pub(super) fn run() {
        main()
    }
}
mod s27 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/27-page-title-race.rs");
    pub(super) fn run() {
        main()
    }
}
mod s28 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/28-work-stealing-vs-thread-per-core.rs");
    pub(super) fn run() {
        main()
    }
}
mod s29 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use super::shim_std as std;
    use super::shim_tokio as tokio;
    include!("../../../scenarios/29-sync-async-bridge.rs");
    pub(super) fn run() {
        main()
    }
}

/// Replaces the times in a line with `_`, for the scenarios compared without times.
fn strip_times(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    // A leading `[  120 ms]` becomes `[_ ms]`.
    if let Some(end) = rest.find(" ms]").filter(|_| rest.starts_with('[')) {
        out.push_str("[_ ms]");
        rest = &rest[end + 4..];
    }
    // Any other number followed by ` ms` becomes `_ ms`.
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while rest[j..].starts_with(|d: char| d.is_ascii_digit()) {
                j += 1;
                chars.next();
            }
            if rest[j..].starts_with(" ms") {
                out.push('_');
            } else {
                out.push_str(&rest[i..j]);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines as they are compared under `compare`, one per line, each `[ms] text` when times count.
fn normalise(lines: &[Line], compare: Compare) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .map(|(ms, text)| match compare {
            Compare::Exact => format!("{ms:>6} ms | {text}"),
            Compare::LinesOnly | Compare::SortedLines => strip_times(text),
        })
        .collect();
    if compare == Compare::SortedLines {
        out.sort();
    }
    out
}

/// Runs one scenario on real tokio and on AsyncViz, and asserts both print the same lines at
/// the same virtual milliseconds (or what `compare` says instead), and end the same way.
fn check(id: &str, program: fn(), compare: Compare, hangs: bool) {
    let (real, finished) = if hangs {
        run_real_hanging(program)
    } else {
        (run_real(program), true)
    };
    assert_eq!(
        !finished, hangs,
        "{id}: on real tokio, hangs = {}, but the oracle expects {hangs}",
        !finished
    );

    let trace = asyncviz_programs::run(id, asyncviz_executor::Builder::new())
        .expect("every scenario id runs");
    assert!(!real.is_empty(), "{id}: printed nothing on real tokio");
    compare_with_real(id, "compiled", &real, &trace, compare, hangs);

    // The same file, interpreted: it must print the same lines at the same virtual times too,
    // unless it uses what the interpreter rejects (hand-written `impl Future` and the like).
    let scenario = asyncviz_programs::catalogue()
        .into_iter()
        .find(|s| s.id == id)
        .expect("every scenario id is in the catalogue");
    let options = asyncviz_interp::RunOptions {
        file_name: scenario.file.to_string(),
        ..asyncviz_interp::RunOptions::default()
    };
    let run = asyncviz_interp::run(scenario.source, options);
    let errors: Vec<String> = run
        .diagnostics
        .iter()
        .filter(|d| d.severity == asyncviz_interp::Severity::Error)
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect();
    let compiled_only = COMPILED_ONLY.contains(&id);
    match (run.trace, errors.is_empty(), compiled_only) {
        (Some(trace), true, false) => {
            compare_with_real(id, "interpreted", &real, &trace, compare, hangs)
        }
        (_, false, true) => {}
        (_, true, true) => {
            panic!("{id}: the interpreter now runs it; remove it from COMPILED_ONLY")
        }
        (_, false, false) => panic!("{id}: the interpreter rejects it: {errors:#?}"),
        (None, true, false) => panic!("{id}: the interpreter gave neither a trace nor an error"),
    }
}

/// Scenarios the interpreter rejects, because they define their own futures with
/// `impl Future` (traits are outside its subset); their headers say they run compiled.
const COMPILED_ONLY: &[&str] = &[
    "async-fn-state-machine",
    "busy-poll-vs-waker",
    "lost-wakeup-hang",
    "timer-future-executor",
    "mini-tokio-stale-waker",
    "unpin-box-pin",
    "streams-poll-next",
];

/// The lines a trace printed, each with the virtual millisecond it was printed at.
fn printed(trace: &asyncviz_trace::Trace) -> Vec<Line> {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            asyncviz_trace::EventKind::Output { text, .. } => Some((e.t / 1_000_000, text)),
            _ => None,
        })
        .flat_map(|(ms, text)| text.lines().map(move |l| (ms, l.to_string())))
        .collect()
}

/// Asserts a run printed what real tokio printed and ended the same way, with a side-by-side
/// report when it did not.
fn compare_with_real(
    id: &str,
    how: &str,
    real: &[Line],
    trace: &asyncviz_trace::Trace,
    compare: Compare,
    hangs: bool,
) {
    let ours = printed(trace);
    let our_hang = matches!(trace.outcome, asyncviz_trace::Outcome::Hang { .. });
    let (real, ours) = (normalise(real, compare), normalise(&ours, compare));
    if real != ours || our_hang != hangs {
        let mut report = format!(
            "{id} ({how}): AsyncViz differs from real tokio (compared: {compare:?}; tokio hangs: {hangs}; ours ended with {:?})\n",
            trace.outcome
        );
        for i in 0..real.len().max(ours.len()) {
            let (r, o) = (real.get(i), ours.get(i));
            let mark = if r == o { "  " } else { "!!" };
            let show = |l: Option<&String>| l.cloned().unwrap_or_else(|| "(nothing)".to_string());
            report += &format!("{mark} tokio: {:<60} ours: {}\n", show(r), show(o));
        }
        panic!("{report}");
    }
}

#[test]
fn s01_hello_tokio_block_on() {
    check("hello-tokio-block-on", s01::run, Compare::LinesOnly, false);
}

#[test]
fn s02_add_vs_wait_to_add() {
    check("add-vs-wait-to-add", s02::run, Compare::Exact, false);
}

#[test]
fn s03_futures_are_lazy() {
    check("futures-are-lazy", s03::run, Compare::Exact, false);
}

#[test]
fn s04_async_fn_state_machine() {
    check("async-fn-state-machine", s04::run, Compare::Exact, false);
}

#[test]
fn s05_sequential_await_vs_join() {
    check("sequential-await-vs-join", s05::run, Compare::Exact, false);
}

#[test]
fn s06_threads_vs_tasks_c10k() {
    check("threads-vs-tasks-c10k", s06::run, Compare::Exact, false);
}

#[test]
fn s07_spawn_without_join() {
    check("spawn-without-join", s07::run, Compare::Exact, false);
}

#[test]
fn s08_spawn_joinhandle_await() {
    check("spawn-joinhandle-await", s08::run, Compare::Exact, false);
}

#[test]
fn s09_select_race() {
    check("select-race", s09::run, Compare::Exact, false);
}

#[test]
fn s10_timeout() {
    check("timeout", s10::run, Compare::LinesOnly, false);
}

#[test]
fn s11_cancellation_by_drop() {
    check("cancellation-by-drop", s11::run, Compare::Exact, false);
}

#[test]
fn s12_starvation_yield_now() {
    check("starvation-yield-now", s12::run, Compare::LinesOnly, false);
}

#[test]
fn s13_blocking_in_async() {
    check("blocking-in-async", s13::run, Compare::SortedLines, false);
}

#[test]
fn s14_multi_thread_lifo_trap() {
    check(
        "multi-thread-lifo-trap",
        s14::run,
        Compare::LinesOnly,
        false,
    );
}

#[test]
fn s15_coop_budget_always_ready() {
    check("coop-budget-always-ready", s15::run, Compare::Exact, false);
}

#[test]
fn s16_busy_poll_vs_waker() {
    check("busy-poll-vs-waker", s16::run, Compare::LinesOnly, false);
}

#[test]
fn s17_lost_wakeup_hang() {
    check("lost-wakeup-hang", s17::run, Compare::Exact, true);
}

#[test]
fn s18_timer_future_executor() {
    check("timer-future-executor", s18::run, Compare::Exact, false);
}

#[test]
fn s19_mini_tokio_stale_waker() {
    check("mini-tokio-stale-waker", s19::run, Compare::Exact, true);
}

#[test]
fn s20_mpsc_backpressure() {
    check("mpsc-backpressure", s20::run, Compare::Exact, false);
}

#[test]
fn s21_channel_never_closes() {
    check("channel-never-closes", s21::run, Compare::Exact, true);
}

#[test]
fn s22_mutex_across_await() {
    check("mutex-across-await", s22::run, Compare::Exact, false);
}

#[test]
fn s23_futurelock() {
    check("futurelock", s23::run, Compare::Exact, true);
}

#[test]
fn s24_pin_self_referential() {
    check("pin-self-referential", s24::run, Compare::Exact, false);
}

#[test]
fn s25_unpin_box_pin() {
    check("unpin-box-pin", s25::run, Compare::Exact, false);
}

#[test]
fn s26_streams_poll_next() {
    check("streams-poll-next", s26::run, Compare::Exact, false);
}

#[test]
fn s27_page_title_race() {
    check("page-title-race", s27::run, Compare::Exact, false);
}

#[test]
fn s28_work_stealing_vs_thread_per_core() {
    check(
        "work-stealing-vs-thread-per-core",
        s28::run,
        Compare::LinesOnly,
        false,
    );
}

#[test]
fn s29_sync_async_bridge() {
    check("sync-async-bridge", s29::run, Compare::LinesOnly, false);
}
