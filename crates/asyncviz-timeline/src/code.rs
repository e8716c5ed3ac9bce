//! Which source lines to mark: the line being executed at the current step and the await point
//! each parked task is suspended at.

use crate::index::TraceIndex;
use asyncviz_trace::{EventKind, FrameState, Loc, Snapshot, TaskId, TaskState, Trace};
use std::collections::BTreeMap;

/// The marks for the code view at one step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeMarks {
    /// The line being executed (1-based), where the trace says.
    pub current: Option<u32>,
    /// The task executing it, if a task is.
    pub current_task: Option<TaskId>,
    /// Lines where tasks are parked, with the tasks parked there.
    pub parked: BTreeMap<u32, Vec<TaskId>>,
}

/// Whether a trace's `Loc.file` names the program shown. Paths may differ in prefix
/// (`scenarios/05-x.rs` vs `05-x.rs`), so file names are compared; an empty `shown` matches all.
pub fn same_file(loc_file: &str, shown: &str) -> bool {
    if shown.is_empty() || loc_file.is_empty() || loc_file == shown {
        return true;
    }
    let base = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
    base(loc_file) == base(shown)
}

/// The marks at a snapshot. `file` is the shown program's file name.
pub fn code_marks(trace: &Trace, index: &TraceIndex, snap: &Snapshot, file: &str) -> CodeMarks {
    let ok = |loc: &Option<Loc>| {
        loc.as_ref()
            .filter(|l| same_file(&l.file, file))
            .map(|l| l.line)
    };
    let mut marks = CodeMarks::default();
    for (id, view) in &snap.tasks {
        if matches!(view.state, TaskState::Done(_)) {
            continue;
        }
        if let FrameState::Suspended { loc, .. } = &view.frame {
            if let Some(line) = ok(loc) {
                marks.parked.entry(line).or_default().push(*id);
            }
        }
    }
    let Some(seq) = snap.step.checked_sub(1) else {
        return marks;
    };
    let own_loc = |kind: &EventKind| match kind {
        EventKind::TaskSpawn { loc, .. } | EventKind::ResourceNew { loc, .. } => ok(loc),
        EventKind::FutureState {
            state: FrameState::Suspended { loc, .. },
            ..
        } => ok(loc),
        _ => None,
    };
    let event = &trace.events[seq];
    let poll = index.poll_at(seq);
    marks.current_task = poll.map(|p| p.task).or_else(|| event.kind.task());
    if let Some(line) = own_loc(&event.kind) {
        marks.current = Some(line);
        return marks;
    }
    if let Some(p) = poll {
        // The latest place this poll reached, else where the task resumed from.
        let reached = trace.events[p.start..=seq]
            .iter()
            .rev()
            .find_map(|e| own_loc(&e.kind));
        marks.current = reached.or_else(|| resume_line(trace, index, p.task, p.start, file));
    }
    marks
}

/// The line a task resumes from at the poll starting at `start`: where its previous poll parked,
/// or where it was spawned for a first poll.
fn resume_line(
    trace: &Trace,
    index: &TraceIndex,
    task: TaskId,
    start: usize,
    file: &str,
) -> Option<u32> {
    if index.prev_poll_of(task, start).is_none() {
        return index
            .task(task)?
            .loc
            .as_ref()
            .filter(|l| same_file(&l.file, file))
            .map(|l| l.line);
    }
    match &trace.events.get(index.parked_before(task, start)?)?.kind {
        EventKind::FutureState {
            state: FrameState::Suspended { loc: Some(l), .. },
            ..
        } if same_file(&l.file, file) => Some(l.line),
        _ => None,
    }
}
