//! FLIP animation (First, Last, Invert, Play) for queue tokens: after each render, tokens that
//! moved start from where they were and glide to where they are, even across containers.

use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Remembers where each `[data-flip]` element was after the previous render.
#[derive(Default)]
pub(crate) struct Flip {
    last: BTreeMap<String, (f64, f64)>,
}

impl Flip {
    /// Forgets the remembered positions (after a jump, nothing should glide).
    pub(crate) fn forget(&mut self) {
        self.last.clear();
    }

    /// Measures the `[data-flip]` elements under `root`; if `animate`, plays the move from their
    /// previous positions.
    pub(crate) fn run(&mut self, root: &Element, animate: bool) {
        let Ok(nodes) = root.query_selector_all("[data-flip]") else {
            return;
        };
        let els: Vec<(HtmlElement, String)> = (0..nodes.length())
            .filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok())
            .filter_map(|el| {
                let key = el.get_attribute("data-flip")?;
                Some((el, key))
            })
            .collect();
        // Writes, then reads, then writes: one layout for all tokens, never one per token.
        for (el, _) in &els {
            // Clear a transform left by an interrupted animation before measuring.
            let _ = el.style().set_property("transition", "none");
            let _ = el.style().remove_property("transform");
        }
        let mut now = BTreeMap::new();
        let mut moved: Vec<(&HtmlElement, f64, f64)> = Vec::new();
        for (el, key) in &els {
            let rect = el.get_bounding_client_rect();
            let pos = (rect.left(), rect.top());
            if let Some(&(x, y)) = self.last.get(key) {
                let (dx, dy) = (x - pos.0, y - pos.1);
                if animate
                    && (dx.abs() > 0.5 || dy.abs() > 0.5)
                    && dx.abs() < 2000.0
                    && dy.abs() < 2000.0
                {
                    moved.push((el, dx, dy));
                }
            }
            now.insert(key.clone(), pos);
        }
        for (el, dx, dy) in &moved {
            let _ = el
                .style()
                .set_property("transform", &format!("translate({dx}px, {dy}px)"));
        }
        if !moved.is_empty() {
            // Reading layout commits the inverted position before the transition starts.
            let _ = root.get_bounding_client_rect();
            for (el, _, _) in &moved {
                let _ = el
                    .style()
                    .set_property("transition", "transform 280ms cubic-bezier(.2,.7,.2,1)");
                let _ = el.style().remove_property("transform");
            }
        }
        self.last = now;
    }
}
