//! The run queue as tokens: who the worker polls, who waits in which queue, main's woken flag,
//! pending timers and busy blocking threads. Tokens glide between places (FLIP).

use super::more::more_note;
use crate::hooks::use_flip;
use crate::step_view::TimerRow;
use asyncviz_timeline::{QueueToken, TokenPlace};
use asyncviz_trace::TaskId;
use std::rc::Rc;
use yew::prelude::*;

/// The most timers listed at once, unless the reader asks for all: the soonest.
const TIMERS_SHOWN: usize = 5;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct RunQueueProps {
    /// Tokens.
    pub(crate) tokens: Rc<Vec<QueueToken>>,
    /// Pending timers.
    pub(crate) timers: Rc<Vec<TimerRow>>,
    /// Busy blocking-pool lanes.
    pub(crate) blocking: Rc<Vec<(u32, TaskId, u64)>>,
    /// Whether to animate changes (single steps without reduced motion).
    pub(crate) animate: bool,
}

fn token(t: &QueueToken, animate: bool) -> Html {
    let place = match t.place {
        TokenPlace::Running => "running",
        TokenPlace::Local => "local",
        TokenPlace::Inject => "inject",
        TokenPlace::BlockOnFlag => "flag",
    };
    let label = if t.place == TokenPlace::BlockOnFlag {
        format!("{}: woken", t.label)
    } else {
        t.label.clone()
    };
    let title = match t.place {
        TokenPlace::Running => format!("{} is being polled", t.name),
        TokenPlace::Local => format!("{} waits in the run queue, position {}", t.name, t.pos + 1),
        TokenPlace::Inject => format!(
            "{} waits in the inject queue, position {}",
            t.name,
            t.pos + 1
        ),
        TokenPlace::BlockOnFlag => {
            format!("{}'s woken flag is set: block_on polls it next", t.name)
        }
    };
    let class = classes!(
        "token",
        format!("token-{place}"),
        (animate && t.entered).then_some("token-entered"),
        (animate && t.coalesced.is_some()).then_some("token-coalesced"),
    );
    html! {
        <li {class} key={t.task.0} data-flip={format!("t{}", t.task.0)} data-testid="queue-token" data-task={t.task.0.to_string()} data-place={place} title={title.clone()}>
            <span class="token-label">{label}</span>
            if let Some(n) = t.coalesced {
                <span class="token-badge" data-testid="coalesced">{format!("coalesced ×{n}")}</span>
            }
            if t.notified {
                <span class="token-badge token-badge-quiet">{"woken while running"}</span>
            }
            <span class="sr-only">{format!(" ({title})")}</span>
        </li>
    }
}

/// The run-queue card.
#[component]
pub(crate) fn RunQueue(props: &RunQueueProps) -> Html {
    let root = use_node_ref();
    let v = props;
    // Tokens glide only when who is where changes.
    let places: Vec<(u32, TokenPlace, usize)> = v
        .tokens
        .iter()
        .map(|t| (t.task.0, t.place, t.pos))
        .collect();
    use_flip(root.clone(), places, props.animate);
    let animate = props.animate;
    let of = |place: TokenPlace| v.tokens.iter().filter(move |t| t.place == place);
    let running: Vec<&QueueToken> = of(TokenPlace::Running).collect();
    let local: Vec<&QueueToken> = of(TokenPlace::Local).collect();
    let inject: Vec<&QueueToken> = of(TokenPlace::Inject).collect();
    let flag: Vec<&QueueToken> = of(TokenPlace::BlockOnFlag).collect();
    let empty = |text: &'static str| html! { <li class="q-empty">{text}</li> };
    let all_timers = use_state(|| false);
    let toggle_timers = {
        let all_timers = all_timers.clone();
        Callback::from(move |_: MouseEvent| all_timers.set(!*all_timers))
    };
    let timers_shown = if *all_timers {
        v.timers.len()
    } else {
        v.timers.len().min(TIMERS_SHOWN)
    };
    html! {
        <section class="card queue-card" aria-labelledby="queue-h" ref={root}>
            <div class="card-head">
                <h2 id="queue-h" class="card-title">{"Scheduler"}</h2>
                <span class="card-sub">{"who runs now, who runs next"}</span>
            </div>
            <div class="qgrid">
                <div class="qlabel">{"Worker"}</div>
                <ul class="qslot" data-testid="worker-slot" aria-label="Being polled">
                    { if running.is_empty() { empty("idle") } else { html! { <>{ for running.iter().map(|t| token(t, animate)) }</> } } }
                </ul>
                <div class="qlabel">{"Run queue"}<small>{"front → back"}</small></div>
                <ul class="qlist" data-testid="run-queue" aria-label="Run queue, front first">
                    { if local.is_empty() { empty("empty") } else { html! { <>{ for local.iter().map(|t| token(t, animate)) }</> } } }
                </ul>
                if !inject.is_empty() {
                    <div class="qlabel">{"Inject queue"}</div>
                    <ul class="qlist" data-testid="inject-queue" aria-label="Inject queue, front first">
                        { for inject.iter().map(|t| token(t, animate)) }
                    </ul>
                }
                <div class="qlabel">{"block_on"}<small>{"main's flag"}</small></div>
                <ul class="qslot" data-testid="block-on-flag" aria-label="block_on woken flag">
                    { if flag.is_empty() { empty("not woken") } else { html! { <>{ for flag.iter().map(|t| token(t, animate)) }</> } } }
                </ul>
                <div class="qlabel">{"Timers"}</div>
                <ul class="timers" data-testid="timers">
                    if v.timers.is_empty() {
                        <li class="q-empty">{"none pending"}</li>
                    }
                    // Not keyed, like the wakers' rows: a scrub frame mostly shows other timers.
                    { for v.timers[..timers_shown].iter().map(|t| html! {
                        <li class="timer-chip">
                            <span class="timer-glyph" aria-hidden="true">{"◇"}</span>
                            <code>{t.name.clone()}</code>
                            <span class="timer-at">{format!("fires at {}", t.deadline)}</span>
                            <span class="timer-owner">{format!("wakes {}", t.owner)}</span>
                        </li>
                    }) }
                </ul>
                if v.timers.len() > TIMERS_SHOWN {
                    { more_note(v.timers.len() - timers_shown, v.timers.len(), ("timer", "timers"), "firing later", toggle_timers) }
                }
                if !v.blocking.is_empty() {
                    <div class="qlabel">{"Blocking pool"}</div>
                    <ul class="timers">
                        { for v.blocking.iter().map(|(lane, task, until)| html! {
                            <li class="timer-chip">
                                <span class="timer-glyph" aria-hidden="true">{"▮"}</span>
                                {format!("thread {lane}: task {} until {}", task.0, asyncviz_timeline::fmt_ns(*until))}
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </section>
    }
}
