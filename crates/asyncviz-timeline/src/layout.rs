//! The timeline picture as data: lanes (tasks, workers, the timer driver, the blocking pool),
//! poll bars, queued bands, child-poll bars, marks and wake arrows, all positioned by event seq.
//!
//! Positions are abstract: an [`AxisMode`] maps a seq to an x in "steps" or in virtual ns, and
//! the web crate maps that to pixels through a [`crate::Viewport`]. Nothing here knows colours.

use crate::index::TraceIndex;
use crate::slots::Slots;
use crate::span::{Span, Spans};
use asyncviz_trace::{
    Actor, EventKind, PollResult, QueueKind, ResourceId, ResourceKind, TaskId, TaskKind,
    TerminateOutcome, Trace, WakeEffect,
};
use std::collections::BTreeMap;

/// How the x axis is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AxisMode {
    /// One unit per event, so polls at the same virtual instant stay apart. Time is shown as
    /// labels where it jumps.
    #[default]
    Step,
    /// Virtual nanoseconds. Polls at the same instant have no width and are drawn at a minimum.
    Time,
}

/// What a lane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaneKind {
    /// One task: its polls, its time in the run queue, its child polls and its marks.
    Task(TaskId),
    /// One worker thread: which task it polled when, and when it parked.
    Worker(u32),
    /// The timer driver: timer registrations, firings and jumps of virtual time.
    TimerDriver,
    /// One lane of the blocking pool.
    Blocking(u32),
}

/// What a bar is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarKind {
    /// A poll, on its task's lane and on its worker's lane.
    Poll {
        /// The task polled.
        task: TaskId,
        /// Index into [`TraceIndex::polls`].
        poll: u32,
        /// What it returned, if it has returned within the trace.
        result: Option<PollResult>,
        /// Whether it made a blocking call.
        blocked: bool,
    },
    /// A `spawn_blocking` closure running on the blocking pool.
    Blocking {
        /// The blocking task.
        task: TaskId,
    },
    /// Time spent waiting in a run queue (or with the `block_on` woken flag set).
    Queued {
        /// The queued task.
        task: TaskId,
        /// Which queue.
        queue: QueueKind,
    },
}

/// A bar: a span of events on one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    /// First event seq.
    pub first: u32,
    /// Last event seq (inclusive).
    pub last: u32,
    /// What it is.
    pub kind: BarKind,
}

impl Span for Bar {
    fn first(&self) -> u32 {
        self.first
    }
    fn last(&self) -> u32 {
        self.last
    }
}

/// A child future polled by a combinator (`join!`, `select!`) inside a task's poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildBar {
    /// First event seq.
    pub first: u32,
    /// Last event seq (inclusive).
    pub last: u32,
    /// Nesting depth, 1 for a direct child.
    pub depth: u32,
    /// Which branch, from 0.
    pub branch: u32,
    /// What it returned.
    pub result: Option<PollResult>,
}

impl Span for ChildBar {
    fn first(&self) -> u32 {
        self.first
    }
    fn last(&self) -> u32 {
        self.last
    }
}

/// A point event on a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// The task was spawned.
    Spawn,
    /// A timer was registered, due at `deadline` (virtual ns).
    TimerRegister {
        /// The timer.
        timer: ResourceId,
        /// Its deadline.
        deadline: u64,
    },
    /// A timer fired.
    TimerFire {
        /// The timer.
        timer: ResourceId,
    },
    /// Virtual time moved to `to`.
    TimeAdvance {
        /// The new time.
        to: u64,
    },
    /// The task ended.
    Terminate(TerminateOutcome),
    /// The task printed.
    Output,
    /// The worker parked.
    Park,
    /// The task was asked to abort.
    Abort,
    /// A blocking call inside a poll.
    Block,
}

/// A marker at one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The event.
    pub seq: u32,
    /// What it marks.
    pub kind: MarkKind,
}

impl Span for Mark {
    fn first(&self) -> u32 {
        self.seq
    }
    fn last(&self) -> u32 {
        self.seq
    }
}

/// A wake, drawn from where `wake` was called to the woken task's next poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The lane of whoever called `wake`.
    pub from_lane: u32,
    /// The seq of the `waker_wake` event.
    pub wake_seq: u32,
    /// The woken task's lane.
    pub to_lane: u32,
    /// The seq of the woken task's next `poll_start`, if it was polled again.
    pub to_seq: Option<u32>,
    /// The woken task.
    pub task: TaskId,
    /// What the wake did.
    pub effect: WakeEffect,
}

