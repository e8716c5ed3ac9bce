//! "Links and embedding": the link contract (docs/url-contract.md), shown as plain text.

use crate::browser;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct DocsDialogProps {
    /// Close it.
    pub(crate) on_close: Callback<()>,
}

/// The link contract, compiled into the page (`asyncviz_embed::CONTRACT_DOC`) so it is there
/// offline and in the single-file build. It is Markdown shown as text, never parsed into HTML.
#[component]
pub(crate) fn DocsDialog(props: &DocsDialogProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(el) = close_ref.cast::<web_sys::Element>() {
                browser::focus(&el);
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let backdrop = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" onclick={backdrop}>
            <div class="dialog dialog-wide dialog-docs" role="dialog" aria-modal="true" aria-labelledby="docs-h" data-testid="docs" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="dialog-head">
                    <h2 id="docs-h">{"Links and embedding"}</h2>
                    <button class="icon-button" ref={close_ref} onclick={close} aria-label="Close">{"×"}</button>
                </div>
                <pre class="docs-text" tabindex="0" data-testid="docs-text">{asyncviz_embed::CONTRACT_DOC}</pre>
            </div>
        </div>
    }
}
