//! `tokio::sync::Semaphore`: a count of permits that tasks wait for in FIFO order. Returning a
//! permit (dropping it) hands it straight to the oldest waiter and wakes that task; a new
//! `acquire` never overtakes a queued one.

use super::semaphore::{Acquire, Semaphore as Fair};
use super::{dropped, new_resource, note};
use asyncviz_trace::ResourceKind;
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A counting semaphore, as tokio's.
pub struct Semaphore {
    fair: Fair,
}

/// `acquire` on a closed semaphore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcquireError(());

impl fmt::Display for AcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("semaphore closed")
    }
}

impl std::error::Error for AcquireError {}

/// Why `try_acquire` gave no permit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TryAcquireError {
    /// The semaphore was closed.
    Closed,
    /// No permit was free (or another task was already waiting for one).
    NoPermits,
}

impl fmt::Display for TryAcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryAcquireError::Closed => f.write_str("semaphore closed"),
            TryAcquireError::NoPermits => f.write_str("no permits available"),
        }
    }
}

impl std::error::Error for TryAcquireError {}

impl Semaphore {
    /// The most permits a semaphore can hold, as tokio's.
    pub const MAX_PERMITS: usize = usize::MAX >> 3;

    /// A semaphore with `permits` permits. Panics above [`MAX_PERMITS`](Self::MAX_PERMITS), as
    /// tokio's does.
    #[track_caller]
    pub fn new(permits: usize) -> Semaphore {
        assert!(
            permits <= Self::MAX_PERMITS,
            "a semaphore may not have more than MAX_PERMITS permits ({})",
            Self::MAX_PERMITS
        );
        let (resource, _) = new_resource(
            ResourceKind::Semaphore,
            "Semaphore".into(),
            Location::caller(),
        );
        let sem = Semaphore {
            fair: Fair::new(permits, resource),
        };
        sem.note_permits();
        sem
    }

    /// Waits for a permit, in FIFO order with the other waiters.
    #[track_caller]
    pub fn acquire(&self) -> AcquirePermit<'_> {
        let loc = crate::instrument::caller_loc(Location::caller());
        AcquirePermit {
            waiting: Waiting {
                sem: self,
                acquire: self
                    .fair
                    .acquire("acquire waiter", "semaphore.acquire()".into(), loc),
            },
        }
    }

    /// Waits for a permit that is not tied to a borrow of the semaphore (it holds an `Arc`).
    #[track_caller]
    pub fn acquire_owned(self: Arc<Self>) -> AcquireOwned {
        self.acquire_owned_as("semaphore.acquire_owned()")
    }

    /// [`acquire_owned`](Self::acquire_owned), named as the program wrote it (the interpreter
    /// makes every permit an owned one).
    #[doc(hidden)]
    #[track_caller]
    pub fn acquire_owned_as(self: Arc<Self>, label: &'static str) -> AcquireOwned {
        let loc = crate::instrument::caller_loc(Location::caller());
        AcquireOwned {
            fut: Box::pin(async move {
                let acquired = Waiting {
                    sem: &self,
                    acquire: self.fair.acquire("acquire waiter", label.into(), loc),
                }
                .await;
                match acquired {
                    Ok(()) => {
                        self.note_permits();
                        Ok(OwnedSemaphorePermit { sem: self })
                    }
                    Err(_) => Err(AcquireError(())),
                }
            }),
        }
    }

    /// Takes a permit if one is free and nobody is waiting.
    pub fn try_acquire(&self) -> Result<SemaphorePermit<'_>, TryAcquireError> {
        self.try_take().map(|()| SemaphorePermit { sem: self })
    }

    /// [`try_acquire`](Self::try_acquire) for an owned permit.
    pub fn try_acquire_owned(self: Arc<Self>) -> Result<OwnedSemaphorePermit, TryAcquireError> {
        self.try_take().map(|()| OwnedSemaphorePermit { sem: self })
    }

    /// Takes one permit for a `try_acquire`, if it can.
    fn try_take(&self) -> Result<(), TryAcquireError> {
        if self.fair.is_closed() {
            Err(TryAcquireError::Closed)
        } else if self.fair.try_acquire() {
            self.note_permits();
            Ok(())
        } else {
            Err(TryAcquireError::NoPermits)
        }
    }

    /// Adds `n` permits; waiting tasks get them first, oldest first. Panics if the free permits
    /// would exceed [`MAX_PERMITS`](Self::MAX_PERMITS), as tokio's does.
    pub fn add_permits(&self, n: usize) {
        assert!(
            n <= Self::MAX_PERMITS - self.fair.available(),
            "number of added permits ({n}) would overflow MAX_PERMITS ({})",
            Self::MAX_PERMITS
        );
        self.fair.release(n);
        self.note_permits();
    }

    /// The permits free right now.
    pub fn available_permits(&self) -> usize {
        self.fair.available()
    }

    /// Closes the semaphore: waiting and later `acquire`s fail with [`AcquireError`].
    pub fn close(&self) {
        self.fair.close();
        note(self.fair.resource, "closed", || "true".into());
    }

    /// Whether [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.fair.is_closed()
    }

    fn release_one(&self) {
        self.fair.release(1);
        self.note_permits();
    }

    fn note_permits(&self) {
        let (free, waiting) = (self.fair.available(), self.fair.waiting());
        note(self.fair.resource, "permits", || free.to_string());
        note(self.fair.resource, "waiters", || waiting.to_string());
    }
}

