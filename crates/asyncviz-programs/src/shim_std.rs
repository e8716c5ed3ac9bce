//! `std` as the scenario modules see it: the real `std`, except that `std::thread::sleep` blocks
//! the simulated worker for virtual time instead of the real thread.
//!
//! A real sleep would freeze the browser tab (and panics on wasm32), and it would not move the
//! virtual clock. The scenarios that call it say so in a `// deviation:` line.

pub(crate) use ::std::*;

/// `std::thread` as the scenarios use it.
pub(crate) mod thread {
    /// Blocks the running task's worker for `duration` of virtual time.
    pub(crate) fn sleep(duration: ::std::time::Duration) {
        asyncviz_executor::instrument::block(duration, "std::thread::sleep");
    }
}
