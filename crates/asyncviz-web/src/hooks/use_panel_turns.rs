//! While the scrubber is dragged, the panels on screen follow the step in the frames between the
//! hand's moves: a frame with a move draws only the playback bar and the timeline, and each
//! frame without one brings panels that are behind up to date, the code and the narration
//! first, then the others taking turns (`asyncviz_timeline::Turns`).

use super::use_scrub_freeze::ScrubFreeze;
use crate::browser;
use crate::shared::Shared;
use asyncviz_timeline::Turns;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The catch-up: a frame is asked for while a panel on screen is behind, and a frame that has a
/// slider move in it is left to the move.
#[derive(Default)]
struct CatchUp {
    /// A frame has been asked for and has not run yet.
    asked: Cell<bool>,
    /// A render since the last frame showed a new step (a move).
    moved: Cell<bool>,
}

impl CatchUp {
    fn ask(self: &Rc<Self>, render: Callback<()>) {
        if self.asked.replace(true) {
            return;
        }
        let me = self.clone();
        browser::next_frame(move || me.frame(render));
    }

    fn frame(self: Rc<Self>, render: Callback<()>) {
        self.asked.set(false);
        if self.moved.replace(false) {
            // The hand moved since the last frame and may move in this one: try the next.
            self.ask(render);
        } else {
            render.emit(());
        }
    }
}

/// The views `N` panels show, given the step's `view`, the drag's `freeze` and which of the
/// panels were on screen when it began (`on_screen`, in catch-up order). With no drag on, every
/// panel shows `view`. During a drag, panels off screen keep what they showed when it began;
/// those on screen keep what they show while the hand moves, and follow in the frames between
/// its moves, one piece of work per frame: the first `together` panels at once, and once they
/// are up to date, the others one per frame, taking turns.
#[hook]
pub(crate) fn use_panel_turns<T: 'static, const N: usize>(
    view: &Shared<T>,
    freeze: &ScrubFreeze,
    on_screen: [bool; N],
    together: usize,
) -> [Shared<T>; N] {
    let shown = use_mut_ref(|| std::array::from_fn::<_, N, _>(|_| view.clone()));
    let turns = use_mut_ref(Turns::default);
    let last = use_mut_ref(|| view.clone());
    let catch_up = use_memo((), |_| Rc::new(CatchUp::default()));
    let force = use_force_update();
    let mut shown = shown.borrow_mut();
    let new_step = *last.borrow() != *view;
    if new_step {
        *last.borrow_mut() = view.clone();
        catch_up.moved.set(true);
    }
    let left = match freeze.in_view {
        None => {
            shown.iter_mut().for_each(|s| *s = view.clone());
            0
        }
        Some(_) => {
            let behind = |shown: &[Shared<T>; N], i: usize| shown[i] != *view && on_screen[i];
            if !new_step {
                if (0..together).any(|i| behind(&shown, i)) {
                    for i in 0..together {
                        if behind(&shown, i) {
                            shown[i] = view.clone();
                        }
                    }
                } else if let Some(k) = turns
                    .borrow_mut()
                    .pick(N - together, |k| behind(&shown, together + k))
                {
                    shown[together + k] = view.clone();
                }
            }
            let left = (0..N).filter(|&i| behind(&shown, i)).count();
            if left > 0 {
                catch_up.ask(Callback::from(move |()| force.force_update()));
            }
            left
        }
    };
    // For the benchmark: it measures the frames that catch up until no panel is behind.
    browser::expose_number("__asyncvizBehind", left as f64);
    shown.clone()
}
