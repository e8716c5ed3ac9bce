//! Mirror tests: small test bodies written once and run twice, on real tokio (current_thread,
//! paused clock) and on `asyncviz_executor::tokio`, comparing every `out!` line and the virtual
//! millisecond at which it was printed.
//!
//! `mirror!(name, { body })` expands the body twice, into `mod real` where `tokio` is the real
//! crate and into `mod ours` where `tokio` is `asyncviz_executor::tokio` (an imported name
//! shadows the extern prelude, so `tokio::time::sleep(..)` in the body means ours there). Bodies
//! therefore write full `tokio::` paths in expressions and never `use` tokio themselves.
//!
//! These tests fail where our scheduling differs from tokio's; that is their purpose. Do not
//! weaken a body to make it pass: fix the executor, or list the difference in its deviations.

use asyncviz_trace::{EventKind, Trace};
use std::cell::{Cell, RefCell};

/// One printed line and the virtual millisecond at which it was printed.
type Line = (u64, String);

/// Which runtime the body on this thread is running on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Real tokio: `out!` records into [`REAL_LOG`].
    Real,
    /// AsyncViz: `out!` prints into the trace, whose `Output` events carry virtual times.
    Ours,
}

thread_local! {
    static SIDE: Cell<Side> = const { Cell::new(Side::Real) };
    /// The real side's zero instant and its recorded lines.
    static REAL_LOG: RefCell<(Option<tokio::time::Instant>, Vec<Line>)> = const { RefCell::new((None, Vec::new())) };
}

/// Prints one line of a mirror body on whichever side is running.
fn out_line(text: String) {
    match SIDE.with(Cell::get) {
        Side::Real => REAL_LOG.with(|log| {
            let mut log = log.borrow_mut();
            let start = log.0.expect("the real side sets its start before running");
            // See `run_real`: the difference is a whole number of virtual milliseconds.
            let ms = tokio::time::Instant::now()
                .saturating_duration_since(start)
                .as_millis() as u64;
            log.1.push((ms, text));
        }),
        Side::Ours => {
            asyncviz_executor::instrument::print(text + "\n", asyncviz_trace::Stream::Stdout)
        }
    }
}

/// `println!` for mirror bodies.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::out_line(format!($($arg)*))
    };
}

/// Runs a body's future on a real tokio `current_thread` runtime with a paused clock.
///
/// The zero is the runtime clock's reading right after the runtime is built: a paused clock
/// starts at that instant and then moves only in whole timer ticks, so every `out!` line gets
/// an exact virtual millisecond.
fn run_real<F: std::future::Future<Output = ()>>(make: impl FnOnce() -> F) -> Vec<Line> {
    SIDE.with(|s| s.set(Side::Real));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a current_thread runtime builds");
    let zero = {
        let _inside = runtime.enter();
        tokio::time::Instant::now()
    };
    REAL_LOG.with(|log| *log.borrow_mut() = (Some(zero), Vec::new()));
    runtime.block_on(make());
    REAL_LOG.with(|log| std::mem::take(&mut log.borrow_mut().1))
}

/// Runs a body's future on the AsyncViz executor and returns its lines and the trace.
fn run_ours<F: std::future::Future<Output = ()> + 'static>(
    make: impl FnOnce() -> F,
) -> (Vec<Line>, Trace) {
    SIDE.with(|s| s.set(Side::Ours));
    let program = asyncviz_executor::Program::new("current_thread", None, true, make());
    let trace = asyncviz_executor::Builder::new()
        .build()
        .run_program(program);
    let lines = trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Output { text, .. } => {
                Some((e.t / 1_000_000, text.trim_end_matches('\n').to_string()))
            }
            _ => None,
        })
        .collect();
    (lines, trace)
}

/// Asserts both sides printed the same lines at the same virtual milliseconds, with a diff.
fn compare(name: &str, real: &[Line], ours: &[Line], trace: &Trace) {
    assert!(
        !real.is_empty(),
        "{name}: the body printed nothing on real tokio"
    );
    if std::env::var_os("MIRROR_SHOW").is_some() {
        std::println!("{name}: {real:?}");
    }
    if real == ours {
        return;
    }
    let fmt = |l: Option<&Line>| {
        l.map_or("(nothing)".to_string(), |(ms, t)| {
            format!("{ms:>5} ms | {t}")
        })
    };
    let mut report = format!(
        "{name}: AsyncViz differs from real tokio (outcome {:?})\n",
        trace.outcome
    );
    for i in 0..real.len().max(ours.len()) {
        let (r, o) = (real.get(i), ours.get(i));
        let mark = if r == o { "  " } else { "!!" };
        report += &format!(
            "{mark} line {i:>2}  tokio: {:<50}  ours: {}\n",
            fmt(r),
            fmt(o)
        );
    }
    panic!("{report}");
}

