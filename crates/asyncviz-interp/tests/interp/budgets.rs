// Budgets end runaway programs with a clear outcome, and never freeze the caller.

use crate::support::run_with as run;
use asyncviz_interp::RunOptions;
use asyncviz_trace::Outcome;
use std::time::Duration;

fn outcome(source: &str, options: RunOptions) -> Outcome {
    let result = run(source, options);
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    result.trace.expect("the program runs").outcome
}

fn small() -> RunOptions {
    RunOptions {
        max_steps: 100_000,
        max_polls: 10_000,
        max_tasks: 100,
        max_output_bytes: 10_000,
        ..RunOptions::default()
    }
}

fn budget_name(o: &Outcome) -> Option<&str> {
    match o {
        Outcome::BudgetExceeded { budget, .. } => Some(budget.as_str()),
        _ => None,
    }
}

#[test]
fn a_loop_without_await_stops_on_the_step_budget() {
    let o = outcome("fn main() { let mut n = 0u64; loop { n += 1; } }", small());
    assert_eq!(
        o,
        Outcome::BudgetExceeded {
            budget: "steps".into(),
            limit: 100_000
        }
    );
}

#[test]
fn a_while_true_inside_an_async_fn_stops_too() {
    let src = "async fn spin() { let mut x = 0; while true { x = (x + 1) % 7; } }
               #[tokio::main] async fn main() { spin().await; }";
    assert_eq!(budget_name(&outcome(src, small())), Some("steps"));
}

#[test]
fn endless_iterator_chains_stop() {
    let src = "fn main() { let n = (0..).filter(|x| *x < 0).count(); println!(\"{n}\"); }";
    assert_eq!(budget_name(&outcome(src, small())), Some("steps"));
}

#[test]
fn an_endless_yield_loop_stops_on_a_budget() {
    let src = "#[tokio::main] async fn main() { loop { tokio::task::yield_now().await; } }";
    let o = outcome(src, small());
    assert!(budget_name(&o).is_some(), "{o:?}");
}

#[test]
fn endless_spawning_stops_on_the_task_budget() {
    let src = "#[tokio::main] async fn main() { loop { tokio::spawn(async {}); tokio::task::yield_now().await; } }";
    let o = outcome(
        src,
        RunOptions {
            max_steps: u64::MAX,
            max_polls: u64::MAX,
            ..small()
        },
    );
    assert_eq!(budget_name(&o), Some("tasks"), "{o:?}");
}

#[test]
fn endless_printing_stops_on_the_output_budget() {
    let src = "fn main() { loop { println!(\"flood\"); } }";
    let o = outcome(
        src,
        RunOptions {
            max_steps: u64::MAX,
            ..small()
        },
    );
    assert_eq!(budget_name(&o), Some("output bytes"), "{o:?}");
}

#[test]
fn endless_sleeping_stops_on_the_time_budget() {
    let src = "use tokio::time::{sleep, Duration};
               #[tokio::main] async fn main() { loop { sleep(Duration::from_secs(60)).await; } }";
    let o = outcome(
        src,
        RunOptions {
            max_time: Duration::from_secs(3600),
            ..small()
        },
    );
    assert!(budget_name(&o).is_some(), "{o:?}");
}

#[test]
fn deep_recursion_is_an_error_not_a_crash() {
    let src = "fn down(n: u64) -> u64 { down(n + 1) } fn main() { down(0); }";
    let result = run(src, RunOptions::default());
    let d = result.diagnostics.first().expect("a runtime diagnostic");
    assert!(d.message.contains("recursion too deep"), "{}", d.message);
    assert!(matches!(
        result.trace.expect("a trace").outcome,
        Outcome::Panicked { .. }
    ));
}

#[test]
fn a_budget_in_a_spawned_task_ends_the_whole_run() {
    let src = "#[tokio::main] async fn main() {
                   tokio::spawn(async { loop {} });
                   tokio::task::yield_now().await;
                   println!(\"never\");
               }";
    let result = run(src, small());
    let trace = result.trace.expect("a trace");
    assert_eq!(budget_name(&trace.outcome), Some("steps"));
    assert!(!trace.output().contains("never"));
}
