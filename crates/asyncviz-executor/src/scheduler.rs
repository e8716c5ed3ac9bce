//! Who runs next. The scheduling policy sits behind [`Scheduler`] so a multi-worker model (tokio
//! `multi_thread` with local queues, a LIFO slot and stealing, or thread-per-core) can replace
//! [`CurrentThread`] without changing the trace or the UI.

use asyncviz_trace::{QueueKind, TaskId};
use std::collections::VecDeque;

/// A scheduling policy: where a runnable task goes and which task a worker takes next.
pub(crate) trait Scheduler {
    /// Queues a runnable task. `remote` is true for wakes from outside the runtime's workers
    /// (the blocking pool). Returns the queue it entered and that queue's new length.
    fn push(&mut self, task: TaskId, remote: bool) -> (QueueKind, u32);
    /// Takes the next task for the worker's `tick`-th scheduling decision.
    fn pop(&mut self, tick: u32) -> Option<(TaskId, QueueKind, u32)>;
    /// Whether every queue is empty.
    fn is_empty(&self) -> bool;
    /// How many tasks are queued in all.
    fn len(&self) -> usize;
}

/// tokio's `current_thread` policy: a local FIFO for wakes from the worker, an inject FIFO for
/// wakes from elsewhere, and the inject queue checked first every `global_queue_interval` ticks.
#[derive(Debug)]
pub(crate) struct CurrentThread {
    local: VecDeque<TaskId>,
    inject: VecDeque<TaskId>,
    /// tokio's default for `current_thread` is 31.
    global_queue_interval: u32,
}

impl CurrentThread {
    pub(crate) fn new() -> CurrentThread {
        CurrentThread {
            local: VecDeque::new(),
            inject: VecDeque::new(),
            global_queue_interval: 31,
        }
    }
}

impl Scheduler for CurrentThread {
    fn push(&mut self, task: TaskId, remote: bool) -> (QueueKind, u32) {
        if remote {
            self.inject.push_back(task);
            (QueueKind::Inject, self.inject.len() as u32)
        } else {
            self.local.push_back(task);
            (QueueKind::Local, self.local.len() as u32)
        }
    }

    fn pop(&mut self, tick: u32) -> Option<(TaskId, QueueKind, u32)> {
        let local = |s: &mut Self| {
            s.local
                .pop_front()
                .map(|t| (t, QueueKind::Local, s.local.len() as u32))
        };
        let inject = |s: &mut Self| {
            s.inject
                .pop_front()
                .map(|t| (t, QueueKind::Inject, s.inject.len() as u32))
        };
        if tick.is_multiple_of(self.global_queue_interval) {
            inject(self).or_else(|| local(self))
        } else {
            local(self).or_else(|| inject(self))
        }
    }

    fn is_empty(&self) -> bool {
        self.local.is_empty() && self.inject.is_empty()
    }

    fn len(&self) -> usize {
        self.local.len() + self.inject.len()
    }
}
