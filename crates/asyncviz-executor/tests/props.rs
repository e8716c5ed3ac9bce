//! Property tests over random task graphs: whatever the program, the trace keeps the
//! executor's invariants and is deterministic.

use asyncviz_executor::tokio;
use asyncviz_executor::{Builder, Program};
use asyncviz_trace::{EventKind, Outcome, PollResult, TaskId, Trace, WakerId};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tokio::time::{sleep, Duration};

/// One step of a random task.
#[derive(Clone, Debug)]
enum Op {
    Sleep(u8),
    Yield,
    /// Spawn a child; await it or not.
    Spawn(Vec<Op>, bool),
    /// Lock the shared mutex and hold it across a sleep.
    Lock(u8),
    /// Race a sleep against a timeout.
    Timeout(u8, u8),
    /// Abort the most recent unawaited child, if any.
    AbortLast,
    /// Send on the shared channel, or receive with a timeout.
    Send,
    Recv(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        (0u8..20).prop_map(Op::Sleep),
        Just(Op::Yield),
        (0u8..10).prop_map(Op::Lock),
        (0u8..20, 0u8..20).prop_map(|(a, b)| Op::Timeout(a, b)),
        Just(Op::AbortLast),
        Just(Op::Send),
        (1u8..20).prop_map(Op::Recv),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        (prop::collection::vec(inner, 0..4), any::<bool>())
            .prop_map(|(ops, wait)| Op::Spawn(ops, wait))
    })
}

struct Shared {
    mutex: tokio::sync::Mutex<u32>,
    tx: tokio::sync::mpsc::UnboundedSender<u32>,
    rx: tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<u32>>,
}

fn run_ops(ops: Vec<Op>, shared: Rc<Shared>) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let mut children = Vec::new();
        for op in ops {
            match op {
                Op::Sleep(ms) => sleep(Duration::from_millis(ms.into())).await,
                Op::Yield => tokio::task::yield_now().await,
                Op::Spawn(ops, wait) => {
                    let h = tokio::spawn(run_ops(ops, shared.clone()));
                    if wait {
                        let _ = h.await;
                    } else {
                        children.push(h);
                    }
                }
                Op::Lock(ms) => {
                    let mut g = shared.mutex.lock().await;
                    *g += 1;
                    sleep(Duration::from_millis(ms.into())).await;
                }
                Op::Timeout(a, b) => {
                    let _ = tokio::time::timeout(
                        Duration::from_millis(a.into()),
                        sleep(Duration::from_millis(b.into())),
                    )
                    .await;
                }
                Op::AbortLast => {
                    if let Some(h) = children.pop() {
                        h.abort();
                        let _ = h.await;
                    }
                }
                Op::Send => {
                    let _ = shared.tx.send(1);
                }
                Op::Recv(ms) => {
                    let mut rx = shared.rx.lock().await;
                    let _ = tokio::time::timeout(Duration::from_millis(ms.into()), rx.recv()).await;
                }
            }
        }
    })
}

fn program(ops: Vec<Op>) -> Program {
    Program::new("current_thread", None, true, async move {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let shared = Rc::new(Shared {
            mutex: tokio::sync::Mutex::new(0),
            tx,
            rx: tokio::sync::Mutex::new(rx),
        });
        run_ops(ops, shared).await;
    })
}

fn check_invariants(trace: &Trace) -> Result<(), String> {
    let mut last_t = 0;
    let mut scheduled: BTreeSet<TaskId> = BTreeSet::new();
    let mut finished: BTreeSet<TaskId> = BTreeSet::new();
    let mut wakers: BTreeMap<WakerId, u32> = BTreeMap::new();
    for (i, e) in trace.events.iter().enumerate() {
        if e.seq != i as u64 {
            return Err(format!("event {i} has seq {}", e.seq));
        }
        if e.t < last_t {
            return Err(format!("time went backwards at seq {i}"));
        }
        last_t = e.t;
        match &e.kind {
            EventKind::TaskSchedule { task, .. } => {
                scheduled.insert(*task);
            }
            EventKind::PollStart { task, .. } => {
                if finished.contains(task) {
                    return Err(format!("{task} polled after Ready at seq {i}"));
                }
                if !scheduled.remove(task) {
                    return Err(format!(
                        "{task} polled at seq {i} without a spawn or wake first"
                    ));
                }
            }
            EventKind::PollEnd {
                task,
                result: PollResult::Ready,
            }
            | EventKind::TaskTerminate { task, .. } => {
                finished.insert(*task);
                scheduled.remove(task);
            }
            EventKind::WakerClone { waker, .. } if wakers.insert(*waker, 0).is_some() => {
                return Err(format!("{waker} cloned twice"));
            }
            EventKind::WakerDrop { waker, .. }
            | EventKind::WakerWake {
                waker: Some(waker),
                by_ref: false,
                ..
            } => {
                let ends = wakers
                    .get_mut(waker)
                    .ok_or(format!("{waker} ended but never cloned (seq {i})"))?;
                *ends += 1;
                if *ends > 1 {
                    return Err(format!("{waker} dropped twice (seq {i})"));
                }
            }
            _ => {}
        }
    }
    if matches!(trace.outcome, Outcome::Finished { .. }) {
        if let Some((w, _)) = wakers.iter().find(|(_, ends)| **ends != 1) {
            return Err(format!("{w} was never dropped"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_task_graphs_keep_the_invariants(ops in prop::collection::vec(op(), 0..8)) {
        let trace = Builder::new().build().run_program(program(ops.clone()));
        prop_assert!(!matches!(trace.outcome, Outcome::BudgetExceeded { .. }), "{:?}", trace.outcome);
        if let Err(e) = check_invariants(&trace) {
            return Err(TestCaseError::fail(e));
        }
        let again = Builder::new().build().run_program(program(ops));
        prop_assert_eq!(trace.to_json(), again.to_json(), "the same program gives a byte-identical trace");
    }
}
