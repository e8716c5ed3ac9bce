//! Cost per poll: N tasks that each yield M times, on this executor with recording on and off,
//! on `futures::executor::LocalPool` and on tokio's `current_thread` runtime, in one run.
//!
//! Every executor runs the same future: a task that yields by waking itself and returning
//! `Pending` M times, so the work per poll is the scheduler's own.

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

const TASKS: usize = 1_000;
const YIELDS: usize = 100;

/// Wakes itself and returns `Pending` once, then `Ready`.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn worker() {
    for _ in 0..YIELDS {
        YieldOnce(false).await;
    }
}

fn ours(record: bool) {
    let mut rt = asyncviz_executor::Builder::new()
        .record(record)
        .budget(asyncviz_executor::Budget::unlimited())
        .build();
    rt.block_on(async {
        let handles: Vec<_> = (0..TASKS)
            .map(|_| asyncviz_executor::spawn(worker()))
            .collect();
        for h in handles {
            h.await.expect("workers finish");
        }
    });
}

fn local_pool() {
    use futures::task::LocalSpawnExt;
    let mut pool = futures::executor::LocalPool::new();
    let spawner = pool.spawner();
    for _ in 0..TASKS {
        spawner
            .spawn_local(worker())
            .expect("the pool accepts tasks");
    }
    pool.run();
}

fn tokio_current_thread(rt: &tokio::runtime::Runtime) {
    rt.block_on(async {
        let handles: Vec<_> = (0..TASKS).map(|_| tokio::spawn(worker())).collect();
        for h in handles {
            h.await.expect("workers finish");
        }
    });
}

fn polls(c: &mut Criterion) {
    let mut group = c.benchmark_group("polls");
    group.sample_size(10);
    group.throughput(Throughput::Elements((TASKS * (YIELDS + 1)) as u64));
    group.bench_function(BenchmarkId::new("asyncviz", "recording-on"), |b| {
        b.iter(|| ours(true))
    });
    group.bench_function(BenchmarkId::new("asyncviz", "recording-off"), |b| {
        b.iter(|| ours(false))
    });
    group.bench_function(BenchmarkId::new("futures", "LocalPool"), |b| {
        b.iter(local_pool)
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio builds");
    group.bench_function(BenchmarkId::new("tokio", "current_thread"), |b| {
        b.iter(|| tokio_current_thread(&rt))
    });
    group.finish();
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::polls);
}
use group::benches;
criterion_main!(benches);
