//! Counting futures and wakers, in the style of async-task's and futures-test's tests: every
//! ordering of cancel, drop and wake must poll each future exactly as often as tokio would, drop
//! it exactly once, and leave no waker clone behind.

use asyncviz_executor::{spawn, yield_now, Builder, Runtime, Step};
use asyncviz_trace::{EventKind, TaskId, WakeEffect};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Counts its polls and drops; returns `Pending` until `ready` is set, storing its waker.
#[derive(Default)]
struct Probe {
    polls: Cell<u32>,
    drops: Cell<u32>,
    ready: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

struct ProbeFuture(Rc<Probe>);

impl Future for ProbeFuture {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let p = &self.0;
        p.polls.set(p.polls.get() + 1);
        if p.ready.get() {
            return Poll::Ready(p.polls.get());
        }
        *p.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Drop for ProbeFuture {
    fn drop(&mut self) {
        self.0.drops.set(self.0.drops.get() + 1);
        // The stored waker is the future's registration: it goes with the future, as a
        // resource's waker slot goes with the resource.
        drop(self.0.waker.borrow_mut().take());
    }
}

fn probe() -> (Rc<Probe>, ProbeFuture) {
    let p = Rc::new(Probe::default());
    (p.clone(), ProbeFuture(p))
}

/// Runs `main` to the end and checks that every waker clone was dropped or consumed.
fn run(main: impl Future<Output = ()> + 'static) -> Runtime {
    let mut rt = Builder::new().build();
    rt.start(main);
    rt.run();
    assert_eq!(
        rt.live_wakers(),
        0,
        "every waker clone is dropped or consumed by the end"
    );
    rt
}

#[test]
fn a_spawned_task_is_not_polled_before_the_spawner_yields() {
    let (p, fut) = probe();
    let p2 = p.clone();
    run(async move {
        let _h = spawn(fut);
        assert_eq!(p2.polls.get(), 0, "spawn never polls synchronously");
        yield_now().await;
        assert_eq!(p2.polls.get(), 1);
    });
    assert_eq!(p.drops.get(), 1, "dropped at shutdown");
}

#[test]
fn wake_then_ready_polls_twice_and_drops_once() {
    let (p, fut) = probe();
    let p2 = p.clone();
    run(async move {
        let h = spawn(fut);
        yield_now().await;
        p2.ready.set(true);
        let w = p2
            .waker
            .borrow_mut()
            .take()
            .expect("the probe stored its waker");
        w.wake();
        assert_eq!(h.await.unwrap(), 2);
    });
    assert_eq!((p.polls.get(), p.drops.get()), (2, 1));
}

#[test]
fn two_wakes_while_queued_coalesce_into_one_poll() {
    let (p, fut) = probe();
    let p2 = p.clone();
    let rt = run(async move {
        let h = spawn(fut);
        yield_now().await;
        let w = p2.waker.borrow_mut().take().expect("stored");
        p2.ready.set(true);
        w.wake_by_ref();
        w.wake_by_ref();
        drop(w);
        assert_eq!(h.await.unwrap(), 2);
    });
    assert_eq!(p.polls.get(), 2);
    let _ = rt;
}

#[test]
fn coalesced_wake_is_recorded() {
    let (p, fut) = probe();
    let p2 = p.clone();
    let mut rt = Builder::new().build();
    rt.start(async move {
        let h = spawn(fut);
        yield_now().await;
        let w = p2.waker.borrow_mut().take().expect("stored");
        p2.ready.set(true);
        w.wake_by_ref();
        w.wake();
        h.await.unwrap();
    });
    rt.run();
    let trace = rt.into_trace();
    let effects: Vec<WakeEffect> = trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::WakerWake {
                task: TaskId(1),
                effect,
                ..
            } => Some(*effect),
            _ => None,
        })
        .collect();
    assert_eq!(effects, vec![WakeEffect::Scheduled, WakeEffect::Coalesced]);
}

#[test]
fn dropping_a_waker_without_waking_leaves_the_task_pending_forever() {
    let (p, fut) = probe();
    let p2 = p.clone();
    let mut rt = Builder::new().build();
    rt.start(async move {
        let h = spawn(fut);
        yield_now().await;
        drop(p2.waker.borrow_mut().take());
        let _ = h.await;
    });
    let outcome = rt.run().clone();
    assert!(
        matches!(outcome, asyncviz_trace::Outcome::Hang { .. }),
        "{outcome:?}"
    );
    assert_eq!(p.polls.get(), 1);
    let trace = rt.into_trace();
    assert!(trace
        .lints
        .iter()
        .any(|l| l.kind == asyncviz_trace::LintKind::LostWaker && l.task == TaskId(1)));
}

