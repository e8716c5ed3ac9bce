//! The interpreter's Web Worker, seen from the page.
//!
//! The interpreter (syn and the evaluator) is not in the page's WebAssembly: it is a second
//! module, `asyncviz-worker`, that runs in a dedicated worker. The worker starts the first time
//! the page needs it (the editor checks or runs code, or a link carries a program), so a page
//! that only shows built-in programs never downloads it. Requests are queued until the worker
//! says it is ready; each answer goes to the callback its request came with. If the worker
//! fails (it cannot load, or it panicked), every waiting callback gets the error and the next
//! request starts a fresh worker.

use asyncviz_interp::protocol::{Answer, Job, Reply, Request, READY};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// The loader script Trunk writes next to the page (`data-loader-shim`), relative to the page.
const LOADER: &str = "asyncviz-worker_loader.js";

/// How long the worker may take to load and report ready before the page gives up on it (a
/// server that does not serve it, a browser that does not run it). Loading is a download and a
/// compile of about 1 MB of WebAssembly.
const READY_WITHIN_MS: u32 = 30_000;

/// A global a page may set to start the worker from elsewhere: the single-file page sets it to
/// a `blob:` URL, because a page opened from `file://` cannot start a worker from a file.
const URL_OVERRIDE: &str = "__asyncvizWorkerUrl";

type Done = Box<dyn FnOnce(Result<Answer, String>)>;

struct Client {
    worker: Worker,
    ready: bool,
    queue: Vec<String>,
    waiting: BTreeMap<u32, Done>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
    ready_timeout: Option<Timeout>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// A stopped worker's client, kept until the next start: its closures may be the ones
    /// running when it stops.
    static STOPPED: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn worker_url() -> Option<String> {
    let window = web_sys::window()?;
    if let Some(url) = js_sys::Reflect::get(&window, &JsValue::from_str(URL_OVERRIDE))
        .ok()
        .and_then(|v| v.as_string())
    {
        return Some(url);
    }
    let base = window.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(LOADER, &base)
        .ok()
        .map(|u| u.href())
}

/// Sends `job` to the worker; `done` gets its answer, or why there is none.
pub(crate) fn submit(job: Job, done: impl FnOnce(Result<Answer, String>) + 'static) {
    let started = CLIENT.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            STOPPED.with(|s| s.borrow_mut().take());
            *slot = Some(start()?);
        }
        Ok::<(), String>(())
    });
    if let Err(why) = started {
        done(Err(why));
        return;
    }
    let posted = CLIENT.with(|cell| {
        let mut slot = cell.borrow_mut();
        let Some(client) = slot.as_mut() else {
            return true;
        };
        let id = client.next_id;
        client.next_id = client.next_id.wrapping_add(1);
        let text = Request { id, job }.to_json();
        client.waiting.insert(id, Box::new(done));
        if client.ready {
            client
                .worker
                .post_message(&JsValue::from_str(&text))
                .is_ok()
        } else {
            client.queue.push(text);
            true
        }
    });
    if !posted {
        fail(stop(), "the interpreter's worker refused the message");
    }
}

fn start() -> Result<Client, String> {
    let url = worker_url().ok_or("the page cannot tell where the interpreter's worker is")?;
    let worker = Worker::new(&url).map_err(|e| {
        format!(
            "the interpreter's worker did not start ({})",
            e.as_string()
                .unwrap_or_else(|| "the browser refused it".into())
        )
    })?;
    // A reply is its JSON text, or `[JSON, trace bytes]` for a run with a trace.
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let data = e.data();
        if let Some(text) = data.as_string() {
            on_reply(&text, None);
        } else if let Some(pair) = data.dyn_ref::<js_sys::Array>() {
            if let Some(text) = pair.get(0).as_string() {
                let bytes = js_sys::Uint8Array::new(&pair.get(1)).to_vec();
                on_reply(&text, Some(&bytes));
            }
        }
    });
    // A script that fails to load fires a plain `Event`; an exception in the worker fires an
    // `ErrorEvent` with a message.
    let on_error = Closure::<dyn FnMut(Event)>::new(|e: Event| {
        e.prevent_default();
        let detail = e
            .dyn_ref::<ErrorEvent>()
            .map(ErrorEvent::message)
            .unwrap_or_default();
        let why = if detail.is_empty() {
            "the interpreter's worker failed to load or stopped".to_string()
        } else {
            format!("the interpreter's worker stopped: {detail}")
        };
        fail(stop(), &why);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let ready_timeout = Timeout::new(READY_WITHIN_MS, || {
        let late = CLIENT.with(|cell| cell.borrow().as_ref().is_some_and(|c| !c.ready));
        if late {
            fail(
                stop(),
                "the interpreter's worker did not load (the server may not serve asyncviz-worker_loader.js)",
            );
        }
    });
    Ok(Client {
        worker,
        ready: false,
        queue: Vec::new(),
        waiting: BTreeMap::new(),
        next_id: 1,
        _on_message: on_message,
        _on_error: on_error,
        ready_timeout: Some(ready_timeout),
    })
}

fn on_reply(text: &str, trace: Option<&[u8]>) {
    if text == READY {
        CLIENT.with(|cell| {
            if let Some(client) = cell.borrow_mut().as_mut() {
                client.ready = true;
                if let Some(timeout) = client.ready_timeout.take() {
                    timeout.cancel();
                }
                for request in std::mem::take(&mut client.queue) {
                    let _ = client.worker.post_message(&JsValue::from_str(&request));
                }
            }
        });
        return;
    }
    let reply = Reply::from_json(text).and_then(|mut reply| {
        if let Some(bytes) = trace {
            reply.attach_trace(bytes)?;
        }
        Ok(reply)
    });
    match reply {
        Ok(Reply { id, answer }) => {
            // Take the callback out before calling it: it may submit the next request.
            let done = CLIENT.with(|cell| cell.borrow_mut().as_mut()?.waiting.remove(&id));
            if let Some(done) = done {
                done(Ok(answer));
            }
        }
        // An answer nobody can read: fail everything rather than leave callers waiting.
        Err(e) => fail(
            stop(),
            &format!("the interpreter's worker sent an unreadable answer ({e})"),
        ),
    }
}

/// Ends the worker and returns the callbacks still waiting; the next request starts a new one.
fn stop() -> Vec<Done> {
    let Some(mut client) = CLIENT.with(|cell| cell.borrow_mut().take()) else {
        return Vec::new();
    };
    client.worker.terminate();
    let waiting = std::mem::take(&mut client.waiting).into_values().collect();
    STOPPED.with(|s| *s.borrow_mut() = Some(client));
    waiting
}

/// Gives `why` to each callback.
fn fail(callbacks: Vec<Done>, why: &str) {
    for done in callbacks {
        done(Err(why.to_string()));
    }
}
