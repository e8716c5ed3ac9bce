//! `tokio::task::JoinSet`: a set of spawned tasks whose results come back in the order the tasks
//! finish.
//!
//! tokio keeps a set's handles in two lists, idle and notified. A task that finishes moves its
//! entry to the back of the notified list and wakes the waker the set holds, taking it: a second
//! task finishing before the set is polled again wakes no one. `join_next` stores the polling
//! task's waker on every poll (while the set is not empty) and takes the front of the notified
//! list. This does the same, with the runtime telling the set directly that a member finished
//! (`JoinNotify::finish`) where tokio goes through a waker of each entry; the trace shows the
//! set's one stored waker, as tokio-console would.

use crate::coop;
use crate::instrument::{caller_loc, note_await};
use crate::sync::{dropped, new_resource, note};
use crate::task::{spawn_inner, task_name, JoinError, JoinHandle};
use crate::waker::WakerSlot;
use asyncviz_trace::{Loc, ResourceId, ResourceKind, TaskId, TaskKind};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// What a set's members share with it: the keys of the members that finished, in the order they
/// finished, and the waker of the task that last polled `join_next`.
pub(crate) struct SetCore {
    resource: ResourceId,
    inner: RefCell<SetInner>,
}

struct SetInner {
    notified: VecDeque<usize>,
    waker: WakerSlot,
}

impl SetCore {
    /// A member finished: it joins the back of the notified list, and the stored waker (if any)
    /// is taken out, for the caller to wake outside any executor borrow.
    pub(crate) fn notify(&self, key: usize) -> Option<Waker> {
        let mut inner = self.inner.borrow_mut();
        inner.notified.push_back(key);
        inner.waker.take(self.resource)
    }
}

/// A collection of tasks spawned on the runtime, as tokio's `JoinSet`: `join_next` gives their
/// results in the order they finish. Dropping the set aborts every task still in it.
pub struct JoinSet<T> {
    core: Rc<SetCore>,
    members: BTreeMap<usize, JoinHandle<T>>,
    next_key: usize,
}

