//! A one-pass index over a trace: polls as spans, tasks and resources by id, and the poll each
//! event happened in. Everything else in this crate reads the trace through it.

use crate::slots::Slots;
use asyncviz_trace::{
    EventKind, FrameState, Loc, PollResult, ResourceId, ResourceKind, TaskId, TaskKind,
    TerminateOutcome, Trace,
};
use std::collections::BTreeMap;

/// One poll of one task, from its `poll_start` to its `poll_end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollSpan {
    /// The task polled.
    pub task: TaskId,
    /// 1-based poll number of that task.
    pub poll_no: u32,
    /// Seq of the `poll_start` event.
    pub start: usize,
    /// Seq of the `poll_end` event; `None` if the trace stops inside the poll.
    pub end: Option<usize>,
    /// What the poll returned, once it has.
    pub result: Option<PollResult>,
    /// The worker the poll ran on.
    pub worker: u32,
    /// Whether the poll made a blocking call (a `block` event).
    pub blocked: bool,
    /// Seq of the `future_state` event that parked the task after this poll (it may come just
    /// after the `poll_end`), if the trace says where it parked.
    pub parked: Option<usize>,
}

impl PollSpan {
    /// The last seq inside the poll: its end, or the trace's last event for an unfinished poll.
    pub fn last(&self, len: usize) -> usize {
        self.end.unwrap_or(len.saturating_sub(1)).max(self.start)
    }
}

/// What the trace says about one task over the whole run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskInfo {
    /// The task.
    pub id: TaskId,
    /// The name given at spawn (may be empty).
    pub name: String,
    /// Its kind.
    pub kind: TaskKind,
    /// Who spawned it.
    pub parent: Option<TaskId>,
    /// Seq of its `task_spawn` event.
    pub spawn_seq: usize,
    /// Where it was spawned.
    pub loc: Option<Loc>,
    /// Seq and outcome of its `task_terminate` event, if it ended.
    pub end: Option<(usize, TerminateOutcome)>,
    /// Indices into [`TraceIndex::polls`], in order.
    pub polls: Vec<usize>,
}

/// What the trace says about one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// The resource.
    pub id: ResourceId,
    /// Its kind.
    pub kind: ResourceKind,
    /// Its display name, e.g. `sleep(100 ms)`.
    pub name: String,
    /// Where it was created.
    pub loc: Option<Loc>,
}

const NO_POLL: u32 = u32::MAX;

/// The index. Built once per trace in one pass; all lookups are by id or binary search.
#[derive(Clone, Debug)]
pub struct TraceIndex {
    len: usize,
    polls: Vec<PollSpan>,
    /// For each event, the index of the poll running on that event's worker, or `NO_POLL`.
    poll_at: Vec<u32>,
    /// Every task, by id.
    tasks: Vec<TaskInfo>,
    /// Each task's position in `tasks`, by id.
    task_slots: Slots,
    resources: BTreeMap<ResourceId, ResourceInfo>,
    workers: Vec<u32>,
    /// Seqs where a poll stops (its `poll_end`, or its start if it never ends), ascending.
    stops: Vec<usize>,
}

