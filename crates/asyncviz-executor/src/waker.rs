//! The executor's own waker vtable.
//!
//! A poll receives a *borrowed* waker that costs nothing: its data pointer encodes the task id.
//! Every `clone()` allocates a small record with a fresh [`WakerId`], so the trace can follow each
//! clone from creation to its wake or drop. That is what makes lost wakers and self-wakes visible.
//!
//! Wakers find their runtime through the thread-local context, never through a pointer, so a
//! waker that outlives its runtime (or crosses to another thread) is inert rather than unsound.

use crate::context::with_state;
use crate::recorder::rec;
use asyncviz_trace::{EventKind, ResourceId, TaskId, WakerId};
use std::task::{RawWaker, RawWakerVTable, Waker};

/// One waker clone.
struct Cloned {
    task: TaskId,
    id: WakerId,
    /// The runtime that minted it; wakes reaching another runtime are ignored.
    runtime: u64,
}

static BORROWED: RawWakerVTable =
    RawWakerVTable::new(borrowed_clone, borrowed_wake, borrowed_wake, noop);
static CLONED: RawWakerVTable =
    RawWakerVTable::new(cloned_clone, cloned_wake, cloned_wake_by_ref, cloned_drop);

/// The waker a task's poll receives. Dropping it does nothing.
pub(crate) fn borrowed(task: TaskId) -> Waker {
    let data = (task.0 as usize + 1) as *const ();
    // SAFETY: the vtable functions only decode the integer in `data`; none dereferences it.
    unsafe { Waker::from_raw(RawWaker::new(data, &BORROWED)) }
}

fn decode_borrowed(data: *const ()) -> TaskId {
    TaskId((data as usize - 1) as u32)
}

fn mint(task: TaskId, from: Option<WakerId>) -> RawWaker {
    let minted = with_state(|st| {
        let id = st.new_waker_id();
        let by = st.actor;
        rec!(
            st,
            EventKind::WakerClone {
                task,
                waker: id,
                from,
                by
            }
        );
        st.stats.wakers_cloned += 1;
        (id, st.runtime_id)
    });
    let (id, runtime) = minted.unwrap_or((WakerId(u32::MAX), 0));
    let boxed = Box::new(Cloned { task, id, runtime });
    RawWaker::new(Box::into_raw(boxed) as *const (), &CLONED)
}

unsafe fn borrowed_clone(data: *const ()) -> RawWaker {
    mint(decode_borrowed(data), None)
}

unsafe fn borrowed_wake(data: *const ()) {
    wake_task(decode_borrowed(data), None, true, None);
}

unsafe fn noop(_: *const ()) {}

unsafe fn cloned_clone(data: *const ()) -> RawWaker {
    // SAFETY: `data` came from `Box::into_raw` in `mint` and is live until `cloned_drop`/`cloned_wake`.
    let w = unsafe { &*(data as *const Cloned) };
    mint(w.task, Some(w.id))
}

unsafe fn cloned_wake(data: *const ()) {
    // SAFETY: as above; `wake` consumes the waker, so we take the box back.
    let w = unsafe { Box::from_raw(data as *mut Cloned) };
    wake_task(w.task, Some(w.id), false, Some(w.runtime));
}

unsafe fn cloned_wake_by_ref(data: *const ()) {
    // SAFETY: as above.
    let w = unsafe { &*(data as *const Cloned) };
    wake_task(w.task, Some(w.id), true, Some(w.runtime));
}

unsafe fn cloned_drop(data: *const ()) {
    // SAFETY: as above; dropping consumes the waker.
    let w = unsafe { Box::from_raw(data as *mut Cloned) };
    with_state(|st| {
        if st.runtime_id == w.runtime {
            let by = st.actor;
            rec!(
                st,
                EventKind::WakerDrop {
                    task: w.task,
                    waker: w.id,
                    by
                }
            );
            st.stats.wakers_dropped += 1;
        }
    });
}

fn wake_task(task: TaskId, waker: Option<WakerId>, by_ref: bool, runtime: Option<u64>) {
    with_state(|st| {
        if runtime.is_some_and(|r| r != st.runtime_id) {
            return;
        }
        if !by_ref {
            st.stats.wakers_dropped += 1;
        }
        st.wake(task, waker, by_ref);
    });
}

/// The task and clone id behind one of our wakers, or `None` for a foreign waker.
pub(crate) fn identify(w: &Waker) -> Option<(TaskId, Option<WakerId>)> {
    if std::ptr::eq(w.vtable(), &BORROWED) {
        Some((decode_borrowed(w.data()), None))
    } else if std::ptr::eq(w.vtable(), &CLONED) {
        // SAFETY: a live `Waker` with our vtable points at a live `Cloned`.
        let c = unsafe { &*(w.data() as *const Cloned) };
        Some((c.task, Some(c.id)))
    } else {
        None
    }
}

/// Whether waking `a` wakes the same task as waking `b` (tokio's `will_wake` on task wakers).
pub(crate) fn same_task(a: &Waker, b: &Waker) -> bool {
    match (identify(a), identify(b)) {
        (Some((ta, _)), Some((tb, _))) => ta == tb,
        _ => a.will_wake(b),
    }
}

/// A resource's slot for one stored waker, recording store and take events.
#[derive(Debug, Default)]
pub(crate) struct WakerSlot {
    waker: Option<Waker>,
}

impl WakerSlot {
    /// An empty slot.
    pub(crate) const fn new() -> WakerSlot {
        WakerSlot { waker: None }
    }

    /// Stores a clone of `w` unless the stored waker already wakes the same task. Returns the
    /// replaced waker, which the caller must drop outside any executor borrow (it may be
    /// dropped right away in plain code).
    pub(crate) fn register(
        &mut self,
        w: &Waker,
        resource: ResourceId,
        slot: &'static str,
    ) -> Option<Waker> {
        if self.waker.as_ref().is_some_and(|old| same_task(old, w)) {
            return None;
        }
        let old = self.take(resource);
        let new = w.clone();
        if let Some((task, Some(id))) = identify(&new) {
            with_state(|st| {
                rec!(
                    st,
                    EventKind::WakerStore {
                        waker: id,
                        task,
                        resource,
                        slot: slot.to_string()
                    }
                )
            });
        }
        self.waker = Some(new);
        old
    }

    /// Takes the stored waker out, recording that the resource let go of it.
    pub(crate) fn take(&mut self, resource: ResourceId) -> Option<Waker> {
        let w = self.waker.take()?;
        if let Some((_, Some(id))) = identify(&w) {
            with_state(|st| {
                rec!(
                    st,
                    EventKind::WakerTake {
                        waker: id,
                        resource
                    }
                )
            });
        }
        Some(w)
    }

    /// Takes the stored waker without recording (the caller records, holding the state).
    pub(crate) fn take_raw(&mut self) -> Option<Waker> {
        self.waker.take()
    }

    /// Wakes the stored waker by reference, keeping it stored (tokio's oneshot does this).
    pub(crate) fn wake_by_ref(&self) {
        if let Some(w) = &self.waker {
            w.wake_by_ref();
        }
    }
}
