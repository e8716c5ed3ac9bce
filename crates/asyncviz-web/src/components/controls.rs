//! Transport controls: jump, step, play, the scrub slider, speed, and where we are.

use crate::source::Readout;
use crate::state::Action;
use asyncviz_timeline::{fmt_ns, Playback, SPEEDS};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct ControlsProps {
    /// Playback state.
    pub(crate) playback: Playback,
    /// Virtual time at the step.
    pub(crate) time: u64,
    /// The current event's name.
    pub(crate) event: &'static str,
    /// The room the readout keeps for its longest texts in this run.
    pub(crate) readout: Readout,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
    /// The scrubber moved (its `input` event: a drag goes on).
    pub(crate) on_scrub_move: Callback<()>,
    /// The scrubber was let go (its `change` event).
    pub(crate) on_scrub_end: Callback<()>,
}

fn icon(path: &'static str) -> Html {
    html! {
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

const I_START: &str = "M6 5h2v14H6zM20 5v14L9 12z";
const I_END: &str = "M16 5h2v14h-2zM4 5v14l11-7z";
const I_BACK: &str = "M17 5v14L7 12z";
const I_FWD: &str = "M7 5v14l10-7z";
const I_PLAY: &str = "M7 4v16l13-8z";
const I_PAUSE: &str = "M6 4h4v16H6zM14 4h4v16h-4z";
const I_PREV_POLL: &str = "M12 5v14L4 12zM20 5v14l-8-7z";
const I_NEXT_POLL: &str = "M4 5v14l8-7zM12 5v14l8-7z";

/// The playback bar.
#[component]
pub(crate) fn Controls(props: &ControlsProps) -> Html {
    let p = props.playback;
    let act = |a: Action| props.on_action.reform(move |_: MouseEvent| a.clone());
    let on_scrub = {
        let on_action = props.on_action.clone();
        let moved = props.on_scrub_move.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .and_then(|i| i.value().parse::<usize>().ok())
                .unwrap_or(0);
            moved.emit(());
            on_action.emit(Action::Seek(value));
        })
    };
    let on_release = props.on_scrub_end.reform(|_: Event| ());
    let on_speed = props.on_action.reform(|e: Event| {
        let i = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .and_then(|s| s.value().parse::<usize>().ok())
            .unwrap_or(asyncviz_timeline::NORMAL_SPEED);
        Action::Speed(i)
    });
    let (play_icon, play_label) = if p.playing() {
        (I_PAUSE, "Pause")
    } else {
        (I_PLAY, "Play")
    };
    let valuetext = format!(
        "step {} of {}, t = {}",
        p.step(),
        p.len(),
        fmt_ns(props.time)
    );
    // The slider's filled part, in thousandths of a percent, written with integers (exact
    // float formatting is a slow path, and this runs at every step).
    let progress = (p.step() as u128 * 100_000)
        .checked_div(p.len() as u128)
        .unwrap_or(0);
    let r = props.readout;
    html! {
        <div class="controls">
            <div class="transport" role="group" aria-label="Step through the run">
                <button class="tbtn" onclick={act(Action::Start)} disabled={p.step() == 0} aria-label="Jump to start" title="Jump to start (Home)" data-testid="btn-start">{icon(I_START)}</button>
                <button class="tbtn" onclick={act(Action::PrevPoll)} disabled={p.step() == 0} aria-label="Previous poll" title="Previous poll (j)" data-testid="btn-prev-poll">{icon(I_PREV_POLL)}</button>
                <button class="tbtn" onclick={act(Action::Back)} disabled={p.step() == 0} aria-label="Step back" title="Step back one event (,)" data-testid="btn-back">{icon(I_BACK)}</button>
                <button class="tbtn tbtn-play" onclick={act(Action::TogglePlay)} disabled={p.is_empty()} aria-label={play_label} aria-pressed={p.playing().to_string()} title={format!("{play_label} (Space)")} data-testid="btn-play">{icon(play_icon)}</button>
                <button class="tbtn" onclick={act(Action::Forward)} disabled={p.at_end()} aria-label="Step forward" title="Step forward one event (.)" data-testid="btn-forward">{icon(I_FWD)}</button>
                <button class="tbtn" onclick={act(Action::NextPoll)} disabled={p.at_end()} aria-label="Next poll" title="Next poll (k)" data-testid="btn-next-poll">{icon(I_NEXT_POLL)}</button>
                <button class="tbtn" onclick={act(Action::End)} disabled={p.at_end()} aria-label="Jump to end" title="Jump to end (End)" data-testid="btn-end">{icon(I_END)}</button>
            </div>
            <div class="scrub">
                <input
                    type="range"
                    class="slider"
                    min="0"
                    max={p.len().to_string()}
                    value={p.step().to_string()}
                    oninput={on_scrub}
                    onchange={on_release}
                    aria-label="Step"
                    aria-valuetext={valuetext}
                    style={format!("--progress: {}.{:03}%", progress / 1000, progress % 1000)}
                    data-testid="scrubber"
                />
            </div>
            <div class="readout" aria-hidden="true">
                // Each part keeps room for its longest text in this run, so the slider beside
                // them keeps its length under the reader's pointer while they scrub.
                <span class="readout-step"><b style={format!("--chars: {}", r.step)}>{p.step()}</b>{format!(" / {}", p.len())}</span>
                <span class="readout-time" style={format!("--chars: {}", r.time + 4)}>{format!("t = {}", fmt_ns(props.time))}</span>
                <span class="readout-event" style={format!("--chars: {}", r.event)}><span class="readout-pill">{props.event.replace('_', " ")}</span></span>
            </div>
            <label class="speed">
                <span class="speed-label">{"Speed"}</span>
                <select onchange={on_speed} data-testid="speed" aria-label="Playback speed">
                    { for SPEEDS.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == p.speed_index()}>{format!("{s}×")}</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
