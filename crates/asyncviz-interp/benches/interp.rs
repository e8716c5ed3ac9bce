//! Interpreted polls per second: 1,000 interpreted tasks that each `yield_now().await` 100
//! times (101,000 task polls), with recording off and on, against the same program compiled
//! against the executor (the `asyncviz_executor::tokio` module), in one run.

use asyncviz_interp::{
    parse, run_bench_compiled as compiled, run_program, RunOptions, BENCH_POLLS, BENCH_PROGRAM,
};
use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};

fn polls(c: &mut Criterion) {
    let program = parse(BENCH_PROGRAM)
        .program
        .expect("the benchmark program checks");
    let mut group = c.benchmark_group("interp");
    group.sample_size(10);
    group.throughput(Throughput::Elements(BENCH_POLLS as u64));
    group.bench_function(BenchmarkId::new("compiled", "recording-off"), |b| {
        b.iter(|| compiled(false))
    });
    group.bench_function(BenchmarkId::new("interpreted", "recording-off"), |b| {
        b.iter(|| run_program(&program, RunOptions::unlimited(false)))
    });
    group.bench_function(BenchmarkId::new("compiled", "recording-on"), |b| {
        b.iter(|| compiled(true))
    });
    group.bench_function(BenchmarkId::new("interpreted", "recording-on"), |b| {
        b.iter(|| run_program(&program, RunOptions::unlimited(true)))
    });
    group.finish();
}

fn benches() {
    let mut c = Criterion::default().configure_from_args();
    polls(&mut c);
}

criterion_main!(benches);
