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
//!
//! What this crate is not: a Rust compiler. There is no type checker beyond what running needs;
//! traits, generics' bounds, lifetimes and the borrow checker are not enforced. Programs that
//! use trait impls (such as a hand-written `impl Future`) are rejected with a diagnostic.

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
mod run;
mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use parse::{parse, Parsed, Program};
pub use run::{run, run_program, RunOptions, RunResult};
