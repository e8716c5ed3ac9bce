//! The trace is the contract between the AsyncViz executor and everything that draws it.
//!
//! A [`Trace`] is a list of [`Event`]s with a global sequence number and a virtual timestamp,
//! plus the run's [`Outcome`]. [`Replay`] turns a trace into the [`Snapshot`] at any step: the
//! run queue, the live wakers and who holds them, each task's state and pin information, and
//! the output so far. [`lints`] derives warnings (lost wakers, self-wakes, blocking polls) from
//! a trace alone.
//!
//! This crate is pure data and pure functions: no clock, no I/O, no browser. Everything in it
//! iterates in a deterministic order, so the same trace always gives the same JSON and the same
//! snapshots.

mod event;
mod ids;
mod lint;
mod lock;
mod snapshot;
#[cfg(test)]
mod test_support;
mod trace;
pub mod wire;

pub use event::{
    Actor, AdvanceReason, Event, EventKind, FrameState, Loc, PollResult, QueueKind, ResourceKind,
    ScheduleCause, Stream, TaskKind, TerminateOutcome, WakeEffect, UNKNOWN_AWAIT,
};
pub use ids::{ResourceId, TaskId, WakerId};
pub use lint::{lints, Lint, LintKind, LONG_POLL_NS};
pub use lock::{LockHolder, HELD_BY};
pub use snapshot::{
    PinView, Replay, ResourceView, Snapshot, TaskState, TaskView, WakerView, CHECKPOINT_EVERY,
};
pub use trace::{Outcome, Trace, TraceMeta, WaitEdge, FORMAT_VERSION};
