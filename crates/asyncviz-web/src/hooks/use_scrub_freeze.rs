//! Panels hold their size while the scrubber is dragged (`browser::freeze_panels`), and the
//! ones off screen wait for the drag to end.

use crate::browser;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// How long the slider must rest before the panels follow their content again, for moves that
/// end without a `change` event (a script moving the slider, a lost pointer).
const REST_MS: f64 = 500.0;

/// The panel areas on screen when a drag began: each one's class name and how many pixels of it,
/// from its top, were in view.
pub(crate) type InView = Rc<Vec<(String, f64)>>;

/// The scrubber's drag: its two events, and which panel areas are on screen while it lasts.
#[derive(Clone, PartialEq)]
pub(crate) struct ScrubFreeze {
    /// The slider moved (each `input` event).
    pub(crate) moved: Callback<()>,
    /// The slider was released (its `change` event: the drag ended, or a key moved it a step).
    pub(crate) released: Callback<()>,
    /// While a drag lasts, the panel areas on screen when it began: each one's class name and
    /// how many pixels of it, from its top, were in view; `None` when no drag is on.
    pub(crate) in_view: Option<InView>,
}

impl ScrubFreeze {
    /// While a drag lasts, whether the panel area `area` (`area-code`, ...) was on screen when it
    /// began; `None` when no drag is on.
    pub(crate) fn on_screen(&self, area: &str) -> Option<bool> {
        self.in_view
            .as_ref()
            .map(|in_view| in_view.iter().any(|(a, _)| a == area))
    }

    /// While a drag lasts and the panel area `area` is on screen, how many pixels of it, from
    /// its top, are in view.
    pub(crate) fn seen_px(&self, area: &str) -> Option<f64> {
        self.in_view
            .as_ref()?
            .iter()
            .find(|(a, _)| a == area)
            .map(|(_, px)| *px)
    }
}

/// A drag in progress, shared by the callbacks and the rest timer.
struct Drag {
    /// Set while the panels are frozen.
    frozen: Cell<bool>,
    /// When the slider last moved (ms, `browser::now_ms`).
    last_move: Cell<f64>,
    /// The rest timer: at most one pending, re-armed when it fires early rather than at each move
    /// (a move comes every frame).
    rest: RefCell<Option<Timeout>>,
    /// Tells the page which areas are on screen, or that the drag ended.
    in_view: Callback<Option<InView>>,
}

impl Drag {
    fn moved(self: &Rc<Self>) {
        self.last_move.set(browser::now_ms());
        if !self.frozen.replace(true) {
            self.in_view.emit(Some(Rc::new(browser::freeze_panels())));
            self.arm(REST_MS);
        }
    }

    fn arm(self: &Rc<Self>, ms: f64) {
        let drag = self.clone();
        // Replacing a fired timeout from inside its own callback is fine: wasm-bindgen frees the
        // callback once it returns.
        *self.rest.borrow_mut() = Some(Timeout::new(ms.ceil() as u32, move || drag.rested()));
    }

    fn rested(self: &Rc<Self>) {
        let idle = browser::now_ms() - self.last_move.get();
        if idle + 1.0 < REST_MS {
            self.arm(REST_MS - idle);
        } else {
            self.thaw();
        }
    }

    fn thaw(&self) {
        if self.frozen.replace(false) {
            browser::thaw_panels();
            self.in_view.emit(None);
        }
    }

    fn released(&self) {
        // Dropping the timer also drops its hold on this drag.
        self.rest.borrow_mut().take();
        self.thaw();
    }
}

/// Freezes the panels' sizes from the first `moved` until `released`, or until the slider has
/// rested for `REST_MS`, and says which panel areas were on screen meanwhile.
#[hook]
pub(crate) fn use_scrub_freeze() -> ScrubFreeze {
    let in_view = use_state(|| None::<InView>);
    let callbacks = {
        let setter = in_view.setter();
        use_memo((), move |_| {
            let drag = Rc::new(Drag {
                frozen: Cell::new(false),
                last_move: Cell::new(0.0),
                rest: RefCell::new(None),
                in_view: Callback::from(move |v| setter.set(v)),
            });
            let moved = {
                let drag = drag.clone();
                Callback::from(move |()| drag.moved())
            };
            let released = Callback::from(move |()| drag.released());
            (moved, released)
        })
    };
    // Never leave the panels frozen behind.
    {
        let released = callbacks.1.clone();
        use_effect_with((), move |_| move || released.emit(()));
    }
    ScrubFreeze {
        moved: callbacks.0.clone(),
        released: callbacks.1.clone(),
        in_view: (*in_view).clone(),
    }
}
