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
///
/// Inside [`with_caller_loc`] the given location wins, so resources created on behalf of an
/// interpreted program point at the program's source, not at the interpreter's.
pub(crate) fn caller_loc(l: &Location<'_>) -> Loc {
    if let Some(Some(loc)) = with_state(|st| st.loc_override.clone()) {
        return loc;
    }
    Loc {
        file: l.file().to_string(),
        line: l.line(),
        col: l.column(),
    }
}

/// Notes where the running task is about to park (a resource's creation site), unless a point
/// was already noted during this poll. The label is only built when recording.
pub(crate) fn note_await(label: impl FnOnce() -> String, loc: Option<Loc>) {
    with_state(|st| {
        if st.rec.enabled && st.await_note.is_none() {
            st.await_note = Some((label(), loc, Vec::new()));
        }
    });
}

/// Reports the await point the running task is parked at, with the locals its frame holds.
/// It replaces the runtime's own note (a resource's creation site) but not an earlier report
/// in the same poll, so the innermost reported await wins.
pub fn await_point(label: &str, loc: Loc, locals: Vec<(String, String)>) {
    with_state(|st| {
        if st.rec.enabled && !st.await_note_explicit {
            st.await_note = Some((label.to_string(), Some(loc), locals));
            st.await_note_explicit = true;
        }
    });
}

/// Runs `f` with `loc` as the source location of every resource, task and timer it creates.
pub fn with_caller_loc<R>(loc: Loc, f: impl FnOnce() -> R) -> R {
    let saved = with_state(|st| st.loc_override.replace(loc)).flatten();
    let r = f();
    with_state(|st| st.loc_override = saved);
    r
}

/// Whether events are being recorded (skip building labels and locals when not).
pub fn recording() -> bool {
    with_state(|st| st.rec.enabled).unwrap_or(false)
}

/// Events recorded so far in this run.
pub fn event_count() -> u64 {
    with_state(|st| st.rec.events.len() as u64).unwrap_or(0)
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

/// The file of a program's `main`, for [`AwaitSite`]: `#[tokio::main]` defines one per program.
#[doc(hidden)]
pub trait MainFile {
    /// `file!()` where `main` is written.
    const FILE: &'static str;
}

/// A future awaited in a program's `main` (or an `async` block inside it), with the line and
/// column of its `.await`, put there by `#[tokio::main]`. When the task parks inside it and
/// nothing it awaits noted a place (a hand-written future's `poll` calls no runtime code), the
/// task is recorded as parked at this `.await`. The place is in the type, so the wrapper has the
/// size of the future it wraps and the program's state machine keeps its real size.
#[doc(hidden)]
pub struct AwaitSite<M, F, const LINE: u32, const COL: u32> {
    inner: F,
    main: std::marker::PhantomData<fn() -> M>,
}

impl<M: MainFile, F: Future, const LINE: u32, const COL: u32> AwaitSite<M, F, LINE, COL> {
    /// Wraps what `.await` would await.
    pub fn new(awaited: impl std::future::IntoFuture<IntoFuture = F>) -> Self {
        AwaitSite {
            inner: awaited.into_future(),
            main: std::marker::PhantomData,
        }
    }
}

impl<M: MainFile, F: Future, const LINE: u32, const COL: u32> Future
    for AwaitSite<M, F, LINE, COL>
{
    type Output = F::Output;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        // SAFETY: `inner` is pinned whenever `self` is (structural pinning): it is never moved
        // out of, and `AwaitSite` has no `Drop` and is `Unpin` only if `F` is.
        let inner = unsafe { self.map_unchecked_mut(|s| &mut s.inner) };
        let polled = inner.poll(cx);
        if polled.is_pending() {
            note_site(M::FILE, LINE, COL);
        }
        polled
    }
}

/// Notes an [`AwaitSite`]'s place, unless one was noted in this poll already (the innermost
/// `.await` returns first) or something it awaits noted its own, which wins. Not generic, so
/// each site's `poll` stays a few instructions; nothing is allocated until the place is used.
#[inline(never)]
fn note_site(file: &'static str, line: u32, col: u32) {
    with_state(|st| {
        if st.rec.enabled && st.await_note.is_none() && st.await_site.is_none() {
            st.await_site = Some((file, line, col));
        }
    });
}
