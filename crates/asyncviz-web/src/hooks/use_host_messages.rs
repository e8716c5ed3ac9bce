//! Pause and resume from the page that embeds this one: reveal.js posts `slide:stop` into the
//! frames of a slide it leaves and `slide:start` into those of a slide it shows.

use crate::browser;
use crate::state::{Action, AppState};
use yew::prelude::*;

/// Listens to the parent window's messages (checked for window and origin in
/// [`browser::on_parent_message`], for shape by [`asyncviz_embed::host_command`]) and turns
/// reveal.js's into [`Action::Host`]. Anything else is ignored without a trace.
#[hook]
pub(crate) fn use_host_messages(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = browser::on_parent_message(move |data| {
            if let Some(command) = asyncviz_embed::host_command(Some(data)) {
                dispatcher.dispatch(Action::Host(command));
            }
        });
        move || drop(listener)
    });
}