impl Span for Arrow {
    fn first(&self) -> u32 {
        self.wake_seq
    }
    fn last(&self) -> u32 {
        self.to_seq.unwrap_or(self.wake_seq).max(self.wake_seq)
    }
}

/// One horizontal lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// What it shows.
    pub kind: LaneKind,
    /// Its title, e.g. `main`, `task 2`, `worker 0`.
    pub label: String,
    /// A second line, e.g. the task's name.
    pub detail: String,
    /// Polls and blocking runs; they never overlap within a lane.
    pub bars: Spans<Bar>,
    /// Queued stretches.
    pub bands: Spans<Bar>,
    /// Child polls of combinators.
    pub children: Spans<ChildBar>,
    /// Point events.
    pub marks: Spans<Mark>,
}

/// The laid-out trace.
#[derive(Clone, Debug)]
pub struct Timeline {
    lanes: Vec<Lane>,
    arrows: Spans<Arrow>,
    event_t: Vec<u64>,
    time_jumps: Vec<(u32, u64)>,
    /// Each task's lane, by task id.
    task_lanes: Slots,
    /// The most characters `fmt_ns` writes for a time the run reaches.
    widest_time: usize,
    /// The longest event name in the run, `start` (before the first event) included.
    widest_event: usize,
}

#[derive(Default)]
struct LaneBuild {
    bars: Vec<Bar>,
    bands: Vec<Bar>,
    children: Vec<ChildBar>,
    marks: Vec<Mark>,
}

