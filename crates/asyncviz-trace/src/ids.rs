//! Small sequential ids. The executor hands them out in creation order, starting at 0 for tasks
//! (task 0 is the `block_on` future) and 1 for wakers and resources.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A task. Task 0 is always the `block_on` (main) future.
    TaskId,
    "task "
);
id_type!(
    /// One waker clone. Every `clone()` of a waker gets a fresh id.
    WakerId,
    "waker #"
);
id_type!(
    /// A resource that can hold wakers: a timer, a channel, a mutex, a join handle.
    ResourceId,
    "resource #"
);
