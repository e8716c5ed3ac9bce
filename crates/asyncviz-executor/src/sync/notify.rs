//! `tokio::sync::Notify`: wakes one waiting task, or all of them, without sending data.
//!
//! The states follow tokio's (`EMPTY`, `WAITING`, `NOTIFIED`): `notify_one` with nobody waiting
//! stores one permit, which the next `notified().await` takes at once; with waiters it wakes
//! the oldest (`notify_last`: the newest). `notify_waiters` wakes every task waiting right now
//! and every `Notified` future created before the call, polled or not, and stores no permit. A
//! `Notified` dropped after `notify_one` chose it passes the notification on.

use super::{dropped, new_resource, note};
use crate::instrument::{caller_loc, note_await};
use crate::waker::WakerSlot;
use asyncviz_trace::{Loc, ResourceId, ResourceKind};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// Notifies tasks, as tokio's `Notify`.
pub struct Notify {
    inner: RefCell<Inner>,
    resource: ResourceId,
}

struct Inner {
    /// A `notify_one` that found nobody waiting (tokio's `NOTIFIED` state).
    permit: bool,
    /// How many times `notify_waiters` was called.
    broadcasts: u64,
    /// The waiting `Notified` futures, oldest first.
    waiters: VecDeque<Rc<Waiter>>,
}

/// Which notification reached a waiter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notification {
    /// `notify_one` (oldest first) or `notify_last` (newest first): passed on if dropped.
    One { newest: bool },
    /// `notify_waiters`.
    All,
}

struct Waiter {
    notification: Cell<Option<Notification>>,
    waker: RefCell<WakerSlot>,
}

impl Notify {
    /// A `Notify` with no permit and nobody waiting.
    #[track_caller]
    pub fn new() -> Notify {
        let (resource, _) = new_resource(ResourceKind::Notify, "Notify".into(), Location::caller());
        Notify {
            inner: RefCell::new(Inner {
                permit: false,
                broadcasts: 0,
                waiters: VecDeque::new(),
            }),
            resource,
        }
    }

    /// A future that completes when this `Notify` is notified.
    #[track_caller]
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            notify: self,
            core: self.core("notify.notified()", caller_loc(Location::caller())),
        }
    }

    /// [`notified`](Self::notified), owning an `Arc` of the `Notify` instead of borrowing it.
    #[track_caller]
    pub fn notified_owned(self: Arc<Self>) -> OwnedNotified {
        self.notified_owned_as("notify.notified_owned()")
    }

    /// [`notified_owned`](Self::notified_owned), named as the program wrote it (the interpreter
    /// makes every `Notified` an owned one).
    #[doc(hidden)]
    #[track_caller]
    pub fn notified_owned_as(self: Arc<Self>, label: &'static str) -> OwnedNotified {
        let core = self.core(label, caller_loc(Location::caller()));
        OwnedNotified { notify: self, core }
    }

    fn core(&self, label: &'static str, loc: Loc) -> Core {
        Core {
            broadcasts: self.inner.borrow().broadcasts,
            state: State::Init,
            waiter: None,
            label,
            loc,
        }
    }

    /// Wakes the oldest waiting task, or stores a permit for the next `notified().await` if
    /// nobody waits (at most one permit is stored).
    pub fn notify_one(&self) {
        self.notify(false);
    }

    /// Wakes the newest waiting task, or stores a permit as [`notify_one`](Self::notify_one).
    pub fn notify_last(&self) {
        self.notify(true);
    }

    fn notify(&self, newest: bool) {
        if let Some(w) = self.notify_locked(Notification::One { newest }) {
            w.wake();
        }
        self.note();
    }

    /// Hands a `notify_one`/`notify_last` to a waiter, or stores it. Returns the waker to wake.
    fn notify_locked(&self, how: Notification) -> Option<Waker> {
        let waiter = {
            let mut inner = self.inner.borrow_mut();
            let newest = matches!(how, Notification::One { newest: true });
            let waiter = if newest {
                inner.waiters.pop_back()
            } else {
                inner.waiters.pop_front()
            };
            if waiter.is_none() {
                inner.permit = true;
            }
            waiter
        }?;
        waiter.notification.set(Some(how));
        let waker = waiter.waker.borrow_mut().take(self.resource);
        waker
    }

    /// Wakes every task waiting now, and completes every `Notified` created before this call.
    /// Stores no permit.
    pub fn notify_waiters(&self) {
        let waiters: Vec<Rc<Waiter>> = {
            let mut inner = self.inner.borrow_mut();
            inner.broadcasts += 1;
            inner.waiters.drain(..).collect()
        };
        let wakers: Vec<Waker> = waiters
            .iter()
            .filter_map(|w| {
                w.notification.set(Some(Notification::All));
                w.waker.borrow_mut().take(self.resource)
            })
            .collect();
        for w in wakers {
            w.wake();
        }
        self.note();
    }

    fn note(&self) {
        let (permit, waiting) = {
            let inner = self.inner.borrow();
            (inner.permit, inner.waiters.len())
        };
        note(self.resource, "permit", || {
            if permit { "stored" } else { "none" }.to_string()
        });
        note(self.resource, "waiters", || waiting.to_string());
    }
}

