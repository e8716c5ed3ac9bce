//! Live wakers: whose each is, who holds it, and its history; lost wakers as stories.

use super::rich::rich;
use crate::state::Action;
use asyncviz_timeline::WakerRow;
use asyncviz_trace::TaskId;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct WakersProps {
    /// Live wakers.
    pub(crate) wakers: Rc<Vec<WakerRow>>,
    /// Lost-waker stories.
    pub(crate) lost: Rc<Vec<(TaskId, String)>>,
    /// Dispatch (history entries jump to their step).
    pub(crate) on_action: Callback<Action>,
}

/// The wakers card.
#[component]
pub(crate) fn Wakers(props: &WakersProps) -> Html {
    let v = props;
    html! {
        <section class="card wakers-card" aria-labelledby="wakers-h" data-testid="wakers" data-count={v.wakers.len().to_string()}>
            <div class="card-head">
                <h2 id="wakers-h" class="card-title">{"Wakers"}</h2>
                <span class="card-sub">{format!("{} alive", v.wakers.len())}</span>
            </div>
            { for v.lost.iter().map(|(_, story)| html! {
                <p class="lost" role="note" data-testid="lost-waker"><span class="lost-icon" aria-hidden="true">{"⚠"}</span><span>{rich(story)}</span></p>
            }) }
            if v.wakers.is_empty() {
                <p class="empty-note">{"No waker clones are alive right now. A task that is Pending needs one held somewhere, or nothing can wake it."}</p>
            }
            <ul class="waker-list">
                { for v.wakers.iter().map(|w| {
                    let holder_class = if w.stored { "holder" } else { "holder holder-loose" };
                    html! {
                        <li class="waker" data-testid="waker" data-waker={w.id.0.to_string()}>
                            <div class="waker-head">
                                <span class="waker-id">{format!("#{}", w.id.0)}</span>
                                <span class="waker-owner">{"wakes "}<b>{w.owner.clone()}</b></span>
                            </div>
                            <div class={holder_class}>{"held by "}{rich(&w.holder)}</div>
                            <ol class="waker-history" aria-label="History">
                                { for w.history.iter().map(|(step, text)| {
                                    let step = *step;
                                    html! {
                                        <li>
                                            <button class="history-link" onclick={props.on_action.reform(move |_| Action::Seek(step))} title={format!("Go to step {step}")}>
                                                {format!("#{step}")}
                                            </button>
                                            {" "}{rich(text)}
                                        </li>
                                    }
                                }) }
                            </ol>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
