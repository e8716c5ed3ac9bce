//! The header: the name, the program button that opens the picker, embed, theme and help; in
//! embed mode also a link that opens the same view full size.

use super::rich::rich;
use crate::hooks::Theme;
use crate::source::Entry;
use crate::state::{Action, Dialog};
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct HeaderProps {
    /// The program shown.
    pub(crate) entry: Rc<Entry>,
    /// The theme.
    pub(crate) theme: Theme,
    /// Switch theme.
    pub(crate) on_theme: Callback<()>,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
    /// Benchmark mode (no picker).
    pub(crate) bench: bool,
    /// Embed mode (`embed=1`): compact, with a link to the full page.
    pub(crate) embed: bool,
    /// A link to this view on the full page (embed mode only).
    pub(crate) full_link: Rc<str>,
}

/// The header bar.
#[component]
pub(crate) fn Header(props: &HeaderProps) -> Html {
    let e = &props.entry;
    let open_picker = props.on_action.reform(|_| Action::Dialog(Dialog::Picker));
    let help = props.on_action.reform(|_| Action::Dialog(Dialog::Help));
    let embed = props.on_action.reform(|_| Action::Dialog(Dialog::Embed));
    let on_theme = props.on_theme.reform(|_: MouseEvent| ());
    let (theme_icon, theme_label) = match props.theme {
        Theme::Light => ("☾", "Switch to the dark theme"),
        Theme::Dark => ("☀", "Switch to the light theme"),
    };
    html! {
        <header class="header">
            <div class="brand" aria-label="AsyncViz">
                <span class="brand-mark" aria-hidden="true">
                    <svg viewBox="0 0 24 24" width="22" height="22">
                        <rect x="2" y="5" width="9" height="4" rx="1.5" class="bm-a"/>
                        <rect x="8" y="11" width="7" height="4" rx="1.5" class="bm-b"/>
                        <rect x="13" y="17" width="9" height="4" rx="1.5" class="bm-c"/>
                        <path d="M11 7 C 14 7, 12 13, 15 13" class="bm-w"/>
                    </svg>
                </span>
                <span class="brand-name">{"AsyncViz"}</span>
            </div>
            <button
                class="program-button"
                onclick={open_picker}
                disabled={props.bench}
                aria-haspopup="dialog"
                data-testid="program-button"
                title="Choose another program"
            >
                if e.number > 0 {
                    <span class="program-number">{format!("{:02}", e.number)}</span>
                }
                <span class="program-title">{rich(&e.title)}</span>
                if !props.bench {
                    <span class="program-caret" aria-hidden="true">{"▾"}</span>
                }
            </button>
            <div class="header-tools">
                if props.embed {
                    <a class="open-full" href={props.full_link.to_string()} target="_blank" rel="noopener" data-testid="open-full" aria-label="Open in AsyncViz, full size, in a new tab" title="Open this view in AsyncViz, full size, in a new tab">{"Open ↗"}</a>
                }
                if !props.bench {
                    <button class="icon-button" onclick={embed} aria-haspopup="dialog" aria-label="Embed this view" title="Embed this view (iframe snippet)" data-testid="embed-button">
                        <span aria-hidden="true" class="embed-glyph">{"</>"}</span>
                    </button>
                }
                <button class="icon-button" onclick={on_theme} aria-label={theme_label} title={theme_label} data-testid="theme-toggle">
                    <span aria-hidden="true">{theme_icon}</span>
                </button>
                <button class="icon-button" onclick={help} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" data-testid="help-button">
                    <span aria-hidden="true">{"?"}</span>
                </button>
            </div>
        </header>
    }
}
