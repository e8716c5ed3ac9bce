//! `#[tokio::main]` records where `main` parks when what it awaits notes no place of its own (a
//! hand-written future), and the wrapper that carries the place costs the state machine nothing.

use asyncviz_executor::instrument::AwaitSite;
use asyncviz_executor::trace::{EventKind, FrameState, Loc, Outcome};
use asyncviz_executor::{tokio, Builder};
use std::future::Future;
use std::mem::size_of;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep, Duration, Sleep};

/// Pending forever, and gives its waker to no one.
struct Forgotten;

impl Future for Forgotten {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    sleep(Duration::from_millis(5)).await;
    let inner = async {
        Forgotten.await;
    };
    inner.await;
}

/// The 1-based number of the line of this file that contains `needle`.
fn line_of(needle: &str) -> u32 {
    let at = include_str!("await_site.rs")
        .lines()
        .position(|l| l.contains(needle))
        .expect("the needle is in this file");
    at as u32 + 1
}

#[test]
fn a_task_parked_in_a_hand_written_future_is_parked_at_its_await() {
    let trace = Builder::new().build().run_program(main());
    let parked: Vec<(String, Option<Loc>)> = trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FutureState {
                state: FrameState::Suspended { label, loc, .. },
                ..
            } => Some((label.clone(), loc.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(parked.len(), 2, "{parked:?}");
    // A timer names its own place: the `sleep(..)` call.
    let (label, loc) = &parked[0];
    assert!(label.starts_with("sleep("), "{label}");
    assert_eq!(
        loc.as_ref().map(|l| l.line),
        Some(line_of("sleep(Duration::from_millis(5))"))
    );
    // The innermost `.await` of the future that noted nothing, not the outer `inner.await`.
    let (label, loc) = &parked[1];
    assert_eq!(label, asyncviz_executor::trace::UNKNOWN_AWAIT);
    let loc = loc.as_ref().expect("the await's place is known");
    assert_eq!(loc.line, line_of("Forgotten.await"));
    assert!(loc.file.ends_with("await_site.rs"), "{}", loc.file);
    // The hang's story names the same place.
    match &trace.outcome {
        Outcome::Hang { wait_for, .. } => {
            let main = wait_for.iter().find(|w| w.task.0 == 0).expect("main waits");
            assert_eq!(main.parked_at.as_ref(), Some(loc));
        }
        other => panic!("expected a hang, got {other:?}"),
    }
}

#[test]
fn the_await_site_wrapper_adds_no_bytes() {
    assert_eq!(
        size_of::<AwaitSite<__AsyncvizMain, Sleep, 1, 1>>(),
        size_of::<Sleep>()
    );
    assert_eq!(
        size_of::<AwaitSite<__AsyncvizMain, Forgotten, 1, 1>>(),
        size_of::<Forgotten>()
    );
}
