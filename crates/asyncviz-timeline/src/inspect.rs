//! Plain-language views of the state at a step: a task's future (pin and state machine), the
//! live wakers and who holds them, lost-waker stories, the run's outcome and its lints.

use crate::fmt::{fmt_addr, fmt_ns};
use crate::index::TraceIndex;
use crate::narrate::await_text;
use asyncviz_trace::{
    Actor, EventKind, FrameState, Lint, LintKind, Outcome, Snapshot, TaskId, TaskKind, TaskState,
    TerminateOutcome, Trace, WakerId,
};

/// A task's future, described for the inspector panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDetails {
    /// The task.
    pub id: TaskId,
    /// Its name in sentences, e.g. `task 2 (producer)`.
    pub name: String,
    /// `block_on future`, `spawned task`, `spawn_blocking closure`.
    pub kind: String,
    /// What the task is doing: `idle, waiting for a wake`, `queued`, ...
    pub state: String,
    /// Its state machine, e.g. "Suspended at await #1, line 12: `sleep(100 ms)`" (backticks
    /// around code, as in the narration).
    pub frame: String,
    /// Short state-machine variant: `Unresumed`, `Suspended(1)`, `Running`, `Returned`.
    pub variant: String,
    /// The line the frame is parked at.
    pub frame_line: Option<u32>,
    /// Locals held across the await, where known.
    pub locals: Vec<(String, String)>,
    /// Whether locals are known at all (the interpreter knows them; compiled Rust does not).
    pub locals_known: bool,
    /// Polls so far.
    pub polls: u32,
    /// Wakes so far, coalesced ones included.
    pub wakes: u32,
    /// Pin facts as label/value rows; empty before the first poll.
    pub pin: Vec<(String, String)>,
    /// Why there are no pin facts, if there are none.
    pub pin_note: Option<String>,
    /// Where it was spawned.
    pub spawned_line: Option<u32>,
    /// Who spawned it.
    pub parent: Option<String>,
}