impl Drop for Semaphore {
    fn drop(&mut self) {
        dropped(self.fair.resource);
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Semaphore")
            .field("permits", &self.fair.available())
            .finish()
    }
}

/// A permit; dropping it gives it back.
#[must_use]
pub struct SemaphorePermit<'a> {
    sem: &'a Semaphore,
}

impl SemaphorePermit<'_> {
    /// Keeps the permit out of the semaphore for good.
    pub fn forget(self) {
        std::mem::forget(self);
    }
}

impl Drop for SemaphorePermit<'_> {
    fn drop(&mut self) {
        self.sem.release_one();
    }
}

impl fmt::Debug for SemaphorePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SemaphorePermit { permits: 1 }")
    }
}

/// A permit that owns an `Arc` of its semaphore; dropping it gives it back.
#[must_use]
pub struct OwnedSemaphorePermit {
    sem: Arc<Semaphore>,
}

impl OwnedSemaphorePermit {
    /// Keeps the permit out of the semaphore for good.
    pub fn forget(self) {
        let sem = self.sem.clone();
        std::mem::forget(self);
        // The forgotten permit's `Arc` is released here; the permit itself never is.
        drop(sem);
    }
}

impl Drop for OwnedSemaphorePermit {
    fn drop(&mut self) {
        self.sem.release_one();
    }
}

impl fmt::Debug for OwnedSemaphorePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OwnedSemaphorePermit { permits: 1 }")
    }
}

/// A wait for one permit that notes the semaphore's queue when it joins it.
struct Waiting<'a> {
    sem: &'a Semaphore,
    acquire: Acquire<'a>,
}

impl Future for Waiting<'_> {
    type Output = Result<(), super::semaphore::Closed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let waiting = this.sem.fair.waiting();
        let res = Pin::new(&mut this.acquire).poll(cx);
        if res.is_pending() && this.sem.fair.waiting() != waiting {
            this.sem.note_permits();
        }
        res
    }
}

/// The future of [`Semaphore::acquire`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct AcquirePermit<'a> {
    waiting: Waiting<'a>,
}

impl<'a> Future for AcquirePermit<'a> {
    type Output = Result<SemaphorePermit<'a>, AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let sem = this.waiting.sem;
        Pin::new(&mut this.waiting).poll(cx).map(|r| {
            r.map(|()| {
                sem.note_permits();
                SemaphorePermit { sem }
            })
            .map_err(|_| AcquireError(()))
        })
    }
}

impl fmt::Debug for AcquirePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Acquire")
    }
}

/// The future of [`Semaphore::acquire_owned`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct AcquireOwned {
    /// The wait, in an `async` block that owns the `Arc` and borrows the semaphore from it.
    fut: Pin<Box<dyn Future<Output = Result<OwnedSemaphorePermit, AcquireError>>>>,
}

impl Future for AcquireOwned {
    type Output = Result<OwnedSemaphorePermit, AcquireError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.fut.as_mut().poll(cx)
    }
}

impl fmt::Debug for AcquireOwned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AcquireOwned")
    }
}
