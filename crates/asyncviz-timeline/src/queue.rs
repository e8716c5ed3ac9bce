//! The run queue as tokens: who is being polled, who waits in which queue, and what the current
//! event just did to them (entered, coalesced a wake).

use crate::index::TraceIndex;
use asyncviz_trace::{EventKind, Snapshot, TaskId, Trace, WakeEffect};

/// Where a token sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPlace {
    /// Being polled by a worker.
    Running,
    /// In the worker's local run queue.
    Local,
    /// In the inject queue.
    Inject,
    /// `main`'s `block_on` woken flag is set.
    BlockOnFlag,
}

/// One task in the queue picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueToken {
    /// The task.
    pub task: TaskId,
    /// Short label: `main`, `t2`.
    pub label: String,
    /// Long name for tooltips and screen readers.
    pub name: String,
    /// Where it is.
    pub place: TokenPlace,
    /// Position in its queue, 0 = front.
    pub pos: usize,
    /// It entered its queue at the current event.
    pub entered: bool,
    /// The current event is a wake that coalesced with an earlier one: the wake count since it
    /// was queued.
    pub coalesced: Option<usize>,
    /// A wake arrived while it was running; it will be queued again when the poll returns.
    pub notified: bool,
}

/// The tokens at a snapshot: the running task first, then the local queue front to back, then
/// the inject queue, then the `block_on` flag.
pub fn queue_tokens(trace: &Trace, index: &TraceIndex, snap: &Snapshot) -> Vec<QueueToken> {
    let current = trace.event_at_step(snap.step);
    let entered = |task: TaskId| matches!(current.map(|e| &e.kind), Some(EventKind::TaskSchedule { task: t, .. }) if *t == task);
    let coalesced = |task: TaskId| match current.map(|e| &e.kind) {
        Some(EventKind::WakerWake {
            task: t,
            effect: WakeEffect::Coalesced,
            ..
        }) if *t == task => Some(wakes_since_queued(trace, snap.step, task)),
        _ => None,
    };
    let token = |task: TaskId, place: TokenPlace, pos: usize| QueueToken {
        task,
        label: index.task_short(task),
        name: index.task_name(task),
        place,
        pos,
        entered: place != TokenPlace::Running && entered(task),
        coalesced: coalesced(task),
        notified: snap.tasks.get(&task).is_some_and(|t| t.notified),
    };
    let mut out = Vec::new();
    if let Some(t) = snap.running {
        out.push(token(t, TokenPlace::Running, 0));
    }
    out.extend(
        snap.run_queue
            .iter()
            .enumerate()
            .map(|(i, &t)| token(t, TokenPlace::Local, i)),
    );
    out.extend(
        snap.inject_queue
            .iter()
            .enumerate()
            .map(|(i, &t)| token(t, TokenPlace::Inject, i)),
    );
    if snap.block_on_woken {
        let main = index
            .tasks()
            .iter()
            .find(|t| t.kind == asyncviz_trace::TaskKind::BlockOn)
            .map_or(TaskId(0), |t| t.id);
        out.push(token(main, TokenPlace::BlockOnFlag, 0));
    }
    out
}

/// Wakes of `task` since it last entered a queue or was last polled, up to `step`.
pub(crate) fn wakes_since_queued(trace: &Trace, step: usize, task: TaskId) -> usize {
    let mut n = 0;
    for e in trace.events[..step.min(trace.events.len())].iter().rev() {
        match &e.kind {
            EventKind::WakerWake { task: t, .. } if *t == task => n += 1,
            EventKind::TaskSchedule { task: t, .. } | EventKind::PollStart { task: t, .. }
                if *t == task =>
            {
                break
            }
            _ => {}
        }
    }
    n.max(2)
}
