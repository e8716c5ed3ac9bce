//! Everything that touches the browser: location hash, history, storage, media queries,
//! timers' clock, performance marks, DOM measuring, FLIP animation and the canvas painter.
//!
//! Browser I/O never panics: a missing window, a blocked storage or a failed call degrades to a
//! default. Components call these functions from `use_effect` hooks and event handlers only.

mod editing;
mod embedding;
mod flip;
mod freeze;
pub(crate) mod interpreter;
mod paint;

pub(crate) use editing::{
    address_without_hash, attribute_under, box_within, copy_text, focus_selector, forget,
    insert_text, select, select_all, selection, store, stored,
};
pub(crate) use embedding::{on_parent_message, select_all_text};
pub(crate) use flip::Flip;
pub(crate) use freeze::{freeze_panels, thaw_panels};
pub(crate) use paint::{paint_timeline, PaintInput, Palette};

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, EventTarget, HtmlElement, MessageChannel, Window};

fn window() -> Option<Window> {
    web_sys::window()
}

/// The current location hash, including its `#` (empty if none).
pub(crate) fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the hash without adding a history entry and without firing `hashchange`.
pub(crate) fn replace_hash(hash: &str) {
    let Some(w) = window() else { return };
    let url = format!("#{}", hash.trim_start_matches('#'));
    if w.location().hash().ok().as_deref() == Some(url.as_str()) {
        return;
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// A query-string parameter, e.g. `bench` in `?bench=100000`.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

const THEME_KEY: &str = "asyncviz.theme";

/// Whether the narration lists the events before the current one (`open`), as the reader
/// last left it.
pub(crate) const EARLIER_KEY: &str = "asyncviz.earlier";

/// The theme the user chose earlier (`light` or `dark`), if storage is available.
pub(crate) fn stored_theme() -> Option<String> {
    stored(THEME_KEY)
}

/// Remembers the chosen theme.
pub(crate) fn store_theme(theme: &str) {
    store(THEME_KEY, theme);
}

/// Whether a media query matches now.
pub(crate) fn media_matches(query: &str) -> bool {
    window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets `data-theme` on the document element, so CSS variables switch palettes.
pub(crate) fn set_document_theme(theme: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-theme", theme);
    }
}

/// Milliseconds since the page started (monotonic).
pub(crate) fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Adds a performance mark (visible to benchmarks through `performance.getEntriesByName`).
pub(crate) fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Sets `window[name] = value`, for benchmarks and tests to read.
pub(crate) fn expose_number(name: &str, value: f64) {
    if let Some(w) = window() {
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str(name), &JsValue::from_f64(value));
    }
}

/// Sets `window[name] = value` (a string), for benchmarks and tests to read.
pub(crate) fn expose_string(name: &str, value: &str) {
    if let Some(w) = window() {
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str(name), &JsValue::from_str(value));
    }
}

/// The device pixel ratio (1 if unknown).
pub(crate) fn device_pixel_ratio() -> f64 {
    window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0)
}

/// An element's content width in CSS pixels.
pub(crate) fn client_width(el: &Element) -> f64 {
    el.client_width() as f64
}

/// Scrolls `container` (only it, never the page or a host page) so `child` is in view: in the
/// part of the container the window shows, when a tall card reaches past the window's edge (the
/// code card does, at 1280×800), and centred there when it was not.
pub(crate) fn scroll_within(container: &Element, child: &Element) {
    let (view, line) = (
        container.get_bounding_client_rect(),
        child.get_bounding_client_rect(),
    );
    let window_h = window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::INFINITY);
    let height = line.height();
    let (mut top, mut bottom) = (view.top().max(0.0), view.bottom().min(window_h));
    if bottom - top < 3.0 * height {
        // Scrolled (almost) out of the window: the whole container, then.
        (top, bottom) = (view.top(), view.bottom());
    }
    if line.top() < top + height || line.bottom() > bottom - height {
        let off_centre = line.top() + height / 2.0 - (top + bottom) / 2.0;
        container.set_scroll_top((container.scroll_top() as f64 + off_centre).max(0.0) as i32);
    }
}

/// Moves keyboard focus to an element, without scrolling any page.
pub(crate) fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

/// Whether the focus has fallen to the document's body (or nowhere), as it does when the focused
/// element is taken out of the page.
pub(crate) fn focus_fell_to_body() -> bool {
    let Some(document) = window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref(),
        (Some(_), None) => false,
    }
}

