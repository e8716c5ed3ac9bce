//! The page's footer: what the page runs, and the ways to the keyboard help and the link
//! contract. Static, so it renders once.

use crate::state::{Action, Dialog};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct FooterProps {
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

/// The footer.
#[component]
pub(crate) fn Footer(props: &FooterProps) -> Html {
    let open = |dialog: Dialog| {
        props
            .on_action
            .reform(move |_: MouseEvent| Action::Dialog(dialog))
    };
    html! {
        <footer class="footer">
            <p>
                {"Virtual time, deterministic runs: every program here is real tokio code running on AsyncViz's instrumented executor. "}
                <button class="linklike" onclick={open(Dialog::Help)}>{"Keyboard shortcuts (?)"}</button>
                {" · "}
                <button class="linklike" onclick={open(Dialog::Docs)} data-testid="docs-button">{"Links and embedding"}</button>
            </p>
        </footer>
    }
}
