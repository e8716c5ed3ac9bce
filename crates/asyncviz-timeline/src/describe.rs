//! One line describing a timeline item, for the tooltip and the selection line under the canvas.

use crate::fmt::fmt_ns;
use crate::geometry::Hit;
use crate::index::TraceIndex;
use crate::layout::{BarKind, MarkKind, Timeline};
use asyncviz_trace::{PollResult, QueueKind, TerminateOutcome, WakeEffect};

/// Describes a timeline item in a few words, e.g. ``poll 2 of `main`: Pending · events #22–#30 · t = 1 s``.
pub fn describe_hit(tl: &Timeline, index: &TraceIndex, hit: Hit) -> String {
    let task = |t| {
        let name = index.task_name(t);
        if index
            .task(t)
            .is_some_and(|i| i.kind == asyncviz_trace::TaskKind::BlockOn)
        {
            format!("`{name}`")
        } else {
            name
        }
    };
    let span = |first: u32, last: u32| {
        let (t0, t1) = (tl.time_of(first as usize), tl.time_of(last as usize));
        let time = if t0 == t1 {
            format!("t = {}", fmt_ns(t0))
        } else {
            format!("t = {} → {}", fmt_ns(t0), fmt_ns(t1))
        };
        if first == last {
            format!("event #{first} · {time}")
        } else {
            format!("events #{first}–#{last} · {time}")
        }
    };
    match hit {
        Hit::Bar { lane, bar } => {
            let Some(b) = tl.lanes().get(lane).and_then(|l| l.bars.get(bar)) else {
                return String::new();
            };
            match b.kind {
                BarKind::Poll {
                    task: t,
                    poll,
                    result,
                    blocked,
                } => {
                    let no = index.polls().get(poll as usize).map_or(0, |p| p.poll_no);
                    let result = match result {
                        Some(PollResult::Pending) => "returned Pending",
                        Some(PollResult::Ready) => "returned Ready",
                        Some(PollResult::Panicked) => "panicked",
                        None => "still running",
                    };
                    let blocked = if blocked {
                        " · made a blocking call"
                    } else {
                        ""
                    };
                    format!(
                        "Poll {no} of {}: {result}{blocked} · {}",
                        task(t),
                        span(b.first, b.last)
                    )
                }
                BarKind::Blocking { task: t } => format!(
                    "{} on the blocking pool · {}",
                    task(t),
                    span(b.first, b.last)
                ),
                BarKind::Queued { task: t, .. } => format!(
                    "{} waiting in the run queue · {}",
                    task(t),
                    span(b.first, b.last)
                ),
            }
        }
        Hit::Band { lane, band } => {
            let Some(b) = tl.lanes().get(lane).and_then(|l| l.bands.get(band)) else {
                return String::new();
            };
            let (t, q) = match b.kind {
                BarKind::Queued { task, queue } => (task, queue),
                BarKind::Poll { task, .. } | BarKind::Blocking { task } => (task, QueueKind::Local),
            };
            let where_ = match q {
                QueueKind::Local => "in the run queue",
                QueueKind::Inject => "in the inject queue",
                QueueKind::BlockOnFlag => "woken, waiting for block_on to poll it",
            };
            format!("{} {where_} · {}", task(t), span(b.first, b.last))
        }
        Hit::Child { lane, child } => {
            let Some(c) = tl.lanes().get(lane).and_then(|l| l.children.get(child)) else {
                return String::new();
            };
            let result = match c.result {
                Some(PollResult::Ready) => "Ready",
                Some(PollResult::Pending) => "Pending",
                Some(PollResult::Panicked) => "panicked",
                None => "running",
            };
            format!(
                "Branch {} (depth {}) polled inside its task: {result} · {}",
                c.branch,
                c.depth,
                span(c.first, c.last)
            )
        }
        Hit::Mark { lane, mark } => {
            let Some(m) = tl.lanes().get(lane).and_then(|l| l.marks.get(mark)) else {
                return String::new();
            };
            let what = match m.kind {
                MarkKind::Spawn => "spawned".to_string(),
                MarkKind::TimerRegister { timer, deadline } => {
                    format!(
                        "`{}` registered, due at {}",
                        index.resource_name(timer),
                        fmt_ns(deadline)
                    )
                }
                MarkKind::TimerFire { timer } => format!("`{}` fired", index.resource_name(timer)),
                MarkKind::TimeAdvance { to } => format!("virtual time moved to {}", fmt_ns(to)),
                MarkKind::Terminate(TerminateOutcome::Ready) => "finished".to_string(),
                MarkKind::Terminate(TerminateOutcome::Cancelled) => "cancelled".to_string(),
                MarkKind::Terminate(TerminateOutcome::Panicked) => "panicked".to_string(),
                MarkKind::Terminate(TerminateOutcome::DroppedAtShutdown) => {
                    "dropped at shutdown".to_string()
                }
                MarkKind::Output => "printed".to_string(),
                MarkKind::Park => "worker parked".to_string(),
                MarkKind::Abort => "abort requested".to_string(),
                MarkKind::Block => "blocking call inside a poll".to_string(),
            };
            let lane_name = &tl.lanes()[lane].label;
            format!("{lane_name}: {what} · {}", span(m.seq, m.seq))
        }
        Hit::Arrow { arrow } => {
            let Some(a) = tl.arrows().get(arrow) else {
                return String::new();
            };
            let effect = match a.effect {
                WakeEffect::Scheduled => "scheduled it",
                WakeEffect::Coalesced => "coalesced with an earlier wake",
                WakeEffect::Notified => "arrived while it was running",
                WakeEffect::Ignored => "ignored: it had finished",
            };
            let next = match a.to_seq {
                Some(s) => format!(" → next poll at event #{s}"),
                None => String::new(),
            };
            format!(
                "Wake of {} from {}: {effect}{next} · {}",
                task(a.task),
                tl.lanes()[a.from_lane as usize].label,
                span(a.wake_seq, a.wake_seq)
            )
        }
        Hit::Place { step, .. } => format!("Step {step} · t = {}", fmt_ns(tl.time_at_step(step))),
    }
}
