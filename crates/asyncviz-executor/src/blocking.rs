//! The blocking pool: `spawn_blocking` closures on their own lanes, beside the worker.
//!
//! The closure runs to completion when it is spawned (it is ordinary synchronous code); its lane
//! then stays busy for the virtual time it blocked (`std::thread::sleep` inside it), and its
//! join handle completes when that time has passed, through the inject queue, as a wake from
//! another thread does in tokio.

use crate::context::{expect_state, with_state};
use crate::instrument::caller_loc;
use crate::recorder::rec;
use crate::runtime::State;
use crate::task::{spawn_inner, JoinError, JoinHandle, JoinNotify};
use asyncviz_trace::{Actor, EventKind, TaskId, TaskKind, TerminateOutcome};
use std::panic::Location;
use std::rc::Rc;

/// One closure on a blocking-pool lane.
pub(crate) struct BlockingJob {
    pub(crate) task: TaskId,
    pub(crate) lane: u32,
    start: u64,
    /// Virtual ns the closure blocked for.
    pub(crate) busy: u64,
    /// True while the lane is occupied.
    pub(crate) running: bool,
    join: Option<Rc<dyn JoinNotify>>,
}

impl BlockingJob {
    /// When the lane frees up.
    pub(crate) fn until(&self) -> u64 {
        self.start + self.busy
    }
}

/// Runs a blocking closure on the blocking pool, as `tokio::task::spawn_blocking`.
#[track_caller]
pub fn spawn_blocking<F, R>(f: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + 'static,
    R: 'static,
{
    let loc = caller_loc(Location::caller());
    let name = crate::task::task_name::<F>().replace("async block in", "closure in");
    let handle = spawn_inner(
        std::future::pending::<R>(),
        format!("blocking: {name}"),
        Some(loc),
        TaskKind::Blocking,
    );
    let task = handle.task();
    let join = handle.join_notify();
    let saved = expect_state(|st| {
        let lane = (0..)
            .find(|l| !st.blocking.iter().any(|j| j.lane == *l && j.running))
            .expect("lanes are unbounded");
        let start = st.now;
        st.blocking.push(BlockingJob {
            task,
            lane,
            start,
            busy: 0,
            running: true,
            join: Some(join),
        });
        let saved = (st.actor, st.current);
        st.actor = Actor::Blocking(lane);
        st.current = Some(task);
        (saved, lane)
    });
    let output = f();
    handle.set_output(output);
    with_state(|st| {
        let ((actor, current), lane) = saved;
        if let Some(job) = st.blocking.iter().find(|j| j.task == task) {
            let until = job.until();
            rec!(st, EventKind::BlockingStart { task, lane, until });
        }
        st.actor = actor;
        st.current = current;
    });
    handle
}

/// Removes the jobs whose lane time is over.
pub(crate) fn take_finished(st: &mut State) -> Vec<BlockingJob> {
    let now = st.now;
    let (done, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut st.blocking)
        .into_iter()
        .partition(|j| j.until() <= now);
    st.blocking = keep;
    done
}

/// Completes a finished job: the lane frees, the task terminates and its joiner is woken from
/// the blocking lane (so the wake goes through the inject queue).
pub(crate) fn finish(mut job: BlockingJob) {
    let join = job.join.take();
    let (task, lane) = (job.task, job.lane);
    let panic = with_state(|st| {
        st.actor = Actor::Blocking(lane);
        rec!(st, EventKind::BlockingEnd { task, lane });
        let panic = st.finish_blocking_task(task);
        let outcome = if panic.is_some() {
            TerminateOutcome::Panicked
        } else {
            TerminateOutcome::Ready
        };
        rec!(st, EventKind::TaskTerminate { task, outcome });
        panic
    })
    .flatten();
    let err = panic.map(|m| JoinError::panicked(task, m));
    if let Some(w) = join.and_then(|j| j.finish(err)) {
        w.wake();
    }
    with_state(|st| st.actor = Actor::Runtime);
}

/// Ends a job at shutdown (tokio waits for blocking closures; ours already ran).
pub(crate) fn end_at_shutdown(st: &mut State, task: TaskId) {
    if let Some(i) = st.blocking.iter().position(|j| j.task == task) {
        let job = st.blocking.remove(i);
        rec!(
            st,
            EventKind::BlockingEnd {
                task,
                lane: job.lane
            }
        );
    }
}
