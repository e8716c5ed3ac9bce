//! The state of a run at any step, computed from the trace alone.
//!
//! Step `n` means "after the first `n` events". Step 0 is before anything happened.

use crate::event::{
    Actor, EventKind, FrameState, Loc, PollResult, QueueKind, ResourceKind, TaskKind,
    TerminateOutcome, WakeEffect,
};
use crate::ids::{ResourceId, TaskId, WakerId};
use crate::trace::Trace;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// How many events lie between two stored snapshots in a [`Replay`].
pub const CHECKPOINT_EVERY: usize = 256;

/// What a task is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Waiting for a wake; not in any queue.
    Idle,
    /// In a run queue (or, for `block_on`, flagged as woken).
    Queued,
    /// Being polled right now.
    Running,
    /// Running on a blocking-pool lane.
    Blocking,
    /// Finished.
    Done(TerminateOutcome),
}

/// Where a task's future lives and whether it moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PinView {
    /// The current virtual address.
    pub addr: u64,
    /// The address at the first poll.
    pub first_addr: u64,
    /// `size_of_val` in bytes.
    pub size: u64,
    /// Whether the type is `Unpin`, where known.
    pub unpin: Option<bool>,
    /// Whether it is pinned.
    pub pinned: bool,
}

/// One task as seen at a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskView {
    /// The task.
    pub id: TaskId,
    /// Its display name.
    pub name: String,
    /// Its kind.
    pub kind: TaskKind,
    /// Who spawned it.
    pub parent: Option<TaskId>,
    /// What it is doing.
    pub state: TaskState,
    /// Polls so far.
    pub polls: u32,
    /// Wakes so far, including coalesced ones.
    pub wakes: u32,
    /// The result of its last poll.
    pub last_result: Option<PollResult>,
    /// Its state machine's state.
    pub frame: FrameState,
    /// Where it was spawned.
    pub spawned_at: Option<Loc>,
    /// Memory placement, from its first poll on.
    pub pin: Option<PinView>,
    /// Whether a wake arrived while it was running (it will be re-queued).
    pub notified: bool,
    /// The last await point it parked at. The executor records a suspension only when the
    /// await point changes, so a `Pending` poll returns the frame to this state.
    pub last_suspension: Option<FrameState>,
}

/// One live waker clone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WakerView {
    /// The clone.
    pub id: WakerId,
    /// Whose waker it is.
    pub task: TaskId,
    /// The resource and slot holding it, if stored.
    pub holder: Option<(ResourceId, String)>,
    /// Who cloned it.
    pub cloned_by: Actor,
    /// The seq numbers of every event about this clone, oldest first.
    pub history: Vec<u64>,
}

/// One live resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceView {
    /// The resource.
    pub id: ResourceId,
    /// Its kind.
    pub kind: ResourceKind,
    /// Its display name.
    pub name: String,
    /// Where it was created.
    pub loc: Option<Loc>,
    /// Its attributes, by name.
    pub attrs: BTreeMap<String, String>,
}

/// The whole state at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// How many events have been applied.
    pub step: usize,
    /// Virtual time, ns.
    pub time: u64,
    /// The local run queue, front first.
    pub run_queue: Vec<TaskId>,
    /// The inject queue, front first.
    pub inject_queue: Vec<TaskId>,
    /// Whether the `block_on` future is flagged to be polled next.
    pub block_on_woken: bool,
    /// The task being polled, if any.
    pub running: Option<TaskId>,
    /// Every task ever spawned, by id.
    pub tasks: BTreeMap<TaskId, TaskView>,
    /// Live waker clones, by id.
    pub wakers: BTreeMap<WakerId, WakerView>,
    /// Live resources, by id.
    pub resources: BTreeMap<ResourceId, ResourceView>,
    /// Pending timers: deadline (ns) and timer resource, soonest first.
    pub timers: Vec<(u64, ResourceId)>,
    /// Busy blocking-pool lanes: lane, task and end time.
    pub blocking: Vec<(u32, TaskId, u64)>,
    /// How many output events have been applied.
    pub output_events: usize,
    /// Output text length in bytes so far.
    pub output_len: usize,
}