/// Defines a test that runs `$body` on real tokio and on AsyncViz and compares what it prints.
macro_rules! mirror {
    ($name:ident, $body:block) => {
        mod $name {
            mod real {
                pub(super) fn body() -> impl std::future::Future<Output = ()> {
                    async move $body
                }
            }
            // Our sync types are single-threaded, so clippy flags `Arc<tokio::sync::Mutex<_>>`.
            #[allow(clippy::arc_with_non_send_sync)]
            mod ours {
                #[allow(unused_imports)] // bodies write `tokio::` paths; this makes them ours
                use asyncviz_executor::tokio;
                pub(super) fn body() -> impl std::future::Future<Output = ()> {
                    async move $body
                }
            }
            #[test]
            fn same_output_at_the_same_virtual_times() {
                let real = crate::run_real(real::body);
                let (ours, trace) = crate::run_ours(ours::body);
                crate::compare(stringify!($name), &real, &ours, &trace);
            }
        }
    };
}

mirror!(nested_spawns, {
    let start = tokio::time::Instant::now();
    let outer = tokio::spawn(async move {
        out!("[{}] outer starts", start.elapsed().as_millis());
        let inner = tokio::spawn(async move {
            out!("[{}] inner starts", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(20)).await;
            out!("[{}] inner ends", start.elapsed().as_millis());
            7
        });
        out!("[{}] outer spawned inner", start.elapsed().as_millis());
        tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
        let v = inner.await.unwrap();
        out!("[{}] outer got {v}", start.elapsed().as_millis());
        v * 6
    });
    out!("[{}] main spawned outer", start.elapsed().as_millis());
    let v = outer.await.unwrap();
    out!("[{}] main got {v}", start.elapsed().as_millis());
});

mirror!(yield_now_between_two_spawned_tasks, {
    let a = tokio::spawn(async {
        for i in 0..3 {
            out!("a{i}");
            tokio::task::yield_now().await;
        }
    });
    let b = tokio::spawn(async {
        for i in 0..3 {
            out!("b{i}");
            tokio::task::yield_now().await;
        }
    });
    a.await.unwrap();
    out!("a joined");
    b.await.unwrap();
    out!("b joined");
});

mirror!(yield_now_ordering_among_three_tasks, {
    let mut handles = Vec::new();
    for name in ["x", "y", "z"] {
        handles.push(tokio::spawn(async move {
            for i in 0..3 {
                out!("{name}{i}");
                tokio::task::yield_now().await;
            }
        }));
    }
    out!("main spawned three");
    tokio::task::yield_now().await;
    out!("main yielded once");
    for h in handles {
        h.await.unwrap();
    }
    out!("all joined");
});

mirror!(a_timeout_that_fires, {
    let start = tokio::time::Instant::now();
    let slow = async {
        tokio::time::sleep(tokio::time::Duration::from_millis(100)).await;
        out!("slow finished (never)");
    };
    let r = tokio::time::timeout(tokio::time::Duration::from_millis(30), slow).await;
    out!(
        "[{}] timed out: {}",
        start.elapsed().as_millis(),
        r.is_err()
    );
    let fast = tokio::time::timeout(tokio::time::Duration::from_millis(30), async { 5 }).await;
    out!("[{}] fast: {:?}", start.elapsed().as_millis(), fast.ok());
    tokio::time::sleep(tokio::time::Duration::from_millis(100)).await;
    out!("[{}] end", start.elapsed().as_millis());
});

