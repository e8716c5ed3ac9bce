//! FLIP animation of the queue tokens after each render.

use crate::browser::{self, Flip};
use yew::prelude::*;

/// After every render where `key` changed and `animate` is set (at the next animation frame), glides `[data-flip]` elements under `root` from their
/// old places to their new ones (unless motion is reduced).
#[hook]
pub(crate) fn use_flip<K: PartialEq + Clone + 'static>(root: NodeRef, key: K, animate: bool) {
    let flip = use_mut_ref(Flip::default);
    use_effect_with(key, move |_| {
        if !animate {
            // Nothing glides, so nothing is measured: the next animated step starts fresh.
            flip.borrow_mut().forget();
            return;
        }
        // Measured at the next frame, where layout is computed once for the frame anyway.
        browser::next_frame(move || {
            if let Some(el) = root.cast::<web_sys::Element>() {
                flip.borrow_mut().run(&el, true);
            }
        });
    });
}
