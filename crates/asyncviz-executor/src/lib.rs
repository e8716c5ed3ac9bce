//! A deterministic, instrumented, single-threaded executor for teaching async Rust.
//!
//! It runs real Rust [`Future`](std::future::Future)s the way tokio's `current_thread` runtime
//! does, on a virtual clock, and records every decision into an [`asyncviz_trace::Trace`]: spawns,
//! run-queue pushes and pops, polls and their results, every waker clone, wake and drop (with who
//! did it), which resource holds which waker, timers, blocking, and where each future is parked.
//!
//! The [`tokio`] module is a drop-in stand-in for the parts of tokio 1.x that teaching programs use,
//! with the same names and, as far as a single-threaded simulation allows, the same semantics.
//! Every deliberate difference is listed in `DEVIATIONS` (see [`deviations`]).
//!
//! What this crate is not: a production runtime. There is no I/O, no real threads, and no wall
//! clock. Everything happens on the calling thread, in virtual time.

mod blocking;
mod combinator;
mod context;
mod coop;
pub mod instrument;
mod join_set;
mod program;
mod recorder;
mod runtime;
mod scheduler;
pub mod sync;
mod task;
pub mod time;
pub mod tokio;
mod waker;

pub use asyncviz_trace as trace;
pub use blocking::spawn_blocking;
pub use combinator::{
    BoxFuture, ChildPoll, Join2, Join3, Join4, Join5, Join6, JoinAll, MaybeDone, SelectAll,
};
pub use join_set::{JoinNext, JoinNextWithId, JoinSet};
pub use program::{Program, Termination};
pub use runtime::{deviations, Budget, Builder, Runtime, Stats, Step};
pub use task::{spawn, yield_now, JoinError, JoinHandle, YieldNow};

#[doc(hidden)]
pub mod __private {
    //! Support for the macros. Not part of the public API.
    pub use crate::combinator::{child_poll, select_start, Join1};
    pub use core::future::poll_fn;
    pub use core::pin::Pin;
    pub use core::task::Poll;
}