impl Timeline {
    /// Lays out a trace.
    pub fn build(trace: &Trace, index: &TraceIndex) -> Timeline {
        let len = trace.events.len();
        let mut kinds: Vec<LaneKind> = index.tasks().iter().map(|t| LaneKind::Task(t.id)).collect();
        kinds.extend(index.workers().iter().map(|&w| LaneKind::Worker(w)));
        let mut needs_timer = false;
        let mut blocking_lanes: Vec<u32> = Vec::new();
        crate::hot::each(&trace.events, &mut |_, e| {
            let lane = match &e.kind {
                EventKind::TimerRegister { .. }
                | EventKind::TimerFire { .. }
                | EventKind::WakerWake {
                    by: Actor::Timer, ..
                } => {
                    needs_timer = true;
                    None
                }
                EventKind::BlockingStart { lane, .. }
                | EventKind::BlockingEnd { lane, .. }
                | EventKind::WakerWake {
                    by: Actor::Blocking(lane),
                    ..
                } => Some(*lane),
                _ => None,
            };
            if let Some(lane) = lane.filter(|l| !blocking_lanes.contains(l)) {
                blocking_lanes.push(lane);
            }
        });
        if needs_timer {
            kinds.push(LaneKind::TimerDriver);
        }
        blocking_lanes.sort_unstable();
        kinds.extend(blocking_lanes.iter().map(|&l| LaneKind::Blocking(l)));

        let lane_of: BTreeMap<LaneKind, u32> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i as u32))
            .collect();
        // The per-event lookups: by task id, and by worker among the few a run has.
        let mut task_lanes = Slots::for_trace(len);
        for (i, k) in kinds.iter().enumerate() {
            if let LaneKind::Task(t) = k {
                task_lanes.insert(t.0, i as u32);
            }
        }
        let worker_lanes: Vec<(u32, u32)> = (kinds.iter().enumerate())
            .filter_map(|(i, k)| match k {
                LaneKind::Worker(w) => Some((*w, i as u32)),
                _ => None,
            })
            .collect();
        let worker_lane = |w: u32| {
            (worker_lanes.iter())
                .find(|&&(id, _)| id == w)
                .map_or(0, |&(_, lane)| lane)
        };
        let timer_lane = lane_of.get(&LaneKind::TimerDriver).copied();
        let mut build: Vec<LaneBuild> = kinds.iter().map(|_| LaneBuild::default()).collect();

        // Polls, on the task's lane and on the worker's lane.
        crate::hot::each(index.polls(), &mut |i, p| {
            let bar = Bar {
                first: p.start as u32,
                last: p.last(len) as u32,
                kind: BarKind::Poll {
                    task: p.task,
                    poll: i as u32,
                    result: p.result,
                    blocked: p.blocked,
                },
            };
            if let Some(lane) = task_lanes.get(p.task.0) {
                build[lane as usize].bars.push(bar);
            }
            build[worker_lane(p.worker) as usize].bars.push(bar);
        });

        // Since when each task lane's task has been queued, and in which queue.
        let mut queued_since: Vec<Option<(u32, QueueKind)>> = vec![None; kinds.len()];
        let mut child_open: BTreeMap<(TaskId, u32), ChildBar> = BTreeMap::new();
        let mut blocking_open: BTreeMap<TaskId, u32> = BTreeMap::new();
        let mut time_jumps = Vec::new();
        let mut widest_time = crate::fmt::fmt_ns_chars(0);
        let mut widest_event = "start".len();
        let mut event_t = Vec::with_capacity(len);
        let mut arrows = Vec::new();
        // The resources that are timers, as 1 (a timer) or 0, by id.
        let mut timer_kinds = Slots::for_trace(len);
        let mut last_t = None;

        crate::hot::each(&trace.events, &mut |seq, e| {
            let s = seq as u32;
            event_t.push(e.t);
            if last_t != Some(e.t) {
                time_jumps.push((s, e.t));
                widest_time = widest_time.max(crate::fmt::fmt_ns_chars(e.t));
                last_t = Some(e.t);
            }
            widest_event = widest_event.max(e.kind.name().len());
            let task_lane = |t: &TaskId| task_lanes.get(t.0).map(|l| l as usize);
            match &e.kind {
                EventKind::TaskSpawn { task, .. } => {
                    if let Some(l) = task_lane(task) {
                        build[l].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::Spawn,
                        });
                    }
                }
                EventKind::TaskSchedule { task, queue, .. } => {
                    if let Some(l) = task_lane(task) {
                        queued_since[l].get_or_insert((s, *queue));
                    }
                }
                EventKind::QueuePop { task, .. } | EventKind::PollStart { task, .. } => {
                    if let Some(l) = task_lane(task) {
                        if let Some((from, queue)) = queued_since[l].take() {
                            let last = if matches!(e.kind, EventKind::PollStart { .. }) {
                                s.saturating_sub(1).max(from)
                            } else {
                                s
                            };
                            build[l].bands.push(Bar {
                                first: from,
                                last,
                                kind: BarKind::Queued { task: *task, queue },
                            });
                        }
                    }
                }
                EventKind::ChildPollStart {
                    task,
                    depth,
                    branch,
                    ..
                } => {
                    child_open.insert(
                        (*task, *depth),
                        ChildBar {
                            first: s,
                            last: s,
                            depth: *depth,
                            branch: *branch,
                            result: None,
                        },
                    );
                }
                EventKind::ChildPollEnd {
                    task,
                    depth,
                    result,
                    ..
                } => {
                    if let Some(mut c) = child_open.remove(&(*task, *depth)) {
                        c.last = s;
                        c.result = Some(*result);
                        if let Some(l) = task_lane(task) {
                            build[l].children.push(c);
                        }
                    }
                }
                EventKind::WakerWake {
                    task, by, effect, ..
                } => {
                    let from_lane = match by {
                        Actor::Task(t) => task_lanes.get(t.0),
                        Actor::Timer => timer_lane,
                        Actor::Blocking(l) => lane_of.get(&LaneKind::Blocking(*l)).copied(),
                        Actor::Resource(r) if timer_kinds.get(r.0) == Some(1) => timer_lane,
                        Actor::Resource(_) | Actor::Runtime => None,
                    }
                    .unwrap_or_else(|| worker_lane(e.worker));
                    if let Some(to_lane) = task_lanes.get(task.0) {
                        let to_seq = if *effect == WakeEffect::Ignored {
                            None
                        } else {
                            index.next_poll_of(*task, seq).map(|p| p.start as u32)
                        };
                        arrows.push(Arrow {
                            from_lane,
                            wake_seq: s,
                            to_lane,
                            to_seq,
                            task: *task,
                            effect: *effect,
                        });
                    }
                }
                EventKind::ResourceNew {
                    resource,
                    resource_kind,
                    ..
                } => {
                    let timer = *resource_kind == ResourceKind::Timer;
                    timer_kinds.insert(resource.0, u32::from(timer));
                }
                EventKind::TimerRegister {
                    timer, deadline, ..
                } => {
                    if let Some(l) = timer_lane {
                        build[l as usize].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::TimerRegister {
                                timer: *timer,
                                deadline: *deadline,
                            },
                        });
                    }
                }
                EventKind::TimerFire { timer } => {
                    if let Some(l) = timer_lane {
                        build[l as usize].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::TimerFire { timer: *timer },
                        });
                    }
                }
                EventKind::TimeAdvance { to, .. } => {
                    let l = timer_lane.unwrap_or_else(|| worker_lane(e.worker));
                    build[l as usize].marks.push(Mark {
                        seq: s,
                        kind: MarkKind::TimeAdvance { to: *to },
                    });
                }
                EventKind::Block { .. } => {
                    // The worker is what a blocking call blocks; the task's bar is hatched.
                    build[worker_lane(e.worker) as usize].marks.push(Mark {
                        seq: s,
                        kind: MarkKind::Block,
                    });
                }
                EventKind::BlockingStart { task, .. } => {
                    blocking_open.insert(*task, s);
                }
                EventKind::BlockingEnd { task, lane } => {
                    let from = blocking_open.remove(task).unwrap_or(s);
                    let bar = Bar {
                        first: from,
                        last: s,
                        kind: BarKind::Blocking { task: *task },
                    };
                    if let Some(&l) = lane_of.get(&LaneKind::Blocking(*lane)) {
                        build[l as usize].bars.push(bar);
                    }
                    if let Some(l) = task_lane(task) {
                        build[l].bars.push(bar);
                    }
                }
                EventKind::Park { .. } => {
                    build[worker_lane(e.worker) as usize].marks.push(Mark {
                        seq: s,
                        kind: MarkKind::Park,
                    });
                }
                EventKind::Abort { task, .. } => {
                    if let Some(l) = task_lane(task) {
                        build[l].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::Abort,
                        });
                    }
                }
                EventKind::TaskTerminate { task, outcome } => {
                    if let Some(l) = task_lane(task) {
                        queued_since[l] = None;
                        build[l].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::Terminate(*outcome),
                        });
                    }
                }
                EventKind::Output {
                    task: Some(task), ..
                } => {
                    if let Some(l) = task_lane(task) {
                        build[l].marks.push(Mark {
                            seq: s,
                            kind: MarkKind::Output,
                        });
                    }
                }
                _ => {}
            }
        });
        // Still queued, still blocking, or a child still being polled when the trace ends.
        let end = len.saturating_sub(1) as u32;
        for (l, since) in queued_since.into_iter().enumerate() {
            if let (Some((from, queue)), LaneKind::Task(task)) = (since, kinds[l]) {
                build[l].bands.push(Bar {
                    first: from,
                    last: end,
                    kind: BarKind::Queued { task, queue },
                });
            }
        }
        for (task, from) in blocking_open {
            if let Some(l) = task_lanes.get(task.0) {
                build[l as usize].bars.push(Bar {
                    first: from,
                    last: end,
                    kind: BarKind::Blocking { task },
                });
            }
        }
        for ((task, _), mut c) in child_open {
            c.last = end;
            if let Some(l) = task_lanes.get(task.0) {
                build[l as usize].children.push(c);
            }
        }

        let lanes = kinds
            .iter()
            .zip(build)
            .map(|(kind, b)| {
                let (label, detail) = lane_labels(*kind, index);
                Lane {
                    kind: *kind,
                    label,
                    detail,
                    bars: Spans::new(b.bars),
                    bands: Spans::new(b.bands),
                    children: Spans::new(b.children),
                    marks: Spans::new(b.marks),
                }
            })
            .collect();
        Timeline {
            lanes,
            arrows: Spans::new(arrows),
            event_t,
            time_jumps,
            task_lanes,
            widest_time,
            widest_event,
        }
    }

    /// Every lane, top to bottom: tasks, then workers, the timer driver and blocking lanes.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// Every wake arrow.
    pub fn arrows(&self) -> &Spans<Arrow> {
        &self.arrows
    }

    /// The lane of a task.
    pub fn task_lane(&self, task: TaskId) -> Option<usize> {
        self.task_lanes.get(task.0).map(|l| l as usize)
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.event_t.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.event_t.is_empty()
    }

    /// Virtual time of event `seq` (clamped to the last event; 0 for an empty trace).
    pub fn time_of(&self, seq: usize) -> u64 {
        match self.event_t.get(seq) {
            Some(&t) => t,
            None => self.event_t.last().copied().unwrap_or(0),
        }
    }

    /// Virtual time after `step` events (0 before the first).
    pub fn time_at_step(&self, step: usize) -> u64 {
        if step == 0 {
            0
        } else {
            self.time_of(step - 1)
        }
    }

    /// Virtual time at the end.
    pub fn end_time(&self) -> u64 {
        self.event_t.last().copied().unwrap_or(0)
    }

    /// The most characters `fmt_ns` writes for any time the run reaches: what the readout holds
    /// room for, so its width (and the slider's beside it) stays put while the reader scrubs.
    pub fn widest_time(&self) -> usize {
        self.widest_time
    }

    /// The longest event name in the run (`start`, shown before the first event, included): the
    /// readout's room for it.
    pub fn widest_event(&self) -> usize {
        self.widest_event
    }

    /// Every seq where virtual time differs from the event before (seq 0 always), with the time.
    pub fn time_jumps(&self) -> &[(u32, u64)] {
        &self.time_jumps
    }

    /// The x range of the whole trace.
    pub fn extent(&self, mode: AxisMode) -> (f64, f64) {
        match mode {
            AxisMode::Step => (0.0, self.len().max(1) as f64),
            AxisMode::Time => (0.0, self.end_time().max(1) as f64),
        }
    }

    /// Left edge of event `seq`.
    pub fn x_left(&self, seq: u32, mode: AxisMode) -> f64 {
        match mode {
            AxisMode::Step => seq as f64,
            AxisMode::Time => self.time_of(seq as usize) as f64,
        }
    }

    /// Right edge of event `seq`.
    pub fn x_right(&self, seq: u32, mode: AxisMode) -> f64 {
        match mode {
            AxisMode::Step => seq as f64 + 1.0,
            AxisMode::Time => self.time_of(seq as usize) as f64,
        }
    }

    /// Middle of event `seq`.
    pub fn x_mid(&self, seq: u32, mode: AxisMode) -> f64 {
        (self.x_left(seq, mode) + self.x_right(seq, mode)) / 2.0
    }

    /// Where the playhead stands after `step` events.
    pub fn x_step(&self, step: usize, mode: AxisMode) -> f64 {
        match mode {
            AxisMode::Step => step as f64,
            AxisMode::Time => self.time_at_step(step) as f64,
        }
    }

    /// The seqs `lo..hi` whose x range can intersect `x0..=x1`.
    pub fn seq_window(&self, x0: f64, x1: f64, mode: AxisMode) -> (u32, u32) {
        let len = self.len() as u32;
        match mode {
            AxisMode::Step => {
                let lo = x0.floor().clamp(0.0, len as f64) as u32;
                let hi = x1.ceil().clamp(0.0, len as f64) as u32;
                (lo, hi.max(lo))
            }
            AxisMode::Time => {
                let lo = self.event_t.partition_point(|&t| (t as f64) < x0) as u32;
                let hi = self.event_t.partition_point(|&t| (t as f64) <= x1) as u32;
                (lo, hi)
            }
        }
    }

    /// The step a click at `x` on the axis means: the step whose playhead is nearest.
    pub fn step_at_x(&self, x: f64, mode: AxisMode) -> usize {
        let len = self.len();
        match mode {
            AxisMode::Step => x.round().clamp(0.0, len as f64) as usize,
            AxisMode::Time => {
                // After all events at or before x.
                self.event_t.partition_point(|&t| (t as f64) <= x)
            }
        }
    }
}

fn lane_labels(kind: LaneKind, index: &TraceIndex) -> (String, String) {
    match kind {
        LaneKind::Task(t) => {
            let info = index.task(t);
            let label = match info.map(|i| i.kind) {
                Some(TaskKind::BlockOn) => index.task_short(t),
                _ => format!("task {}", t.0),
            };
            let detail = match info {
                Some(i) if i.kind == TaskKind::BlockOn => "block_on".to_string(),
                Some(i) if i.kind == TaskKind::Blocking && i.name.trim().is_empty() => {
                    "spawn_blocking".to_string()
                }
                Some(i) if !i.name.trim().is_empty() && i.name.trim() != label => {
                    i.name.trim().to_string()
                }
                Some(i) if i.kind == TaskKind::Blocking => "spawn_blocking".to_string(),
                _ => "spawned".to_string(),
            };
            (label, detail)
        }
        LaneKind::Worker(w) => (format!("worker {w}"), "OS thread".to_string()),
        LaneKind::TimerDriver => ("timers".to_string(), "timer driver".to_string()),
        LaneKind::Blocking(l) => (format!("blocking {l}"), "blocking pool".to_string()),
    }
}