/// Describes one task at a snapshot.
pub fn task_details(index: &TraceIndex, snap: &Snapshot, task: TaskId) -> Option<TaskDetails> {
    let view = snap.tasks.get(&task)?;
    let kind = match view.kind {
        TaskKind::BlockOn => "the block_on future (main)",
        TaskKind::Spawned => "a spawned task",
        TaskKind::Blocking => "a spawn_blocking closure",
    };
    let state = match view.state {
        TaskState::Idle if view.polls == 0 => "spawned, waiting for its first poll".to_string(),
        TaskState::Idle => "idle: Pending, waiting for a wake".to_string(),
        TaskState::Queued => "queued: woken, waiting for its turn".to_string(),
        TaskState::Running => "running: being polled now".to_string(),
        TaskState::Blocking => "running on the blocking pool".to_string(),
        TaskState::Done(TerminateOutcome::Ready) => "done: returned Ready".to_string(),
        TaskState::Done(TerminateOutcome::Cancelled) => "cancelled".to_string(),
        TaskState::Done(TerminateOutcome::Panicked) => "panicked".to_string(),
        TaskState::Done(TerminateOutcome::DroppedAtShutdown) => {
            "dropped at shutdown, never finished".to_string()
        }
    };
    let (frame, variant, frame_line, locals, locals_known) = match &view.frame {
        FrameState::Unresumed => (
            "Unresumed: created, never polled".to_string(),
            "Unresumed".to_string(),
            None,
            Vec::new(),
            false,
        ),
        FrameState::Suspended { index: 0, .. } => (
            "Suspended at an await point (the trace does not say which)".to_string(),
            "Suspended".to_string(),
            None,
            Vec::new(),
            false,
        ),
        FrameState::Suspended {
            index,
            label,
            loc,
            locals,
        } => {
            let line = loc.as_ref().map(|l| l.line);
            let at = line.map_or(String::new(), |l| format!(", line {l}"));
            (
                format!("Suspended at await #{index}{at}: {}", await_text(label)),
                format!("Suspended({index})"),
                line,
                locals.clone(),
                !locals.is_empty(),
            )
        }
        FrameState::Running => (
            "Running: resumed, being polled".to_string(),
            "Running".to_string(),
            None,
            Vec::new(),
            false,
        ),
        FrameState::Returned => (
            "Returned: the body ran to its end".to_string(),
            "Returned".to_string(),
            None,
            Vec::new(),
            false,
        ),
    };
    let (pin, pin_note) = match &view.pin {
        Some(p) => {
            let stayed = if p.addr == p.first_addr {
                "yes: same address since its first poll".to_string()
            } else {
                format!("no: it was at {} at its first poll", fmt_addr(p.first_addr))
            };
            let unpin = match p.unpin {
                Some(true) => "Unpin: moving it would be harmless",
                Some(false) => "!Unpin: it may point into itself, so it must not move",
                None => "unknown",
            };
            (
                vec![
                    ("Address".to_string(), fmt_addr(p.addr)),
                    ("Stayed put".to_string(), stayed),
                    (
                        "Pinned".to_string(),
                        if p.pinned {
                            "yes".to_string()
                        } else {
                            "no".to_string()
                        },
                    ),
                    ("Unpin".to_string(), unpin.to_string()),
                    ("Size".to_string(), format!("{} bytes", p.size)),
                ],
                None,
            )
        }
        None => (
            Vec::new(),
            Some("Not polled yet: a future is pinned when it is first polled.".to_string()),
        ),
    };
    Some(TaskDetails {
        id: task,
        name: index.task_name(task),
        kind: kind.to_string(),
        state,
        frame,
        variant,
        frame_line,
        locals,
        locals_known,
        polls: view.polls,
        wakes: view.wakes,
        pin,
        pin_note,
        spawned_line: view.spawned_at.as_ref().map(|l| l.line),
        parent: view.parent.map(|p| index.task_name(p)),
    })
}

/// One live waker clone, described.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WakerRow {
    /// The clone.
    pub id: WakerId,
    /// Whose waker it is.
    pub task: TaskId,
    /// The owner's name.
    pub owner: String,
    /// Who holds it: `sleep(1 s) · timer entry`, or `not stored yet`.
    pub holder: String,
    /// Whether a resource holds it.
    pub stored: bool,
    /// Its history: (step after the event, what happened), oldest first.
    pub history: Vec<(usize, String)>,
}

/// Every live waker at a snapshot, by id.
pub fn waker_rows(trace: &Trace, index: &TraceIndex, snap: &Snapshot) -> Vec<WakerRow> {
    snap.wakers
        .values()
        .map(|w| {
            let (holder, stored) = match &w.holder {
                Some((r, slot)) if slot.is_empty() => {
                    (format!("`{}`", index.resource_name(*r)), true)
                }
                Some((r, slot)) => (format!("`{}` · {slot}", index.resource_name(*r)), true),
                None => (
                    format!("not stored: held by {}", actor(index, w.cloned_by)),
                    false,
                ),
            };
            let history = w
                .history
                .iter()
                .filter_map(|&seq| {
                    let e = trace.events.get(seq as usize)?;
                    let text = match &e.kind {
                        EventKind::WakerClone { by, from, .. } => match from {
                            Some(f) => format!("cloned from {f} by {}", actor(index, *by)),
                            None => format!("cloned by {}", actor(index, *by)),
                        },
                        EventKind::WakerStore { resource, slot, .. } => {
                            format!("stored in `{}` ({slot})", index.resource_name(*resource))
                        }
                        EventKind::WakerTake { resource, .. } => {
                            format!("taken out of `{}`", index.resource_name(*resource))
                        }
                        EventKind::WakerWake { by, .. } => {
                            format!("woken by reference by {}", actor(index, *by))
                        }
                        other => other.name().replace('_', " "),
                    };
                    Some((seq as usize + 1, text))
                })
                .collect();
            WakerRow {
                id: w.id,
                task: w.task,
                owner: index.task_name(w.task),
                holder,
                stored,
                history,
            }
        })
        .collect()
}

