//! Keeps the URL hash in step with the program and step shown, and follows hash edits.

use crate::browser;
use crate::state::{Action, AppState};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long the step must rest before the hash is rewritten. Browsers throttle frequent
/// `history.replaceState` calls, and scrubbing would otherwise make hundreds a second.
const SETTLE_MS: u32 = 120;

/// Writes the canonical link for the view shown (`asyncviz_embed::format`: `#p=…&s=…`, or
/// `#c=…&s=…` for a program the interpreter ran, plus any of `play`, `speed`, `theme`, `embed`
/// and `panels` the link set) with `replaceState` (no history entries), and follows the hash when
/// the reader edits it, follows a link, or a host page rewrites the iframe's `src`.
#[hook]
pub(crate) fn use_hash_sync(state: &UseReducerHandle<AppState>, enabled: bool) {
    let pending = use_mut_ref(|| None::<Timeout>);
    // The reader's own program travels in the link itself (`c=`), so a reload runs it again.
    let hash = state.own_hash();
    use_effect_with((hash, enabled), move |(hash, enabled)| {
        if *enabled {
            let hash = hash.clone();
            // What the address says now. If the reader or a host page sets another hash before
            // the write is due, theirs wins: its `hashchange` brings the view there, and that
            // view's own write follows. Writing ours first would overwrite their edit before
            // the page had read it.
            let seen = browser::hash();
            *pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || {
                if browser::hash() == seen {
                    browser::replace_hash(&hash);
                }
            }));
        }
    });
    let dispatcher = state.dispatcher();
    use_effect_with(enabled, move |&enabled| {
        let listener = enabled
            .then(|| {
                browser::on_window("hashchange", move |_| {
                    dispatcher.dispatch(Action::FromHash(browser::hash()))
                })
            })
            .flatten();
        move || drop(listener)
    });
}
