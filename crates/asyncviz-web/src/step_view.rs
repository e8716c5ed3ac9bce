//! Everything the panels show at one step, computed once per step from the pure model.

use crate::source::Loaded;
use asyncviz_timeline::{
    code_marks, lost_waker_stories, narrate, queue_tokens, task_details, waker_rows, CodeMarks,
    QueueToken, TaskDetails, WakerRow,
};
use asyncviz_trace::{EventKind, Snapshot, TaskId, TaskState};
use std::rc::Rc;

/// A task as a chip in the inspector's task list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TaskChip {
    /// The task.
    pub(crate) id: TaskId,
    /// Short label.
    pub(crate) label: String,
    /// Long name.
    pub(crate) name: String,
    /// A one-word state.
    pub(crate) state: &'static str,
}

/// A pending timer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimerRow {
    /// The timer's name.
    pub(crate) name: String,
    /// When it fires.
    pub(crate) deadline: String,
    /// Whose waker it holds.
    pub(crate) owner: String,
}

/// The panels' content at one step.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StepView {
    /// The step.
    pub(crate) step: usize,
    /// The state.
    pub(crate) snap: Snapshot,
    /// The sentence for the current event.
    pub(crate) narration: String,
    /// Code marks.
    pub(crate) marks: CodeMarks,
    /// Queue tokens.
    pub(crate) tokens: Rc<Vec<QueueToken>>,
    /// Pending timers, soonest first.
    pub(crate) timers: Rc<Vec<TimerRow>>,
    /// Busy blocking-pool lanes: lane, task, end time.
    pub(crate) blocking: Rc<Vec<(u32, TaskId, u64)>>,
    /// Live wakers.
    pub(crate) wakers: Rc<Vec<WakerRow>>,
    /// Lost-waker stories.
    pub(crate) lost: Rc<Vec<(TaskId, String)>>,
    /// Tasks alive or finished by now.
    pub(crate) tasks: Rc<Vec<TaskChip>>,
    /// The inspected task.
    pub(crate) inspected: Option<Rc<TaskDetails>>,
    /// Output so far.
    pub(crate) output: Rc<String>,
    /// Whether the current event printed.
    pub(crate) printed_now: bool,
}

/// A step's view, computed when it is first read.
pub(crate) type LazyView = std::cell::LazyCell<StepView, Box<dyn FnOnce() -> StepView>>;

/// How many events before the current one the narration's "Earlier" list tells.
pub(crate) const EARLIER: usize = 5;

/// The narration of the [`EARLIER`] events before the one at `step`, newest first, each with the
/// step that shows it (the events before the first are not there to tell).
pub(crate) fn earlier_sentences(loaded: &Loaded, step: usize) -> Vec<(usize, String)> {
    let trace = loaded.trace();
    (step.saturating_sub(EARLIER).max(1)..step)
        .rev()
        .map(|s| (s, narrate(trace, &loaded.index, &loaded.replay.at(s))))
        .collect()
}

impl StepView {
    /// Computes the view at `step`, inspecting `picked` or else the most relevant task.
    pub(crate) fn compute(loaded: &Loaded, step: usize, picked: Option<TaskId>) -> StepView {
        let trace = loaded.trace();
        let index = &loaded.index;
        let snap = loaded.replay.at(step);
        let current = trace.event_at_step(step);
        let auto = snap
            .running
            .or_else(|| current.and_then(|e| e.kind.task()))
            .or_else(|| snap.tasks.keys().next().copied());
        let inspect = picked.filter(|t| snap.tasks.contains_key(t)).or(auto);
        let tasks = snap
            .tasks
            .values()
            .map(|t| TaskChip {
                id: t.id,
                label: index.task_short(t.id),
                name: index.task_name(t.id),
                state: match t.state {
                    TaskState::Idle if t.polls == 0 => "new",
                    TaskState::Idle => "idle",
                    TaskState::Queued => "queued",
                    TaskState::Running => "running",
                    TaskState::Blocking => "blocking",
                    TaskState::Done(_) => "done",
                },
            })
            .collect();
        let timers = snap
            .timers
            .iter()
            .map(|(deadline, r)| {
                let owner = snap
                    .wakers
                    .values()
                    .find(|w| w.holder.as_ref().is_some_and(|(h, _)| h == r))
                    .map_or_else(
                        || "no waker".to_string(),
                        |w| format!("{} · {}", index.task_name(w.task), w.id),
                    );
                TimerRow {
                    name: index.resource_name(*r),
                    deadline: asyncviz_timeline::fmt_ns(*deadline),
                    owner,
                }
            })
            .collect();
        StepView {
            step,
            narration: narrate(trace, index, &snap),
            marks: code_marks(trace, index, &snap, &loaded.entry.file),
            tokens: Rc::new(queue_tokens(trace, index, &snap)),
            timers: Rc::new(timers),
            blocking: Rc::new(snap.blocking.clone()),
            wakers: Rc::new(waker_rows(trace, index, &snap)),
            lost: Rc::new(lost_waker_stories(index, &snap)),
            tasks: Rc::new(tasks),
            inspected: inspect
                .and_then(|t| task_details(index, &snap, t))
                .map(Rc::new),
            output: Rc::new(loaded.replay.output_at(&snap).to_string()),
            printed_now: matches!(current.map(|e| &e.kind), Some(EventKind::Output { .. })),
            snap,
        }
    }
}
