//! Text with `backticks` rendered with `<code>` spans (a hook-free view function).

use yew::prelude::*;

/// Renders `text`, turning each `` `…` `` span into `<code>`.
///
/// The pieces always alternate text, code, text, ... from a text piece (empty when the text
/// starts with a code span), so when a sentence changes (the narration at every step, a waker's
/// holder) each node keeps its kind and only its text is updated: no element is removed and
/// added again because the new sentence happens to start with code where the old one did not.
pub(crate) fn rich(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, piece)| {
            if i % 2 == 1 {
                html! { <code>{piece.to_string()}</code> }
            } else {
                html! { {piece.to_string()} }
            }
        })
        .collect::<Html>()
}
