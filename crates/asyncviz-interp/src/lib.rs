//! An interpreter for a subset of Rust that runs small tokio programs on the AsyncViz executor,
//! so students can edit a program in the browser and watch it run.
//!
//! [`parse`] never fails: it returns the checked program when there are no errors, and every
//! diagnostic (syntax errors from syn, then every unsupported construct and unknown name) with
//! 1-based line and column spans. [`run`] builds an `asyncviz_executor` runtime from the
//! program's `#[tokio::main]` settings and runs `main` as its `block_on` future.
//!
//! Evaluation is real async Rust: an async fn call or an async block is a lazy future; each
//! `.await` polls its child with the task's own waker, so every `Pending` the timeline shows is
//! a real one. Await points report their source position and the frame's live locals through
//! `asyncviz_executor::instrument`. Budgets (steps, polls, tasks, output, virtual time) stop
//! runaway programs; a program panic prints Rust's panic message and ends its task as panicked.
//! Values are dropped where Rust drops them (end of scope, reverse order, `drop(x)`, moves into
//! `async move` blocks, cancelled futures), so channels close and locks release at the right
//! moment, and `impl Drop` bodies run then.
//!
//! # The subset
//!
//! - Items: `use` (std and tokio paths, and `use Enum::*`), `fn` and `async fn` (generics and
//!   lifetimes are accepted and ignored), `const`/`static`, structs (named, tuple, unit) and enums
//!   with `#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]`, inherent `impl` blocks
//!   with methods, `impl Drop`, `#[tokio::main]` with `flavor`, `worker_threads`, `start_paused`.
//! - Expressions: literals, integers typed as Rust types them (`i32` by default, overflow
//!   panics as in a debug build), `f64`, `char`, `&str`/`String`, tuples, arrays, `Vec`,
//!   `Option`/`Result` and `?`, ranges, closures (`move` too), `async`/`async move` blocks,
//!   `.await`, all operators, `as` casts, `if`/`if let`/`match` (guards, `|`, ranges, bindings,
//!   slices), `loop`/`while`/`while let`/`for` with labels, `let ... else`, references and
//!   `*` through references and guards, lazy iterator adapters.
//! - Macros: `println!`, `print!`, `eprintln!`, `eprint!`, `format!` (the whole format syntax),
//!   `panic!`, `assert!`, `assert_eq!`, `assert_ne!`, `unreachable!`, `todo!`, `vec!`,
//!   `matches!`, `tokio::join!`, `tokio::select!` (`biased;`, preconditions, `else`),
//!   `tokio::pin!`, `std::pin::pin!`.
//! - Runtime: `tokio::spawn`, `JoinHandle` (await, `abort`, `is_finished`), `JoinError`,
//!   `task::yield_now`, `task::spawn_blocking`, `time::{sleep, sleep_until, timeout, interval,
//!   Instant, Duration}`, `sync::{oneshot, mpsc (bounded and unbounded), Mutex}`,
//!   `std::sync::{Arc, Mutex}`, atomics, `std::thread::sleep` (a blocking call), `Box::pin`.
//!
//! Anything else is refused with a diagnostic that names it: traits and trait impls other than
//! `Drop` (so hand-written `impl Future` runs compiled, not here), `Future::poll`, modules,
//! macros by example, unsafe code, `f32`, std collections other than `Vec`, OS threads.
//!
//! What this crate is not: a Rust compiler. There is no type checker beyond what running needs,
//! and the borrow checker is not enforced: a program rustc would reject may run here.

mod builtins;
mod check;
mod diagnostic;
mod eval;
mod format;
mod ir;
mod iter;
mod names;
mod ops;
mod parse;
pub mod protocol;
mod run;
mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use parse::{parse, Parsed, Program};
pub use run::{
    run, run_bench_compiled, run_program, RunOptions, RunResult, BENCH_POLLS, BENCH_PROGRAM,
    BENCH_TASKS, BENCH_YIELDS,
};