mirror!(abort_a_running_task, {
    let start = tokio::time::Instant::now();
    let h = tokio::spawn(async move {
        for i in 0.. {
            out!("[{}] tick {i}", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
        }
    });
    tokio::time::sleep(tokio::time::Duration::from_millis(25)).await;
    h.abort();
    out!("[{}] aborted", start.elapsed().as_millis());
    let r = h.await;
    out!(
        "[{}] cancelled: {}",
        start.elapsed().as_millis(),
        r.unwrap_err().is_cancelled()
    );
    tokio::time::sleep(tokio::time::Duration::from_millis(50)).await;
    out!("[{}] no more ticks", start.elapsed().as_millis());
});

mirror!(abort_a_task_while_it_is_queued, {
    let h = tokio::spawn(async {
        out!("never runs");
    });
    h.abort();
    let r = h.await;
    out!(
        "cancelled before its first poll: {}",
        r.unwrap_err().is_cancelled()
    );
});

mirror!(bounded_mpsc_with_a_slow_consumer, {
    let start = tokio::time::Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(1);
    tokio::spawn(async move {
        for i in 0..4 {
            tx.send(i).await.unwrap();
            out!("[{}] sent {i}", start.elapsed().as_millis());
        }
        out!("[{}] producer done", start.elapsed().as_millis());
    });
    while let Some(v) = rx.recv().await {
        out!("[{}] got {v}", start.elapsed().as_millis());
        tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
    }
    out!("[{}] closed", start.elapsed().as_millis());
});

mirror!(a_mutex_with_four_contenders, {
    let start = tokio::time::Instant::now();
    let m = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for id in 0..4 {
        let m = m.clone();
        handles.push(tokio::spawn(async move {
            out!("[{}] {id} wants the lock", start.elapsed().as_millis());
            let mut g = m.lock().await;
            out!("[{}] {id} has the lock", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(5)).await;
            g.push(id);
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    out!(
        "[{}] order {:?}",
        start.elapsed().as_millis(),
        *m.lock().await
    );
});

mirror!(join_vs_sequential, {
    let start = tokio::time::Instant::now();
    async fn step(name: &'static str, ms: u64, start: tokio::time::Instant) -> &'static str {
        out!("[{}] {name} start", start.elapsed().as_millis());
        tokio::time::sleep(tokio::time::Duration::from_millis(ms)).await;
        out!("[{}] {name} done", start.elapsed().as_millis());
        name
    }
    step("a", 10, start).await;
    step("b", 20, start).await;
    let (x, y, z) = tokio::join!(
        step("c", 30, start),
        step("d", 10, start),
        step("e", 20, start)
    );
    out!("[{}] joined {x}{y}{z}", start.elapsed().as_millis());
});

mirror!(select_biased, {
    let start = tokio::time::Instant::now();
    // Both are ready at 10 ms; `biased;` takes the first.
    tokio::select! {
        biased;
        _ = tokio::time::sleep(tokio::time::Duration::from_millis(10)) => out!("[{}] first", start.elapsed().as_millis()),
        _ = tokio::time::sleep(tokio::time::Duration::from_millis(10)) => out!("[{}] second", start.elapsed().as_millis()),
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tx.send(1).unwrap();
    tokio::select! {
        biased;
        _ = tokio::time::sleep(tokio::time::Duration::from_millis(0)) => out!("[{}] zero sleep", start.elapsed().as_millis()),
        v = rx.recv() => out!("[{}] recv {v:?}", start.elapsed().as_millis()),
    }
    for _ in 0..2 {
        tokio::select! {
            biased;
            v = rx.recv() => out!("[{}] recv {v:?}", start.elapsed().as_millis()),
            _ = tokio::time::sleep(tokio::time::Duration::from_millis(5)) => out!("[{}] empty, slept", start.elapsed().as_millis()),
        }
    }
});

mirror!(oneshot_send_and_dropped_sender, {
    let start = tokio::time::Instant::now();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        tokio::time::sleep(tokio::time::Duration::from_millis(15)).await;
        out!("[{}] sending", start.elapsed().as_millis());
        tx.send("hi").unwrap();
    });
    let got = rx.await;
    out!("[{}] got {got:?}", start.elapsed().as_millis());
    let (tx, rx) = tokio::sync::oneshot::channel::<u8>();
    tokio::spawn(async move {
        tokio::time::sleep(tokio::time::Duration::from_millis(5)).await;
        drop(tx);
    });
    let got = rx.await;
    out!(
        "[{}] dropped sender: {}",
        start.elapsed().as_millis(),
        got.is_err()
    );
});

mirror!(unbounded_mpsc_close, {
    let start = tokio::time::Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let tx2 = tx.clone();
    tokio::spawn(async move {
        for i in 0..3 {
            tx.send(i).unwrap();
            tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
        }
    });
    tokio::spawn(async move {
        tokio::time::sleep(tokio::time::Duration::from_millis(5)).await;
        tx2.send(100).unwrap();
    });
    while let Some(v) = rx.recv().await {
        out!("[{}] {v}", start.elapsed().as_millis());
    }
    out!(
        "[{}] all senders dropped: {:?}",
        start.elapsed().as_millis(),
        rx.try_recv().is_err()
    );
});

mirror!(spawn_blocking_returns_a_value, {
    let other = tokio::spawn(async {
        out!("other task runs");
    });
    let v = tokio::task::spawn_blocking(|| 6 * 7).await.unwrap();
    out!("blocking returned {v}");
    other.await.unwrap();
    out!("done");
});

mirror!(sleep_until_a_deadline, {
    let start = tokio::time::Instant::now();
    tokio::time::sleep_until(start + tokio::time::Duration::from_millis(30)).await;
    out!("[{}] woke at the deadline", start.elapsed().as_millis());
    // A deadline in the past is ready at once.
    tokio::time::sleep_until(start).await;
    out!("[{}] past deadline", start.elapsed().as_millis());
    tokio::time::sleep(tokio::time::Duration::from_micros(1500)).await;
    out!("[{}] 1.5 ms sleep rounds up", start.elapsed().as_millis());
});

mirror!(joinhandle_of_a_finished_task, {
    let start = tokio::time::Instant::now();
    let h = tokio::spawn(async move {
        out!("[{}] task runs and finishes", start.elapsed().as_millis());
        "done"
    });
    tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
    out!(
        "[{}] finished already: {}",
        start.elapsed().as_millis(),
        h.is_finished()
    );
    out!("[{}] {:?}", start.elapsed().as_millis(), h.await.unwrap());
});

mirror!(coop_budget_on_always_ready_recv, {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..200u32 {
        tx.send(i).unwrap();
    }
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let watcher = seen.clone();
    tokio::spawn(async move {
        loop {
            out!(
                "other task sees {}",
                watcher.load(std::sync::atomic::Ordering::Relaxed)
            );
            tokio::task::yield_now().await;
        }
    });
    for _ in 0..200 {
        let v = rx.recv().await.unwrap();
        seen.store(v + 1, std::sync::atomic::Ordering::Relaxed);
    }
    out!("main received 200");
});

mirror!(joinset_results_in_finish_order, {
    let start = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (i, ms) in [30u64, 10, 20, 10, 0].into_iter().enumerate() {
        set.spawn(async move {
            out!("[{}] task {i} starts", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(ms)).await;
            out!("[{}] task {i} ends", start.elapsed().as_millis());
            i
        });
    }
    out!("[{}] spawned {}", start.elapsed().as_millis(), set.len());
    while let Some(res) = set.join_next().await {
        let i = res.unwrap();
        out!(
            "[{}] joined task {i}, {} left",
            start.elapsed().as_millis(),
            set.len()
        );
    }
    out!(
        "[{}] empty: {}",
        start.elapsed().as_millis(),
        set.is_empty()
    );
    out!(
        "[{}] again: {:?}",
        start.elapsed().as_millis(),
        set.join_next().await.is_none()
    );
});

mirror!(joinset_wakes_a_task_that_is_busy_elsewhere, {
    let start = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..3u64 {
        set.spawn(async move {
            tokio::time::sleep(tokio::time::Duration::from_millis(10 * (i + 1))).await;
            out!("[{}] task {i} ends", start.elapsed().as_millis());
            i
        });
    }
    // The set holds main's waker from this first join; main then sleeps past two finishes.
    let first = set.join_next().await.unwrap().unwrap();
    out!("[{}] first {first}", start.elapsed().as_millis());
    tokio::time::sleep(tokio::time::Duration::from_millis(25)).await;
    out!(
        "[{}] slept; try: {:?}",
        start.elapsed().as_millis(),
        set.try_join_next().map(|r| r.unwrap())
    );
    while let Some(r) = set.join_next().await {
        out!("[{}] then {}", start.elapsed().as_millis(), r.unwrap());
    }
});

mirror!(joinset_abort_all_and_drop, {
    let start = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..3u64 {
        set.spawn(async move {
            tokio::time::sleep(tokio::time::Duration::from_millis(10 + 20 * i)).await;
            out!("[{}] task {i} ends", start.elapsed().as_millis());
            i
        });
    }
    let first = set.join_next().await.unwrap().unwrap();
    out!(
        "[{}] first {first}; aborting {}",
        start.elapsed().as_millis(),
        set.len()
    );
    set.abort_all();
    while let Some(r) = set.join_next().await {
        out!(
            "[{}] cancelled: {}",
            start.elapsed().as_millis(),
            r.unwrap_err().is_cancelled()
        );
    }
    let mut dropped = tokio::task::JoinSet::new();
    for i in 0..2u64 {
        dropped.spawn(async move {
            out!(
                "[{}] dropped-set task {i} starts",
                start.elapsed().as_millis()
            );
            tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
            out!(
                "[{}] dropped-set task {i} ends (never)",
                start.elapsed().as_millis()
            );
        });
    }
    tokio::task::yield_now().await;
    drop(dropped);
    tokio::time::sleep(tokio::time::Duration::from_millis(50)).await;
    out!("[{}] done", start.elapsed().as_millis());
});

mirror!(joinset_join_all_and_same_instant_finishes, {
    let start = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..6u64 {
        set.spawn(async move {
            tokio::time::sleep(tokio::time::Duration::from_millis(10 * (i % 2))).await;
            i
        });
    }
    let all = set.join_all().await;
    out!("[{}] join_all: {all:?}", start.elapsed().as_millis());
    let mut set = tokio::task::JoinSet::new();
    for i in 0..300u32 {
        set.spawn(async move { i });
    }
    let other = tokio::spawn(async move {
        for k in 0..3 {
            out!("[{}] other task runs {k}", start.elapsed().as_millis());
            tokio::task::yield_now().await;
        }
    });
    let mut sum = 0;
    let mut n = 0;
    while let Some(r) = set.join_next().await {
        sum += r.unwrap();
        n += 1;
        if n % 100 == 0 {
            out!("[{}] joined {n}", start.elapsed().as_millis());
        }
    }
    out!("[{}] sum {sum}", start.elapsed().as_millis());
    other.await.unwrap();
});

mirror!(semaphore_limits_concurrency_in_fifo_order, {
    let start = tokio::time::Instant::now();
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(2));
    let mut handles = Vec::new();
    for i in 0..5u64 {
        let sem = sem.clone();
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire().await.unwrap();
            out!("[{}] task {i} has a permit", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(10 * (i + 1))).await;
            out!("[{}] task {i} gives it back", start.elapsed().as_millis());
        }));
    }
    tokio::task::yield_now().await;
    out!(
        "[{}] free now: {}",
        start.elapsed().as_millis(),
        sem.available_permits()
    );
    for h in handles {
        h.await.unwrap();
    }
    out!(
        "[{}] free at the end: {}",
        start.elapsed().as_millis(),
        sem.available_permits()
    );
});

mirror!(semaphore_owned_permits_try_add_and_close, {
    let start = tokio::time::Instant::now();
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(1));
    let held = sem.clone().acquire_owned().await.unwrap();
    out!("try while held: {}", sem.try_acquire().is_err());
    let waiter = {
        let sem = sem.clone();
        tokio::spawn(async move {
            let p = sem.acquire_owned().await.unwrap();
            out!("[{}] waiter got the permit", start.elapsed().as_millis());
            tokio::time::sleep(tokio::time::Duration::from_millis(5)).await;
            drop(p);
        })
    };
    tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
    // A newcomer cannot overtake the queued waiter.
    out!(
        "[{}] try with a waiter queued: {}",
        start.elapsed().as_millis(),
        sem.try_acquire().is_err()
    );
    drop(held);
    out!(
        "[{}] released; free: {}",
        start.elapsed().as_millis(),
        sem.available_permits()
    );
    waiter.await.unwrap();
    out!(
        "[{}] free: {}",
        start.elapsed().as_millis(),
        sem.available_permits()
    );
    sem.add_permits(2);
    out!("free after add_permits(2): {}", sem.available_permits());
    let p = sem.try_acquire().unwrap();
    p.forget();
    out!("free after forget: {}", sem.available_permits());
    let last = (sem.try_acquire().unwrap(), sem.try_acquire().unwrap());
    let blocked = {
        let sem = sem.clone();
        tokio::spawn(async move {
            let r = sem.acquire().await;
            out!(
                "[{}] acquire after close fails: {}",
                start.elapsed().as_millis(),
                r.is_err()
            );
        })
    };
    tokio::task::yield_now().await;
    sem.close();
    blocked.await.unwrap();
    drop(last);
    out!(
        "closed: {}; try: {:?}",
        sem.is_closed(),
        sem.try_acquire().err()
    );
});

