//! Panels that hold their size while the scrubber is dragged.
//!
//! The panels sit in one CSS grid whose rows follow their content, so text changing inside any
//! panel makes the browser lay out the whole grid again, every panel several times over (about
//! two thirds of a scrub frame's layout at 100,000 events). While a hand is on the slider, each
//! panel area keeps the height it had when the drag began and is laid out on its own (`contain:
//! strict`); when the drag ends the panels follow their content again. A panel whose content
//! grows past its held height is clipped until then, so nothing under the hand jumps around.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The panel areas: the children of the page's grid.
fn areas() -> Vec<HtmlElement> {
    let Some(nodes) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(".layout > *").ok())
    else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Holds every panel area at its current height, laid out on its own.
pub(crate) fn freeze_panels() {
    let areas = areas();
    // All reads before any write: one layout (usually none, the last frame left it clean).
    let heights: Vec<f64> = areas
        .iter()
        .map(|el| el.get_bounding_client_rect().height())
        .collect();
    for (el, h) in areas.iter().zip(heights) {
        let style = el.style();
        let _ = style.set_property("height", &format!("{h}px"));
        let _ = style.set_property("contain", "strict");
    }
}

/// Lets the panel areas size to their content again.
pub(crate) fn thaw_panels() {
    for el in areas() {
        let style = el.style();
        let _ = style.remove_property("height");
        let _ = style.remove_property("contain");
    }
}
