//! The thread-local "current runtime", the way tokio finds its scheduler from inside a poll.
//!
//! Invariant: the `RefCell<State>` is never borrowed while user code runs (a poll, a drop of a
//! user value, a waker call). Every function here borrows, acts on plain data, and returns.

use crate::runtime::State;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static CURRENT: RefCell<Option<Rc<RefCell<State>>>> = const { RefCell::new(None) };
}

/// Runs `f` on the current runtime's state, or returns `None` outside a runtime.
pub(crate) fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    CURRENT.with(|cur| {
        let cur = cur.borrow();
        let state = cur.as_ref()?;
        let mut st = state
            .try_borrow_mut()
            .expect("the executor's state is never borrowed while user code runs");
        Some(f(&mut st))
    })
}

/// Like [`with_state`], but panics outside a runtime, with tokio's message.
#[track_caller]
pub(crate) fn expect_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    with_state(f).unwrap_or_else(|| {
        panic!(
            "there is no reactor running, must be called from the context of a Tokio 1.x runtime"
        )
    })
}

/// Makes `state` current until the guard drops, restoring the previous one after.
pub(crate) fn enter(state: &Rc<RefCell<State>>) -> EnterGuard {
    let prev = CURRENT.with(|cur| cur.replace(Some(state.clone())));
    EnterGuard { prev }
}

/// Restores the previously current runtime on drop.
pub(crate) struct EnterGuard {
    prev: Option<Rc<RefCell<State>>>,
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        let prev = self.prev.take();
        CURRENT.with(|cur| *cur.borrow_mut() = prev);
    }
}
