//! The narration: one sentence for the current event, announced politely to screen readers.

use super::rich::rich;
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
}

/// The narration line. Its `elementtiming` has the browser report when the sentence was first
/// on screen: it is drawn in the same frame as the timeline's first picture, so the benchmark
/// (tests/browser/bench.mjs) reads when a reader could first see the page from it.
#[component]
pub(crate) fn Narration(props: &NarrationProps) -> Html {
    html! {
        <div class="narration">
            <span class="narration-step" aria-hidden="true" style={format!("--chars: {}", props.step_chars + 1)}>{format!("#{}", props.step)}</span>
            <p class="narration-text" aria-live="polite" aria-atomic="true" data-testid="narration" elementtiming="asyncviz-narration">{rich(&props.text)}</p>
        </div>
    }
}
