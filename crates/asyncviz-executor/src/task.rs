//! Tasks: `spawn`, the type-erased task cell the runtime polls, `JoinHandle` and `yield_now`.

use crate::context::{expect_state, with_state};
use crate::coop;
use crate::instrument::{caller_loc, note_await};
use crate::join_set::SetCore;
use crate::recorder::rec;
use crate::waker::WakerSlot;
use asyncviz_trace::{EventKind, Loc, ResourceId, ResourceKind, TaskId, TaskKind};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A task's future with its output sink, erased so the runtime can hold any task.
pub(crate) trait ErasedTask {
    /// Polls the future; on `Ready` the output has been handed to the join state.
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
    /// The address of the user's future inside the cell.
    fn future_addr(&self) -> usize;
    /// `size_of_val` of the user's future.
    fn future_size(&self) -> usize;
    /// Whether the user's future is `Unpin`, where that can be known.
    fn future_unpin(&self) -> Option<bool>;
}

/// A spawned future and where its output goes.
struct TaskCell<F: Future> {
    fut: F,
    out: Option<Rc<JoinState<F::Output>>>,
}

impl<F: Future> ErasedTask for TaskCell<F> {
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: `fut` is structurally pinned: it is never moved out of the pinned cell.
        let this = unsafe { self.get_unchecked_mut() };
        let fut = unsafe { Pin::new_unchecked(&mut this.fut) };
        match fut.poll(cx) {
            Poll::Ready(v) => {
                if let Some(out) = &this.out {
                    out.inner.borrow_mut().output = Some(Ok(v));
                }
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn future_addr(&self) -> usize {
        &self.fut as *const F as usize
    }

    fn future_size(&self) -> usize {
        std::mem::size_of::<F>()
    }

    fn future_unpin(&self) -> Option<bool> {
        unpin_from_type_name(std::any::type_name::<F>())
    }
}

/// What the type name tells about `Unpin`: the state machines of `async fn`s and `async`
/// blocks are never `Unpin` (they may borrow from themselves), and `Pin<Box<_>>` always is.
/// For any other type it cannot be known without specialization.
pub(crate) fn unpin_from_type_name(name: &str) -> Option<bool> {
    if name.ends_with("{{closure}}") {
        Some(false)
    } else if name.starts_with("core::pin::Pin<alloc::boxed::Box<") {
        Some(true)
    } else {
        None
    }
}

/// An already boxed main future, reporting the boxed future (not the box) to the pin panel.
pub(crate) struct BoxedMain {
    pub(crate) fut: Pin<Box<dyn Future<Output = ()>>>,
    pub(crate) size: usize,
    pub(crate) unpin: Option<bool>,
}

impl ErasedTask for BoxedMain {
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.get_mut().fut.as_mut().poll(cx)
    }

    fn future_addr(&self) -> usize {
        let inner: &dyn Future<Output = ()> = &*self.fut;
        inner as *const dyn Future<Output = ()> as *const () as usize
    }

    fn future_size(&self) -> usize {
        self.size
    }

    fn future_unpin(&self) -> Option<bool> {
        self.unpin
    }
}

/// Boxes a future as a task cell with an optional join state.
pub(crate) fn cell<F: Future + 'static>(
    fut: F,
    out: Option<Rc<JoinState<F::Output>>>,
) -> Pin<Box<dyn ErasedTask>> {
    Box::pin(TaskCell { fut, out })
}

/// The runtime's side of a join handle: finish the task and hand back the join waker to wake.
pub(crate) trait JoinNotify {
    /// Marks the task finished. `err` replaces the output (cancelled, panicked). Returns the
    /// stored join waker, to be woken outside any executor borrow.
    fn finish(&self, err: Option<JoinError>) -> Option<Waker>;
}

pub(crate) struct JoinState<T> {
    inner: RefCell<JoinInner<T>>,
    resource: ResourceId,
}

struct JoinInner<T> {
    output: Option<Result<T, JoinError>>,
    done: bool,
    taken: bool,
    waker: WakerSlot,
    /// The `JoinSet` the handle belongs to and its key there: the set is told instead.
    set: Option<(Rc<SetCore>, usize)>,
}