impl Snapshot {
    /// The state before the first event.
    pub fn initial() -> Snapshot {
        Snapshot {
            step: 0,
            time: 0,
            run_queue: Vec::new(),
            inject_queue: Vec::new(),
            block_on_woken: false,
            running: None,
            tasks: BTreeMap::new(),
            wakers: BTreeMap::new(),
            resources: BTreeMap::new(),
            timers: Vec::new(),
            blocking: Vec::new(),
            output_events: 0,
            output_len: 0,
        }
    }

    /// Tasks that are pending with no live waker anywhere: nobody can ever wake them.
    pub fn lost_waker_tasks(&self) -> Vec<TaskId> {
        self.tasks
            .values()
            .filter(|t| t.state == TaskState::Idle && t.polls > 0)
            .filter(|t| !self.wakers.values().any(|w| w.task == t.id))
            .map(|t| t.id)
            .collect()
    }

    /// Applies one event. `seq` must be the next step.
    pub fn apply(&mut self, trace: &Trace, seq: usize) {
        let event = &trace.events[seq];
        self.step = seq + 1;
        self.time = event.t;
        match &event.kind {
            EventKind::TaskSpawn {
                task,
                parent,
                name,
                task_kind,
                loc,
            } => {
                self.tasks.insert(
                    *task,
                    TaskView {
                        id: *task,
                        name: name.clone(),
                        kind: *task_kind,
                        parent: *parent,
                        state: if *task_kind == TaskKind::Blocking {
                            TaskState::Blocking
                        } else {
                            TaskState::Idle
                        },
                        polls: 0,
                        wakes: 0,
                        last_result: None,
                        frame: FrameState::Unresumed,
                        spawned_at: loc.clone(),
                        pin: None,
                        notified: false,
                        last_suspension: None,
                    },
                );
            }
            EventKind::TaskSchedule { task, queue, .. } => {
                match queue {
                    QueueKind::Local => self.run_queue.push(*task),
                    QueueKind::Inject => self.inject_queue.push(*task),
                    QueueKind::BlockOnFlag => self.block_on_woken = true,
                }
                if let Some(t) = self.tasks.get_mut(task) {
                    t.state = TaskState::Queued;
                    t.notified = false;
                }
            }
            EventKind::QueuePop { task, queue, .. } => {
                let q = match queue {
                    QueueKind::Local => &mut self.run_queue,
                    QueueKind::Inject => &mut self.inject_queue,
                    QueueKind::BlockOnFlag => {
                        self.block_on_woken = false;
                        return;
                    }
                };
                if let Some(i) = q.iter().position(|t| t == task) {
                    q.remove(i);
                }
            }
            EventKind::PollStart { task, poll_no } => {
                self.running = Some(*task);
                if let Some(t) = self.tasks.get_mut(task) {
                    t.state = TaskState::Running;
                    t.polls = *poll_no;
                    t.frame = FrameState::Running;
                }
            }
            EventKind::PollEnd { task, result } => {
                self.running = None;
                if let Some(t) = self.tasks.get_mut(task) {
                    t.last_result = Some(*result);
                    if t.state == TaskState::Running {
                        t.state = TaskState::Idle;
                    }
                    if *result == PollResult::Ready {
                        t.frame = FrameState::Returned;
                    } else if t.frame == FrameState::Running {
                        t.frame = t.last_suspension.clone().unwrap_or(FrameState::Suspended {
                            index: 0,
                            label: "await".into(),
                            loc: None,
                            locals: Vec::new(),
                        });
                    }
                }
            }
            EventKind::WakerClone {
                task, waker, by, ..
            } => {
                self.wakers.insert(
                    *waker,
                    WakerView {
                        id: *waker,
                        task: *task,
                        holder: None,
                        cloned_by: *by,
                        history: vec![seq as u64],
                    },
                );
            }
            EventKind::WakerDrop { waker, .. } => {
                self.wakers.remove(waker);
            }
            EventKind::WakerWake {
                task,
                waker,
                by_ref,
                effect,
                ..
            } => {
                if let Some(w) = waker {
                    if *by_ref {
                        if let Some(view) = self.wakers.get_mut(w) {
                            view.history.push(seq as u64);
                        }
                    } else {
                        self.wakers.remove(w);
                    }
                }
                if let Some(t) = self.tasks.get_mut(task) {
                    t.wakes += 1;
                    if *effect == WakeEffect::Notified {
                        t.notified = true;
                    }
                }
            }
            EventKind::WakerStore {
                waker,
                resource,
                slot,
                ..
            } => {
                if let Some(w) = self.wakers.get_mut(waker) {
                    w.holder = Some((*resource, slot.clone()));
                    w.history.push(seq as u64);
                }
            }
            EventKind::WakerTake { waker, .. } => {
                if let Some(w) = self.wakers.get_mut(waker) {
                    w.holder = None;
                    w.history.push(seq as u64);
                }
            }
            EventKind::ResourceNew {
                resource,
                resource_kind,
                name,
                loc,
            } => {
                self.resources.insert(
                    *resource,
                    ResourceView {
                        id: *resource,
                        kind: *resource_kind,
                        name: name.clone(),
                        loc: loc.clone(),
                        attrs: BTreeMap::new(),
                    },
                );
            }
            EventKind::ResourceState {
                resource,
                attr,
                value,
            } => {
                if let Some(r) = self.resources.get_mut(resource) {
                    r.attrs.insert(attr.clone(), value.clone());
                }
            }
            EventKind::ResourceDrop { resource } => {
                self.resources.remove(resource);
                self.timers.retain(|(_, r)| r != resource);
            }
            EventKind::FutureState { task, state } => {
                if let Some(t) = self.tasks.get_mut(task) {
                    t.frame = state.clone();
                    if matches!(state, FrameState::Suspended { .. }) {
                        t.last_suspension = Some(state.clone());
                    }
                }
            }
            EventKind::Pin {
                task,
                addr,
                size,
                unpin,
                pinned,
                ..
            } => {
                if let Some(t) = self.tasks.get_mut(task) {
                    let first_addr = t.pin.as_ref().map_or(*addr, |p| p.first_addr);
                    t.pin = Some(PinView {
                        addr: *addr,
                        first_addr,
                        size: *size,
                        unpin: *unpin,
                        pinned: *pinned,
                    });
                }
            }
            EventKind::TimerRegister {
                timer, deadline, ..
            } => {
                self.timers.retain(|(_, r)| r != timer);
                let at = self.timers.partition_point(|(d, _)| d <= deadline);
                self.timers.insert(at, (*deadline, *timer));
            }
            EventKind::TimerFire { timer } => {
                self.timers.retain(|(_, r)| r != timer);
            }
            EventKind::BlockingStart { task, lane, until } => {
                self.blocking.push((*lane, *task, *until));
            }
            EventKind::BlockingEnd { task, .. } => {
                self.blocking.retain(|(_, t, _)| t != task);
            }
            EventKind::TaskTerminate { task, outcome } => {
                if let Some(t) = self.tasks.get_mut(task) {
                    t.state = TaskState::Done(*outcome);
                    if *outcome == TerminateOutcome::Ready {
                        t.frame = FrameState::Returned;
                    }
                }
                self.run_queue.retain(|t| t != task);
                self.inject_queue.retain(|t| t != task);
            }
            EventKind::Output { text, .. } => {
                self.output_events += 1;
                self.output_len += text.len();
            }
            EventKind::ChildPollStart { .. }
            | EventKind::ChildPollEnd { .. }
            | EventKind::TimeAdvance { .. }
            | EventKind::Block { .. }
            | EventKind::Park { .. }
            | EventKind::Abort { .. } => {}
        }
    }
}