mirror!(notify_one_wakes_the_oldest_and_stores_one_permit, {
    let start = tokio::time::Instant::now();
    let notify = std::sync::Arc::new(tokio::sync::Notify::new());
    // Nobody waits: the notification is stored, and only one is.
    notify.notify_one();
    notify.notify_one();
    notify.notified().await;
    out!(
        "[{}] the stored permit let main through",
        start.elapsed().as_millis()
    );
    let mut handles = Vec::new();
    for i in 0..3u64 {
        let notify = notify.clone();
        handles.push(tokio::spawn(async move {
            notify.notified().await;
            out!("[{}] waiter {i} notified", start.elapsed().as_millis());
        }));
    }
    tokio::task::yield_now().await;
    for k in 0..2u64 {
        tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
        if k == 0 {
            notify.notify_one();
        } else {
            notify.notify_last();
        }
        out!("[{}] notified once more", start.elapsed().as_millis());
    }
    tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
    notify.notify_waiters();
    for h in handles {
        h.await.unwrap();
    }
    // A permit stored before a broadcast survives it.
    notify.notify_one();
    notify.notify_waiters();
    notify.notified().await;
    out!(
        "[{}] the permit survived notify_waiters",
        start.elapsed().as_millis()
    );
});

mirror!(
    notify_waiters_reaches_futures_created_before_it_even_unpolled,
    {
        let notify = std::sync::Arc::new(tokio::sync::Notify::new());
        let early = notify.notified();
        notify.notify_waiters();
        let late = notify.notified();
        early.await;
        out!("a Notified created before notify_waiters completes");
        let r = tokio::time::timeout(tokio::time::Duration::from_millis(5), late).await;
        out!("one created after it waits: timed out = {}", r.is_err());
    }
);

