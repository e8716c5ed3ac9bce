//! `tokio::sync::RwLock`: many readers or one writer, fair as tokio's. The lock is a semaphore
//! of `MAX_READS` permits: a reader takes one, a writer all of them. Waiters are served in the
//! order they came, so a waiting writer holds back the readers that come after it (no writer
//! starves), and a writer gets the lock once every reader before it has let go.

use super::semaphore::{Acquire, Semaphore};
use super::{dropped, new_resource, note, TryLockError};
use crate::context::with_state;
use asyncviz_trace::ResourceKind;
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::pin::Pin;
use std::task::{Context, Poll};

/// tokio's most concurrent readers (`u32::MAX >> 3`).
const MAX_READS: usize = (u32::MAX >> 3) as usize;

/// An asynchronous reader-writer lock.
pub struct RwLock<T> {
    sem: Semaphore,
    readers: Cell<usize>,
    data: RefCell<T>,
}

impl<T> RwLock<T> {
    /// A new, unlocked lock.
    #[track_caller]
    pub fn new(value: T) -> RwLock<T> {
        let (resource, _) = new_resource(ResourceKind::RwLock, "RwLock".into(), Location::caller());
        let lock = RwLock {
            sem: Semaphore::new(MAX_READS, resource),
            readers: Cell::new(0),
            data: RefCell::new(value),
        };
        note(resource, "writer", || "none".into());
        lock
    }

    /// Waits for shared access, behind any writer that is already waiting.
    #[track_caller]
    pub fn read(&self) -> Read<'_, T> {
        let loc = crate::instrument::caller_loc(Location::caller());
        Read {
            lock: self,
            acquire: self.sem.acquire("read waiter", "rwlock.read()".into(), loc),
        }
    }

    /// Waits for exclusive access: until every earlier reader and writer has let go.
    #[track_caller]
    pub fn write(&self) -> Write<'_, T> {
        let loc = crate::instrument::caller_loc(Location::caller());
        Write {
            lock: self,
            acquire: self
                .sem
                .acquire_many(MAX_READS, "write waiter", "rwlock.write()".into(), loc),
        }
    }

    /// Shared access if nobody writes or waits to write.
    pub fn try_read(&self) -> Result<RwLockReadGuard<'_, T>, TryLockError> {
        if self.sem.try_acquire() {
            Ok(self.read_guard())
        } else {
            Err(TryLockError::new())
        }
    }

    /// Exclusive access if nobody holds the lock or waits for it.
    pub fn try_write(&self) -> Result<RwLockWriteGuard<'_, T>, TryLockError> {
        if self.sem.try_acquire_many(MAX_READS) {
            Ok(self.write_guard())
        } else {
            Err(TryLockError::new())
        }
    }

    /// The value, when nobody else can hold the lock.
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    fn read_guard(&self) -> RwLockReadGuard<'_, T> {
        self.readers.set(self.readers.get() + 1);
        self.note_readers();
        RwLockReadGuard {
            lock: self,
            data: Some(self.data.borrow()),
        }
    }

    fn write_guard(&self) -> RwLockWriteGuard<'_, T> {
        let task = with_state(|st| st.current).flatten();
        note(self.sem.resource, "writer", || {
            task.map_or("a caller outside any task".into(), |t| {
                format!("task {}", t.0)
            })
        });
        RwLockWriteGuard {
            lock: self,
            data: Some(self.data.borrow_mut()),
        }
    }

    fn note_readers(&self) {
        let (readers, waiting) = (self.readers.get(), self.sem.waiting());
        note(self.sem.resource, "readers", || readers.to_string());
        note(self.sem.resource, "waiters", || waiting.to_string());
    }
}

impl<T> Drop for RwLock<T> {
    fn drop(&mut self) {
        dropped(self.sem.resource);
    }
}

impl<T: Default> Default for RwLock<T> {
    #[track_caller]
    fn default() -> RwLock<T> {
        RwLock::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.data.try_borrow() {
            Ok(d) => f.debug_struct("RwLock").field("data", &*d).finish(),
            Err(_) => f
                .debug_struct("RwLock")
                .field("data", &format_args!("<locked>"))
                .finish(),
        }
    }
}

/// The future of [`RwLock::read`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Read<'a, T> {
    lock: &'a RwLock<T>,
    acquire: Acquire<'a>,
}

impl<'a, T> Future for Read<'a, T> {
    type Output = RwLockReadGuard<'a, T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<RwLockReadGuard<'a, T>> {
        let this = self.get_mut();
        match Pin::new(&mut this.acquire).poll(cx) {
            Poll::Ready(Ok(())) => Poll::Ready(this.lock.read_guard()),
            Poll::Ready(Err(_)) => unreachable!("an RwLock's semaphore is never closed"),
            Poll::Pending => {
                this.lock.note_readers();
                Poll::Pending
            }
        }
    }
}

/// The future of [`RwLock::write`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Write<'a, T> {
    lock: &'a RwLock<T>,
    acquire: Acquire<'a>,
}

impl<'a, T> Future for Write<'a, T> {
    type Output = RwLockWriteGuard<'a, T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<RwLockWriteGuard<'a, T>> {
        let this = self.get_mut();
        match Pin::new(&mut this.acquire).poll(cx) {
            Poll::Ready(Ok(())) => Poll::Ready(this.lock.write_guard()),
            Poll::Ready(Err(_)) => unreachable!("an RwLock's semaphore is never closed"),
            Poll::Pending => {
                this.lock.note_readers();
                Poll::Pending
            }
        }
    }
}

/// Shared access until dropped.
pub struct RwLockReadGuard<'a, T> {
    lock: &'a RwLock<T>,
    data: Option<Ref<'a, T>>,
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.data
            .as_ref()
            .expect("the guard holds the data until dropped")
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        self.data = None;
        let lock = self.lock;
        lock.readers.set(lock.readers.get() - 1);
        lock.sem.release(1);
        lock.note_readers();
    }
}

impl<T: fmt::Debug> fmt::Debug for RwLockReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for RwLockReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// Exclusive access until dropped.
pub struct RwLockWriteGuard<'a, T> {
    lock: &'a RwLock<T>,
    data: Option<RefMut<'a, T>>,
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.data
            .as_ref()
            .expect("the guard holds the data until dropped")
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.data
            .as_mut()
            .expect("the guard holds the data until dropped")
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        self.data = None;
        let lock = self.lock;
        note(lock.sem.resource, "writer", || "none".into());
        lock.sem.release(MAX_READS);
    }
}

impl<T: fmt::Debug> fmt::Debug for RwLockWriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for RwLockWriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
