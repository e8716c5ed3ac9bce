//! Warnings derived from a trace alone, in the spirit of tokio-console's `warnings.rs`.

use crate::event::{Actor, EventKind, PollResult, ResourceKind, TaskKind};
use crate::ids::{ResourceId, TaskId};
use crate::snapshot::{Snapshot, TaskState};
use crate::trace::Trace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A poll that keeps the worker for at least this long (virtual ns) is a long poll.
pub const LONG_POLL_NS: u64 = 1_000_000;

/// What a lint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LintKind {
    /// A task is pending and no live waker for it exists: nothing can ever wake it.
    LostWaker,
    /// A task woke its own waker while it was being polled.
    SelfWake,
    /// A poll made a blocking call (such as `std::thread::sleep`) on the worker.
    BlockingPoll,
    /// A poll kept the worker for a long time without returning.
    LongPoll,
    /// A task finished in its very first poll after hogging the worker: it never yielded.
    NeverYielded,
    /// A task returned `Pending` while holding a `Mutex` guard.
    LockAcrossAwait,
}

/// One warning about a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lint {
    /// What kind of problem.
    pub kind: LintKind,
    /// The task it is about.
    pub task: TaskId,
    /// A plain-language explanation.
    pub message: String,
    /// The seq numbers of the events that show it (at most a few).
    pub evidence: Vec<u64>,
}

const MAX_EVIDENCE: usize = 5;

/// Derives every lint from a trace. The result is sorted by kind, then task.
pub fn lints(trace: &Trace) -> Vec<Lint> {
    let mut found: BTreeMap<(LintKind, TaskId), Lint> = BTreeMap::new();
    let mut add = |kind: LintKind, task: TaskId, seq: u64, message: String| {
        let lint = found.entry((kind, task)).or_insert(Lint {
            kind,
            task,
            message,
            evidence: Vec::new(),
        });
        if lint.evidence.len() < MAX_EVIDENCE {
            lint.evidence.push(seq);
        }
    };

    let mut running: Option<(TaskId, u64, u64, u32)> = None; // task, start seq, start t, poll_no
    let mut blocked_in_poll = false;
    let mut mutex_holder: BTreeMap<ResourceId, TaskId> = BTreeMap::new();
    let mut mutexes: BTreeMap<ResourceId, String> = BTreeMap::new();
    let mut kinds: BTreeMap<TaskId, TaskKind> = BTreeMap::new();

    for event in &trace.events {
        match &event.kind {
            EventKind::TaskSpawn {
                task, task_kind, ..
            } => {
                kinds.insert(*task, *task_kind);
            }
            EventKind::PollStart { task, poll_no } => {
                running = Some((*task, event.seq, event.t, *poll_no));
                blocked_in_poll = false;
            }
            EventKind::Block { task, label, .. } => {
                blocked_in_poll = true;
                add(
                    LintKind::BlockingPoll,
                    *task,
                    event.seq,
                    format!("{task} called `{label}` inside a poll: the worker could run nothing else meanwhile"),
                );
            }
            EventKind::WakerWake {
                task,
                by: Actor::Task(by),
                ..
            } if by == task => {
                add(
                    LintKind::SelfWake,
                    *task,
                    event.seq,
                    format!("{task} woke its own waker while being polled, so it is polled again at once"),
                );
            }
            EventKind::ResourceNew {
                resource,
                resource_kind: ResourceKind::Mutex,
                name,
                ..
            } => {
                mutexes.insert(*resource, name.clone());
            }
            EventKind::ResourceState {
                resource,
                attr,
                value,
            } if attr == "held_by" && mutexes.contains_key(resource) => {
                match value.strip_prefix("task ").and_then(|n| n.parse().ok()) {
                    Some(n) => {
                        mutex_holder.insert(*resource, TaskId(n));
                    }
                    None => {
                        mutex_holder.remove(resource);
                    }
                }
            }
            EventKind::PollEnd { task, result } => {
                if let Some((_, start_seq, start_t, poll_no)) = running.take() {
                    let busy = event.t.saturating_sub(start_t);
                    if busy >= LONG_POLL_NS && !blocked_in_poll {
                        add(
                            LintKind::LongPoll,
                            *task,
                            start_seq,
                            format!(
                                "a poll of {task} kept the worker for {} without returning",
                                fmt_ns(busy)
                            ),
                        );
                    }
                    if busy >= LONG_POLL_NS && poll_no == 1 && *result == PollResult::Ready {
                        add(
                            LintKind::NeverYielded,
                            *task,
                            start_seq,
                            format!("{task} ran to completion in its first poll, holding the worker for {}", fmt_ns(busy)),
                        );
                    }
                }
                if *result == PollResult::Pending {
                    for (res, holder) in &mutex_holder {
                        if holder == task {
                            let name = mutexes.get(res).map_or("a Mutex", String::as_str);
                            add(
                                LintKind::LockAcrossAwait,
                                *task,
                                event.seq,
                                format!("{task} returned Pending while holding the lock of `{name}`; every other locker waits for it"),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }

    let mut end = Snapshot::initial();
    for seq in 0..trace.events.len() {
        end.apply(trace, seq);
    }
    for task in end.lost_waker_tasks() {
        let seq = trace
            .events
            .iter()
            .rev()
            .find(|e| matches!(e.kind, EventKind::PollEnd { task: t, .. } if t == task))
            .map_or(0, |e| e.seq);
        if end
            .tasks
            .get(&task)
            .is_some_and(|t| t.state == TaskState::Idle)
        {
            add(
                LintKind::LostWaker,
                task,
                seq,
                format!(
                    "{task} is Pending and no one holds its waker, so nothing can ever wake it"
                ),
            );
        }
    }
    found.into_values().collect()
}

/// Formats virtual nanoseconds for people: `250 ms`, `1.5 s`, `40 µs`.
pub(crate) fn fmt_ns(ns: u64) -> String {
    if ns >= 1_000_000_000 && ns.is_multiple_of(1_000_000) {
        format!("{} s", trim(ns as f64 / 1e9))
    } else if ns >= 1_000_000 {
        format!("{} ms", trim(ns as f64 / 1e6))
    } else if ns >= 1_000 {
        format!("{} µs", trim(ns as f64 / 1e3))
    } else {
        format!("{ns} ns")
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
