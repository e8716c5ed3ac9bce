//! One plain sentence for the event at each step, for the live narration region.
//!
//! Sentences use `backticks` around code; the page renders them as code and screen readers read
//! them as plain words. They look behind and ahead in the trace where the single event does not
//! say enough (what a poll was waiting for, who keeps the waker, which timer a wake came from).

use crate::fmt::{fmt_addr, fmt_ns, join_and, plural};
use crate::index::TraceIndex;
use asyncviz_trace::{
    Actor, AdvanceReason, EventKind, FrameState, Loc, LockHolder, PollResult, QueueKind,
    ResourceId, ResourceKind, ScheduleCause, Snapshot, Stream, TaskId, TaskKind, TerminateOutcome,
    Trace, WakeEffect, WakerId, HELD_BY, UNKNOWN_AWAIT,
};
use std::borrow::Cow;

/// What a task awaits, for a sentence: the program's own words in code type, or the prose
/// [`UNKNOWN_AWAIT`] as it is.
pub(crate) fn await_text(label: &str) -> Cow<'_, str> {
    if label == UNKNOWN_AWAIT {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(format!("`{label}`"))
    }
}

/// The narration for the state after `snap.step` events: a sentence about the last event.
pub fn narrate(trace: &Trace, index: &TraceIndex, snap: &Snapshot) -> String {
    let step = snap.step.min(trace.events.len());
    if step == 0 {
        return "Nothing has run yet: `main` is a future, and a future does nothing until something polls it. Press Play or `.` to step.".to_string();
    }
    // The sentence builder is large and each step runs a small part of it: kept apart from the
    // page's render, which V8 would otherwise recompile with it (`hot::apart`).
    crate::hot::apart(|| {
        let n = Narrator {
            trace,
            index,
            snap,
            seq: step - 1,
        };
        capitalise(&n.sentence())
    })
}

struct Narrator<'a> {
    trace: &'a Trace,
    index: &'a TraceIndex,
    snap: &'a Snapshot,
    seq: usize,
}

