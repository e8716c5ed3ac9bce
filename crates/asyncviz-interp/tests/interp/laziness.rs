// Futures are lazy: nothing in an async fn or block runs until it is polled.

use crate::support;
use asyncviz_trace::EventKind;

#[test]
fn an_unawaited_async_fn_prints_nothing() {
    let src = "async fn loud() { println!(\"ran\"); }
               #[tokio::main] async fn main() { let _f = loud(); let _ = loud(); loud(); println!(\"end\"); }";
    let trace = support::run_source(src).trace.expect("a trace");
    assert_eq!(trace.output(), "end\n");
}

#[test]
fn an_unawaited_async_block_prints_nothing() {
    let src = "#[tokio::main] async fn main() { let b = async { println!(\"ran\"); }; println!(\"before\"); drop(b); }";
    let trace = support::run_source(src).trace.expect("a trace");
    assert_eq!(trace.output(), "before\n");
}

#[test]
fn arguments_are_evaluated_at_the_call_but_the_body_at_the_first_poll() {
    let src = "fn arg(n: u32) -> u32 { println!(\"arg {n}\"); n }
               async fn body(n: u32) { println!(\"body {n}\"); }
               #[tokio::main] async fn main() {
                   let f = body(arg(1));
                   println!(\"created\");
                   f.await;
               }";
    let trace = support::run_source(src).trace.expect("a trace");
    assert_eq!(trace.output(), "arg 1\ncreated\nbody 1\n");
}

#[test]
fn a_spawned_task_runs_without_await_but_only_after_the_spawner_yields() {
    let src = "#[tokio::main(flavor = \"current_thread\")] async fn main() {
                   tokio::spawn(async { println!(\"task\"); });
                   println!(\"main\");
                   tokio::task::yield_now().await;
                   println!(\"main again\");
               }";
    let trace = support::run_source(src).trace.expect("a trace");
    assert_eq!(trace.output(), "main\ntask\nmain again\n");
}

#[test]
fn each_await_on_a_pending_future_is_a_real_pending_poll() {
    let src = "use tokio::time::{sleep, Duration};
               async fn two() { sleep(Duration::from_millis(1)).await; sleep(Duration::from_millis(1)).await; }
               #[tokio::main] async fn main() { two().await; }";
    let trace = support::run_source(src).trace.expect("a trace");
    let polls = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PollStart { .. }))
        .count();
    // The first poll parks at the first sleep, the second at the second, the third finishes.
    assert_eq!(polls, 3);
}
