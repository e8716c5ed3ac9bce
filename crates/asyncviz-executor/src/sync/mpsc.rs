//! `tokio::sync::mpsc`: multi-producer, single-consumer channels, bounded (senders wait for
//! capacity, in order) and unbounded. The receiver's waker sits in the channel and is woken by
//! value on each send, or when the last sender drops.

use super::semaphore::{Acquire, Semaphore};
use super::{dropped, new_resource, note};
use crate::coop;
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
use std::task::{Context, Poll};

struct Chan<T> {
    queue: RefCell<VecDeque<T>>,
    rx_waker: RefCell<WakerSlot>,
    senders: Cell<usize>,
    rx_closed: Cell<bool>,
    /// Capacity permits; `None` for an unbounded channel.
    sem: Option<Semaphore>,
    resource: ResourceId,
    loc: Loc,
}

impl<T> Chan<T> {
    fn new(bound: Option<usize>, loc: &Location<'_>) -> Rc<Chan<T>> {
        let name = match bound {
            Some(n) => format!("mpsc channel (capacity {n})"),
            None => "unbounded mpsc channel".to_string(),
        };
        let (resource, loc) = new_resource(ResourceKind::Mpsc, name, loc);
        Rc::new(Chan {
            queue: RefCell::new(VecDeque::new()),
            rx_waker: RefCell::new(WakerSlot::new()),
            senders: Cell::new(1),
            rx_closed: Cell::new(false),
            sem: bound.map(|n| Semaphore::new(n, resource)),
            resource,
            loc,
        })
    }

    fn push(&self, value: T) {
        self.queue.borrow_mut().push_back(value);
        let len = self.queue.borrow().len();
        note(self.resource, "queued", || len.to_string());
        let waker = self.rx_waker.borrow_mut().take(self.resource);
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn pop(&self) -> Option<T> {
        let v = self.queue.borrow_mut().pop_front()?;
        let len = self.queue.borrow().len();
        note(self.resource, "queued", || len.to_string());
        if let Some(sem) = &self.sem {
            sem.release(1);
        }
        Some(v)
    }

    fn is_closed_for_rx(&self) -> bool {
        self.senders.get() == 0 || self.rx_closed.get()
    }

    fn poll_recv(&self, cx: &mut Context<'_>, label: &str) -> Poll<Option<T>> {
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(g) => g,
            Poll::Pending => return Poll::Pending,
        };
        if let Some(v) = self.pop() {
            guard.made_progress();
            return Poll::Ready(Some(v));
        }
        if self.is_closed_for_rx() {
            guard.made_progress();
            return Poll::Ready(None);
        }
        let old = self
            .rx_waker
            .borrow_mut()
            .register(cx.waker(), self.resource, "rx waiter");
        drop(old);
        note_await(|| label.to_string(), Some(self.loc.clone()));
        Poll::Pending
    }

    fn close_rx(&self) {
        self.rx_closed.set(true);
        if let Some(sem) = &self.sem {
            sem.close();
        }
    }

    fn drop_sender(&self) {
        let n = self.senders.get() - 1;
        self.senders.set(n);
        note(self.resource, "senders", || n.to_string());
        if n == 0 {
            let waker = self.rx_waker.borrow_mut().take(self.resource);
            if let Some(w) = waker {
                w.wake();
            }
        }
    }
}

/// Creates a bounded channel with room for `buffer` messages.
///
/// # Panics
/// If `buffer` is 0, as tokio does.
#[track_caller]
pub fn channel<T>(buffer: usize) -> (Sender<T>, Receiver<T>) {
    assert!(buffer > 0, "mpsc bounded channel requires buffer > 0");
    let chan = Chan::new(Some(buffer), Location::caller());
    (Sender { chan: chan.clone() }, Receiver { chan })
}

/// Creates an unbounded channel.
#[track_caller]
pub fn unbounded_channel<T>() -> (UnboundedSender<T>, UnboundedReceiver<T>) {
    let chan = Chan::new(None, Location::caller());
    (
        UnboundedSender { chan: chan.clone() },
        UnboundedReceiver { chan },
    )
}

/// Sends into a bounded channel.
pub struct Sender<T> {
    chan: Rc<Chan<T>>,
}

impl<T> Sender<T> {
    /// Waits for capacity, then sends. Fails if the receiver is gone.
    #[track_caller]
    pub fn send(&self, value: T) -> Send<'_, T> {
        let loc = caller_loc(Location::caller());
        let sem = self
            .chan
            .sem
            .as_ref()
            .expect("a bounded channel has a semaphore");
        Send {
            chan: &self.chan,
            value: Some(value),
            acquire: sem.acquire("permit waiter", "tx.send(..)".into(), loc),
        }
    }

    /// Sends if there is capacity right now.
    pub fn try_send(&self, value: T) -> Result<(), error::TrySendError<T>> {
        let sem = self
            .chan
            .sem
            .as_ref()
            .expect("a bounded channel has a semaphore");
        if self.chan.rx_closed.get() {
            return Err(error::TrySendError::Closed(value));
        }
        if !sem.try_acquire() {
            return Err(error::TrySendError::Full(value));
        }
        self.chan.push(value);
        Ok(())
    }

    /// Whether the receiver is gone.
    pub fn is_closed(&self) -> bool {
        self.chan.rx_closed.get()
    }

    /// Free capacity now.
    pub fn capacity(&self) -> usize {
        self.chan.sem.as_ref().map_or(0, Semaphore::available)
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        let n = self.chan.senders.get() + 1;
        self.chan.senders.set(n);
        note(self.chan.resource, "senders", || n.to_string());
        Sender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

/// The future of [`Sender::send`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Send<'a, T> {
    chan: &'a Chan<T>,
    value: Option<T>,
    acquire: Acquire<'a>,
}