/// "task 3 is Pending and no one holds its waker" for each such task at a snapshot.
pub fn lost_waker_stories(index: &TraceIndex, snap: &Snapshot) -> Vec<(TaskId, String)> {
    snap.lost_waker_tasks()
        .into_iter()
        .map(|t| {
            let at = match snap.tasks.get(&t).map(|v| &v.frame) {
                Some(FrameState::Suspended {
                    label,
                    loc,
                    index: i,
                    ..
                }) if *i > 0 => match loc {
                    Some(l) => format!(" It is parked at {} (line {}).", await_text(label), l.line),
                    None => format!(" It is parked at {}.", await_text(label)),
                },
                _ => String::new(),
            };
            (
                t,
                format!(
                    "{} is Pending and no one holds its waker, so nothing can ever wake it.{at}",
                    subject(index, t)
                ),
            )
        })
        .collect()
}

fn actor(index: &TraceIndex, a: Actor) -> String {
    match a {
        Actor::Task(t) => index.task_name(t),
        Actor::Timer => "the timer driver".to_string(),
        Actor::Resource(r) => format!("`{}`", index.resource_name(r)),
        Actor::Blocking(l) => format!("blocking thread {l}"),
        Actor::Runtime => "the runtime".to_string(),
    }
}

/// A lint's sentence as the page tells it: the task it is about by the name every other panel
/// uses (`` `main` ``, "Task 2 (worker 1)") instead of its bare id ("task 0"), which is how the
/// trace stores it, and ending in a full stop like the stories beside it.
pub fn lint_message(index: &TraceIndex, lint: &Lint) -> String {
    let mut sentence = match lint.message.strip_prefix(&lint.task.to_string()) {
        Some(rest) => format!("{}{rest}", subject(index, lint.task)),
        None => lint.message.clone(),
    };
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

/// Lints that say the same thing of different tasks, told once: eight tasks that each call
/// `std::thread::sleep` in a poll make one entry, not eight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintGroup {
    /// What kind of problem.
    pub kind: LintKind,
    /// The first lint's sentence ([`lint_message`]).
    pub message: String,
    /// The other tasks it is true of, in the order of their lints: `` `main` ``, `task 3`.
    pub also: Vec<String>,
    /// For each lint of the group in turn, the step that shows it (its first evidence, as the
    /// step after that event); `None` for a lint without evidence.
    pub steps: Vec<Option<usize>>,
}

