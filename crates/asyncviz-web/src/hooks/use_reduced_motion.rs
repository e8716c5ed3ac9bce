//! Whether the user asked for reduced motion.

use crate::browser;
use yew::prelude::*;

const QUERY: &str = "(prefers-reduced-motion: reduce)";

/// `true` when `prefers-reduced-motion: reduce` matches; follows changes.
#[hook]
pub(crate) fn use_reduced_motion() -> bool {
    let reduced = use_state(|| browser::media_matches(QUERY));
    {
        let reduced = reduced.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_media_change(QUERY, move |m| reduced.set(m));
            move || drop(listener)
        });
    }
    *reduced
}
