//! Synchronization primitives with tokio's names and fairness: `oneshot`, `mpsc` and `Mutex`.
//! Each records which waker it stores, in which slot, and when it lets go.

pub mod mpsc;
mod mutex;
mod notify;
pub mod oneshot;
mod permits;
mod rwlock;
mod semaphore;

pub use mutex::{Mutex, MutexGuard, TryLockError};
pub use notify::{Notified, Notify, OwnedNotified};
pub use permits::{
    AcquireError, AcquireOwned, AcquirePermit, OwnedSemaphorePermit, Semaphore, SemaphorePermit,
    TryAcquireError,
};
pub use rwlock::{Read, RwLock, RwLockReadGuard, RwLockWriteGuard, Write};

use crate::context::with_state;
use crate::instrument::caller_loc;
use crate::recorder::rec;
use asyncviz_trace::{EventKind, Loc, ResourceId, ResourceKind};
use std::panic::Location;

/// Registers a new resource in the trace.
pub(crate) fn new_resource(
    kind: ResourceKind,
    name: String,
    loc: &Location<'_>,
) -> (ResourceId, Loc) {
    let loc = caller_loc(loc);
    let id = with_state(|st| {
        let resource = st.new_resource_id();
        rec!(
            st,
            EventKind::ResourceNew {
                resource,
                resource_kind: kind,
                name,
                loc: Some(loc.clone())
            }
        );
        resource
    })
    .unwrap_or(ResourceId(0));
    (id, loc)
}

/// Records a resource attribute; the value is only built when recording.
pub(crate) fn note(resource: ResourceId, attr: &'static str, value: impl FnOnce() -> String) {
    with_state(|st| {
        rec!(
            st,
            EventKind::ResourceState {
                resource,
                attr: attr.to_string(),
                value: value()
            }
        )
    });
}

/// Records that a resource was dropped.
pub(crate) fn dropped(resource: ResourceId) {
    with_state(|st| rec!(st, EventKind::ResourceDrop { resource }));
}