/// The run's lints grouped by what they say, in the order of each group's first lint. Two lints
/// are alike when they are of one kind and their sentences differ only in the task they name.
pub fn group_lints(index: &TraceIndex, lints: &[Lint]) -> Vec<LintGroup> {
    let mut groups: Vec<(String, LintGroup)> = Vec::new();
    for lint in lints {
        let key = lint.message.replace(&lint.task.to_string(), "\u{0}");
        let step = lint.evidence.first().map(|seq| *seq as usize + 1);
        match groups
            .iter_mut()
            .find(|(k, g)| *k == key && g.kind == lint.kind)
        {
            Some((_, group)) => {
                group.also.push(short_subject(index, lint.task));
                group.steps.push(step);
            }
            None => groups.push((
                key,
                LintGroup {
                    kind: lint.kind,
                    message: lint_message(index, lint),
                    also: Vec::new(),
                    steps: vec![step],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// A task in a list: `` `main` `` or `task 3`, without its label.
fn short_subject(index: &TraceIndex, t: TaskId) -> String {
    if index.task(t).is_some_and(|i| i.kind == TaskKind::BlockOn) {
        format!("`{}`", index.task_name(t))
    } else {
        t.to_string()
    }
}

/// A task at the start of a sentence: `` `main` `` (code keeps its case) or `Task 2`.
fn subject(index: &TraceIndex, t: TaskId) -> String {
    if index.task(t).is_some_and(|i| i.kind == TaskKind::BlockOn) {
        format!("`{}`", index.task_name(t))
    } else {
        capital(&index.task_name(t))
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How a run ended, for the banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// `main` returned.
    Finished,
    /// Nothing could ever run again.
    Hang,
    /// A budget ran out.
    Budget,
    /// A task panicked.
    Panicked,
    /// The trace stops mid-run.
    Running,
}

/// The outcome banner's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeView {
    /// Which kind.
    pub kind: OutcomeKind,
    /// One line: `Finished at t = 2 s`.
    pub title: String,
    /// The story, one sentence per line (the wait-for graph of a hang).
    pub details: Vec<String>,
}

/// Describes the run's outcome.
pub fn describe_outcome(trace: &Trace, index: &TraceIndex) -> OutcomeView {
    match &trace.outcome {
        Outcome::Finished { t } => {
            let dropped: Vec<String> = index
                .tasks()
                .iter()
                .filter(|t| matches!(t.end, Some((_, TerminateOutcome::DroppedAtShutdown))))
                .map(|t| index.task_name(t.id))
                .collect();
            let details = if dropped.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "When `main` returned, the runtime dropped {} before {} finished.",
                    dropped.join(", "),
                    if dropped.len() == 1 { "it" } else { "they" }
                )]
            };
            OutcomeView { kind: OutcomeKind::Finished, title: format!("Finished at t = {}", fmt_ns(*t)), details }
        }
        Outcome::Hang { t, wait_for } => {
            let mut details: Vec<String> = wait_for
                .iter()
                .map(|edge| {
                    let who = subject(index, edge.task);
                    let at = edge.parked_at.as_ref().map_or(String::new(), |l| format!(" at line {}", l.line));
                    match &edge.resource_name {
                        Some(name) => {
                            // The executor names the waker's place `Mutex (lock waiter)`: the
                            // resource in code type, its slot in words.
                            let name = match name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
                                Some((resource, slot)) => format!("`{resource}` ({slot})"),
                                None => format!("`{name}`"),
                            };
                            format!("{who} is parked{at}, waiting on {name}; it can be woken only by {}.", edge.could_wake.trim_end_matches('.'))
                        }
                        None => format!("{who} is Pending{at} and no one holds its waker, so nothing can ever wake it."),
                    }
                })
                .collect();
            if details.is_empty() {
                details.push("No task is runnable and no timer is pending.".to_string());
            }
            OutcomeView { kind: OutcomeKind::Hang, title: format!("Hangs forever from t = {}", fmt_ns(*t)), details }
        }
        Outcome::BudgetExceeded { budget, limit } => OutcomeView {
            kind: OutcomeKind::Budget,
            title: format!("Stopped: the {budget} budget ({limit}) ran out"),
            details: vec!["The program might never end, so the run was cut short; the trace shows everything up to that point.".to_string()],
        },
        Outcome::Panicked { task, message } => OutcomeView {
            kind: OutcomeKind::Panicked,
            title: format!("{} panicked", subject(index, *task)),
            details: vec![message.clone()],
        },
        Outcome::Running => OutcomeView {
            kind: OutcomeKind::Running,
            title: "The trace stops while the program is still running".to_string(),
            details: Vec::new(),
        },
    }
}

/// A lint's short title.
pub fn lint_title(kind: LintKind) -> &'static str {
    match kind {
        LintKind::LostWaker => "Lost waker",
        LintKind::SelfWake => "Self-wake",
        LintKind::BlockingPoll => "Blocking call in a poll",
        LintKind::LongPoll => "Long poll",
        LintKind::NeverYielded => "Never yielded",
        LintKind::LockAcrossAwait => "Lock held across .await",
    }
}
