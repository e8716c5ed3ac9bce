//! What embedding needs from the browser: the page's own address, the parent window's messages
//! (reveal.js's `slide:stop` / `slide:start`), checked for window and origin before anything
//! acts on them, and selecting a snippet for a reader to copy by hand.

use super::{on_window, window, Listener};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlTextAreaElement, Window};

/// What this page knows of its parent's origin: `location.ancestorOrigins[0]` where the browser
/// has it (Chromium, Safari), else the origin of `document.referrer`.
fn parent_origin(w: &Window) -> Option<String> {
    // `ancestorOrigins` is reached by name: Firefox lacks it, and web-sys does not list it.
    let first = js_sys::Reflect::get(&w.location(), &JsValue::from_str("ancestorOrigins"))
        .ok()
        .filter(|list| list.is_object())
        .and_then(|list| js_sys::Reflect::get(&list, &JsValue::from_f64(0.0)).ok())
        .and_then(|origin| origin.as_string());
    first.or_else(|| asyncviz_embed::origin_of(&w.document()?.referrer()))
}

/// Calls `f` with the text of each message the parent window posts from its own origin.
///
/// A message counts only if its `source` is `window.parent` (not a sibling frame, not this
/// window) and its `origin` is the parent's; data that is not a string never reaches `f`. `None`
/// when the page is not in a frame, or cannot tell its parent's origin: then no message counts.
pub(crate) fn on_parent_message(mut f: impl FnMut(&str) + 'static) -> Option<Listener> {
    let w = window()?;
    let parent = w.parent().ok()??;
    if js_sys::Object::is(&parent, &w) {
        return None;
    }
    let origin = parent_origin(&w)?;
    on_window("message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let from_parent = e.source().is_some_and(|s| js_sys::Object::is(&s, &parent));
        if from_parent && asyncviz_embed::origin_trusted(&e.origin(), Some(&origin)) {
            if let Some(data) = e.data().as_string() {
                f(&data);
            }
        }
    })
}

/// Focuses a read-only text area and selects all of its text, so Ctrl+C copies it.
pub(crate) fn select_all_text(area: &HtmlTextAreaElement) {
    super::focus(area);
    area.select();
}
