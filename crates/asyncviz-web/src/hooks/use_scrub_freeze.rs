//! Panels hold their size while the scrubber is dragged (`browser::freeze_panels`).

use crate::browser;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// How long the slider must rest before the panels follow their content again, for moves that
/// end without a `change` event (a script moving the slider, a lost pointer).
const REST_MS: u32 = 500;

/// The slider's two events: `moved` for each `input` while dragging, `released` for its
/// `change` (the drag ended, or a key moved it one step).
#[derive(Clone, PartialEq)]
pub(crate) struct ScrubFreeze {
    /// The slider moved.
    pub(crate) moved: Callback<()>,
    /// The slider was released.
    pub(crate) released: Callback<()>,
}

/// Freezes the panels' sizes from the first `moved` until `released`, or until the slider has
/// rested for `REST_MS`.
#[hook]
pub(crate) fn use_scrub_freeze() -> ScrubFreeze {
    let callbacks = use_memo((), |_| {
        let frozen = Rc::new(Cell::new(false));
        let rest = Rc::new(RefCell::new(None::<Timeout>));
        let thaw = {
            let frozen = frozen.clone();
            move || {
                if frozen.replace(false) {
                    browser::thaw_panels();
                }
            }
        };
        let moved = {
            let rest = rest.clone();
            let thaw = thaw.clone();
            Callback::from(move |()| {
                if !frozen.replace(true) {
                    browser::freeze_panels();
                }
                // Replacing the timeout cancels the previous one.
                *rest.borrow_mut() = Some(Timeout::new(REST_MS, thaw.clone()));
            })
        };
        let released = Callback::from(move |()| {
            rest.borrow_mut().take();
            thaw();
        });
        ScrubFreeze { moved, released }
    });
    // Never leave the panels frozen behind.
    {
        let released = callbacks.released.clone();
        use_effect_with((), move |_| move || released.emit(()));
    }
    (*callbacks).clone()
}