/// An event listener that is removed when dropped.
pub(crate) struct Listener {
    target: EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}

fn listen(
    target: EventTarget,
    name: &'static str,
    f: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    target
        .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener {
        target,
        name,
        closure,
    })
}

/// Listens to a window event (`resize`, `hashchange`).
pub(crate) fn on_window(
    name: &'static str,
    f: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    listen(window()?.into(), name, f)
}

/// Calls `f(matches)` whenever a media query starts or stops matching.
pub(crate) fn on_media_change(query: &str, mut f: impl FnMut(bool) + 'static) -> Option<Listener> {
    let list = window()?.match_media(query).ok()??;
    let target: EventTarget = list.clone().into();
    listen(target, "change", move |_| f(list.matches()))
}

/// The element the app mounts into (`<div id="app">` in index.html).
pub(crate) fn app_root() -> Option<Element> {
    window()?.document()?.get_element_by_id("app")
}

/// Whether the page runs inside a frame (embedded in a course page or slides).
pub(crate) fn is_embedded() -> bool {
    let Some(w) = window() else { return false };
    match w.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &w),
        _ => true,
    }
}

/// The tag name (lower case) and `type` attribute of an event's target element.
pub(crate) fn target_kind(e: &web_sys::Event) -> (String, String) {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .map(|el| {
            (
                el.tag_name().to_ascii_lowercase(),
                el.get_attribute("type").unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// The 2D context of a canvas.
pub(crate) fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// The 2D context of a canvas whose every pixel is painted opaque: the browser then neither
/// blends its pixels as they are drawn nor the canvas over the page below it. The options only
/// apply when the context is first made.
pub(crate) fn context_2d_opaque(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    let options = web_sys::ContextAttributes2d::new();
    options.set_alpha(false);
    canvas
        .get_context_with_context_options("2d", &options)
        .ok()??
        .dyn_into()
        .ok()
}

/// Keeps delivering a pointer's events to its target while a drag lasts.
pub(crate) fn capture_pointer(e: &web_sys::PointerEvent) {
    if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
        let _ = el.set_pointer_capture(e.pointer_id());
    }
}

/// Runs `f` at the next animation frame, before style and layout, so reading layout there costs
/// no extra layout pass (layout would run for the frame anyway).
pub(crate) fn next_frame(f: impl FnOnce() + 'static) {
    if let Some(w) = window() {
        let callback = Closure::once_into_js(f);
        let _ = w.request_animation_frame(callback.unchecked_ref());
    }
}

/// Runs `f` in a task of its own, after whatever the browser has queued: rendering a frame,
/// handling input. The task is a message to the page itself (a `MessageChannel`), not a
/// zero-delay timeout: browsers hold back a timeout set from inside another by at least 4 ms
/// once five are nested, so a chain of short slices of work made that way spent more time
/// waiting than working.
pub(crate) fn later(f: impl FnOnce() + 'static) {
    thread_local! {
        static SOON: Option<Soon> = Soon::new();
    }
    let f: Box<dyn FnOnce()> = Box::new(f);
    let unsent = SOON.with(|soon| match soon {
        Some(soon) => {
            soon.post(f);
            None
        }
        None => Some(f),
    });
    // No channel (it could not be made): a timeout still runs it.
    if let Some(f) = unsent {
        gloo_timers::callback::Timeout::new(0, f).forget();
    }
}

/// Callbacks waiting for their turn, oldest first.
type Waiting = Rc<RefCell<VecDeque<Box<dyn FnOnce()>>>>;

/// The page's channel to itself for [`later`]: each message runs the oldest waiting callback.
struct Soon {
    channel: MessageChannel,
    waiting: Waiting,
    _on_message: Closure<dyn FnMut()>,
}

impl Soon {
    fn new() -> Option<Soon> {
        let channel = MessageChannel::new().ok()?;
        let waiting = Waiting::default();
        let queue = waiting.clone();
        let on_message = Closure::<dyn FnMut()>::new(move || {
            // Taken before it runs: it may ask for another turn.
            let next = queue.borrow_mut().pop_front();
            if let Some(f) = next {
                f();
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Soon {
            channel,
            waiting,
            _on_message: on_message,
        })
    }

    fn post(&self, f: Box<dyn FnOnce()>) {
        self.waiting.borrow_mut().push_back(f);
        let _ = self.channel.port2().post_message(&JsValue::UNDEFINED);
    }
}
