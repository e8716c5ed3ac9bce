//! Messages about a link that could not be followed exactly.

use crate::state::Action;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct NoticesProps {
    /// The messages.
    pub(crate) notices: Vec<String>,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

/// A dismissible notice strip, or nothing.
#[component]
pub(crate) fn Notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice" role="status" data-testid="notice">
            <span class="notice-icon" aria-hidden="true">{"!"}</span>
            <div class="notice-text">
                <strong>{"This link could not be followed exactly. "}</strong>
                { for props.notices.iter().map(|n| html! { <span>{n.clone()}{" "}</span> }) }
            </div>
            <button class="notice-close" onclick={props.on_action.reform(|_| Action::DismissNotices)} aria-label="Dismiss">{"×"}</button>
        </div>
    }
}
