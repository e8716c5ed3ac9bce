//! The "Embed" dialog: a ready-to-paste `<iframe>` for the view shown, a Copy button, and a
//! plain link to the same view.

use crate::browser;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct EmbedDialogProps {
    /// The `<iframe>` snippet (`asyncviz_embed::iframe_snippet`).
    pub(crate) snippet: String,
    /// A link to this view on the full page.
    pub(crate) link: String,
    /// Close it.
    pub(crate) on_close: Callback<()>,
}

/// What the Copy button has done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copy {
    /// Nothing yet.
    Idle,
    /// The clipboard took the snippet.
    Copied,
    /// The clipboard is unavailable or refused: the snippet is selected for Ctrl+C.
    Manual,
}

/// The embed dialog.
#[component]
pub(crate) fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let close_ref = use_node_ref();
    let snippet_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(el) = close_ref.cast::<web_sys::Element>() {
                browser::focus(&el);
            }
        });
    }
    let copied = use_state_eq(|| Copy::Idle);
    let copy = {
        let snippet = props.snippet.clone();
        let snippet_ref = snippet_ref.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let (snippet, snippet_ref, copied) =
                (snippet.clone(), snippet_ref.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if browser::copy_text(&snippet).await {
                    copied.set(Copy::Copied);
                } else {
                    if let Some(area) = snippet_ref.cast::<web_sys::HtmlTextAreaElement>() {
                        browser::select_all_text(&area);
                    }
                    copied.set(Copy::Manual);
                }
            });
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let backdrop = props.on_close.reform(|_: MouseEvent| ());
    let status = match *copied {
        Copy::Idle => "",
        Copy::Copied => "Copied to the clipboard.",
        Copy::Manual => {
            "The clipboard is not available here: the snippet is selected, press Ctrl+C (⌘C) to copy it."
        }
    };
    html! {
        <div class="overlay" onclick={backdrop}>
            <div class="dialog dialog-embed" role="dialog" aria-modal="true" aria-labelledby="embed-h" data-testid="embed-dialog" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="dialog-head">
                    <h2 id="embed-h">{"Embed this view"}</h2>
                    <button class="icon-button" ref={close_ref} onclick={close} aria-label="Close">{"×"}</button>
                </div>
                <p class="dialog-note">{"Paste this into a course page, a slide or a learning management system. It opens this program at this step in compact embed mode, and follows the frame's size."}</p>
                <label class="sr-only" for="embed-snippet">{"The iframe snippet"}</label>
                <textarea
                    id="embed-snippet"
                    class="embed-snippet"
                    ref={snippet_ref}
                    readonly=true
                    rows="5"
                    spellcheck="false"
                    data-testid="embed-snippet"
                    value={props.snippet.clone()}
                />
                <div class="embed-actions">
                    <button type="button" class="embed-copy" onclick={copy} data-testid="embed-copy">{"Copy"}</button>
                    <a href={props.link.clone()} target="_blank" rel="noopener" data-testid="embed-link">{"Link to this view ↗"}</a>
                    <span class="embed-status" role="status">{status}</span>
                </div>
            </div>
        </div>
    }
}