impl<T> Future for Send<'_, T> {
    type Output = Result<(), error::SendError<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: nothing here is structurally pinned; `Acquire` is polled through `Pin::new`.
        let this = unsafe { self.get_unchecked_mut() };
        match Pin::new(&mut this.acquire).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(_)) => Poll::Ready(Err(error::SendError(
                this.value.take().expect("a send completes once"),
            ))),
            Poll::Ready(Ok(())) => {
                this.chan
                    .push(this.value.take().expect("a send completes once"));
                Poll::Ready(Ok(()))
            }
        }
    }
}

/// Receives from a bounded channel.
pub struct Receiver<T> {
    chan: Rc<Chan<T>>,
}

impl<T> Receiver<T> {
    /// Waits for the next message; `None` once every sender is gone and the queue is empty.
    #[track_caller]
    pub fn recv(&mut self) -> Recv<'_, T> {
        Recv {
            chan: &self.chan,
            label: "rx.recv()",
        }
    }

    /// Takes a message if one is queued.
    pub fn try_recv(&mut self) -> Result<T, error::TryRecvError> {
        try_recv(&self.chan)
    }

    /// Closes the channel to new messages; queued ones can still be received.
    pub fn close(&mut self) {
        self.chan.close_rx();
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        drop_receiver(&self.chan);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

fn try_recv<T>(chan: &Chan<T>) -> Result<T, error::TryRecvError> {
    match chan.pop() {
        Some(v) => Ok(v),
        None if chan.is_closed_for_rx() => Err(error::TryRecvError::Disconnected),
        None => Err(error::TryRecvError::Empty),
    }
}

fn drop_receiver<T>(chan: &Chan<T>) {
    chan.close_rx();
    let old = chan.rx_waker.borrow_mut().take(chan.resource);
    drop(old);
    let queued: Vec<T> = chan.queue.borrow_mut().drain(..).collect();
    drop(queued);
    dropped(chan.resource);
}

/// The future of `recv()`.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Recv<'a, T> {
    chan: &'a Chan<T>,
    label: &'static str,
}

impl<T> Future for Recv<'_, T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.chan.poll_recv(cx, self.label)
    }
}

/// Sends into an unbounded channel.
pub struct UnboundedSender<T> {
    chan: Rc<Chan<T>>,
}

impl<T> UnboundedSender<T> {
    /// Sends at once; fails only if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), error::SendError<T>> {
        if self.chan.rx_closed.get() {
            return Err(error::SendError(value));
        }
        self.chan.push(value);
        Ok(())
    }

    /// Whether the receiver is gone.
    pub fn is_closed(&self) -> bool {
        self.chan.rx_closed.get()
    }
}

impl<T> Clone for UnboundedSender<T> {
    fn clone(&self) -> UnboundedSender<T> {
        let n = self.chan.senders.get() + 1;
        self.chan.senders.set(n);
        note(self.chan.resource, "senders", || n.to_string());
        UnboundedSender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for UnboundedSender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> fmt::Debug for UnboundedSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnboundedSender").finish_non_exhaustive()
    }
}

/// Receives from an unbounded channel.
pub struct UnboundedReceiver<T> {
    chan: Rc<Chan<T>>,
}

impl<T> UnboundedReceiver<T> {
    /// Waits for the next message; `None` once every sender is gone and the queue is empty.
    pub fn recv(&mut self) -> Recv<'_, T> {
        Recv {
            chan: &self.chan,
            label: "rx.recv()",
        }
    }

    /// Takes a message if one is queued.
    pub fn try_recv(&mut self) -> Result<T, error::TryRecvError> {
        try_recv(&self.chan)
    }

    /// Closes the channel to new messages.
    pub fn close(&mut self) {
        self.chan.close_rx();
    }
}

impl<T> Drop for UnboundedReceiver<T> {
    fn drop(&mut self) {
        drop_receiver(&self.chan);
    }
}

impl<T> fmt::Debug for UnboundedReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnboundedReceiver").finish_non_exhaustive()
    }
}

/// Channel errors.
pub mod error {
    use std::fmt;

    /// The receiver is gone; the value comes back.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub struct SendError<T>(pub T);

    impl<T> fmt::Debug for SendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SendError").finish_non_exhaustive()
        }
    }

    impl<T> fmt::Display for SendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("channel closed")
        }
    }

    impl<T> std::error::Error for SendError<T> {}

    /// Why `try_send` failed.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum TrySendError<T> {
        /// No capacity now.
        Full(T),
        /// The receiver is gone.
        Closed(T),
    }

    impl<T> fmt::Debug for TrySendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TrySendError::Full(_) => f.write_str("Full(..)"),
                TrySendError::Closed(_) => f.write_str("Closed(..)"),
            }
        }
    }

    impl<T> fmt::Display for TrySendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TrySendError::Full(_) => f.write_str("no available capacity"),
                TrySendError::Closed(_) => f.write_str("channel closed"),
            }
        }
    }

    impl<T> std::error::Error for TrySendError<T> {}

    /// Why `try_recv` found nothing.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TryRecvError {
        /// Nothing queued now.
        Empty,
        /// Nothing queued, and every sender is gone.
        Disconnected,
    }

    impl fmt::Display for TryRecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TryRecvError::Empty => f.write_str("receiving on an empty channel"),
                TryRecvError::Disconnected => f.write_str("receiving on a closed channel"),
            }
        }
    }

    impl std::error::Error for TryRecvError {}
}
