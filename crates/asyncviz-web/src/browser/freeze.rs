//! Panels that hold their size while the scrubber is dragged.
//!
//! The panels sit in one CSS grid whose rows follow their content, so text changing inside any
//! panel makes the browser lay out the whole grid again, every panel several times over (about
//! two thirds of a scrub frame's layout at 100,000 events). While a hand is on the slider, each
//! panel area keeps the height it had when the drag began and is laid out on its own (`contain:
//! strict`); when the drag ends the panels follow their content again. A panel whose content
//! grows past its held height is clipped until then, so nothing under the hand jumps around.
//! Elements marked `data-hold-width` keep their width the same way.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The elements matching a CSS selector.
fn all(selector: &str) -> Vec<HtmlElement> {
    let Some(nodes) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(selector).ok())
    else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The panel areas: the children of the page's grid.
fn areas() -> Vec<HtmlElement> {
    all(".layout > *")
}

/// Elements inside a panel that also keep their width during a drag (`data-hold-width`), what
/// grows past it clipped: the code view's lines are as wide as the widest, badges included, and
/// without this every badge appearing on the widest line would lay out and repaint every line,
/// and the code's scroller would change size (and be painted again whole) at every frame.
fn held_widths() -> Vec<HtmlElement> {
    all("[data-hold-width]")
}

/// How much of a panel must be on screen for a reader to see more than its card's head, in CSS
/// pixels.
const MIN_SEEN: f64 = 48.0;

/// Holds every panel area at its current height, laid out on its own. Returns the areas on
/// screen, the ones whose content a reader can see: each one's class name (`area-code`,
/// `area-queue`, ...) and how many CSS pixels of it, from its top, are in view.
pub(crate) fn freeze_panels() -> Vec<(String, f64)> {
    let areas = areas();
    let view_h = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::INFINITY);
    // All reads before any write: one layout (usually none, the last frame left it clean).
    let rects: Vec<(f64, f64)> = areas
        .iter()
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.top(), r.height())
        })
        .collect();
    let wide = held_widths();
    let widths: Vec<f64> = wide
        .iter()
        .map(|el| el.get_bounding_client_rect().width())
        .collect();
    for (el, w) in wide.iter().zip(widths) {
        let style = el.style();
        let _ = style.set_property("min-width", &format!("{w}px"));
        let _ = style.set_property("max-width", &format!("{w}px"));
        // What grows past the held width is clipped: the scroller's scrollable area (and the
        // layer the browser keeps for it) keeps its size.
        let _ = style.set_property("overflow-x", "clip");
    }
    let mut in_view = Vec::new();
    for (el, (top, h)) in areas.iter().zip(rects) {
        let style = el.style();
        let _ = style.set_property("height", &format!("{h}px"));
        let _ = style.set_property("contain", "strict");
        if top + MIN_SEEN < view_h && top + h > MIN_SEEN {
            in_view.push((el.class_name(), (view_h - top).min(h)));
        }
    }
    in_view
}

/// Lets the panel areas size to their content again.
pub(crate) fn thaw_panels() {
    for el in held_widths() {
        let style = el.style();
        let _ = style.remove_property("min-width");
        let _ = style.remove_property("max-width");
        let _ = style.remove_property("overflow-x");
    }
    for el in areas() {
        let style = el.style();
        let _ = style.remove_property("height");
        let _ = style.remove_property("contain");
    }
}