impl Default for Notify {
    #[track_caller]
    fn default() -> Notify {
        Notify::new()
    }
}

impl Drop for Notify {
    fn drop(&mut self) {
        dropped(self.resource);
    }
}

impl fmt::Debug for Notify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Notify")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Init,
    Waiting,
    Done,
}

/// What `Notified` and `OwnedNotified` share: tokio's `Notified` state machine.
struct Core {
    /// `notify_waiters` calls when the future was created.
    broadcasts: u64,
    state: State,
    waiter: Option<Rc<Waiter>>,
    label: &'static str,
    loc: Loc,
}

impl Core {
    fn poll(&mut self, notify: &Notify, cx: &mut Context<'_>) -> Poll<()> {
        match self.state {
            State::Done => return Poll::Ready(()),
            State::Init => {
                let mut inner = notify.inner.borrow_mut();
                if inner.broadcasts != self.broadcasts {
                    self.state = State::Done;
                    return Poll::Ready(());
                }
                if inner.permit {
                    inner.permit = false;
                    drop(inner);
                    self.state = State::Done;
                    notify.note();
                    return Poll::Ready(());
                }
                let waiter = Rc::new(Waiter {
                    notification: Cell::new(None),
                    waker: RefCell::new(WakerSlot::new()),
                });
                inner.waiters.push_back(waiter.clone());
                drop(inner);
                let old = waiter.waker.borrow_mut().register(
                    cx.waker(),
                    notify.resource,
                    "notified waiter",
                );
                drop(old);
                self.waiter = Some(waiter);
                self.state = State::Waiting;
                notify.note();
            }
            State::Waiting => {
                let waiter = self
                    .waiter
                    .clone()
                    .expect("a waiting future has its waiter");
                if waiter.notification.get().is_some() {
                    let old = waiter.waker.borrow_mut().take(notify.resource);
                    drop(old);
                    self.waiter = None;
                    self.state = State::Done;
                    return Poll::Ready(());
                }
                if notify.inner.borrow().broadcasts != self.broadcasts {
                    self.leave(notify);
                    self.state = State::Done;
                    return Poll::Ready(());
                }
                let old = waiter.waker.borrow_mut().register(
                    cx.waker(),
                    notify.resource,
                    "notified waiter",
                );
                drop(old);
            }
        }
        note_await(|| self.label.to_string(), Some(self.loc.clone()));
        Poll::Pending
    }

    /// Takes this future's waiter out of the list and lets go of its waker. Returns the
    /// notification it had been handed, if any.
    fn leave(&mut self, notify: &Notify) -> Option<Notification> {
        let waiter = self.waiter.take()?;
        notify
            .inner
            .borrow_mut()
            .waiters
            .retain(|w| !Rc::ptr_eq(w, &waiter));
        let old = waiter.waker.borrow_mut().take(notify.resource);
        drop(old);
        waiter.notification.get()
    }

    fn drop_with(&mut self, notify: &Notify) {
        if self.state != State::Waiting {
            return;
        }
        // Chosen by `notify_one` but dropped before it saw it: the next waiter gets it.
        if let Some(how @ Notification::One { .. }) = self.leave(notify) {
            if let Some(w) = notify.notify_locked(how) {
                w.wake();
            }
        }
        notify.note();
    }
}

/// The future of [`Notify::notified`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Notified<'a> {
    notify: &'a Notify,
    core: Core,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.core.poll(this.notify, cx)
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        self.core.drop_with(self.notify);
    }
}

impl fmt::Debug for Notified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Notified")
    }
}

/// The future of [`Notify::notified_owned`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct OwnedNotified {
    notify: Arc<Notify>,
    core: Core,
}

impl Future for OwnedNotified {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.core.poll(&this.notify, cx)
    }
}

impl Drop for OwnedNotified {
    fn drop(&mut self) {
        self.core.drop_with(&self.notify);
    }
}

impl fmt::Debug for OwnedNotified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OwnedNotified")
    }
}