#[test]
fn wake_after_completion_is_ignored() {
    let (p, fut) = probe();
    p.ready.set(true);
    let p2 = p.clone();
    let mut rt = Builder::new().build();
    rt.start(async move {
        let h = spawn(fut);
        assert_eq!(h.await.unwrap(), 1);
        // A stale waker from a finished task: tokio ignores it.
        let stale = {
            let (q, f) = probe();
            let h = spawn(f);
            yield_now().await;
            let w = q.waker.borrow_mut().take().unwrap();
            h.abort();
            let _ = h.await;
            w
        };
        stale.wake();
        let _ = p2;
    });
    rt.run();
    assert_eq!(rt.live_wakers(), 0);
    assert_eq!(p.polls.get(), 1);
}

#[test]
fn abort_before_the_first_poll_never_polls() {
    let (p, fut) = probe();
    run(async move {
        let h = spawn(fut);
        h.abort();
        let err = h.await.unwrap_err();
        assert!(err.is_cancelled());
    });
    assert_eq!((p.polls.get(), p.drops.get()), (0, 1));
}

#[test]
fn abort_while_pending_drops_without_polling_again() {
    let (p, fut) = probe();
    run(async move {
        let h = spawn(fut);
        yield_now().await;
        h.abort();
        assert!(h.await.unwrap_err().is_cancelled());
    });
    assert_eq!((p.polls.get(), p.drops.get()), (1, 1));
}

#[test]
fn abort_while_queued_cancels_instead_of_polling() {
    let (p, fut) = probe();
    let p2 = p.clone();
    run(async move {
        let h = spawn(fut);
        yield_now().await;
        p2.waker.borrow_mut().take().unwrap().wake();
        h.abort();
        assert!(h.await.unwrap_err().is_cancelled());
    });
    assert_eq!((p.polls.get(), p.drops.get()), (1, 1));
}

#[test]
fn abort_after_completion_keeps_the_output() {
    let (p, fut) = probe();
    p.ready.set(true);
    run(async move {
        let h = spawn(fut);
        yield_now().await;
        h.abort();
        assert_eq!(h.await.unwrap(), 1);
    });
    assert_eq!(p.drops.get(), 1);
}

#[test]
fn dropping_the_join_handle_detaches_the_task() {
    let (p, fut) = probe();
    p.ready.set(true);
    let p2 = p.clone();
    run(async move {
        drop(spawn(fut));
        yield_now().await;
        assert_eq!(p2.polls.get(), 1, "a detached task still runs");
    });
    assert_eq!(p.drops.get(), 1);
}

#[test]
fn shutdown_drops_every_unfinished_task_once() {
    let probes: Vec<_> = (0..5).map(|_| probe()).collect();
    let counters: Vec<_> = probes.iter().map(|(p, _)| p.clone()).collect();
    let futs: Vec<_> = probes.into_iter().map(|(_, f)| f).collect();
    let rt = run(async move {
        for f in futs {
            spawn(f);
        }
        yield_now().await;
    });
    for p in &counters {
        assert_eq!((p.polls.get(), p.drops.get()), (1, 1));
    }
    let trace = rt.into_trace();
    let dropped = trace
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::TaskTerminate {
                    outcome: asyncviz_trace::TerminateOutcome::DroppedAtShutdown,
                    ..
                }
            )
        })
        .count();
    assert_eq!(dropped, 5);
}

#[test]
fn self_wake_requeues_after_the_poll() {
    struct SelfWake(u32);
    impl Future for SelfWake {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
    let mut rt = Builder::new().build();
    rt.start(async {
        spawn(SelfWake(3)).await.unwrap();
    });
    rt.run();
    let trace = rt.into_trace();
    let polls = trace
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::PollStart {
                    task: TaskId(1),
                    ..
                }
            )
        })
        .count();
    assert_eq!(polls, 4);
    assert!(trace
        .lints
        .iter()
        .any(|l| l.kind == asyncviz_trace::LintKind::SelfWake));
    let self_wakes = trace
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::TaskSchedule {
                    task: TaskId(1),
                    cause: asyncviz_trace::ScheduleCause::SelfWake,
                    ..
                }
            )
        })
        .count();
    assert_eq!(self_wakes, 3);
}

#[test]
fn clone_drop_original_wake_clone() {
    let (p, fut) = probe();
    let p2 = p.clone();
    run(async move {
        let h = spawn(fut);
        yield_now().await;
        let original = p2.waker.borrow_mut().take().unwrap();
        let clone = original.clone();
        drop(original);
        p2.ready.set(true);
        clone.wake();
        assert_eq!(h.await.unwrap(), 2);
    });
}

