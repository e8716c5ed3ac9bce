//! Keeps the URL hash in step with the program and step shown, and follows hash edits.

use crate::browser;
use crate::state::{Action, AppState};
use asyncviz_timeline::format_hash;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long the step must rest before the hash is rewritten. Browsers throttle frequent
/// `history.replaceState` calls, and scrubbing would otherwise make hundreds a second.
const SETTLE_MS: u32 = 120;

/// Writes `#p=…&s=…` (`#c=…&s=…` for the reader's own program) with `replaceState` (no history
/// entries) and reopens the view when the user edits the hash or follows a link to another step.
#[hook]
pub(crate) fn use_hash_sync(state: &UseReducerHandle<AppState>, enabled: bool) {
    let pending = use_mut_ref(|| None::<Timeout>);
    let key = state.key().to_string();
    // The reader's own program travels in the link itself (`c=`), so a reload runs it again.
    let code = state.loaded.code_param.clone();
    let step = state.playback.step();
    use_effect_with(
        (key, code, step, enabled),
        move |(key, code, step, enabled)| {
            if *enabled {
                let hash = match code {
                    Some(c) => format!("c={c}&s={step}"),
                    None => format_hash(key, *step),
                };
                *pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || {
                    browser::replace_hash(&hash)
                }));
            }
        },
    );
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
