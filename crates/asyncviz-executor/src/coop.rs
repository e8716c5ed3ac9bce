//! tokio's cooperative budget: each task poll may complete 128 resource operations; after that
//! every resource returns `Pending` and defers a wake, so one task cannot starve the others.

use crate::context::with_state;
use std::task::{Context, Poll};

/// tokio's per-poll budget.
pub(crate) const BUDGET: u8 = 128;

/// A unit of budget taken for one operation. Dropping it without
/// [`made_progress`](RestoreOnPending::made_progress) gives the unit back, as tokio does when the
/// operation returns `Pending`.
#[must_use]
pub(crate) struct RestoreOnPending {
    armed: bool,
}

impl RestoreOnPending {
    /// The operation completed: the unit stays spent.
    pub(crate) fn made_progress(mut self) {
        self.armed = false;
    }
}

impl Drop for RestoreOnPending {
    fn drop(&mut self) {
        if self.armed {
            with_state(|st| {
                if let Some(b) = &mut st.coop {
                    *b += 1;
                }
            });
        }
    }
}

/// Takes one unit of budget, or defers a wake and returns `Pending` when the budget is spent.
pub(crate) fn poll_proceed(cx: &mut Context<'_>) -> Poll<RestoreOnPending> {
    let spent = with_state(|st| match &mut st.coop {
        Some(0) => true,
        Some(b) => {
            *b -= 1;
            false
        }
        None => false,
    });
    match spent {
        Some(true) => {
            crate::runtime::defer(cx.waker());
            Poll::Pending
        }
        Some(false) => Poll::Ready(RestoreOnPending { armed: true }),
        None => Poll::Ready(RestoreOnPending { armed: false }),
    }
}

/// Whether the running task has budget left.
pub(crate) fn has_budget_remaining() -> bool {
    with_state(|st| st.coop != Some(0)).unwrap_or(true)
}

/// Runs `f` with an unconstrained budget, restoring the budget after.
pub(crate) fn with_unconstrained<R>(f: impl FnOnce() -> R) -> R {
    let saved = with_state(|st| st.coop.take()).flatten();
    let r = f();
    with_state(|st| st.coop = saved);
    r
}
