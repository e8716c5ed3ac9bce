//! The interpreter's Web Worker.
//!
//! The page (`asyncviz-web`) does not link the interpreter: syn and the evaluator are most of
//! its size, and a run may take a few hundred milliseconds. Trunk builds this binary as a
//! second WebAssembly module that the page starts in a dedicated worker the first time it needs
//! the interpreter (the editor, or a link that carries code). Each message in is a JSON
//! [`Request`](asyncviz_interp::protocol::Request); each message out is its JSON
//! [`Reply`](asyncviz_interp::protocol::Reply), or for a run with a trace the pair
//! `[reply JSON, trace bytes]`. The work itself is
//! [`asyncviz_interp::protocol::answer`]; this file is only the glue.

use asyncviz_interp::protocol::{answer, READY};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// `performance.now()` in the worker, for benchmark runs.
fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}

fn main() {
    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        // Not in a worker (a native build for tests, or a page loading this by mistake).
        return;
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        let mut reply = answer(&text, || now_ms(&replies));
        // A run's trace goes beside the JSON, as bytes whose buffer is handed over, not copied.
        match reply.take_trace() {
            None => {
                let _ = replies.post_message(&JsValue::from_str(&reply.to_json()));
            }
            Some(bytes) => {
                let trace = js_sys::Uint8Array::from(bytes.as_slice());
                let message = js_sys::Array::of2(&JsValue::from_str(&reply.to_json()), &trace);
                let transfer = js_sys::Array::of1(&trace.buffer());
                let _ = replies.post_message_with_transfer(&message, &transfer);
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
