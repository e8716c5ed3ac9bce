//! Runs a link's program (`c=`) in the interpreter's worker and hands the run to the state.

use crate::interpreted;
use crate::state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// Starts the interpreter on the program a link carried whenever the state asks for one.
#[hook]
pub(crate) fn use_link_run(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let text: Option<Rc<str>> = state.link_run.as_ref().map(|r| r.text.clone());
    use_effect_with(text, move |text| {
        if let Some(text) = text.clone() {
            interpreted::run_code(text.to_string(), move |run| {
                dispatcher.dispatch(Action::LinkRan {
                    text,
                    ran: run.ran,
                    unavailable: run.unavailable,
                });
            });
        }
    });
}
