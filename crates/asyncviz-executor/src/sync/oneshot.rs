//! `tokio::sync::oneshot`: one value, from one sender to one receiver. The receiver's waker is
//! stored in the channel and woken by reference on send or on the sender's drop.

use super::{dropped, new_resource, note};
use crate::coop;
use crate::instrument::note_await;
use crate::waker::WakerSlot;
use asyncviz_trace::{Loc, ResourceId, ResourceKind};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

struct Inner<T> {
    value: RefCell<Option<T>>,
    tx_gone: Cell<bool>,
    rx_gone: Cell<bool>,
    rx_waker: RefCell<WakerSlot>,
    resource: ResourceId,
    loc: Loc,
}

/// Creates a oneshot channel.
#[track_caller]
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (resource, loc) = new_resource(
        ResourceKind::Oneshot,
        "oneshot channel".into(),
        Location::caller(),
    );
    let inner = Rc::new(Inner {
        value: RefCell::new(None),
        tx_gone: Cell::new(false),
        rx_gone: Cell::new(false),
        rx_waker: RefCell::new(WakerSlot::new()),
        resource,
        loc,
    });
    (
        Sender {
            inner: Some(inner.clone()),
        },
        Receiver { inner },
    )
}

/// Sends the one value.
pub struct Sender<T> {
    inner: Option<Rc<Inner<T>>>,
}

impl<T> Sender<T> {
    /// Sends `value`, or gives it back if the receiver is gone.
    pub fn send(mut self, value: T) -> Result<(), T> {
        let inner = self
            .inner
            .take()
            .expect("a Sender holds its channel until send or drop");
        if inner.rx_gone.get() {
            return Err(value);
        }
        *inner.value.borrow_mut() = Some(value);
        inner.tx_gone.set(true);
        note(inner.resource, "state", || "value sent".into());
        inner.rx_waker.borrow().wake_by_ref();
        Ok(())
    }

    /// Whether the receiver is gone.
    pub fn is_closed(&self) -> bool {
        self.inner.as_ref().is_none_or(|i| i.rx_gone.get())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            inner.tx_gone.set(true);
            note(inner.resource, "state", || "sender dropped".into());
            inner.rx_waker.borrow().wake_by_ref();
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

/// Receives the one value; await it directly.
pub struct Receiver<T> {
    inner: Rc<Inner<T>>,
}

impl<T> Receiver<T> {
    /// Takes the value if it is there.
    pub fn try_recv(&mut self) -> Result<T, error::TryRecvError> {
        if let Some(v) = self.inner.value.borrow_mut().take() {
            return Ok(v);
        }
        if self.inner.tx_gone.get() {
            Err(error::TryRecvError::Closed)
        } else {
            Err(error::TryRecvError::Empty)
        }
    }

    /// Stops the sender from sending.
    pub fn close(&mut self) {
        self.inner.rx_gone.set(true);
    }
}

impl<T> Future for Receiver<T> {
    type Output = Result<T, error::RecvError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(g) => g,
            Poll::Pending => return Poll::Pending,
        };
        if let Some(v) = this.inner.value.borrow_mut().take() {
            guard.made_progress();
            return Poll::Ready(Ok(v));
        }
        if this.inner.tx_gone.get() {
            guard.made_progress();
            return Poll::Ready(Err(error::RecvError(())));
        }
        let old =
            this.inner
                .rx_waker
                .borrow_mut()
                .register(cx.waker(), this.inner.resource, "rx waiter");
        drop(old);
        note_await(|| "oneshot receiver".into(), Some(this.inner.loc.clone()));
        Poll::Pending
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.inner.rx_gone.set(true);
        let old = self.inner.rx_waker.borrow_mut().take(self.inner.resource);
        drop(old);
        dropped(self.inner.resource);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

/// Oneshot errors.
pub mod error {
    use std::fmt;

    /// The sender was dropped without sending.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct RecvError(pub(super) ());

    impl fmt::Display for RecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("channel closed")
        }
    }

    impl std::error::Error for RecvError {}

    /// Why `try_recv` found no value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TryRecvError {
        /// Not sent yet.
        Empty,
        /// The sender is gone.
        Closed,
    }

    impl fmt::Display for TryRecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TryRecvError::Empty => f.write_str("channel empty"),
                TryRecvError::Closed => f.write_str("channel closed"),
            }
        }
    }

    impl std::error::Error for TryRecvError {}
}