impl TraceIndex {
    /// Indexes a trace.
    pub fn new(trace: &Trace) -> TraceIndex {
        let len = trace.events.len();
        let mut polls: Vec<PollSpan> = Vec::new();
        let mut poll_at = Vec::with_capacity(len);
        // In spawn order until the pass ends, then by id.
        let mut tasks: Vec<TaskInfo> = Vec::new();
        let mut task_slots = Slots::for_trace(len);
        let mut resources = BTreeMap::new();
        let mut workers: Vec<u32> = Vec::new();
        // The open poll on each worker that has one (a run has a few workers at most).
        let mut open: Vec<(u32, usize)> = Vec::new();

        crate::hot::each(&trace.events, &mut |seq, event| {
            // Most runs have one worker: the last one seen is the usual answer.
            if workers.last() != Some(&event.worker) && !workers.contains(&event.worker) {
                workers.push(event.worker);
            }
            match &event.kind {
                EventKind::TaskSpawn {
                    task,
                    parent,
                    name,
                    task_kind,
                    loc,
                } => {
                    let info = TaskInfo {
                        id: *task,
                        name: name.clone(),
                        kind: *task_kind,
                        parent: *parent,
                        spawn_seq: seq,
                        loc: loc.clone(),
                        end: None,
                        polls: Vec::new(),
                    };
                    // A second spawn of one id replaces the first, as a map's insert would.
                    match task_slots.get(task.0) {
                        Some(i) => tasks[i as usize] = info,
                        None => {
                            task_slots.insert(task.0, tasks.len() as u32);
                            tasks.push(info);
                        }
                    }
                }
                EventKind::PollStart { task, poll_no } => {
                    let i = polls.len();
                    polls.push(PollSpan {
                        task: *task,
                        poll_no: *poll_no,
                        start: seq,
                        end: None,
                        result: None,
                        worker: event.worker,
                        blocked: false,
                        parked: None,
                    });
                    match open.iter_mut().find(|(w, _)| *w == event.worker) {
                        Some(o) => o.1 = i,
                        None => open.push((event.worker, i)),
                    }
                    if let Some(t) = task_slots.get(task.0) {
                        tasks[t as usize].polls.push(i);
                    }
                }
                EventKind::TaskTerminate { task, outcome } => {
                    if let Some(t) = task_slots.get(task.0) {
                        tasks[t as usize].end = Some((seq, *outcome));
                    }
                }
                EventKind::FutureState {
                    task,
                    state: FrameState::Suspended { .. },
                } => {
                    let info = task_slots.get(task.0).map(|t| &tasks[t as usize]);
                    if let Some(&last) = info.and_then(|info| info.polls.last()) {
                        polls[last].parked = Some(seq);
                    }
                }
                EventKind::ResourceNew {
                    resource,
                    resource_kind,
                    name,
                    loc,
                } => {
                    resources.insert(
                        *resource,
                        ResourceInfo {
                            id: *resource,
                            kind: *resource_kind,
                            name: name.clone(),
                            loc: loc.clone(),
                        },
                    );
                }
                _ => {}
            }
            let current = open.iter().position(|&(w, _)| w == event.worker);
            poll_at.push(current.map_or(NO_POLL, |o| open[o].1 as u32));
            match (&event.kind, current) {
                (EventKind::PollEnd { result, .. }, Some(o)) => {
                    let (_, i) = open.swap_remove(o);
                    polls[i].end = Some(seq);
                    polls[i].result = Some(*result);
                }
                (EventKind::Block { .. }, Some(o)) => polls[open[o].1].blocked = true,
                _ => {}
            }
        });
        workers.sort_unstable();
        if workers.is_empty() {
            workers.push(0);
        }
        let mut stops: Vec<usize> = polls.iter().map(|p| p.end.unwrap_or(p.start)).collect();
        stops.sort_unstable();
        tasks.sort_by_key(|info| info.id);
        let mut task_slots = Slots::for_trace(len);
        for (i, info) in tasks.iter().enumerate() {
            task_slots.insert(info.id.0, i as u32);
        }
        TraceIndex {
            len,
            polls,
            poll_at,
            tasks,
            task_slots,
            resources,
            workers,
            stops,
        }
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the trace had no events.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every poll, in start order.
    pub fn polls(&self) -> &[PollSpan] {
        &self.polls
    }

    /// The poll that event `seq` happened in, if it happened inside one.
    pub fn poll_at(&self, seq: usize) -> Option<&PollSpan> {
        let i = *self.poll_at.get(seq)?;
        if i == NO_POLL {
            None
        } else {
            self.polls.get(i as usize)
        }
    }

    /// Index into [`TraceIndex::polls`] of the poll that event `seq` happened in.
    pub fn poll_index_at(&self, seq: usize) -> Option<usize> {
        let i = *self.poll_at.get(seq)?;
        (i != NO_POLL).then_some(i as usize)
    }

    /// Every task, in id order.
    pub fn tasks(&self) -> &[TaskInfo] {
        &self.tasks
    }

    /// One task.
    pub fn task(&self, id: TaskId) -> Option<&TaskInfo> {
        self.task_slots.get(id.0).map(|i| &self.tasks[i as usize])
    }

    /// One resource.
    pub fn resource(&self, id: ResourceId) -> Option<&ResourceInfo> {
        self.resources.get(&id)
    }

    /// The worker ids that appear in the trace, ascending (at least worker 0).
    pub fn workers(&self) -> &[u32] {
        &self.workers
    }

    /// How many polls had begun after `step` events.
    pub fn polls_begun(&self, step: usize) -> usize {
        self.polls.partition_point(|p| p.start < step)
    }

    /// The step just after the next poll stops (its `poll_end` is applied), strictly after `step`.
    pub fn next_poll_stop(&self, step: usize) -> Option<usize> {
        let i = self.stops.partition_point(|&s| s < step);
        self.stops.get(i).map(|s| s + 1)
    }

    /// The step just after the previous poll stopped, strictly before `step`.
    pub fn prev_poll_stop(&self, step: usize) -> Option<usize> {
        let i = self.stops.partition_point(|&s| s + 1 < step);
        i.checked_sub(1).map(|i| self.stops[i] + 1)
    }

    /// The poll of `task` before the one starting at `start` (or before `start` if none starts
    /// there).
    pub fn prev_poll_of(&self, task: TaskId, start: usize) -> Option<&PollSpan> {
        let info = self.task(task)?;
        let k = info.polls.partition_point(|&i| self.polls[i].start < start);
        k.checked_sub(1).map(|k| &self.polls[info.polls[k]])
    }

    /// Seq of the last `future_state` event that parked `task` before event `seq` (the executor
    /// reports a suspension only when the await point changes, so it may be polls back).
    pub fn parked_before(&self, task: TaskId, seq: usize) -> Option<usize> {
        let info = self.task(task)?;
        let k = info.polls.partition_point(|&i| self.polls[i].start < seq);
        info.polls[..k]
            .iter()
            .rev()
            .find_map(|&i| self.polls[i].parked.filter(|&p| p < seq))
    }

    /// The first poll of `task` that starts after event `seq`.
    pub fn next_poll_of(&self, task: TaskId, seq: usize) -> Option<&PollSpan> {
        let info = self.task(task)?;
        let k = info.polls.partition_point(|&i| self.polls[i].start <= seq);
        info.polls.get(k).map(|&i| &self.polls[i])
    }

    /// How people call a task in a sentence: `main`, `task 2`, or `task 2 (producer)`. Names
    /// the executor made up (`async block in main`) are left out; see [`TraceIndex::task_name_full`].
    pub fn task_name(&self, id: TaskId) -> String {
        match self.task(id) {
            Some(info)
                if info.kind != TaskKind::BlockOn
                    && info.name.trim().starts_with("async block") =>
            {
                format!("task {}", id.0)
            }
            _ => self.task_name_full(id),
        }
    }

    /// A task's name with whatever name it was given: `task 1 (async block in main)`.
    pub fn task_name_full(&self, id: TaskId) -> String {
        match self.task(id) {
            Some(info) => {
                let name = info.name.trim();
                let plain = format!("task {}", id.0);
                if info.kind == TaskKind::BlockOn {
                    if name.is_empty() {
                        "main".to_string()
                    } else {
                        name.to_string()
                    }
                } else if name.is_empty() || name == plain {
                    plain
                } else {
                    format!("{plain} ({name})")
                }
            }
            None => format!("task {}", id.0),
        }
    }

    /// A short label for lanes and queue tokens: `main` or `t2`.
    pub fn task_short(&self, id: TaskId) -> String {
        match self.task(id) {
            Some(info) if info.kind == TaskKind::BlockOn => {
                let name = info.name.trim();
                if name.is_empty() || name.len() > 8 {
                    "main".to_string()
                } else {
                    name.to_string()
                }
            }
            _ => format!("t{}", id.0),
        }
    }

    /// A resource's display name, or `resource #n` if the trace never named it.
    pub fn resource_name(&self, id: ResourceId) -> String {
        match self.resources.get(&id) {
            Some(r) if !r.name.trim().is_empty() => r.name.clone(),
            _ => id.to_string(),
        }
    }
}
