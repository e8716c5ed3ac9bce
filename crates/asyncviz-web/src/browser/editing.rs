//! What the program editor needs from the browser: drafts in localStorage, text edits that keep
//! the textarea's undo history, the selection, the element under the pointer, the page's own
//! address and the clipboard.

use super::window;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Storage};

fn storage() -> Option<Storage> {
    window()?.local_storage().ok()?
}

/// A stored string, if storage is available and has it.
pub(crate) fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a string; quietly does nothing when storage is blocked or full.
pub(crate) fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Removes a stored string.
pub(crate) fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Replaces `[start, end)` (UTF-16 offsets) of a textarea's text with `text` the way typing
/// would, so the browser's undo (Ctrl+Z) still works and an `input` event fires. Returns
/// `false` if the browser refused (no `execCommand`); the caller then sets the value itself.
pub(crate) fn insert_text(area: &HtmlTextAreaElement, start: u32, end: u32, text: &str) -> bool {
    let _ = area.set_selection_range(start, end);
    let Some(doc) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return false;
    };
    // `execCommand("insertText")` is the one way to edit a textarea that joins its undo stack.
    // An empty insertion deletes, which `insertText` does not do reliably.
    let command = if text.is_empty() {
        "delete"
    } else {
        "insertText"
    };
    doc.exec_command_with_show_ui_and_value(command, false, text)
        .unwrap_or(false)
}

/// Selects `[start, end)` (UTF-16 offsets) in a textarea.
pub(crate) fn select(area: &HtmlTextAreaElement, start: u32, end: u32) {
    let _ = area.set_selection_range(start, end);
}

/// A textarea's selection, as UTF-16 offsets.
pub(crate) fn selection(area: &HtmlTextAreaElement) -> (u32, u32) {
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    (start, end)
}

/// The value of the first `attribute` found on the elements under a viewport point, topmost
/// first: it finds what lies under a transparent textarea.
pub(crate) fn attribute_under(x: f64, y: f64, attribute: &str) -> Option<String> {
    let doc = window()?.document()?;
    doc.elements_from_point(x as f32, y as f32)
        .iter()
        .filter_map(|e| e.dyn_into::<Element>().ok())
        .find_map(|e| e.get_attribute(attribute))
}

/// An element's box relative to another's, in CSS pixels: left, top, width, height.
pub(crate) fn box_within(el: &Element, container: &Element) -> (f64, f64, f64, f64) {
    let (a, b) = (
        el.get_bounding_client_rect(),
        container.get_bounding_client_rect(),
    );
    (
        a.left() - b.left(),
        a.top() - b.top(),
        a.width(),
        a.height(),
    )
}

/// The page's address without its hash, for share links.
pub(crate) fn address_without_hash() -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Writes text to the clipboard with `navigator.clipboard.writeText`. Resolves to `false`
/// when the clipboard is unavailable (an insecure page, an old browser) or refuses.
pub(crate) async fn copy_text(text: &str) -> bool {
    let Some(w) = window() else { return false };
    // `navigator.clipboard` is reached by name: web-sys lists it as an unstable API.
    let clipboard = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Focuses a text field and selects all of its text, so Ctrl+C copies it.
pub(crate) fn select_all(input: &HtmlInputElement) {
    super::focus(input);
    input.select();
}

/// Focuses the first element a CSS selector finds, if any.
pub(crate) fn focus_selector(selector: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    {
        super::focus(&el);
    }
}