impl Narrator<'_> {
    /// A task as the subject or object of a sentence: `` `main` ``, `task 2 (producer)`.
    fn task(&self, t: TaskId) -> String {
        if self.is_block_on(t) {
            format!("`{}`", self.index.task_name(t))
        } else {
            self.index.task_name(t)
        }
    }

    /// A task's possessive, without its name in parentheses: `` `main`'s ``, `task 2's`.
    fn poss(&self, t: TaskId) -> String {
        if self.is_block_on(t) {
            format!("`{}`'s", self.index.task_name(t))
        } else {
            format!("task {}'s", t.0)
        }
    }

    fn is_block_on(&self, t: TaskId) -> bool {
        self.index
            .task(t)
            .is_some_and(|i| i.kind == TaskKind::BlockOn)
    }

    fn res(&self, r: ResourceId) -> String {
        format!("`{}`", self.index.resource_name(r))
    }

    fn actor(&self, a: Actor) -> String {
        match a {
            Actor::Task(t) => self.task(t),
            Actor::Timer => "the timer driver".to_string(),
            Actor::Resource(r) => self.res(r),
            Actor::Blocking(l) => format!("blocking thread {l}"),
            Actor::Runtime => "the runtime".to_string(),
        }
    }

    fn worker(&self) -> String {
        if self.index.workers().len() > 1 {
            format!("worker {}", self.trace.events[self.seq].worker)
        } else {
            "the worker".to_string()
        }
    }

    fn line(loc: &Option<Loc>) -> String {
        match loc {
            Some(l) => format!(" at line {}", l.line),
            None => String::new(),
        }
    }

    /// The events of the poll the current event is in, from its start up to `self.seq`.
    fn poll_events(&self) -> std::ops::Range<usize> {
        match self.index.poll_at(self.seq) {
            Some(p) => p.start..self.seq + 1,
            None => self.seq..self.seq + 1,
        }
    }

    /// A resource's attribute changed: the attributes the executor's mutexes, channels and
    /// join handles keep, in words; any other (a program's own resource) as `name = value`.
    fn resource_state(&self, r: ResourceId, attr: &str, value: &str) -> String {
        use ResourceKind::{JoinHandle, JoinSet, Mpsc, Mutex, Notify, Oneshot, RwLock, Semaphore};
        let res = self.res(r);
        let count = value.parse::<usize>().ok();
        let Some(kind) = self.index.resource(r).map(|i| i.kind) else {
            return format!("{res} now has {attr} = {value}");
        };
        match (kind, attr, count) {
            (Mutex, HELD_BY, _) => match LockHolder::parse(value) {
                Some(LockHolder::Free) => format!("{res} is unlocked: no task holds it"),
                Some(LockHolder::Task(t)) => {
                    format!("{} takes the lock of {res}, and holds it until its guard is dropped", self.task(t))
                }
                Some(LockHolder::HandedTo { task, label, line }) => format!(
                    "The lock of {res} is released and handed straight to its oldest waiter, {} {}{}: the lock is that future's, and it takes it when it is next polled; no other locker can take it first",
                    self.poss(task),
                    await_text(&label),
                    line.map_or(String::new(), |l| format!(" at line {l}")),
                ),
                None => format!("{res} now has {attr} = {value}"),
            },
            (Mutex, "waiters", Some(0)) => format!("No locker waits for {res} any more"),
            (Mutex, "waiters", Some(n)) => format!(
                "{} for {res}, first come, first served",
                plural(n, "locker waits", "lockers wait")
            ),
            (Mpsc, "queued", Some(0)) => format!("{res} is empty now"),
            (Mpsc, "queued", Some(n)) => format!("{res} now holds {}", plural(n, "message", "messages")),
            (Mpsc, "senders", Some(0)) => format!(
                "The last Sender of {res} is gone: once it is empty, `recv()` returns `None`"
            ),
            (Mpsc, "senders", Some(n)) => format!("{res} now has {}", plural(n, "Sender", "Senders")),
            (Oneshot, "state", _) if value == "value sent" => {
                format!("A value is sent on {res}: its receiver can take it")
            }
            (Oneshot, "state", _) if value == "sender dropped" => {
                format!("The Sender of {res} is dropped without sending: its receiver gets an error")
            }
            (RwLock, "readers", Some(0)) => format!("Nobody reads {res} now"),
            (RwLock, "readers", Some(n)) => format!("{res} now has {}", plural(n, "reader", "readers")),
            (RwLock, "writer", _) if value == "none" => format!("Nobody writes {res} now"),
            (RwLock, "writer", _) => match value.strip_prefix("task ").and_then(|id| id.parse().ok()) {
                Some(id) => format!("{} takes the write lock of {res}: nobody else reads or writes until it lets go", self.task(TaskId(id))),
                None => format!("{res} now has {attr} = {value}"),
            },
            (RwLock, "waiters", Some(0)) => format!("No task waits for {res} any more"),
            (RwLock, "waiters", Some(n)) => format!("{} for {res}, first come, first served", plural(n, "task waits", "tasks wait")),
            (Notify, "permit", _) if value == "stored" => format!(
                "Nobody waits on {res}, so it stores the notification as a permit: the next `notified().await` returns at once"
            ),
            (Notify, "permit", _) => format!("{res} holds no permit now"),
            (Notify, "waiters", Some(0)) => format!("No task waits on {res} any more"),
            (Notify, "waiters", Some(n)) => format!("{} on {res}", plural(n, "task waits", "tasks wait")),
            (Semaphore, "permits", Some(0)) => format!("{res} has no permit free: the next `acquire` waits"),
            (Semaphore, "permits", Some(n)) => format!("{res} has {} free", plural(n, "permit", "permits")),
            (Semaphore, "waiters", Some(0)) => format!("No task waits for {res} any more"),
            (Semaphore, "waiters", Some(n)) => format!(
                "{} for a permit of {res}, first come, first served",
                plural(n, "task waits", "tasks wait")
            ),
            (Semaphore, "closed", _) => format!("{res} is closed: every waiting and later `acquire` fails"),
            (JoinSet, "len", Some(0)) => format!("{res} is empty now: `join_next` will return `None`"),
            (JoinSet, "len", Some(n)) => format!("{res} now holds {}", plural(n, "task", "tasks")),
            (JoinHandle, "task", _) => match value.strip_prefix("task ").and_then(|id| id.parse().ok()) {
                Some(id) => format!(
                    "{res} is tied to {}: awaiting it waits for that task's output",
                    self.task(TaskId(id))
                ),
                None => format!("{res} now has {attr} = {value}"),
            },
            _ => format!("{res} now has {attr} = {value}"),
        }
    }

    /// A JoinHandle is dropped: its task runs on detached, unless it has finished (its output
    /// was taken, or is dropped with the handle) or was aborted just before (as a `JoinSet`
    /// does to its tasks when it is dropped).
    fn join_handle_dropped(&self, r: ResourceId) -> String {
        let res = self.res(r);
        let task = self
            .index
            .resource_name(r)
            .strip_prefix("JoinHandle<task ")
            .and_then(|rest| rest.strip_suffix('>'))
            .and_then(|id| id.parse().ok())
            .map(TaskId);
        let Some(task) = task else {
            return format!("{res} is dropped: the task runs on, detached (dropping a JoinHandle does not cancel its task)");
        };
        let ended = self
            .index
            .task(task)
            .and_then(|i| i.end)
            .is_some_and(|(seq, _)| seq < self.seq);
        if ended {
            return format!(
                "{res} is dropped: {} has finished, so nothing is left to wait for",
                self.task(task)
            );
        }
        // The aborts a dropped JoinSet makes come right before its handles' drops.
        let window = self.seq.saturating_sub(256)..self.seq;
        let aborted = self.trace.events[window]
            .iter()
            .any(|e| matches!(e.kind, EventKind::Abort { task: t, .. } if t == task));
        if aborted {
            format!("{res} is dropped: {} was aborted just before, so it is cancelled the next time it would run", self.task(task))
        } else {
            format!("{res} is dropped: the task runs on, detached (dropping a JoinHandle does not cancel its task)")
        }
    }

    fn sentence(&self) -> String {
        let event = &self.trace.events[self.seq];
        match &event.kind {
            EventKind::TaskSpawn { task, parent, task_kind, loc, .. } => match (task_kind, parent) {
                (TaskKind::BlockOn, _) => format!(
                    "`#[tokio::main]` builds a runtime and calls `block_on` on `main`'s future: {} exists now but has not run",
                    self.task(*task)
                ),
                (TaskKind::Blocking, Some(p)) => format!(
                    "{} hands a closure to `spawn_blocking`{}: it becomes {}, which runs on the blocking pool, not on the worker",
                    self.task(*p),
                    Self::line(loc),
                    self.task(*task)
                ),
                (_, Some(p)) => format!(
                    "{} spawns {}{}: the new task is queued, never polled on the spot",
                    self.task(*p),
                    self.index.task_name_full(*task),
                    Self::line(loc)
                ),
                (_, None) => format!("{} is spawned{}", self.task(*task), Self::line(loc)),
            },
            EventKind::TaskSchedule { task, cause, by, queue, depth_after, .. } => {
                let t = self.task(*task);
                let place = match queue {
                    QueueKind::Local => format!("the back of the run queue ({} waiting)", depth_after),
                    QueueKind::Inject => format!("the inject queue, where wakes from outside the worker go ({} waiting)", depth_after),
                    QueueKind::BlockOnFlag => String::new(),
                };
                if *queue == QueueKind::BlockOnFlag {
                    return match cause {
                        ScheduleCause::Spawn => format!("`block_on` marks {t} as woken, so it is polled first"),
                        _ => format!("{} woken flag is set, so `block_on` will poll it again", self.poss(*task)),
                    };
                }
                match cause {
                    ScheduleCause::Spawn => format!("{t} goes to {place}"),
                    ScheduleCause::Wake => format!("The wake from {} puts {t} at {place}", self.actor(*by)),
                    ScheduleCause::SelfWake => format!("{t} woke itself during its poll, so it goes to {place}"),
                    ScheduleCause::Yield => format!("The deferred wake from `yield_now` is released: {t} goes to {place}, behind everyone already waiting"),
                    ScheduleCause::Abort => format!("{t} is queued so its cancellation can run: it goes to {place}"),
                }
            }
            EventKind::QueuePop { task, queue, depth_after } => match queue {
                QueueKind::BlockOnFlag => format!("`block_on` sees {} woken flag and clears it", self.poss(*task)),
                QueueKind::Local => format!(
                    "The scheduler takes {} from the front of the run queue ({} left)",
                    self.task(*task),
                    depth_after
                ),
                QueueKind::Inject => format!(
                    "The scheduler takes {} from the inject queue ({} left)",
                    self.task(*task),
                    depth_after
                ),
            },
            EventKind::PollStart { task, poll_no } => self.poll_start(*task, *poll_no),
            EventKind::PollEnd { task, result } => self.poll_end(*task, *result),
            EventKind::ChildPollStart { task, label, .. } => {
                format!("Inside {}, `{}` is polled", self.task(*task), label)
            }
            EventKind::ChildPollEnd { task, depth, branch, result } => {
                let label = self.poll_events().rev().find_map(|s| match &self.trace.events[s].kind {
                    EventKind::ChildPollStart { task: t, depth: d, branch: b, label } if t == task && d == depth && b == branch => Some(label.clone()),
                    _ => None,
                });
                let what = label.map_or(format!("branch {branch}"), |l| format!("`{l}`"));
                match result {
                    PollResult::Pending => format!("{what} returns Pending: not ready yet"),
                    PollResult::Ready => format!("{what} returns Ready: this branch is done"),
                    PollResult::Panicked => format!("{what} panicked"),
                }
            }
            EventKind::WakerClone { task, waker, from, by } => {
                let kept_by = self.trace.events[self.seq + 1..].iter().take(8).find_map(|e| match &e.kind {
                    EventKind::WakerStore { waker: w, resource, .. } if w == waker => Some(*resource),
                    _ => None,
                });
                let subject = match by {
                    Actor::Task(t) if t == task => self.task(*task),
                    a => self.actor(*a),
                };
                let what = match from {
                    Some(f) => format!("{subject} clones {f}, {} waker, as {waker}", self.poss(*task)),
                    None if *by == Actor::Task(*task) => format!("{subject} clones its waker from its `Context` as {waker}"),
                    None => format!("{subject} clones {} waker as {waker}", self.poss(*task)),
                };
                match kept_by {
                    Some(r) => format!("{what}, so that {} can wake it later", self.res(r)),
                    None => what,
                }
            }
            EventKind::WakerDrop { task, waker, by } => {
                let who = match by {
                    Actor::Runtime => String::new(),
                    a => format!(" by {}", self.actor(*a)),
                };
                format!("{waker} ({} waker) is dropped{who} without being woken", self.poss(*task))
            }
            EventKind::WakerWake { task, waker, by_ref, by, effect } => self.wake(*task, *waker, *by_ref, *by, *effect),
            EventKind::WakerStore { waker, task, resource, slot } => format!(
                "{} keeps {waker} ({} waker) in its {} slot: that is how it will wake {} later",
                self.res(*resource),
                self.poss(*task),
                quoted_slot(slot),
                self.task(*task)
            ),
            EventKind::WakerTake { waker, resource } => {
                let next = self.trace.events[self.seq + 1..].iter().take(8).find_map(|e| match &e.kind {
                    EventKind::WakerWake { waker: Some(w), .. } if w == waker => Some("to wake it"),
                    EventKind::WakerDrop { waker: w, .. } if w == waker => Some("and drops it"),
                    _ => None,
                });
                match next {
                    Some(what) => format!("{} takes {waker} out of its slot {what}", self.res(*resource)),
                    None => format!("{} takes {waker} out of its slot", self.res(*resource)),
                }
            }
            EventKind::ResourceNew { resource, resource_kind, name, loc } => {
                let who = match self.index.poll_at(self.seq) {
                    Some(p) => self.task(p.task),
                    None => "The runtime".to_string(),
                };
                let what = match resource_kind {
                    ResourceKind::Timer => "a timer future; the clock is not involved until it is polled",
                    ResourceKind::Oneshot => "a oneshot channel",
                    ResourceKind::Mpsc => "an mpsc channel",
                    ResourceKind::Mutex => "an async Mutex",
                    ResourceKind::JoinHandle => "a JoinHandle, which will hold the task's result",
                    ResourceKind::RwLock => "an async RwLock: many readers or one writer, served in the order they came",
                    ResourceKind::Notify => "a Notify, which wakes a waiting task without sending it anything",
                    ResourceKind::Semaphore => "a Semaphore, which hands out a fixed number of permits, first come, first served",
                    ResourceKind::JoinSet => "a JoinSet, which gives its tasks' results in the order they finish and aborts the rest when dropped",
                    ResourceKind::DeferList => "the runtime's list of deferred wakes",
                    ResourceKind::Custom => "a resource of the program's own",
                };
                let _ = resource;
                format!("{who} creates `{name}`{}: {what}", Self::line(loc))
            }
            EventKind::ResourceState { resource, attr, value } => self.resource_state(*resource, attr, value),
            EventKind::ResourceDrop { resource } => match self.index.resource(*resource).map(|r| r.kind) {
                Some(ResourceKind::JoinHandle) => self.join_handle_dropped(*resource),
                Some(ResourceKind::JoinSet) => format!(
                    "{} is dropped: every task still in it has been aborted (unlike a lone JoinHandle, a JoinSet does not let its tasks run on)",
                    self.res(*resource)
                ),
                Some(ResourceKind::Timer) => format!("{} is dropped, and its timer entry with it", self.res(*resource)),
                _ => format!("{} is dropped", self.res(*resource)),
            },
            EventKind::FutureState { task, state } => match state {
                FrameState::Suspended { index, label, loc, .. } => format!(
                    "{} state machine parks at await #{index}{}: {}",
                    self.poss(*task),
                    Self::line(loc),
                    await_text(label)
                ),
                FrameState::Running => format!("{} state machine resumes", self.poss(*task)),
                FrameState::Returned => format!("{} state machine reaches its end and returns", self.poss(*task)),
                FrameState::Unresumed => format!("{} future is created but has not started (Unresumed)", self.poss(*task)),
            },
            EventKind::Pin { task, addr, size, unpin, pinned, moved_from } => {
                let unpin = match unpin {
                    Some(true) => "its type is Unpin",
                    Some(false) => "its type is !Unpin, so it must not move once polled",
                    None => "whether its type is Unpin is not known",
                };
                match moved_from {
                    Some(from) => format!(
                        "{} future ({size} bytes) moved from {} to {}; {unpin}",
                        self.poss(*task),
                        fmt_addr(*from),
                        fmt_addr(*addr)
                    ),
                    None if *pinned => format!(
                        "{} future ({size} bytes) is pinned at {}: it stays there until it is dropped; {unpin}",
                        self.poss(*task),
                        fmt_addr(*addr)
                    ),
                    None => format!("{} future ({size} bytes) is at {}, not pinned; {unpin}", self.poss(*task), fmt_addr(*addr)),
                }
            }
            EventKind::TimerRegister { timer, deadline, task } => format!(
                "{} registers {} with the timer driver, due at t = {}",
                self.task(*task),
                self.res(*timer),
                fmt_ns(*deadline)
            ),
            EventKind::TimerFire { timer } => {
                format!("Virtual time is {}: the timer driver fires {}", fmt_ns(event.t), self.res(*timer))
            }
            EventKind::TimeAdvance { from, to, reason } => match reason {
                AdvanceReason::IdleJump => format!(
                    "Nothing can run, so virtual time jumps from {} to {}, the next timer's deadline",
                    fmt_ns(*from),
                    fmt_ns(*to)
                ),
                AdvanceReason::PollCost => format!("The poll took {} of virtual time: the clock moves to {}", fmt_ns(to.saturating_sub(*from)), fmt_ns(*to)),
                AdvanceReason::Blocking => format!(
                    "The worker was blocked, so the clock moves from {} to {} while nothing else ran",
                    fmt_ns(*from),
                    fmt_ns(*to)
                ),
            },
            EventKind::Block { task, duration, label } => format!(
                "{} calls `{label}` inside its poll: {} is stuck for {} and can run nothing else",
                self.task(*task),
                self.worker(),
                fmt_ns(*duration)
            ),
            EventKind::BlockingStart { task, lane, until } => format!(
                "{} starts on blocking thread {lane} and will finish at t = {}, while the worker keeps running tasks",
                self.task(*task),
                fmt_ns(*until)
            ),
            EventKind::BlockingEnd { task, lane } => format!("{} finishes on blocking thread {lane}", self.task(*task)),
            EventKind::Park { .. }
                if matches!(self.trace.events.get(self.seq + 1).map(|e| &e.kind), Some(EventKind::Park { .. })) =>
            {
                format!(
                    "{} parks, but returns at once without moving the clock: an earlier wake of `main` had already unparked the driver (tokio's paused clock only jumps when nothing woke it), so it checks again",
                    self.worker()
                )
            }
            EventKind::Park { ready, timers } => {
                if *ready == 0 && *timers > 0 {
                    format!("{} has nothing to run and parks, waiting for the next of {}", self.worker(), plural(*timers as usize, "timer", "timers"))
                } else if *ready == 0 {
                    format!("{} has nothing to run and parks", self.worker())
                } else {
                    format!("{} parks with {} ready", self.worker(), plural(*ready as usize, "task", "tasks"))
                }
            }
            EventKind::Abort { task, by } => format!(
                "{} aborts {} through its JoinHandle: it will be cancelled at its next await point",
                self.actor(*by),
                self.task(*task)
            ),
            EventKind::TaskTerminate { task, outcome } => {
                let t = self.task(*task);
                let block_on = self.index.task(*task).is_some_and(|i| i.kind == TaskKind::BlockOn);
                match outcome {
                    TerminateOutcome::Ready if block_on => format!("{t} has finished, so `block_on` returns and the runtime shuts down"),
                    TerminateOutcome::Ready => format!("{t} has finished: its JoinHandle now holds its output"),
                    TerminateOutcome::Cancelled => format!("{t} is cancelled: its future is dropped where it was parked"),
                    TerminateOutcome::Panicked => format!("{t} panicked"),
                    TerminateOutcome::DroppedAtShutdown => format!(
                        "`main` has returned, so the runtime drops {t} while it is still pending: it never finishes"
                    ),
                }
            }
            EventKind::Output { task, stream, text } => {
                let who = task.map_or("The program".to_string(), |t| self.task(t));
                let verb = if *stream == Stream::Stderr { "writes to stderr" } else { "prints" };
                let shown = text.trim_end_matches('\n');
                let shown: String = if shown.chars().count() > 80 { shown.chars().take(79).chain(['…']).collect() } else { shown.to_string() };
                format!("{who} {verb} “{shown}”")
            }
        }
    }

    fn poll_start(&self, task: TaskId, poll_no: u32) -> String {
        let t = self.task(task);
        let block_on = self
            .index
            .task(task)
            .is_some_and(|i| i.kind == TaskKind::BlockOn);
        let poller = if block_on {
            "`block_on`".to_string()
        } else {
            self.worker()
        };
        if poll_no <= 1 {
            return if block_on {
                format!("{poller} polls {t} for the first time: the body of `async fn main` starts running")
            } else {
                format!(
                    "{poller} polls {t} for the first time: its body starts running from the top"
                )
            };
        }
        // Where it resumes from: the last await point it parked at.
        let parked = self.last_suspend(task, self.seq);
        match parked {
            Some((label, loc)) => format!(
                "{poller} polls {t} again (poll {poll_no}): it resumes at {}{}",
                await_text(&label),
                Self::line(&loc)
            ),
            None => format!("{poller} polls {t} again (poll {poll_no})"),
        }
    }

    /// The label and place of the last await point `task` parked at before `seq`.
    fn last_suspend(&self, task: TaskId, seq: usize) -> Option<(String, Option<Loc>)> {
        self.suspend_at(self.index.parked_before(task, seq)?)
    }

    fn suspend_at(&self, seq: usize) -> Option<(String, Option<Loc>)> {
        match &self.trace.events.get(seq)?.kind {
            EventKind::FutureState {
                state: FrameState::Suspended { label, loc, .. },
                ..
            } => Some((label.clone(), loc.clone())),
            _ => None,
        }
    }

    fn poll_end(&self, task: TaskId, result: PollResult) -> String {
        let t = self.task(task);
        let range = self.poll_events();
        let events = &self.trace.events[range.clone()];
        // Where this poll parked; if the executor did not repeat an unchanged await point, the
        // state machine is still where it parked last time.
        let awaited = self
            .index
            .poll_at(self.seq)
            .and_then(|p| p.parked)
            .and_then(|s| self.suspend_at(s))
            .map(|(label, _)| label)
            .or_else(|| match self.snap.tasks.get(&task).map(|t| &t.frame) {
                Some(FrameState::Suspended { index, label, .. }) if *index > 0 => {
                    Some(label.clone())
                }
                _ => None,
            })
            .or_else(|| self.last_suspend(task, self.seq).map(|(label, _)| label));
        match result {
            PollResult::Ready => {
                if self
                    .index
                    .task(task)
                    .is_some_and(|i| i.kind == TaskKind::BlockOn)
                {
                    format!("{t} returns Ready: `async fn main` has reached its end")
                } else {
                    format!("{t} returns Ready: its future has run to completion")
                }
            }
            PollResult::Panicked => format!("{} poll panicked", self.poss(task)),
            PollResult::Pending => {
                let what = match &awaited {
                    Some(label) => {
                        format!(
                            "{t} polled {}: not ready, so it returns Pending",
                            await_text(label)
                        )
                    }
                    None => format!("{t} is not ready, so its poll returns Pending"),
                };
                let self_woken = events.iter().any(|e| {
                    matches!(&e.kind, EventKind::WakerWake { task: w, by: Actor::Task(b), .. } if *w == task && *b == task)
                });
                if self_woken {
                    return format!("{what}; it already woke itself, so it will be polled again after the tasks ahead of it");
                }
                // Who keeps the waker: stores during this poll, else what still holds one.
                let mut holders: Vec<(ResourceId, WakerId)> = events
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::WakerStore {
                            waker,
                            task: w,
                            resource,
                            ..
                        } if *w == task => Some((*resource, *waker)),
                        _ => None,
                    })
                    .collect();
                holders.retain(|(_, w)| self.snap.wakers.contains_key(w));
                if holders.is_empty() {
                    holders = self
                        .snap
                        .wakers
                        .values()
                        .filter(|w| w.task == task)
                        .filter_map(|w| w.holder.as_ref().map(|(r, _)| (*r, w.id)))
                        .collect();
                    if holders.is_empty() {
                        if self.snap.wakers.values().any(|w| w.task == task) {
                            return format!(
                                "{what}; a clone of its waker is still alive, so it can be woken"
                            );
                        }
                        if self.snap.run_queue.contains(&task)
                            || self.snap.tasks.get(&task).is_some_and(|v| v.notified)
                        {
                            return format!("{what}; it is already queued to run again");
                        }
                        return format!(
                            "{what}, and no one holds its waker: nothing can ever wake it"
                        );
                    }
                    return format!(
                        "{what}; {}",
                        self.holders(
                            &holders,
                            awaited.as_deref(),
                            "still holds its waker",
                            "still hold its wakers"
                        )
                    );
                }
                format!(
                    "{what}; {}",
                    self.holders(
                        &holders,
                        awaited.as_deref(),
                        "keeps a clone of its waker",
                        "keep clones of its waker"
                    )
                )
            }
        }
    }

    /// "the timer keeps a clone of its waker (waker #4)", "`a` and `b` keep clones of its waker
    /// (wakers #2 and #3)".
    fn holders(
        &self,
        holders: &[(ResourceId, WakerId)],
        awaited: Option<&str>,
        one: &str,
        many: &str,
    ) -> String {
        let wakers: Vec<String> = holders.iter().map(|(_, w)| format!("#{}", w.0)).collect();
        if let [(r, w)] = holders {
            let info = self.index.resource(*r);
            let is_timer = info.is_some_and(|i| i.kind == ResourceKind::Timer);
            let named_already = info.is_some_and(|i| Some(i.name.as_str()) == awaited);
            let who = match (is_timer, named_already) {
                (true, true) => "the timer".to_string(),
                (true, false) => format!("the timer {}", self.res(*r)),
                (false, true) => "it".to_string(),
                (false, false) => self.res(*r),
            };
            return format!("{who} {one} ({w})");
        }
        let names: Vec<String> = holders.iter().map(|(r, _)| self.res(*r)).collect();
        if names.iter().all(|n| *n == names[0]) {
            let all_timers = holders.iter().all(|(r, _)| {
                self.index
                    .resource(*r)
                    .is_some_and(|i| i.kind == ResourceKind::Timer)
            });
            let count = if names.len() == 2 {
                "both".to_string()
            } else {
                format!("all {}", names.len())
            };
            // "both `sleep(1s)` timers", "both `oneshot channel`s".
            let noun = if all_timers { " timers" } else { "s" };
            return format!(
                "{count} {}{noun} {many} (wakers {})",
                names[0],
                join_and(&wakers)
            );
        }
        format!("{} {many} (wakers {})", join_and(&names), join_and(&wakers))
    }

    fn wake(
        &self,
        task: TaskId,
        waker: Option<WakerId>,
        by_ref: bool,
        by: Actor,
        effect: WakeEffect,
    ) -> String {
        let t = self.task(task);
        let how = match waker {
            Some(w) if by_ref => format!("{w}, by reference"),
            Some(w) => w.to_string(),
            None => "the waker it was polled with".to_string(),
        };
        // The resource that last gave this waker up, if any: it names the timer or the yield.
        let taken_from = waker.and_then(|w| {
            self.trace.events[..self.seq]
                .iter()
                .rev()
                .take(64)
                .find_map(|e| match &e.kind {
                    EventKind::WakerTake {
                        waker: ww,
                        resource,
                    } if *ww == w => Some(*resource),
                    _ => None,
                })
        });
        let deferred = taken_from
            .and_then(|r| self.index.resource(r))
            .is_some_and(|r| r.kind == ResourceKind::DeferList);
        let who = if by == Actor::Task(task) {
            format!("{t} wakes itself through {how}")
        } else if deferred {
            format!("The runtime releases the wake that `yield_now` deferred and wakes {t} through {how}")
        } else {
            let source = match (by, taken_from) {
                (Actor::Timer, Some(r)) => format!("the timer {}", self.res(r)),
                (a, _) => self.actor(a),
            };
            format!("{source} wakes {t} through {how}")
        };
        match effect {
            WakeEffect::Scheduled => format!("{who}: it was idle, so it is scheduled"),
            WakeEffect::Coalesced => {
                let n = self.wakes_since_queued(task);
                format!("{who}, but it is already queued: the wakes coalesce into one poll (×{n})")
            }
            WakeEffect::Notified => format!(
                "{who} while it is running: it will be polled again after this poll returns"
            ),
            WakeEffect::Ignored => {
                format!("{who}, but it has already finished, so nothing happens")
            }
        }
    }

    /// Wakes of `task` since it last entered a queue, counting the current one.
    fn wakes_since_queued(&self, task: TaskId) -> usize {
        let mut n = 0;
        for e in self.trace.events[..=self.seq].iter().rev() {
            match &e.kind {
                EventKind::WakerWake { task: t, .. } if *t == task => n += 1,
                EventKind::TaskSchedule { task: t, .. } if *t == task => break,
                EventKind::PollStart { task: t, .. } if *t == task => break,
                _ => {}
            }
        }
        n.max(2)
    }
}

fn quoted_slot(slot: &str) -> String {
    if slot.is_empty() {
        "waker".to_string()
    } else {
        format!("“{slot}”")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect::<String>() + ".",
        Some(_) => s.to_string() + ".",
        None => String::new(),
    }
}
