//! Text with `backticks` rendered with `<code>` spans (a hook-free view function).

use yew::prelude::*;

/// Renders `text`, turning each `` `…` `` span into `<code>`.
pub(crate) fn rich(text: &str) -> Html {
    let mut parts = Vec::new();
    for (i, piece) in text.split('`').enumerate() {
        if piece.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(html! { <code>{piece.to_string()}</code> });
        } else {
            parts.push(html! { {piece.to_string()} });
        }
    }
    html! { <>{for parts}</> }
}
