//! While the scrubber is dragged, the panels on screen below the timeline take turns to follow
//! the step (`asyncviz_timeline::Turns`), one per frame, and catch up one per frame once the
//! hand rests.

use super::use_scrub_freeze::ScrubFreeze;
use crate::browser;
use crate::shared::Shared;
use crate::step_view::StepView;
use asyncviz_timeline::Turns;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The panel areas that take turns, in turn order.
const TURN_AREAS: [&str; 4] = ["area-queue", "area-inspector", "area-wakers", "area-output"];

/// The catch-up: a frame is asked for while a panel on screen is behind, and a frame that a
/// slider move already rendered is left to it.
#[derive(Default)]
struct CatchUp {
    /// A frame has been asked for and has not run yet.
    asked: Cell<bool>,
    /// A render since the last frame showed a new step (a move, which brought a panel up to
    /// date itself).
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
            // This frame already brought one panel up to date: the next frame does the next.
            self.ask(render);
        } else {
            render.emit(());
        }
    }
}

/// The views the four panel areas of `TURN_AREAS` show, given the step's `view` and the drag's
/// `freeze` (which areas were on screen when it began). With no drag on, every panel shows
/// `view`. During a drag, panels off screen keep what they showed when it began, and of those
/// on screen that are behind, one is brought up to date per frame.
#[hook]
pub(crate) fn use_panel_turns(
    view: &Shared<StepView>,
    freeze: &ScrubFreeze,
) -> [Shared<StepView>; 4] {
    let shown = use_mut_ref(|| std::array::from_fn::<_, 4, _>(|_| view.clone()));
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
    match freeze.in_view {
        None => shown.iter_mut().for_each(|s| *s = view.clone()),
        Some(_) => {
            let behind = |shown: &[Shared<StepView>; 4], i: usize| {
                shown[i] != *view && freeze.on_screen(TURN_AREAS[i]) == Some(true)
            };
            if let Some(i) = turns.borrow_mut().pick(4, |i| behind(&shown, i)) {
                shown[i] = view.clone();
            }
            if (0..4).any(|i| behind(&shown, i)) {
                catch_up.ask(Callback::from(move |()| force.force_update()));
            }
        }
    }
    shown.clone()
}