impl<T> JoinState<T> {
    pub(crate) fn new(resource: ResourceId) -> JoinState<T> {
        JoinState {
            inner: RefCell::new(JoinInner {
                output: None,
                done: false,
                taken: false,
                waker: WakerSlot::new(),
                set: None,
            }),
            resource,
        }
    }
}

impl<T> JoinNotify for JoinState<T> {
    fn finish(&self, err: Option<JoinError>) -> Option<Waker> {
        let mut inner = self.inner.borrow_mut();
        if let Some(err) = err {
            inner.output = Some(Err(err));
        }
        inner.done = true;
        match &inner.set {
            Some((set, key)) => set.notify(*key),
            None => inner.waker.take(self.resource),
        }
    }
}

/// Why a task did not produce its output.
#[derive(Clone, PartialEq, Eq)]
pub struct JoinError {
    task: TaskId,
    panic: Option<String>,
}

impl JoinError {
    pub(crate) fn cancelled(task: TaskId) -> JoinError {
        JoinError { task, panic: None }
    }

    pub(crate) fn panicked(task: TaskId, message: String) -> JoinError {
        JoinError {
            task,
            panic: Some(message),
        }
    }

    /// Whether the task was cancelled (aborted, or dropped at shutdown).
    pub fn is_cancelled(&self) -> bool {
        self.panic.is_none()
    }

    /// Whether the task panicked.
    pub fn is_panic(&self) -> bool {
        self.panic.is_some()
    }

    /// The id of the task that did not finish.
    pub fn id(&self) -> TaskId {
        self.task
    }

    /// The task's panic message, if it panicked: what tokio's `into_panic` payload says.
    pub fn panic_message(&self) -> Option<&str> {
        self.panic.as_deref()
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.panic {
            None => write!(f, "task {} was cancelled", self.task.0),
            Some(msg) => write!(f, "task {} panicked with message {msg:?}", self.task.0),
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.panic {
            None => write!(f, "JoinError::Cancelled(Id({}))", self.task.0),
            Some(msg) => write!(f, "JoinError::Panic(Id({}), {msg:?}, ...)", self.task.0),
        }
    }
}

impl std::error::Error for JoinError {}

/// An owned permission to await a spawned task's output, as tokio's `JoinHandle`.
pub struct JoinHandle<T> {
    state: Rc<JoinState<T>>,
    task: TaskId,
    loc: Loc,
}

impl<T> JoinHandle<T> {
    /// Asks the task to stop. It is cancelled the next time the scheduler would run it; awaiting
    /// the handle then gives a `JoinError` whose `is_cancelled()` is true.
    pub fn abort(&self) {
        with_state(|st| st.abort(self.task));
    }

    /// Whether the task has finished (in any way).
    pub fn is_finished(&self) -> bool {
        self.state.inner.borrow().done
    }

    /// The task's id in the trace.
    pub fn task(&self) -> TaskId {
        self.task
    }

    pub(crate) fn join_notify(&self) -> Rc<dyn JoinNotify>
    where
        T: 'static,
    {
        self.state.clone()
    }

    pub(crate) fn set_output(&self, value: T) {
        self.state.inner.borrow_mut().output = Some(Ok(value));
    }

    /// Puts the handle in a `JoinSet` under `key`: the task's end is reported to the set.
    pub(crate) fn enter_set(&self, set: Rc<SetCore>, key: usize) {
        let mut inner = self.state.inner.borrow_mut();
        if inner.done {
            // Finished already: the set hears of it now (no one can be waiting on the set yet).
            drop(set.notify(key));
        }
        inner.set = Some((set, key));
    }

    /// Takes the handle out of its `JoinSet` (detached, or the set dropped).
    pub(crate) fn leave_set(&self) {
        self.state.inner.borrow_mut().set = None;
    }