#[test]
fn the_step_api_never_blocks() {
    let mut rt = Builder::new().build();
    rt.start(async {
        asyncviz_executor::time::sleep(std::time::Duration::from_secs(3600)).await;
    });
    let mut steps = 0;
    while rt.step() != Step::Done {
        steps += 1;
        assert!(
            steps < 100,
            "an hour of virtual time takes a handful of steps"
        );
    }
    assert_eq!(rt.now(), std::time::Duration::from_secs(3600));
}

#[test]
fn run_until_stalled_stops_before_time_moves() {
    let mut rt = Builder::new().build();
    rt.start(async {
        spawn(async { asyncviz_executor::time::sleep(std::time::Duration::from_millis(5)).await });
        asyncviz_executor::time::sleep(std::time::Duration::from_millis(10)).await;
    });
    assert_eq!(rt.run_until_stalled(), Step::Parked);
    assert_eq!(rt.now(), std::time::Duration::ZERO);
    assert_eq!(rt.stats().polls, 2);
    rt.run();
    assert_eq!(rt.now(), std::time::Duration::from_millis(10));
}

#[test]
fn a_join_set_gives_results_in_finish_order_and_wakes_its_waiter_once() {
    let probes: Vec<(Rc<Probe>, ProbeFuture)> = (0..3).map(|_| probe()).collect();
    let handles: Vec<Rc<Probe>> = probes.iter().map(|(p, _)| p.clone()).collect();
    let watch = handles.clone();
    let rt = run(async move {
        let mut set = asyncviz_executor::JoinSet::new();
        for (i, (_, fut)) in probes.into_iter().enumerate() {
            set.spawn(async move {
                fut.await;
                i
            });
        }
        yield_now().await; // every probe polled once, each storing its waker
        assert!(watch.iter().all(|p| p.polls.get() == 1));
        // Finish them in the order 2, 0, 1: the set hands the results back in that order.
        for &i in &[2usize, 0, 1] {
            watch[i].ready.set(true);
            let w = watch[i].waker.borrow_mut().take().expect("stored");
            w.wake();
        }
        let mut order = Vec::new();
        while let Some(res) = set.join_next().await {
            order.push(res.unwrap());
        }
        assert_eq!(order, vec![2, 0, 1]);
        assert!(set.is_empty());
    });
    for p in &handles {
        assert_eq!((p.polls.get(), p.drops.get()), (2, 1));
    }
    // `main` waits in `join_next` once. The first task to finish takes `main`'s waker out of the
    // set and wakes it; the other two find the slot empty (tokio's set takes the waker when it
    // wakes), and `main` collects all three results in the one poll that follows. The set takes
    // its waker out once more when it is dropped: the one `main` left in its last full poll.
    let trace = rt.into_trace();
    let set = trace
        .events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::ResourceNew {
                resource,
                resource_kind: asyncviz_trace::ResourceKind::JoinSet,
                ..
            } => Some(resource),
            _ => None,
        })
        .expect("the set is a resource");
    let takes = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::WakerTake { resource, .. } if resource == set))
        .count();
    assert_eq!(takes, 2);
    let wakes_of_main = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::WakerWake { task, .. } if task == TaskId(0)))
        .count();
    assert_eq!(wakes_of_main, 2, "one from `yield_now`, one from the set");
}

#[test]
fn dropping_a_join_set_aborts_its_tasks_and_drops_each_future_once() {
    let (p, fut) = probe();
    let (q, fut2) = probe();
    let (p2, q2) = (p.clone(), q.clone());
    run(async move {
        let mut set = asyncviz_executor::JoinSet::new();
        set.spawn(fut);
        set.spawn(fut2);
        yield_now().await;
        drop(set);
        yield_now().await;
        assert_eq!(
            (p2.drops.get(), q2.drops.get()),
            (1, 1),
            "aborted and dropped"
        );
    });
    assert_eq!(
        (p.polls.get(), q.polls.get()),
        (1, 1),
        "never polled again after the abort"
    );
}

#[test]
fn a_set_that_is_detached_lets_its_tasks_run_on() {
    let (p, fut) = probe();
    let p2 = p.clone();
    run(async move {
        let mut set = asyncviz_executor::JoinSet::new();
        set.spawn(fut);
        yield_now().await;
        set.detach_all();
        drop(set);
        p2.ready.set(true);
        let w = p2.waker.borrow_mut().take().expect("stored");
        w.wake();
        yield_now().await;
        assert_eq!(p2.polls.get(), 2, "the detached task ran to its end");
    });
    assert_eq!(p.drops.get(), 1);
}
