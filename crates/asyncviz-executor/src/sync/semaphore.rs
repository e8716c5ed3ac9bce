//! A fair (FIFO) semaphore, the core of tokio's bounded `mpsc`, `Mutex` and `RwLock`: permits
//! released go to the oldest waiter first, and a new acquirer never overtakes a queued one. A
//! waiter may need several permits (an `RwLock` writer needs all of them); released permits
//! then collect at the front waiter until it has enough, as in tokio's batch semaphore.

use crate::context::with_state;
use crate::coop;
use crate::instrument::note_await;
use crate::waker::WakerSlot;
use asyncviz_trace::{Loc, ResourceId, TaskId};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub(crate) struct Semaphore {
    inner: RefCell<SemInner>,
    pub(crate) resource: ResourceId,
}

struct SemInner {
    permits: usize,
    waiters: VecDeque<Rc<Waiter>>,
    closed: bool,
}

struct Waiter {
    assigned: Cell<bool>,
    /// The permits it needs, and those it was handed so far.
    need: usize,
    got: Cell<usize>,
    waker: RefCell<WakerSlot>,
    /// The task whose future waits, and what that future is: where a permit goes.
    who: Option<(TaskId, String, u32)>,
}

/// A permit handed to a waiting future by [`Semaphore::release_then`]: the future's task, what
/// it is (`mutex.lock()`) and its line.
pub(crate) struct Handoff {
    pub(crate) task: TaskId,
    pub(crate) label: String,
    pub(crate) line: u32,
}

/// The semaphore was closed.
pub(crate) struct Closed;

impl Semaphore {
    pub(crate) fn new(permits: usize, resource: ResourceId) -> Semaphore {
        Semaphore {
            inner: RefCell::new(SemInner {
                permits,
                waiters: VecDeque::new(),
                closed: false,
            }),
            resource,
        }
    }

    /// Takes a permit if one is free and nobody is queued.
    pub(crate) fn try_acquire(&self) -> bool {
        self.try_acquire_many(1)
    }

    /// Takes `n` permits if they are free and nobody is queued.
    pub(crate) fn try_acquire_many(&self, n: usize) -> bool {
        let mut inner = self.inner.borrow_mut();
        if inner.waiters.is_empty() && inner.permits >= n {
            inner.permits -= n;
            true
        } else {
            false
        }
    }

    /// Returns permits, handing them to queued waiters in order and waking them.
    pub(crate) fn release(&self, n: usize) {
        self.release_then(n, |_| {});
    }

    /// Releases `n` permits, hands them to the oldest waiters, tells `handed` which futures got
    /// one (before anything is woken, so a trace says who got the permit before the wake), then
    /// wakes them.
    pub(crate) fn release_then(&self, n: usize, handed: impl FnOnce(&[Handoff])) {
        let assigned: Vec<Rc<Waiter>> = {
            let mut inner = self.inner.borrow_mut();
            inner.permits += n;
            let mut assigned = Vec::new();
            while inner.permits > 0 {
                let Some(w) = inner.waiters.front().cloned() else {
                    break;
                };
                let give = (w.need - w.got.get()).min(inner.permits);
                inner.permits -= give;
                w.got.set(w.got.get() + give);
                if w.got.get() < w.need {
                    break; // The front waiter keeps what it got and waits for the rest.
                }
                inner.waiters.pop_front();
                w.assigned.set(true);
                assigned.push(w);
            }
            assigned
        };
        let handoffs: Vec<Handoff> = assigned
            .iter()
            .filter_map(|w| w.who.clone())
            .map(|(task, label, line)| Handoff { task, label, line })
            .collect();
        handed(&handoffs);
        let wakers: Vec<Waker> = assigned
            .iter()
            .filter_map(|w| w.waker.borrow_mut().take(self.resource))
            .collect();
        for w in wakers {
            w.wake();
        }
    }

    /// Closes the semaphore: every waiter is woken and fails.
    pub(crate) fn close(&self) {
        let waiters: Vec<_> = {
            let mut inner = self.inner.borrow_mut();
            inner.closed = true;
            inner.waiters.drain(..).collect()
        };
        for w in waiters {
            let waker = w.waker.borrow_mut().take(self.resource);
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.inner.borrow().closed
    }

    pub(crate) fn available(&self) -> usize {
        self.inner.borrow().permits
    }

    pub(crate) fn waiting(&self) -> usize {
        self.inner.borrow().waiters.len()
    }

    pub(crate) fn acquire<'a>(
        &'a self,
        slot: &'static str,
        label: String,
        loc: Loc,
    ) -> Acquire<'a> {
        self.acquire_many(1, slot, label, loc)
    }

    /// Waits for `n` permits at once (an `RwLock` writer waits for all of them).
    pub(crate) fn acquire_many<'a>(
        &'a self,
        n: usize,
        slot: &'static str,
        label: String,
        loc: Loc,
    ) -> Acquire<'a> {
        Acquire {
            sem: self,
            need: n,
            node: None,
            slot,
            label,
            loc,
        }
    }
}

/// Waits for one permit.
pub(crate) struct Acquire<'a> {
    sem: &'a Semaphore,
    need: usize,
    node: Option<Rc<Waiter>>,
    slot: &'static str,
    label: String,
    loc: Loc,
}

impl Future for Acquire<'_> {
    type Output = Result<(), Closed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Closed>> {
        let this = self.get_mut();
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(g) => g,
            Poll::Pending => return Poll::Pending,
        };
        match &this.node {
            None => {
                if this.sem.is_closed() {
                    guard.made_progress();
                    return Poll::Ready(Err(Closed));
                }
                if this.sem.try_acquire_many(this.need) {
                    guard.made_progress();
                    return Poll::Ready(Ok(()));
                }
                let node = Rc::new(Waiter {
                    assigned: Cell::new(false),
                    need: this.need,
                    got: Cell::new(0),
                    waker: RefCell::new(WakerSlot::new()),
                    who: with_state(|st| st.current)
                        .flatten()
                        .map(|t| (t, this.label.clone(), this.loc.line)),
                });
                this.sem.inner.borrow_mut().waiters.push_back(node.clone());
                let old =
                    node.waker
                        .borrow_mut()
                        .register(cx.waker(), this.sem.resource, this.slot);
                drop(old);
                this.node = Some(node);
            }
            Some(node) => {
                if node.assigned.get() {
                    this.node = None;
                    guard.made_progress();
                    return Poll::Ready(Ok(()));
                }
                if this.sem.is_closed() {
                    this.node = None;
                    guard.made_progress();
                    return Poll::Ready(Err(Closed));
                }
                let old =
                    node.waker
                        .borrow_mut()
                        .register(cx.waker(), this.sem.resource, this.slot);
                drop(old);
            }
        }
        note_await(|| this.label.clone(), Some(this.loc.clone()));
        Poll::Pending
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        let Some(node) = self.node.take() else { return };
        let old = node.waker.borrow_mut().take(self.sem.resource);
        drop(old);
        if node.assigned.get() {
            // Cancelled after being handed its permits: pass them on.
            self.sem.release(node.need);
        } else {
            self.sem
                .inner
                .borrow_mut()
                .waiters
                .retain(|w| !Rc::ptr_eq(w, &node));
            // Permits it had collected towards its need go to the next in line.
            if node.got.get() > 0 {
                self.sem.release(node.got.get());
            }
        }
    }
}
