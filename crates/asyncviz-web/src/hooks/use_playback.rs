//! A timer that calls the pure `Playback::tick` while playing.

use crate::state::{Action, AppState};
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// Ticks the reducer every `interval_ms` while playback is on.
#[hook]
pub(crate) fn use_playback(state: &UseReducerHandle<AppState>) {
    let playing = state.playback.playing();
    let interval = state.playback.interval_ms();
    let dispatcher = state.dispatcher();
    use_effect_with((playing, interval), move |&(playing, interval)| {
        let timer =
            playing.then(|| Interval::new(interval, move || dispatcher.dispatch(Action::Tick)));
        move || drop(timer)
    });
}