mirror!(a_dropped_notified_passes_its_notification_on, {
    let start = tokio::time::Instant::now();
    let notify = std::sync::Arc::new(tokio::sync::Notify::new());
    let mut tasks = Vec::new();
    for name in ["a", "b"] {
        let notify = notify.clone();
        tasks.push(tokio::spawn(async move {
            notify.notified().await;
            out!("[{}] {name} notified", start.elapsed().as_millis());
        }));
    }
    tokio::task::yield_now().await;
    tokio::time::sleep(tokio::time::Duration::from_millis(10)).await;
    // `a` waits longest, so `notify_one` chooses it; aborted before it runs, it drops its
    // `Notified`, which hands the notification to `b`.
    notify.notify_one();
    tasks[0].abort();
    for t in tasks {
        let r = t.await;
        out!(
            "[{}] joined: cancelled = {}",
            start.elapsed().as_millis(),
            r.is_err()
        );
    }
});

mirror!(
    rwlock_readers_share_and_a_waiting_writer_holds_back_later_readers,
    {
        let start = tokio::time::Instant::now();
        let lock = std::sync::Arc::new(tokio::sync::RwLock::new(0u32));
        let mut tasks = Vec::new();
        // Two readers, then a writer, then a third reader that must wait behind the writer.
        for (name, write, at) in [
            ("r1", false, 0u64),
            ("r2", false, 0),
            ("w", true, 5),
            ("r3", false, 10),
        ] {
            let lock = lock.clone();
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(tokio::time::Duration::from_millis(at)).await;
                if write {
                    let mut g = lock.write().await;
                    *g += 1;
                    out!("[{}] {name} writes {}", start.elapsed().as_millis(), *g);
                    tokio::time::sleep(tokio::time::Duration::from_millis(20)).await;
                } else {
                    let g = lock.read().await;
                    out!("[{}] {name} reads {}", start.elapsed().as_millis(), *g);
                    tokio::time::sleep(tokio::time::Duration::from_millis(30)).await;
                }
                out!("[{}] {name} lets go", start.elapsed().as_millis());
            }));
        }
        tokio::time::sleep(tokio::time::Duration::from_millis(12)).await;
        out!(
            "[{}] try_read with a writer waiting: {}",
            start.elapsed().as_millis(),
            lock.try_read().is_err()
        );
        for t in tasks {
            t.await.unwrap();
        }
        out!("try_write when free: {}", lock.try_write().is_ok());
        let r = lock.read().await;
        out!("try_write while read: {}", lock.try_write().is_err());
        drop(r);
        out!("final {}", *lock.read().await);
    }
);
