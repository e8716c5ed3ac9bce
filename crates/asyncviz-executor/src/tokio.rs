//! A drop-in stand-in for the parts of tokio 1.x that teaching programs use. Write
//! `use asyncviz_executor::tokio;` and tokio code compiles against the instrumented executor.

pub use crate::task::spawn;
pub use crate::{join, pin, select};
pub use asyncviz_macros::main;

/// `tokio::task`.
pub mod task {
    pub use crate::blocking::spawn_blocking;
    pub use crate::join_set::JoinSet;
    pub use crate::task::{spawn, yield_now, JoinError, JoinHandle};
}

/// `tokio::time`.
pub mod time {
    pub use crate::time::{
        error, sleep, sleep_until, timeout, timeout_at, Duration, Instant, Sleep, Timeout,
    };
}

/// `tokio::sync`.
pub mod sync {
    pub use crate::sync::{
        mpsc, oneshot, AcquireError, Mutex, MutexGuard, Notify, OwnedSemaphorePermit, RwLock,
        RwLockReadGuard, RwLockWriteGuard, Semaphore, SemaphorePermit, TryAcquireError,
        TryLockError,
    };
}

/// `tokio::runtime`: the executor's runtime under tokio's module name.
pub mod runtime {
    pub use crate::runtime::{Builder, Runtime};
}