/// A trace plus stored snapshots, so the state at any step costs at most
/// [`CHECKPOINT_EVERY`] event applications once the snapshots exist.
///
/// The snapshots are made lazily: [`Replay::new`] only scans the output, so opening a trace at
/// step 0 costs nothing. [`Replay::at`] makes the snapshots it passes on its way to a step, and
/// [`Replay::fill`] makes a few more, so a caller can fill them in small slices while nothing
/// else is happening. Either way a step's state is the same as from a full replay.
#[derive(Clone, Debug)]
pub struct Replay {
    trace: Trace,
    /// How many events lie between two snapshots ([`CHECKPOINT_EVERY`]; smaller in tests).
    every: usize,
    /// The state at steps `0, every, 2 * every, …`, oldest first, without gaps: entry `i` is the
    /// state after `i * every` events. Only the front part is made; it grows, never shrinks.
    checkpoints: RefCell<Vec<Snapshot>>,
    output: String,
    /// Byte offset into `output` after each output event.
    output_ends: Vec<usize>,
}

impl Replay {
    /// Prepares to replay a trace. Snapshots are made later, as steps are asked for.
    pub fn new(trace: Trace) -> Replay {
        Replay::with_spacing(trace, CHECKPOINT_EVERY)
    }

    fn with_spacing(trace: Trace, every: usize) -> Replay {
        let mut output = String::new();
        let mut output_ends = Vec::new();
        for event in &trace.events {
            if let EventKind::Output { text, .. } = &event.kind {
                output.push_str(text);
                output_ends.push(output.len());
            }
        }
        Replay {
            trace,
            every,
            checkpoints: RefCell::new(vec![Snapshot::initial()]),
            output,
            output_ends,
        }
    }

