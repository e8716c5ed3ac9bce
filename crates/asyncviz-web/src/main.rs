//! The AsyncViz page: a Yew app that runs a built-in async Rust program on the instrumented
//! executor and shows every poll, waker, queue and future on a timeline you can play, step and
//! scrub.
//!
//! `state` holds the reducer; `components/` has one component per file; `hooks/` has the hooks
//! that drive playback, the URL hash, the theme and animations; `browser` is the only module
//! that calls web APIs. Everything computed from a trace comes from `asyncviz-timeline`.

mod app;
mod browser;
mod components;
mod editor_state;
mod hooks;
mod interp_bench;
mod interpreted;
mod shared;
mod source;
mod state;
mod step_view;

fn main() {
    console_error_panic_hook::set_once();
    browser::mark("asyncviz-start");
    // `?bench=interp` is the interpreter's benchmark page, not the visualizer.
    if browser::query_param("bench").as_deref() == Some("interp") {
        if let Some(root) = browser::app_root() {
            yew::Renderer::<interp_bench::InterpBench>::with_root(root).render();
        }
        return;
    }
    match browser::app_root() {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
