//! Running a program: the executor is built from the program's `#[tokio::main]` settings and
//! the run options, and `main` becomes the `block_on` future.

use crate::diagnostic::{Diagnostic, Span};
use crate::eval::{Flow, Interp, Limits};
use crate::parse::{parse, Program};
use crate::value::Value;
use asyncviz_executor::{instrument, Budget, Builder};
use asyncviz_trace::{Stream, Trace};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::time::Duration;

/// Options for [`run`]: the file name shown in panics and locations, the budgets, and the
/// executor settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    /// The file name used in panic messages and trace locations, `src/main.rs` by default.
    pub file_name: String,
    /// Evaluation steps (statements, loop iterations, calls) before the run is stopped.
    pub max_steps: u64,
    /// Task polls before the run is stopped.
    pub max_polls: u64,
    /// Tasks spawned before the run is stopped.
    pub max_tasks: u64,
    /// Bytes of output before the run is stopped.
    pub max_output_bytes: u64,
    /// Virtual time before the run is stopped.
    pub max_time: Duration,
    /// Recorded events before the run is stopped.
    pub max_events: u64,
    /// Nested calls before the run is stopped (deep recursion would overflow the stack).
    pub max_depth: u32,
    /// Whether to record events (off for benchmarks).
    pub record: bool,
    /// The seed for `select!`'s branch order.
    pub seed: u64,
    /// The virtual cost of one poll.
    pub poll_cost: Duration,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        let budget = Budget::default();
        RunOptions {
            file_name: "src/main.rs".into(),
            max_steps: 5_000_000,
            max_polls: budget.max_polls,
            max_tasks: budget.max_tasks,
            max_output_bytes: budget.max_output_bytes,
            max_time: budget.max_time,
            max_events: budget.max_events,
            max_depth: 150,
            record: true,
            seed: 0,
            poll_cost: Duration::ZERO,
        }
    }
}

/// The result of [`run`]: the trace (absent if the program did not pass the checks) and every
/// diagnostic, including errors the interpreter met while running.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// The trace of the run.
    pub trace: Option<Trace>,
    /// Diagnostics from the checks and from the run.
    pub diagnostics: Vec<Diagnostic>,
}

impl RunOptions {
    /// No budgets at all, for trusted programs such as benchmarks.
    pub fn unlimited(record: bool) -> RunOptions {
        RunOptions {
            record,
            max_steps: u64::MAX,
            max_polls: u64::MAX,
            max_tasks: u64::MAX,
            max_output_bytes: u64::MAX,
            max_events: u64::MAX,
            max_time: Duration::MAX,
            ..RunOptions::default()
        }
    }
}

/// The benchmark workload shared by `cargo bench -p asyncviz-interp` and the page's
/// `?bench=interp`: 1,000 tasks that each `yield_now().await` 100 times (101,000 task polls).
pub const BENCH_PROGRAM: &str = r#"
async fn worker() {
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut handles = Vec::new();
    for _ in 0..1000 {
        handles.push(tokio::spawn(worker()));
    }
    for h in handles {
        h.await.unwrap();
    }
}
"#;

/// Tasks in [`BENCH_PROGRAM`].
pub const BENCH_TASKS: usize = 1_000;
/// `yield_now` calls per task in [`BENCH_PROGRAM`].
pub const BENCH_YIELDS: usize = 100;
/// Task polls in one run of [`BENCH_PROGRAM`]: each task is polled once per yield and once
/// more to finish.
pub const BENCH_POLLS: usize = BENCH_TASKS * (BENCH_YIELDS + 1);

async fn bench_worker() {
    for _ in 0..BENCH_YIELDS {
        asyncviz_executor::tokio::task::yield_now().await;
    }
}

/// Runs [`BENCH_PROGRAM`] compiled (written in Rust against the executor's `tokio` module):
/// the baseline the interpreter's benchmarks compare with.
pub fn run_bench_compiled(record: bool) {
    let mut rt = Builder::new()
        .record(record)
        .budget(Budget::unlimited())
        .build();
    rt.block_on(async {
        let handles: Vec<_> = (0..BENCH_TASKS)
            .map(|_| asyncviz_executor::tokio::spawn(bench_worker()))
            .collect();
        for h in handles {
            h.await.expect("workers finish");
        }
    });
}

/// Parses, checks and runs a program on the instrumented executor.
pub fn run(source: &str, options: RunOptions) -> RunResult {
    let parsed = parse(source);
    match parsed.program {
        Some(program) => {
            let mut result = run_program(&program, options);
            let mut diagnostics = parsed.diagnostics;
            diagnostics.append(&mut result.diagnostics);
            result.diagnostics = diagnostics;
            result
        }
        None => RunResult {
            trace: None,
            diagnostics: parsed.diagnostics,
        },
    }
}

/// Runs a checked program.
pub fn run_program(program: &Program, options: RunOptions) -> RunResult {
    let ir = program.ir.clone();
    let flavor = program.flavor().to_string();
    let limits = Limits {
        steps: options.max_steps,
        depth: options.max_depth,
        output_bytes: options.max_output_bytes,
        tasks: options.max_tasks,
        time_ns: options.max_time.as_nanos().min(u128::from(u64::MAX)) as u64,
    };
    let interp = Interp::new(
        ir.clone(),
        Rc::from(options.file_name.as_str()),
        limits,
        flavor == "multi_thread",
        options.record,
    );
    let budget = Budget {
        max_polls: options.max_polls,
        max_tasks: options.max_tasks,
        max_output_bytes: options.max_output_bytes,
        max_time: options.max_time,
        max_events: options.max_events,
    };
    let runtime = Builder::new()
        .record(options.record)
        .seed(options.seed)
        .budget(budget)
        .poll_cost(options.poll_cost)
        .name(&options.file_name)
        .build();
    let main_id = ir.main.expect("a checked program has `main`");
    let main_span = ir.fns[main_id as usize].span;
    let me = interp.clone();
    let main = async move {
        let r = match me.call_fn(main_id, Vec::new(), main_span) {
            Ok(Value::Future(cell)) => {
                let fut = cell.fut.borrow_mut().take();
                match fut {
                    Some(mut fut) => std::future::poll_fn(|cx| fut.poll(cx)).await,
                    None => Ok(Value::Unit),
                }
            }
            other => other,
        };
        // A panic in a destructor that ran as `main`'s frame was dropped.
        let r = match (r, me.take_pending()) {
            (Ok(_), Some(flow)) => Err(flow),
            (r, _) => r,
        };
        match r {
            Ok(v) => report_termination(v),
            Err(flow) => me.end_of_task(&flow),
        }
    };
    let attr = &ir.main_attr;
    let prog =
        asyncviz_executor::Program::new(&flavor, attr.worker_threads, attr.start_paused, main);
    let trace = {
        let _current = crate::eval::enter(&interp);
        runtime.run_program(prog)
    };
    let diagnostics = interp.errors.borrow().clone();
    RunResult {
        trace: Some(trace),
        diagnostics,
    }
}

/// `main` returning `Err(e)` prints `Error: {e:?}`, as Rust's `Termination` does.
fn report_termination(v: Value) {
    if let Value::Res(Err(e)) = v {
        let text = crate::format::debug_string(&e).unwrap_or_else(|_| "..".into());
        instrument::print(format!("Error: {text}\n"), Stream::Stderr);
    }
}

#[allow(dead_code)]
fn unused(_: Flow, _: Span) {}
