//! The scenario oracle: every file in `scenarios/` runs on real tokio and on AsyncViz, and the
//! two runs must print the same lines at the same virtual milliseconds.
//!
//! On the real side each scenario file is `include!`d into a module of this test crate, so
//! `tokio` is the real crate and `#[tokio::main(.., start_paused = true)]` is the real macro: it
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
    /// Where `println!` records on this thread, and the instant that counts as 0 ms.
    static RECORDER: RefCell<Option<(tokio::time::Instant, Log)>> = const { RefCell::new(None) };
}

/// Records one printed line with the virtual time of the running tokio runtime.
///
/// The time trick: a runtime built with `start_paused = true` starts its paused clock at the
/// real instant at which it is built, and from then on only advances it by whole timer ticks.
/// `tokio::time::Instant::now()` taken just before the program builds its runtime (outside any
/// runtime it is the real now) is therefore at most the few microseconds that building the
/// runtime takes before the virtual zero, so flooring the difference to milliseconds gives
/// the exact virtual millisecond. No wall-clock duration is ever asserted on.
fn record(line: String) {
    RECORDER.with(|r| {
        let r = r.borrow();
        let (start, log) = r.as_ref().expect("a scenario printed from a thread that is not recording (a worker thread?)");
        let ms = tokio::time::Instant::now().saturating_duration_since(*start).as_millis() as u64;
        log.lock().expect("the log lock is never held across a panic").push((ms, line));
    });
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
    RECORDER.with(|r| *r.borrow_mut() = Some((tokio::time::Instant::now(), log.clone())));
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
        RECORDER.with(|r| *r.borrow_mut() = Some((tokio::time::Instant::now(), thread_log)));
        program();
        let _ = done_tx.send(());
    });
    let finished = done_rx.recv_timeout(Duration::from_secs(2)).is_ok();
    let lines = log.lock().expect("the program thread never panics while holding the log").clone();
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

/// Every scenario: its id, its program on real tokio, what is compared, and whether it hangs.
struct Case {
    id: &'static str,
    program: fn(),
    compare: Compare,
    hangs: bool,
}

const CASES: &[Case] = &[
    Case { id: "hello-tokio-block-on", program: s01::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "add-vs-wait-to-add", program: s02::run, compare: Compare::Exact, hangs: false },
    Case { id: "futures-are-lazy", program: s03::run, compare: Compare::Exact, hangs: false },
    Case { id: "async-fn-state-machine", program: s04::run, compare: Compare::Exact, hangs: false },
    Case { id: "sequential-await-vs-join", program: s05::run, compare: Compare::Exact, hangs: false },
    Case { id: "threads-vs-tasks-c10k", program: s06::run, compare: Compare::Exact, hangs: false },
    Case { id: "spawn-without-join", program: s07::run, compare: Compare::Exact, hangs: false },
    Case { id: "spawn-joinhandle-await", program: s08::run, compare: Compare::Exact, hangs: false },
    Case { id: "select-race", program: s09::run, compare: Compare::Exact, hangs: false },
    Case { id: "timeout", program: s10::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "cancellation-by-drop", program: s11::run, compare: Compare::Exact, hangs: false },
    Case { id: "starvation-yield-now", program: s12::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "blocking-in-async", program: s13::run, compare: Compare::SortedLines, hangs: false },
    Case { id: "multi-thread-lifo-trap", program: s14::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "coop-budget-always-ready", program: s15::run, compare: Compare::Exact, hangs: false },
    Case { id: "busy-poll-vs-waker", program: s16::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "lost-wakeup-hang", program: s17::run, compare: Compare::Exact, hangs: true },
    Case { id: "timer-future-executor", program: s18::run, compare: Compare::Exact, hangs: false },
    Case { id: "mini-tokio-stale-waker", program: s19::run, compare: Compare::Exact, hangs: true },
    Case { id: "mpsc-backpressure", program: s20::run, compare: Compare::Exact, hangs: false },
    Case { id: "channel-never-closes", program: s21::run, compare: Compare::Exact, hangs: true },
    Case { id: "mutex-across-await", program: s22::run, compare: Compare::Exact, hangs: false },
    Case { id: "futurelock", program: s23::run, compare: Compare::Exact, hangs: true },
    Case { id: "pin-self-referential", program: s24::run, compare: Compare::Exact, hangs: false },
    Case { id: "unpin-box-pin", program: s25::run, compare: Compare::Exact, hangs: false },
    Case { id: "streams-poll-next", program: s26::run, compare: Compare::Exact, hangs: false },
    Case { id: "page-title-race", program: s27::run, compare: Compare::Exact, hangs: false },
    Case { id: "work-stealing-vs-thread-per-core", program: s28::run, compare: Compare::LinesOnly, hangs: false },
    Case { id: "sync-async-bridge", program: s29::run, compare: Compare::LinesOnly, hangs: false },
];

