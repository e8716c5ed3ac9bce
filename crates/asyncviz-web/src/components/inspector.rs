//! The selected task's future: its state machine (Unresumed, Suspended at an await, Running,
//! Returned), the locals it holds, and where it lives in memory (pin, Unpin, size).

use super::rich::rich;
use crate::state::Action;
use crate::step_view::TaskChip;
use asyncviz_timeline::TaskDetails;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct InspectorProps {
    /// Tasks that exist by now.
    pub(crate) tasks: Rc<Vec<TaskChip>>,
    /// The inspected task.
    pub(crate) inspected: Option<Rc<TaskDetails>>,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

/// The inspector card.
#[component]
pub(crate) fn Inspector(props: &InspectorProps) -> Html {
    let v = props;
    let selected = v.inspected.as_ref().map(|d| d.id);
    let chips = v.tasks.iter().map(|t| {
        let id = t.id;
        let pressed = selected == Some(id);
        html! {
            <button
                key={id.0}
                class={classes!("task-chip", format!("task-chip-{}", t.state))}
                aria-pressed={pressed.to_string()}
                onclick={props.on_action.reform(move |_| Action::PickTask(id))}
                title={format!("{} ({})", t.name, t.state)}
                data-testid="task-chip"
            >
                <span class="task-chip-label">{t.label.clone()}</span>
                <span class="task-chip-state">{t.state}</span>
            </button>
        }
    });
    let body = match &v.inspected {
        None => {
            html! { <p class="empty-note">{rich("No task exists yet: nothing has been spawned. Step forward to see `main` appear.")}</p> }
        }
        Some(d) => {
            let stages = ["Unresumed", "Suspended", "Running", "Returned"];
            let current = d.variant.split('(').next().unwrap_or("");
            html! {
                <div class="inspect" data-testid="inspector" data-task={d.id.0.to_string()} data-variant={d.variant.clone()}>
                    <p class="inspect-title"><b>{d.name.clone()}</b>{format!(" · {}", d.kind)}</p>
                    <ol class="sm" aria-label="State machine">
                        { for stages.iter().map(|s| {
                            let on = *s == current;
                            let label = if on { d.variant.clone() } else { s.to_string() };
                            html! { <li key={*s} class={classes!("sm-state", on.then_some("sm-on"))} aria-current={on.then_some("true")}>{label}</li> }
                        }) }
                    </ol>
                    <dl class="facts">
                        <dt>{"State"}</dt><dd>{d.state.clone()}</dd>
                        <dt>{"Future"}</dt><dd>{rich(&d.frame)}</dd>
                        <dt>{"Polls"}</dt><dd>{format!("{} · woken {} time{}", d.polls, d.wakes, if d.wakes == 1 { "" } else { "s" })}</dd>
                        if let Some(p) = &d.parent {
                            <dt>{"Spawned by"}</dt><dd>{p.clone()}{d.spawned_line.map(|l| format!(" at line {l}")).unwrap_or_default()}</dd>
                        }
                    </dl>
                    <h3 class="sub-title">{"Held across the await"}</h3>
                    if d.locals_known {
                        <table class="locals">
                            <thead><tr><th scope="col">{"local"}</th><th scope="col">{"value"}</th></tr></thead>
                            <tbody>
                                { for d.locals.iter().map(|(k, val)| html! { <tr><td><code>{k.clone()}</code></td><td><code>{val.clone()}</code></td></tr> }) }
                            </tbody>
                        </table>
                    } else {
                        <p class="empty-note">{"Not known here: compiled Rust does not report which locals a future keeps across an await."}</p>
                    }
                    <h3 class="sub-title">{"Pin"}</h3>
                    if d.pin.is_empty() {
                        <p class="empty-note">{d.pin_note.clone().unwrap_or_default()}</p>
                    } else {
                        <dl class="facts" data-testid="pin">
                            { for d.pin.iter().map(|(k, val)| html! { <><dt>{k.clone()}</dt><dd>{val.clone()}</dd></> }) }
                        </dl>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="card inspector-card" aria-labelledby="inspector-h">
            <div class="card-head">
                <h2 id="inspector-h" class="card-title">{"Future"}</h2>
                <span class="card-sub">{"pin and state machine"}</span>
            </div>
            <div class="task-chips" role="group" aria-label="Choose a task">{ for chips }</div>
            {body}
        </section>
    }
}