    /// The task's output if it has finished, taking it (a `JoinSet` reads its members so).
    pub(crate) fn take_finished(&self) -> Option<Result<T, JoinError>> {
        let mut inner = self.state.inner.borrow_mut();
        if !inner.done || inner.taken {
            return None;
        }
        inner.taken = true;
        inner.output.take()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(g) => g,
            Poll::Pending => return Poll::Pending,
        };
        let mut inner = this.state.inner.borrow_mut();
        if inner.done {
            assert!(!inner.taken, "`JoinHandle` polled after completion");
            inner.taken = true;
            guard.made_progress();
            let out = inner
                .output
                .take()
                .expect("a finished task leaves an output or an error");
            return Poll::Ready(out);
        }
        let old = inner
            .waker
            .register(cx.waker(), this.state.resource, "join waker");
        drop(inner);
        drop(old);
        note_await(
            || format!("JoinHandle<{}>", this.task),
            Some(this.loc.clone()),
        );
        Poll::Pending
    }
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        let old = self
            .state
            .inner
            .borrow_mut()
            .waker
            .take(self.state.resource);
        drop(old);
        let resource = self.state.resource;
        with_state(|st| rec!(st, EventKind::ResourceDrop { resource }));
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JoinHandle {{ id: Id({}) }}", self.task.0)
    }
}

/// Spawns a task, as `tokio::spawn`. It never runs before the caller yields: it goes to the back
/// of the run queue. Unlike tokio, the future need not be `Send` (everything runs on one thread).
#[track_caller]
pub fn spawn<F>(fut: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let loc = caller_loc(Location::caller());
    let name = task_name::<F>();
    spawn_inner(fut, name, Some(loc), TaskKind::Spawned)
}

pub(crate) fn spawn_inner<F>(
    fut: F,
    name: String,
    loc: Option<Loc>,
    kind: TaskKind,
) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    expect_state(move |st| {
        let task = st.next_task_id();
        let resource = st.new_resource_id();
        let state = Rc::new(JoinState::new(resource));
        let boxed = cell(fut, Some(state.clone()));
        let handle_loc = loc.clone().unwrap_or(Loc {
            file: String::new(),
            line: 0,
            col: 0,
        });
        st.add_task(
            task,
            boxed,
            name,
            kind,
            loc,
            Some(state.clone() as Rc<dyn JoinNotify>),
        );
        rec!(
            st,
            EventKind::ResourceNew {
                resource,
                resource_kind: ResourceKind::JoinHandle,
                name: format!("JoinHandle<task {}>", task.0),
                loc: Some(handle_loc.clone()),
            }
        );
        rec!(
            st,
            EventKind::ResourceState {
                resource,
                attr: "task".into(),
                value: format!("task {}", task.0)
            }
        );
        if kind == TaskKind::Spawned {
            st.schedule_spawn(task);
        }
        JoinHandle {
            state,
            task,
            loc: handle_loc,
        }
    })
}

/// A display name for a task from its future's type: `worker` for `async fn worker`, or
/// `async block in main` for a block.
pub(crate) fn task_name<F>() -> String {
    let full = std::any::type_name::<F>();
    let mut parts: Vec<&str> = full.split("::").collect();
    let mut blocks = 0;
    while parts.last() == Some(&"{{closure}}") {
        parts.pop();
        blocks += 1;
    }
    let base = parts.last().copied().unwrap_or("task");
    let base = base.split('<').next().unwrap_or(base);
    match blocks {
        0 | 1 => base.to_string(),
        _ => format!("async block in {base}"),
    }
}

/// Yields once to the scheduler, as `tokio::task::yield_now`: the first poll defers its wake to
/// the runtime (released after the driver runs) and returns `Pending`; the second returns `Ready`.
#[track_caller]
pub fn yield_now() -> YieldNow {
    YieldNow {
        yielded: false,
        loc: caller_loc(Location::caller()),
    }
}

/// The future of [`yield_now`].
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct YieldNow {
    yielded: bool,
    loc: Loc,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.yielded {
            return Poll::Ready(());
        }
        this.yielded = true;
        crate::runtime::defer(cx.waker());
        note_await(|| "yield_now()".to_string(), Some(this.loc.clone()));
        Poll::Pending
    }
}