    /// The trace being replayed.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The number of steps: step `len()` is after the last event.
    pub fn len(&self) -> usize {
        self.trace.events.len()
    }

    /// Whether the trace has no events.
    pub fn is_empty(&self) -> bool {
        self.trace.events.is_empty()
    }

    /// The state after the first `step` events (clamped to the trace's length). Makes and keeps
    /// any snapshot missing before `step`, so asking again, or for a later step, is cheap.
    pub fn at(&self, step: usize) -> Snapshot {
        let step = step.min(self.len());
        let base = step / self.every;
        let mut checkpoints = self.checkpoints.borrow_mut();
        while checkpoints.len() <= base {
            self.push_next(&mut checkpoints);
        }
        let mut snap = checkpoints[base].clone();
        drop(checkpoints);
        for seq in base * self.every..step {
            snap.apply(&self.trace, seq);
        }
        snap
    }

    /// Makes the next missing snapshots, applying at most about `events` events (at least one
    /// snapshot's worth), and returns whether every snapshot now exists.
    pub fn fill(&self, events: usize) -> bool {
        let mut checkpoints = self.checkpoints.borrow_mut();
        let wanted = self.len() / self.every + 1;
        let mut budget = events.max(1);
        while checkpoints.len() < wanted && budget > 0 {
            self.push_next(&mut checkpoints);
            budget = budget.saturating_sub(self.every);
        }
        checkpoints.len() >= wanted
    }

    /// Whether every snapshot exists, so any step costs at most [`CHECKPOINT_EVERY`] event
    /// applications.
    pub fn is_filled(&self) -> bool {
        self.checkpoints.borrow().len() > self.len() / self.every
    }

    /// Appends the snapshot after the last one. The caller checks there is one to make.
    fn push_next(&self, checkpoints: &mut Vec<Snapshot>) {
        let from = (checkpoints.len() - 1) * self.every;
        let mut snap = checkpoints
            .last()
            .expect("the snapshot at step 0 is made in `new`")
            .clone();
        for seq in from..from + self.every {
            snap.apply(&self.trace, seq);
        }
        checkpoints.push(snap);
    }

    /// The program's output up to a snapshot.
    pub fn output_at(&self, snap: &Snapshot) -> &str {
        &self.output[..snap.output_len]
    }

    /// The program's whole output.
    pub fn output(&self) -> &str {
        &self.output
    }

