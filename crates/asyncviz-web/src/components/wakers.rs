//! Live wakers: whose each is, who holds it, and its history; lost wakers as stories.

use super::more::more_note;
use super::rich::rich;
use crate::state::Action;
use asyncviz_timeline::WakerRow;
use asyncviz_trace::TaskId;
use std::rc::Rc;
use yew::prelude::*;

/// The most wakers listed at once, unless the reader asks for all: the most recently active.
const WAKERS_SHOWN: usize = 8;
/// The most history entries shown per waker, unless the reader asks for all: the latest.
const HISTORY_SHOWN: usize = 4;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct WakersProps {
    /// Live wakers.
    pub(crate) wakers: Rc<Vec<WakerRow>>,
    /// Lost-waker stories.
    pub(crate) lost: Rc<Vec<(TaskId, String)>>,
    /// Dispatch (history entries jump to their step).
    pub(crate) on_action: Callback<Action>,
    /// While the slider is dragged with the card partly on screen: the most rows that can be
    /// in view ([`rows_in`]). The rest are drawn when the drag ends.
    #[prop_or_default]
    pub(crate) fit: Option<usize>,
}

/// The least height of a waker's row with the gap after it, in CSS pixels: an id, its owner and
/// holder, and one history line.
const ROW_MIN_PX: f64 = 56.0;

/// The most waker rows that can be in view in the top `px` pixels of the card.
pub(crate) fn rows_in(px: f64) -> usize {
    (px / ROW_MIN_PX).ceil().max(1.0) as usize
}

/// The step of a waker's latest event (0 if it has none).
fn last_active(w: &WakerRow) -> usize {
    w.history.last().map_or(0, |(step, _)| *step)
}

/// Which wakers to list, in list order: all of them, or the `WAKERS_SHOWN` most recently active
/// (the ones the narration talks about), newer ids first among equals.
fn shown_wakers(wakers: &[WakerRow], all: bool) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..wakers.len()).collect();
    if !all && wakers.len() > WAKERS_SHOWN {
        shown.sort_by_key(|&i| std::cmp::Reverse((last_active(&wakers[i]), wakers[i].id)));
        shown.truncate(WAKERS_SHOWN);
        shown.sort_unstable();
    }
    shown
}

fn waker(
    w: &WakerRow,
    all: bool,
    on_action: &Callback<Action>,
    expand: &Callback<MouseEvent>,
) -> Html {
    let holder_class = if w.stored {
        "holder"
    } else {
        "holder holder-loose"
    };
    let earlier = if all {
        0
    } else {
        w.history.len().saturating_sub(HISTORY_SHOWN)
    };
    html! {
        <li class="waker" data-testid="waker" data-waker={w.id.0.to_string()}>
            <div class="waker-head">
                <span class="waker-id">{format!("#{}", w.id.0)}</span>
                <span class="waker-owner">{"wakes "}<b>{w.owner.clone()}</b></span>
            </div>
            <div class={holder_class}>{"held by "}{rich(&w.holder)}</div>
            <ol class="waker-history" aria-label="History">
                if earlier > 0 {
                    <li class="history-earlier">
                        <button class="linklike" onclick={expand.clone()}>
                            {format!("… {earlier} earlier event{}", if earlier == 1 { "" } else { "s" })}
                        </button>
                    </li>
                }
                { for w.history[earlier..].iter().map(|(step, text)| {
                    let step = *step;
                    html! {
                        <li>
                            <button class="history-link" onclick={on_action.reform(move |_| Action::Seek(step))} title={format!("Go to step {step}")}>
                                {format!("#{step}")}
                            </button>
                            {" "}{rich(text)}
                        </li>
                    }
                }) }
            </ol>
        </li>
    }
}

/// The wakers card.
#[component]
pub(crate) fn Wakers(props: &WakersProps) -> Html {
    let v = props;
    let all = use_state(|| false);
    let toggle = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    let expand = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let mut shown = shown_wakers(&v.wakers, *all);
    let hidden = v.wakers.len() - shown.len();
    if let Some(fit) = v.fit {
        shown.truncate(fit);
    }
    let cut =
        v.wakers.len() > WAKERS_SHOWN || v.wakers.iter().any(|w| w.history.len() > HISTORY_SHOWN);
    html! {
        <section class="card wakers-card" aria-labelledby="wakers-h" data-testid="wakers" data-count={v.wakers.len().to_string()}>
            <div class="card-head">
                <h2 id="wakers-h" class="card-title">{"Wakers"}</h2>
                <span class="card-sub">{format!("{} alive", v.wakers.len())}</span>
            </div>
            { for v.lost.iter().map(|(task, story)| html! {
                <p key={task.0} class="lost" role="note" data-testid="lost-waker"><span class="lost-icon" aria-hidden="true">{"⚠"}</span><span>{rich(story)}</span></p>
            }) }
            if v.wakers.is_empty() {
                <p class="empty-note">{"No waker clones are alive right now. A task that is Pending needs one held somewhere, or nothing can wake it."}</p>
            }
            // Rows are not keyed, on purpose: while scrubbing, most frames show other wakers than
            // the last, and writing new text into the same rows costs far less than building
            // new ones; a single step changes a row or two either way.
            <ul class="waker-list">
                { for shown.iter().map(|&i| waker(&v.wakers[i], *all, &v.on_action, &expand)) }
            </ul>
            if v.fit.is_none() && (hidden > 0 || (*all && cut)) {
                { more_note(hidden, v.wakers.len(), ("waker", "wakers"), "quiet for longer", toggle) }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_trace::WakerId;

    fn row(id: u32, last: usize) -> WakerRow {
        WakerRow {
            id: WakerId(id),
            task: TaskId(1),
            owner: "task 1".into(),
            holder: "`sleep(1s)`".into(),
            stored: true,
            history: vec![(1, "cloned".into()), (last, "stored".into())],
        }
    }

    #[test]
    fn a_long_list_shows_the_most_recently_active_in_id_order() {
        let last = [5, 90, 3, 40, 7, 80, 2, 60, 9, 70, 1, 50];
        let wakers: Vec<WakerRow> = (0..12).map(|i| row(i as u32, last[i])).collect();
        assert_eq!(shown_wakers(&wakers, false), vec![1, 3, 4, 5, 7, 8, 9, 11]);
        assert_eq!(shown_wakers(&wakers, true), (0..12).collect::<Vec<_>>());
        assert_eq!(
            shown_wakers(&wakers[..8], false),
            (0..8).collect::<Vec<_>>()
        );
    }

    #[test]
    fn rows_in_view_are_counted_generously() {
        assert_eq!(rows_in(0.0), 1);
        assert_eq!(rows_in(65.0), 2);
        assert_eq!(rows_in(112.0), 2);
        assert_eq!(rows_in(600.0), 11);
    }

    #[test]
    fn among_equally_recent_wakers_the_newer_ids_are_shown() {
        let wakers: Vec<WakerRow> = (0..10).map(|i| row(i, 7)).collect();
        assert_eq!(shown_wakers(&wakers, false), (2..10).collect::<Vec<_>>());
    }
}
