//! Golden files for every scenario: what it prints, and its whole trace.
//!
//! For each scenario, `golden/<id>.out` holds the printed output and `golden/<id>.trace.json`
//! the full trace. Running a scenario twice must give byte-identical JSON. Re-bless with
//! `UPDATE_EXPECT=1 cargo test -p asyncviz-programs --test golden`.

use asyncviz_executor::Builder;
use asyncviz_programs::{catalogue, run, ExpectedOutcome};
use asyncviz_trace::{EventKind, Outcome, TaskId, TerminateOutcome, Trace};

#[test]
fn every_scenario_matches_its_golden_output_and_trace() {
    for scenario in catalogue() {
        let trace = run(scenario.id, Builder::new()).expect("every catalogue id runs");
        let again = run(scenario.id, Builder::new()).expect("every catalogue id runs");
        let json = trace.to_json();
        assert!(
            json == again.to_json(),
            "{}: two runs gave different traces",
            scenario.id
        );

        let hung = matches!(trace.outcome, Outcome::Hang { .. });
        assert_eq!(
            hung,
            scenario.expected_outcome == ExpectedOutcome::Hangs,
            "{}: outcome {:?}",
            scenario.id,
            trace.outcome
        );
        expect_test::expect_file![format!("golden/{}.out", scenario.id)].assert_eq(&trace.output());
        expect_test::expect_file![format!("golden/{}.trace.json", scenario.id)].assert_eq(&json);
    }
}

/// Runs a scenario with the default builder.
fn trace_of(id: &str) -> Trace {
    run(id, Builder::new()).expect("the scenario exists")
}

/// How many times `task` was polled.
fn polls(trace: &Trace, task: u32) -> usize {
    trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PollStart { task: t, .. } if t == TaskId(task)))
        .count()
}

/// When the run finished, in virtual ms, or `None` if it did not finish.
fn finished_at_ms(trace: &Trace) -> Option<u64> {
    match trace.outcome {
        Outcome::Finished { t } => Some(t / 1_000_000),
        _ => None,
    }
}

/// How each spawned task ended, in spawn order.
fn terminations(trace: &Trace) -> Vec<TerminateOutcome> {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskTerminate { task, outcome } if *task != TaskId(0) => Some(*outcome),
            _ => None,
        })
        .collect()
}

// The catalogue's "Assertions" for each scenario, where they hold for the program as written
// (the ones about times also hold on real tokio: the oracle checks the printed times).

#[test]
fn add_vs_wait_to_add_polls_main_twice_and_ends_at_1000_ms() {
    let t = trace_of("add-vs-wait-to-add");
    assert_eq!(polls(&t, 0), 2);
    assert_eq!(finished_at_ms(&t), Some(1000));
    assert_eq!(terminations(&t), [TerminateOutcome::DroppedAtShutdown]);
}

#[test]
fn futures_are_lazy_prints_world_twice_and_polls_the_task_once() {
    let t = trace_of("futures-are-lazy");
    assert_eq!(t.output().matches("world").count(), 2);
    assert_eq!(polls(&t, 1), 1);
}

#[test]
fn join_spawns_no_task_and_halves_the_time() {
    let t = trace_of("sequential-await-vs-join");
    assert!(!t
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::TaskSpawn { task, .. } if task != TaskId(0))));
    assert_eq!(finished_at_ms(&t), Some(3000));
}

#[test]
fn an_unjoined_task_is_dropped_at_shutdown_after_four_lines() {
    let t = trace_of("spawn-without-join");
    assert_eq!(terminations(&t), [TerminateOutcome::DroppedAtShutdown]);
    assert_eq!(t.output().matches("from the first task").count(), 4);
    assert_eq!(finished_at_ms(&t), Some(2000));
}

#[test]
fn awaiting_a_joinhandle_polls_main_six_times() {
    let t = trace_of("spawn-joinhandle-await");
    assert_eq!(polls(&t, 0), 6);
    assert_eq!(finished_at_ms(&t), Some(4500));
}

#[test]
fn the_coop_budget_splits_300_receives_into_three_polls() {
    let t = trace_of("coop-budget-always-ready");
    assert_eq!(polls(&t, 0), 3);
    assert!(t.output().ends_with("sum = 44850\n"));
}

#[test]
fn hangs_are_detected_when_they_happen() {
    let hang_ms = |id: &str| match trace_of(id).outcome {
        Outcome::Hang { t, .. } => t / 1_000_000,
        other => panic!("{id}: expected a hang, got {other:?}"),
    };
    assert_eq!(hang_ms("lost-wakeup-hang"), 200);
    assert_eq!(hang_ms("mini-tokio-stale-waker"), 10);
    assert_eq!(hang_ms("channel-never-closes"), 4000);
    assert_eq!(hang_ms("futurelock"), 5000);
}

#[test]
fn channels_races_and_blocking_end_when_the_catalogue_says() {
    assert_eq!(finished_at_ms(&trace_of("mpsc-backpressure")), Some(600));
    assert_eq!(finished_at_ms(&trace_of("page-title-race")), Some(200));
    assert_eq!(finished_at_ms(&trace_of("sync-async-bridge")), Some(10_000));
    // 3000 ms of (A), then 1000 ms each for (B) and (C).
    assert_eq!(finished_at_ms(&trace_of("blocking-in-async")), Some(5000));
}