    /// Byte offsets where each output event ends.
    pub fn output_ends(&self) -> &[usize] {
        &self.output_ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::golden_traces;

    /// The state at each of `steps`, by applying every event once from the start.
    fn states_at(trace: &Trace, steps: &[usize]) -> BTreeMap<usize, Snapshot> {
        let len = trace.events.len();
        let wanted: std::collections::BTreeSet<usize> = steps.iter().map(|&s| s.min(len)).collect();
        let mut snap = Snapshot::initial();
        let mut states = BTreeMap::new();
        for step in 0..=len {
            if step > 0 {
                snap.apply(trace, step - 1);
            }
            if wanted.contains(&step) {
                states.insert(step, snap.clone());
            }
        }
        states
    }

    /// Steps in the order a reader might ask: to the end first, back to the start, jumps
    /// both ways, single steps, and past the end.
    fn visits(len: usize) -> Vec<usize> {
        let mut steps = vec![0, len, len / 2, 1, len.saturating_sub(1), len + 10, 0];
        let mut x: u64 = 0x9e37_79b9;
        for _ in 0..100 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let step = (x >> 33) as usize % (len + 1);
            steps.extend([step, step + 1, step.saturating_sub(1)]);
        }
        // Then backwards from the end, as a reader dragging the slider left.
        steps.extend((0..=len).rev().step_by(len / 40 + 1));
        steps
    }

    #[test]
    fn lazy_snapshots_equal_a_full_replay_whatever_the_order_of_steps() {
        for (name, trace) in golden_traces() {
            let len = trace.events.len();
            let steps = visits(len);
            let want = states_at(&trace, &steps);
            for every in [5, CHECKPOINT_EVERY] {
                let replay = Replay::with_spacing(trace.clone(), every);
                for &step in &steps {
                    assert_eq!(
                        replay.at(step),
                        want[&step.min(len)],
                        "{name}: step {step}, a snapshot every {every} events"
                    );
                }
            }
        }
    }

    #[test]
    fn filling_in_slices_gives_the_same_snapshots_as_asking_for_steps() {
        for (name, trace) in golden_traces() {
            let len = trace.events.len();
            let steps = visits(len);
            // Every step around the snapshots, and a sample of the rest.
            let after: Vec<usize> = (0..=len)
                .filter(|s| s % 7 <= 1 || s % 7 == 6 || s % 5 == 0)
                .collect();
            let want = states_at(&trace, &[steps.clone(), after.clone()].concat());
            let replay = Replay::with_spacing(trace.clone(), 7);
            assert_eq!(replay.at(0), Snapshot::initial());
            assert_eq!(replay.is_filled(), len < 7, "{name}");
            let mut slices = 0;
            let mut asks = steps.iter();
            // Slices interleaved with asks, as the page does while a reader scrubs.
            while !replay.fill(20) {
                slices += 1;
                assert!(slices <= len, "{name}: filling never ends");
                if let Some(&step) = asks.next() {
                    assert_eq!(replay.at(step), want[&step.min(len)], "{name}: step {step}");
                }
            }
            assert!(replay.is_filled(), "{name}");
            assert!(replay.fill(20), "{name}: filling a full replay is a no-op");
            for step in after {
                assert_eq!(replay.at(step), want[&step], "{name}: step {step}");
            }
        }
    }

    #[test]
    fn a_new_replay_makes_no_snapshot_until_asked() {
        let (_, trace) = golden_traces()
            .into_iter()
            .max_by_key(|(_, t)| t.events.len())
            .expect("there are golden traces");
        let len = trace.events.len();
        assert!(len > 2 * CHECKPOINT_EVERY);
        let replay = Replay::new(trace);
        assert_eq!(replay.checkpoints.borrow().len(), 1);
        assert!(!replay.is_filled());
        replay.at(CHECKPOINT_EVERY + 3);
        assert_eq!(replay.checkpoints.borrow().len(), 2);
        assert!(!replay.fill(1), "one slice makes one more snapshot");
        assert_eq!(replay.checkpoints.borrow().len(), 3);
        replay.at(len);
        assert!(replay.is_filled());
        assert_eq!(
            replay.checkpoints.borrow().len(),
            len / CHECKPOINT_EVERY + 1
        );
    }

    #[test]
    fn output_is_known_before_any_snapshot() {
        for (name, trace) in golden_traces() {
            let replay = Replay::new(trace.clone());
            assert_eq!(replay.output(), trace.output(), "{name}");
            assert_eq!(
                replay.output_ends().last().copied().unwrap_or(0),
                replay.output().len()
            );
            let end = replay.at(replay.len());
            assert_eq!(replay.output_at(&end), replay.output(), "{name}");
        }
    }
}
