//! The narration: one sentence for the current event, announced politely to screen readers, and
//! on request the sentences of the few events before it.

use super::rich::rich;
use crate::browser;
use crate::state::Action;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct NarrationProps {
    /// The sentence.
    pub(crate) text: String,
    /// The step (shown as a badge).
    pub(crate) step: usize,
    /// The most digits a step has in this run: the badge keeps room for them, so the sentence
    /// beside it does not shift when the step gains a digit.
    pub(crate) step_chars: usize,
    /// Whether the earlier events are listed.
    pub(crate) open: bool,
    /// The earlier events' sentences, newest first, with their steps (empty while closed).
    pub(crate) earlier: Rc<Vec<(usize, String)>>,
    /// Opens or closes the list.
    pub(crate) on_toggle: Callback<()>,
    /// Dispatch (an earlier event's step jumps there).
    pub(crate) on_action: Callback<Action>,
}

/// The narration line. Its `elementtiming` has the browser report when the sentence was first
/// on screen: it is drawn in the same frame as the timeline's first picture, so the benchmark
/// (tests/browser/bench.mjs) reads when a reader could first see the page from it.
#[component]
pub(crate) fn Narration(props: &NarrationProps) -> Html {
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    // A step link pressed near the start of a run can take itself off the list (at step 1 there
    // is nothing before it), and its focus would fall to the page's body: the list takes it
    // instead (or the Earlier button, should the list be gone), so a keyboard reader stays in
    // place.
    let list = use_node_ref();
    let more = use_node_ref();
    let pressed = use_mut_ref(|| false);
    {
        let (list, more, pressed) = (list.clone(), more.clone(), pressed.clone());
        use_effect(move || {
            if std::mem::take(&mut *pressed.borrow_mut()) && browser::focus_fell_to_body() {
                if let Some(el) = list.cast::<web_sys::Element>().or_else(|| more.cast()) {
                    browser::focus(&el);
                }
            }
        });
    }
    html! {
        <div class="narration">
            <div class="narration-now">
                <span class="narration-step" aria-hidden="true" style={format!("--chars: {}", props.step_chars + 1)}>{format!("#{}", props.step)}</span>
                <div class="narration-body">
                    // Before the sentence, so that on a phone it floats at the sentence's right
                    // instead of taking a row of its own; on a wide screen it is drawn after it.
                    <button type="button" class="chip narration-more" ref={more} aria-expanded={props.open.to_string()} aria-controls="narration-earlier" onclick={toggle} data-testid="narration-more" title="The events just before this one">
                        {if props.open { "Hide earlier" } else { "Earlier" }}
                    </button>
                    <p class="narration-text" aria-live="polite" aria-atomic="true" data-testid="narration" elementtiming="asyncviz-narration">{rich(&props.text)}</p>
                </div>
            </div>
            if props.open {
                <ol id="narration-earlier" class="narration-earlier" ref={list} tabindex="-1" aria-label="The events before this one, newest first" data-testid="narration-earlier">
                    if props.earlier.is_empty() {
                        <li class="narration-earlier-none">{"Nothing happened before this event."}</li>
                    }
                    { for props.earlier.iter().map(|(step, text)| {
                        let step = *step;
                        let onclick = {
                            let (pressed, on_action) = (pressed.clone(), props.on_action.clone());
                            Callback::from(move |_: MouseEvent| {
                                *pressed.borrow_mut() = true;
                                on_action.emit(Action::Seek(step));
                            })
                        };
                        html! {
                            <li>
                                <button type="button" class="history-link narration-step" style={format!("--chars: {}", props.step_chars + 1)} aria-label={format!("Go to #{step}")} {onclick}>{format!("#{step}")}</button>
                                <span>{rich(text)}</span>
                            </li>
                        }
                    }) }
                </ol>
            }
        </div>
    }
}
