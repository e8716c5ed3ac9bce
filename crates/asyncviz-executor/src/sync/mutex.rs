//! `tokio::sync::Mutex`: an async lock over a one-permit fair semaphore. Waiters get the lock in
//! the order they asked for it; unlocking hands it straight to the oldest waiter and wakes it.

use super::semaphore::{Acquire, Semaphore};
use super::{dropped, new_resource, note};
use crate::context::with_state;
use asyncviz_trace::{LockHolder, ResourceKind, TaskId, HELD_BY};
use std::cell::{Cell, RefCell, RefMut};
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An asynchronous mutual-exclusion lock.
pub struct Mutex<T> {
    sem: Semaphore,
    holder: Cell<Option<TaskId>>,
    data: RefCell<T>,
}

impl<T> Mutex<T> {
    /// A new, unlocked mutex.
    #[track_caller]
    pub fn new(value: T) -> Mutex<T> {
        let (resource, _) = new_resource(ResourceKind::Mutex, "Mutex".into(), Location::caller());
        note(resource, HELD_BY, || LockHolder::Free.to_attr());
        Mutex {
            sem: Semaphore::new(1, resource),
            holder: Cell::new(None),
            data: RefCell::new(value),
        }
    }

    /// Waits for the lock, in FIFO order with the other waiters.
    #[track_caller]
    pub fn lock(&self) -> Lock<'_, T> {
        let loc = crate::instrument::caller_loc(Location::caller());
        Lock {
            mutex: self,
            acquire: self.sem.acquire("lock waiter", "mutex.lock()".into(), loc),
        }
    }

    /// Takes the lock if it is free and nobody is waiting.
    pub fn try_lock(&self) -> Result<MutexGuard<'_, T>, TryLockError> {
        if self.sem.try_acquire() {
            Ok(self.guard())
        } else {
            Err(TryLockError(()))
        }
    }

    /// The value, when nobody else can hold the lock.
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    /// Consumes the mutex, returning the value.
    pub fn into_inner(self) -> T
    where
        T: Sized,
    {
        let resource = self.sem.resource;
        dropped(resource);
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again; each field is read exactly once.
        let (data, sem) = unsafe { (std::ptr::read(&this.data), std::ptr::read(&this.sem)) };
        drop(sem);
        data.into_inner()
    }

    fn guard(&self) -> MutexGuard<'_, T> {
        let task = with_state(|st| st.current).flatten();
        self.holder.set(task);
        note(self.sem.resource, HELD_BY, || {
            task.map_or(LockHolder::Free, LockHolder::Task).to_attr()
        });
        note(self.sem.resource, "waiters", || {
            self.sem.waiting().to_string()
        });
        MutexGuard {
            mutex: self,
            data: Some(self.data.borrow_mut()),
        }
    }
}

impl<T> Drop for Mutex<T> {
    fn drop(&mut self) {
        dropped(self.sem.resource);
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Mutex<T> {
        Mutex::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.data.try_borrow() {
            Ok(d) => f.debug_struct("Mutex").field("data", &*d).finish(),
            Err(_) => f
                .debug_struct("Mutex")
                .field("data", &format_args!("<locked>"))
                .finish(),
        }
    }
}

/// The future of [`Mutex::lock`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Lock<'a, T> {
    mutex: &'a Mutex<T>,
    acquire: Acquire<'a>,
}

impl<'a, T> Future for Lock<'a, T> {
    type Output = MutexGuard<'a, T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<MutexGuard<'a, T>> {
        let this = self.get_mut();
        match Pin::new(&mut this.acquire).poll(cx) {
            Poll::Ready(Ok(())) => Poll::Ready(this.mutex.guard()),
            Poll::Ready(Err(_)) => unreachable!("a Mutex's semaphore is never closed"),
            Poll::Pending => {
                let waiters = this.mutex.sem.waiting();
                note(this.mutex.sem.resource, "waiters", || waiters.to_string());
                Poll::Pending
            }
        }
    }
}

/// Holds the lock until dropped.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    data: Option<RefMut<'a, T>>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.data
            .as_ref()
            .expect("the guard holds the data until dropped")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.data
            .as_mut()
            .expect("the guard holds the data until dropped")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.data = None;
        self.mutex.holder.set(None);
        let resource = self.mutex.sem.resource;
        // Unlocking hands the lock straight to the oldest waiter, if any: say so before it is
        // woken.
        self.mutex.sem.release_then(1, |handed| {
            let holder = match handed.first() {
                Some(h) => LockHolder::HandedTo {
                    task: h.task,
                    label: h.label.clone(),
                    line: Some(h.line),
                },
                None => LockHolder::Free,
            };
            note(resource, HELD_BY, || holder.to_attr());
        });
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// `try_lock` (or an `RwLock`'s `try_read`/`try_write`) found the lock taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryLockError(());

impl TryLockError {
    pub(crate) fn new() -> TryLockError {
        TryLockError(())
    }
}

impl fmt::Display for TryLockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("operation would block")
    }
}

impl std::error::Error for TryLockError {}
