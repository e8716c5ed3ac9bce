//! The keyboard help dialog.

use super::rich::rich;
use crate::browser;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct HelpProps {
    /// Close it.
    pub(crate) on_close: Callback<()>,
}

const KEYS: &[(&str, &str)] = &[
    ("Space", "Play or pause"),
    (",  .", "Step back / forward one event"),
    ("j  k", "Previous / next poll"),
    ("Home  End", "Jump to the start / end"),
    ("+  −  0", "Zoom the timeline in / out / fit"),
    ("<  >", "Pan the timeline"),
    ("s  t", "Timeline by step / by virtual time"),
    ("?", "Show or hide this help"),
    ("Esc", "Close a dialog"),
];

/// The editor's own keys (they work while the program text has focus).
const EDITOR_KEYS: &[(&str, &str)] = &[
    ("Ctrl+Enter", "Run the program (⌘+Enter on a Mac)"),
    (
        "Tab  Shift+Tab",
        "Indent / outdent the line or selection by four spaces",
    ),
    (
        "Enter",
        "New line, keeping the indentation (one level deeper after `{`)",
    ),
    (
        "Esc  Tab",
        "Leave the editor with the keyboard (Esc, then Tab)",
    ),
];

fn key_rows(keys: &[(&str, &str)]) -> Html {
    html! {
        <table class="keys">
            <tbody>
                { for keys.iter().map(|(k, what)| html! {
                    <tr>
                        <td>{ for k.split("  ").map(|key| html! { <kbd>{key}</kbd> }) }</td>
                        <td>{rich(what)}</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The help dialog.
#[component]
pub(crate) fn HelpDialog(props: &HelpProps) -> Html {
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
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-h" data-testid="help" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="dialog-head">
                    <h2 id="help-h">{"Keyboard shortcuts"}</h2>
                    <button class="icon-button" ref={close_ref} onclick={close} aria-label="Close">{"×"}</button>
                </div>
                <p class="dialog-note">{"They work while the visualizer has focus (click it or tab into it), and never reach the page around it."}</p>
                { key_rows(KEYS) }
                <p class="dialog-note">{"On the timeline: click a bar, arrow or mark to jump to it; drag to pan; Ctrl + wheel (or pinch) to zoom; Shift + wheel to pan."}</p>
                <p class="dialog-note">{"While you drag the step slider, the timeline follows your hand; the code, the narration and the panels below catch up whenever your hand pauses, and all of them when you let go."}</p>
                <h3 class="dialog-sub">{"In the editor"}</h3>
                <p class="dialog-note">{"While you type a program, keys are the editor's: the shortcuts above wait until you leave it."}</p>
                { key_rows(EDITOR_KEYS) }
            </div>
        </div>
    }
}
