//! The whole record of one run.

use crate::event::{Event, EventKind, Loc, ResourceKind};
use crate::ids::{ResourceId, TaskId};
use crate::lint::Lint;
use serde::{Deserialize, Serialize};

/// The trace format version. It only ever grows; readers accept every older version.
pub const FORMAT_VERSION: u32 = 1;

/// Facts about the run that are not events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceMeta {
    /// The program's id or file name.
    pub program: String,
    /// The runtime flavor the program asked for (`current_thread` or `multi_thread`).
    pub flavor: String,
    /// How many workers were simulated.
    pub workers: u32,
    /// The virtual cost of one poll, in ns.
    pub poll_cost_ns: u64,
    /// The seed for `select!`'s branch order.
    pub seed: u64,
    /// Every place where this run knowingly differs from real tokio, in plain words.
    pub deviations: Vec<String>,
}

/// One edge of a hang's wait-for graph: a pending task, the resource holding its waker, and who
/// could wake it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitEdge {
    /// The pending task.
    pub task: TaskId,
    /// The resource holding its waker, if any resource does.
    pub resource: Option<ResourceId>,
    /// The resource's kind.
    pub resource_kind: Option<ResourceKind>,
    /// The resource's display name.
    pub resource_name: Option<String>,
    /// Who could trigger the resource and so wake the task, in plain words.
    pub could_wake: String,
    /// Where the task is parked.
    pub parked_at: Option<Loc>,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The `block_on` future returned.
    Finished {
        /// Virtual time at the end, ns.
        t: u64,
    },
    /// Nothing is runnable, no timer is pending, and main has not finished: it can never finish.
    Hang {
        /// Virtual time when the hang was detected, ns.
        t: u64,
        /// Why each pending task is stuck.
        wait_for: Vec<WaitEdge>,
    },
    /// A budget (steps, tasks, output, virtual time) ran out.
    BudgetExceeded {
        /// Which budget, e.g. `polls`.
        budget: String,
        /// Its limit.
        limit: u64,
    },
    /// A task panicked and the program could not go on.
    Panicked {
        /// The task.
        task: TaskId,
        /// The panic message.
        message: String,
    },
    /// The run has not ended yet (a trace taken mid-run).
    Running,
}

/// The record of one run: metadata, events in order, the outcome and lints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// [`FORMAT_VERSION`] when written.
    pub format: u32,
    /// Run facts.
    pub meta: TraceMeta,
    /// Events, in `seq` order.
    pub events: Vec<Event>,
    /// How the run ended.
    pub outcome: Outcome,
    /// Warnings derived from the events.
    pub lints: Vec<Lint>,
}

impl Trace {
    /// The event a view at `step` shows: the last one replayed (`step` events in), `None` at 0.
    pub fn event_at_step(&self, step: usize) -> Option<&Event> {
        self.events.get(step.checked_sub(1)?)
    }

    /// Serializes to pretty JSON. The same trace always gives the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a trace holds only serializable plain data")
    }

    /// Serializes to compact JSON.
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).expect("a trace holds only serializable plain data")
    }

    /// Parses a trace, with a message that says what was wrong.
    pub fn from_json(text: &str) -> Result<Trace, String> {
        let trace: Trace = serde_json::from_str(text).map_err(|e| {
            format!(
                "not an AsyncViz trace: {e} (line {}, column {})",
                e.line(),
                e.column()
            )
        })?;
        if trace.format > FORMAT_VERSION {
            return Err(format!(
                "this trace has format {}, newer than this AsyncViz understands ({FORMAT_VERSION})",
                trace.format
            ));
        }
        Ok(trace)
    }

    /// The program's whole output (stdout and stderr interleaved, as printed).
    pub fn output(&self) -> String {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Output { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Virtual time at the last event, ns.
    pub fn end_time(&self) -> u64 {
        self.events.last().map_or(0, |e| e.t)
    }
}
