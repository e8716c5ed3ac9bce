//! Hooks for code that runs on the executor and knows more than compiled Rust can tell it: the
//! interpreter reports await points with source positions and live locals, prints output, and
//! simulates blocking calls. Compiled programs reach `print` through their `println!` shim.

use crate::context::{expect_state, with_state};
use crate::recorder::rec;
use crate::task::{spawn_inner, JoinHandle};
use asyncviz_trace::{EventKind, Loc, Outcome, Stream, TaskKind};
use std::future::Future;
use std::panic::Location;
use std::time::Duration;

pub use crate::combinator::{join_all, select_all};
pub use asyncviz_trace::{Loc as SourceLoc, Stream as OutputStream};

/// Converts a `#[track_caller]` location into a trace location.
pub(crate) fn caller_loc(l: &Location<'_>) -> Loc {
    Loc {
        file: l.file().to_string(),
        line: l.line(),
        col: l.column(),
    }
}

/// Notes where the running task is about to park, unless a more precise point was already
/// reported during this poll. The label is only built when recording.
pub(crate) fn note_await(label: impl FnOnce() -> String, loc: Option<Loc>) {
    with_state(|st| {
        if st.rec.enabled && st.await_note.is_none() {
            st.await_note = Some((label(), loc, Vec::new()));
        }
    });
}

/// Reports the await point the running task is parked at, with the locals its frame holds.
/// The innermost report of a poll wins.
pub fn await_point(label: &str, loc: Loc, locals: Vec<(String, String)>) {
    with_state(|st| {
        if st.rec.enabled && st.await_note.is_none() {
            st.await_note = Some((label.to_string(), Some(loc), locals));
        }
    });
}

/// Prints program output, attributed to the running task.
pub fn print(text: String, stream: Stream) {
    with_state(|st| st.output(text, stream));
}

/// Simulates a blocking call inside a poll (such as `std::thread::sleep`): the worker stays busy
/// and the virtual clock moves by `d`. On a blocking-pool lane it lengthens that lane's job.
pub fn block(d: Duration, label: &str) {
    with_state(|st| st.block(d.as_nanos() as u64, label));
}

/// Spawns a task with an explicit display name and spawn location.
pub fn spawn_named<F>(name: &str, loc: Option<Loc>, fut: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    spawn_inner(fut, name.to_string(), loc, TaskKind::Spawned)
}

/// Marks the running task as panicked: call it right before its future returns. Its join handle
/// then yields a `JoinError` whose `is_panic()` is true; if it is the main task, the run ends
/// with [`Outcome::Panicked`].
pub fn task_panicked(message: &str) {
    with_state(|st| st.mark_panicked(message.to_string()));
}

/// Ends the run with `outcome` (for example a budget the interpreter counts itself) as soon as
/// the current poll returns.
pub fn abort_run(outcome: Outcome) {
    with_state(|st| {
        if st.forced.is_none() {
            st.forced = Some(outcome);
        }
    });
}

/// The running task, if any.
pub fn current_task() -> Option<asyncviz_trace::TaskId> {
    with_state(|st| st.current).flatten()
}

/// Virtual time since the runtime started.
pub fn now() -> Duration {
    Duration::from_nanos(expect_state(|st| st.now))
}

/// Records that the running task's future lives at `addr` with `size` bytes (for futures the
/// runtime cannot see, like an interpreter frame).
pub fn frame_placement(addr: usize, size: usize, unpin: Option<bool>) {
    with_state(|st| {
        if let Some(task) = st.current {
            st.place(task, addr, size, unpin);
        }
    });
}

/// Records a custom resource state change.
pub fn resource_note(resource: asyncviz_trace::ResourceId, attr: &str, value: String) {
    with_state(|st| {
        rec!(
            st,
            EventKind::ResourceState {
                resource,
                attr: attr.to_string(),
                value
            }
        )
    });
}
