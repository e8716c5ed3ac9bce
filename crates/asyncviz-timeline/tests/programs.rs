//! The picture model against every built-in program: each narrates every step, lays out, and
//! marks code lines that exist; three programs keep a golden narration.

use asyncviz_executor::Builder;
use asyncviz_timeline::{code_marks, fmt_ns, narrate, queue_tokens, Timeline, TraceIndex};
use asyncviz_trace::Replay;

fn transcript(id: &str) -> String {
    let trace = asyncviz_programs::run(id, Builder::new()).expect("built-in program");
    let index = TraceIndex::new(&trace);
    let replay = Replay::new(trace.clone());
    (0..=trace.events.len())
        .map(|step| format!("{step:>3} {}", narrate(&trace, &index, &replay.at(step))))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_program_narrates_and_lays_out() {
    for scenario in asyncviz_programs::catalogue() {
        let trace = asyncviz_programs::run(scenario.id, Builder::new()).expect("runs");
        let index = TraceIndex::new(&trace);
        let tl = Timeline::build(&trace, &index);
        assert!(!tl.lanes().is_empty(), "{}", scenario.id);
        let lines = scenario.source.lines().count() as u32;
        let replay = Replay::new(trace.clone());
        // The readout's room for the time: the longest it shows at any step, no more.
        let widest = (0..=trace.events.len())
            .map(|step| fmt_ns(tl.time_at_step(step)).chars().count())
            .max();
        assert_eq!(Some(tl.widest_time()), widest, "{}", scenario.id);
        for step in 0..=trace.events.len() {
            let snap = replay.at(step);
            let text = narrate(&trace, &index, &snap);
            assert!(text.ends_with('.'), "{} step {step}: {text}", scenario.id);
            let _ = queue_tokens(&trace, &index, &snap);
            let marks = code_marks(&trace, &index, &snap, scenario.file);
            if let Some(line) = marks.current {
                assert!(
                    line >= 1 && line <= lines,
                    "{} step {step}: line {line} of {lines}",
                    scenario.id
                );
            }
        }
    }
}

#[test]
fn narration_of_sequential_await_vs_join() {
    expect_test::expect_file!["golden/sequential-await-vs-join.txt"]
        .assert_eq(&transcript("sequential-await-vs-join"));
}

/// A future the program did not name ("a future of the program") is prose in the sentences,
/// never code: the page sets backticked text in code type.
#[test]
fn an_unnamed_future_reads_as_prose() {
    use asyncviz_timeline::lost_waker_stories;
    use asyncviz_trace::UNKNOWN_AWAIT;
    let trace = asyncviz_programs::run("lost-wakeup-hang", Builder::new()).expect("runs");
    let index = TraceIndex::new(&trace);
    let replay = Replay::new(trace.clone());
    let code = format!("`{UNKNOWN_AWAIT}`");
    let mut prose = 0;
    for step in 0..=trace.events.len() {
        let snap = replay.at(step);
        let mut texts = vec![narrate(&trace, &index, &snap)];
        texts.extend(
            lost_waker_stories(&index, &snap)
                .into_iter()
                .map(|(_, s)| s),
        );
        for text in texts {
            assert!(!text.contains(&code), "step {step}: {text}");
            prose += usize::from(text.contains(UNKNOWN_AWAIT));
        }
    }
    assert!(prose > 0, "the program parks at a future it did not name");
}

/// The built-in programs' resources change state in words ("`Mutex` is unlocked"), never as the
/// trace's `attr = value`.
#[test]
fn resource_states_read_as_sentences() {
    for scenario in asyncviz_programs::catalogue() {
        let text = transcript(scenario.id);
        for line in text.lines() {
            assert!(
                !line.contains(" now has ") || !line.contains(" = "),
                "{}: {line}",
                scenario.id
            );
        }
    }
}

/// The futurelock's hinge: unlocking hands the lock to a `lock()` future that `main` no longer
/// polls. The narration says so when it happens, and the hang's story names that future.
#[test]
fn the_futurelock_names_the_future_the_lock_was_handed_to() {
    let text = transcript("futurelock");
    assert!(
        text.contains("The lock of `Mutex` is released and handed straight to its oldest waiter, `main`'s `mutex.lock()` at line 26: the lock is that future's, and it takes it when it is next polled; no other locker can take it first."),
        "{text}"
    );
    let trace = asyncviz_programs::run("futurelock", Builder::new()).expect("runs");
    let index = TraceIndex::new(&trace);
    assert_eq!(
        asyncviz_timeline::describe_outcome(&trace, &index).details,
        ["`main` is parked at line 35, waiting on `Mutex` (lock waiter); it can be woken only by polling `mutex.lock()` at line 26, which the lock was handed to: a future this task owns but does not poll while it waits here."]
    );
}

/// Eight tasks that each block their worker make one lint entry that names the others; lints
/// that say different things stay apart.
#[test]
fn alike_lints_are_told_once() {
    use asyncviz_timeline::group_lints;
    let trace =
        asyncviz_programs::run("work-stealing-vs-thread-per-core", Builder::new()).expect("runs");
    let index = TraceIndex::new(&trace);
    let groups = group_lints(&index, &trace.lints);
    assert_eq!(
        groups.iter().map(|g| g.steps.len()).sum::<usize>(),
        trace.lints.len()
    );
    let blocking = &groups[0];
    assert_eq!(blocking.steps.len(), 8, "{groups:#?}");
    assert!(
        blocking
            .message
            .starts_with("Task 1 (handle_conn) called `std::thread::sleep` inside a poll"),
        "{}",
        blocking.message
    );
    assert_eq!(
        blocking.also,
        ["task 2", "task 3", "task 4", "task 5", "task 6", "task 7", "task 8"]
    );
    assert!(blocking.steps.iter().all(Option::is_some));

    let trace = asyncviz_programs::run("lost-wakeup-hang", Builder::new()).expect("runs");
    let index = TraceIndex::new(&trace);
    let groups = group_lints(&index, &trace.lints);
    assert_eq!(groups.len(), trace.lints.len(), "{groups:#?}");
}