impl<T: 'static> JoinSet<T> {
    /// An empty set.
    #[track_caller]
    pub fn new() -> JoinSet<T> {
        let (resource, _) =
            new_resource(ResourceKind::JoinSet, "JoinSet".into(), Location::caller());
        JoinSet {
            core: Rc::new(SetCore {
                resource,
                inner: RefCell::new(SetInner {
                    notified: VecDeque::new(),
                    waker: WakerSlot::new(),
                }),
            }),
            members: BTreeMap::new(),
            next_key: 0,
        }
    }

    /// The number of tasks in the set whose results have not been taken out.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Spawns a task into the set, as `tokio::spawn` does (it goes to the back of the run queue).
    #[track_caller]
    pub fn spawn<F>(&mut self, fut: F)
    where
        F: Future<Output = T> + 'static,
    {
        let loc = caller_loc(Location::caller());
        let handle = spawn_inner(fut, task_name::<F>(), Some(loc), TaskKind::Spawned);
        self.insert(handle);
    }

    /// Adds the handle of a task just spawned (not yet awaited, in no other set) under a new
    /// key, as if the set had spawned it: for the interpreter, which spawns with its own names
    /// and places (`instrument::spawn_named`).
    #[doc(hidden)]
    pub fn insert(&mut self, handle: JoinHandle<T>) {
        let key = self.next_key;
        self.next_key += 1;
        handle.enter_set(self.core.clone(), key);
        self.members.insert(key, handle);
        self.note_len();
    }

    /// Waits for the next task to finish and gives its result, or `None` when the set is empty.
    #[track_caller]
    pub fn join_next(&mut self) -> JoinNext<'_, T> {
        JoinNext {
            loc: caller_loc(Location::caller()),
            set: self,
        }
    }

    /// The result of a task that has finished, if one has, without waiting.
    pub fn try_join_next(&mut self) -> Option<Result<T, JoinError>> {
        let key = self.core.inner.borrow_mut().notified.pop_front()?;
        Some(self.remove(key).1)
    }

    /// Waits for the next task to finish and gives its id with its result, as tokio's
    /// `join_next_with_id` (a `JoinError` carries the id too: [`JoinError::id`]).
    #[track_caller]
    pub fn join_next_with_id(&mut self) -> JoinNextWithId<'_, T> {
        JoinNextWithId {
            loc: caller_loc(Location::caller()),
            set: self,
        }
    }

    /// Polls for the next finished task, as tokio's `poll_join_next`.
    pub fn poll_join_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, JoinError>>> {
        self.poll_next_entry(cx)
            .map(|entry| entry.map(|(_, out)| out))
    }

    /// [`poll_next_entry`](Self::poll_next_entry) for a future awaited at `loc`: when it must
    /// wait, the task is noted as parked there, at `label`.
    fn poll_noting(
        &mut self,
        cx: &mut Context<'_>,
        label: &'static str,
        loc: &Loc,
    ) -> Poll<Option<(TaskId, Result<T, JoinError>)>> {
        let res = self.poll_next_entry(cx);
        if res.is_pending() {
            note_await(|| label.to_string(), Some(loc.clone()));
        }
        res
    }

    /// The next finished member's task and result, as tokio's `poll_join_next` finds it.
    fn poll_next_entry(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<(TaskId, Result<T, JoinError>)>> {
        if self.members.is_empty() {
            return Poll::Ready(None);
        }
        let old = {
            let mut inner = self.core.inner.borrow_mut();
            inner
                .waker
                .register(cx.waker(), self.core.resource, "join_next waker")
        };
        drop(old);
        if self.core.inner.borrow().notified.is_empty() {
            return Poll::Pending;
        }
        // Reading the finished handle is one unit of the task's budget, as in tokio. With the
        // budget spent, the entry goes back to the notified list's end and the task yields.
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(guard) => guard,
            Poll::Pending => {
                let mut inner = self.core.inner.borrow_mut();
                if let Some(key) = inner.notified.pop_front() {
                    inner.notified.push_back(key);
                }
                return Poll::Pending;
            }
        };
        let key = self.core.inner.borrow_mut().notified.pop_front();
        let Some(key) = key else {
            return Poll::Pending;
        };
        guard.made_progress();
        Poll::Ready(Some(self.remove(key)))
    }

    /// Aborts every task in the set. Their results (a cancelled `JoinError` for those that had
    /// not finished) still come out of `join_next`.
    pub fn abort_all(&mut self) {
        for handle in self.members.values() {
            handle.abort();
        }
    }

    /// Lets every task in the set run on without it: the set becomes empty, nothing is aborted.
    pub fn detach_all(&mut self) {
        for handle in self.members.values() {
            handle.leave_set();
        }
        self.members.clear();
        self.core.inner.borrow_mut().notified.clear();
        self.note_len();
    }

    /// Aborts every task and waits until all have stopped.
    pub async fn shutdown(&mut self) {
        self.abort_all();
        while self.join_next().await.is_some() {}
    }

    /// Waits for every task and gives their outputs in the order they finished. Panics if a task
    /// panicked or was cancelled, as tokio's does.
    pub async fn join_all(mut self) -> Vec<T> {
        let mut output = Vec::with_capacity(self.len());
        while let Some(res) = self.join_next().await {
            match res {
                Ok(t) => output.push(t),
                Err(err) => panic!("{err}"),
            }
        }
        output
    }

    /// Takes a finished member out of the set, dropping its handle.
    fn remove(&mut self, key: usize) -> (TaskId, Result<T, JoinError>) {
        let handle = self
            .members
            .remove(&key)
            .expect("a notified key belongs to a member");
        let out = handle
            .take_finished()
            .expect("a notified member has finished and its result is untaken");
        let task = handle.task();
        drop(handle);
        self.note_len();
        (task, out)
    }

    fn note_len(&self) {
        let len = self.members.len();
        note(self.core.resource, "len", || len.to_string());
    }
}

impl<T: 'static> Default for JoinSet<T> {
    #[track_caller]
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}

impl<T> Drop for JoinSet<T> {
    fn drop(&mut self) {
        for handle in self.members.values() {
            handle.abort();
            handle.leave_set();
        }
        self.members.clear();
        let old = self.core.inner.borrow_mut().waker.take(self.core.resource);
        drop(old);
        dropped(self.core.resource);
    }
}

impl<T> fmt::Debug for JoinSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinSet")
            .field("len", &self.members.len())
            .finish()
    }
}

/// The future of [`JoinSet::join_next`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct JoinNext<'a, T> {
    set: &'a mut JoinSet<T>,
    loc: Loc,
}

impl<T: 'static> Future for JoinNext<'_, T> {
    type Output = Option<Result<T, JoinError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.set
            .poll_noting(cx, "JoinSet::join_next()", &this.loc)
            .map(|entry| entry.map(|(_, out)| out))
    }
}

impl<T> fmt::Debug for JoinNext<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JoinNext")
    }
}

/// The future of [`JoinSet::join_next_with_id`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct JoinNextWithId<'a, T> {
    set: &'a mut JoinSet<T>,
    loc: Loc,
}

impl<T: 'static> Future for JoinNextWithId<'_, T> {
    type Output = Option<Result<(TaskId, T), JoinError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.set
            .poll_noting(cx, "JoinSet::join_next_with_id()", &this.loc)
            .map(|entry| entry.map(|(task, out)| out.map(|v| (task, v))))
    }
}

impl<T> fmt::Debug for JoinNextWithId<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JoinNextWithId")
    }
}