// One module per scenario, on real tokio: `main` is what the real `#[tokio::main]` produces.
mod s01 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/01-hello-tokio-block-on.rs");
    pub(super) fn run() {
        main()
    }
}
mod s02 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/02-add-vs-wait-to-add.rs");
    pub(super) fn run() {
        main()
    }
}
mod s03 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/03-futures-are-lazy.rs");
    pub(super) fn run() {
        main()
    }
}
mod s04 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/04-async-fn-state-machine.rs");
    pub(super) fn run() {
        main()
    }
}
mod s05 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/05-sequential-await-vs-join.rs");
    pub(super) fn run() {
        main()
    }
}
mod s06 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/06-threads-vs-tasks-c10k.rs");
    pub(super) fn run() {
        main()
    }
}
mod s07 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/07-spawn-without-join.rs");
    pub(super) fn run() {
        main()
    }
}
mod s08 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/08-spawn-joinhandle-await.rs");
    pub(super) fn run() {
        main()
    }
}
mod s09 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/09-select-race.rs");
    pub(super) fn run() {
        main()
    }
}
mod s10 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/10-timeout.rs");
    pub(super) fn run() {
        main()
    }
}
mod s11 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/11-cancellation-by-drop.rs");
    pub(super) fn run() {
        main()
    }
}
mod s12 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/12-starvation-yield-now.rs");
    pub(super) fn run() {
        main()
    }
}
mod s13 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/13-blocking-in-async.rs");
    pub(super) fn run() {
        main()
    }
}
mod s14 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/14-multi-thread-lifo-trap.rs");
    pub(super) fn run() {
        main()
    }
}
mod s15 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/15-coop-budget-always-ready.rs");
    pub(super) fn run() {
        main()
    }
}
mod s16 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/16-busy-poll-vs-waker.rs");
    pub(super) fn run() {
        main()
    }
}
mod s17 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/17-lost-wakeup-hang.rs");
    pub(super) fn run() {
        main()
    }
}
mod s18 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/18-timer-future-executor.rs");
    pub(super) fn run() {
        main()
    }
}
mod s19 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/19-mini-tokio-stale-waker.rs");
    pub(super) fn run() {
        main()
    }
}
mod s20 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/20-mpsc-backpressure.rs");
    pub(super) fn run() {
        main()
    }
}
mod s21 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/21-channel-never-closes.rs");
    pub(super) fn run() {
        main()
    }
}
mod s22 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/22-mutex-across-await.rs");
    pub(super) fn run() {
        main()
    }
}
mod s23 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/23-futurelock.rs");
    pub(super) fn run() {
        main()
    }
}
mod s24 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/24-pin-self-referential.rs");
    pub(super) fn run() {
        main()
    }
}
mod s25 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/25-unpin-box-pin.rs");
    pub(super) fn run() {
        main()
    }
}
mod s26 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/26-streams-poll-next.rs");
    pub(super) fn run() {
        main()
    }
}
mod s27 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/27-page-title-race.rs");
    pub(super) fn run() {
        main()
    }
}
mod s28 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
    include!("../../../scenarios/28-work-stealing-vs-thread-per-core.rs");
    pub(super) fn run() {
        main()
    }
}
mod s29 {
    #[allow(unused_imports)] // only the scenarios that call `std::` paths use it
    use super::shim_std as std;
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

/// Runs one scenario on real tokio, returning the normalised lines and whether it finished.
fn real_side(case: &Case) -> (Vec<String>, bool) {
    let (lines, finished) = if case.hangs { run_real_hanging(case.program) } else { (run_real(case.program), true) };
    (normalise(&lines, case.compare), finished)
}

#[test]
fn real_tokio_runs_every_scenario() {
    let mut failures = Vec::new();
    for case in CASES {
        let (lines, finished) = real_side(case);
        if finished == case.hangs {
            failures.push(format!("{}: finished = {finished}, but the header says hangs = {}", case.id, case.hangs));
        }
        std::println!("== {} ({:?}{})", case.id, case.compare, if finished { "" } else { ", hung" });
        for l in &lines {
            std::println!("{l}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
