//! The picture model of AsyncViz: everything the page shows, computed from a trace without a
//! browser.
//!
//! [`TraceIndex`] indexes a trace once (polls as spans, tasks and resources by id).
//! [`Timeline`] lays it out as lanes, poll bars, queued bands, marks and wake arrows on an x axis
//! that counts events ([`AxisMode::Step`]) or virtual time ([`AxisMode::Time`]); [`Viewport`] and
//! [`Geometry`] map that to pixels and back ([`hit_test`]). [`narrate`] says in one sentence what
//! the event at a step did; [`queue_tokens`], [`code_marks`], [`task_details`], [`waker_rows`] and
//! [`describe_outcome`] describe the panels. [`highlight`] tokenizes Rust for the code view and
//! [`mark_problems`] lays the interpreter's diagnostics over it for the editor,
//! [`Playback`] is the pure play/step state, [`Turns`] picks which panel follows a dragged
//! slider in each frame, [`parse_hash`] reads deep links, and
//! [`synthetic_trace`] makes traces of any size for benchmarks.
//!
//! This crate does not draw, know colours or CSS, or touch the browser; the web crate does.

mod code;
mod describe;
mod editor;
mod fmt;
mod geometry;
mod hash;
mod highlight;
mod hot;
mod index;
mod inspect;
mod layout;
mod narrate;
mod playback;
mod queue;
mod slots;
mod span;
mod synthetic;
mod turns;
mod viewport;

pub use code::{code_marks, same_file, CodeMarks};
pub use describe::describe_hit;
pub use editor::{
    byte_index, group_digits, indent, mark_problems, newline, normalize_newlines, offset_of,
    position_of, problem_at, problem_lines, run_summary, utf16_len, Piece, Problem, RunTone,
    TextEdit, INDENT,
};
pub use fmt::{fmt_addr, fmt_ns, join_and};
pub use geometry::{hit_test, time_labels, Curve, Geometry, Hit, Rect, BAR_MIN_PX};
pub use hash::{format_hash, parse_hash, resolve_program, resolve_step, HashRequest, Resolved};
pub use highlight::{highlight, Token, TokenKind};
pub use hot::apart;
pub use index::{PollSpan, ResourceInfo, TaskInfo, TraceIndex};
pub use inspect::{
    describe_outcome, group_lints, lint_message, lint_title, lost_waker_stories, task_details,
    waker_rows, LintGroup, OutcomeKind, OutcomeView, TaskDetails, WakerRow,
};
pub use layout::{
    Arrow, AxisMode, Bar, BarKind, ChildBar, Lane, LaneKind, Mark, MarkKind, Timeline,
};
pub use narrate::narrate;
pub use playback::{Playback, NORMAL_SPEED, SPEEDS};
pub use queue::{queue_tokens, QueueToken, TokenPlace};
pub use span::{Span, Spans};
pub use synthetic::{synthetic_trace, SYNTHETIC_FILE, SYNTHETIC_SOURCE};
pub use turns::Turns;
pub use viewport::Viewport;
