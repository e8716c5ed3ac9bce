//! What `#[tokio::main]` produces in the compat module: a program waiting to be run.

use crate::instrument::print;
use asyncviz_trace::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// An `async fn main` with the runtime settings its `#[tokio::main]` asked for.
pub struct Program {
    /// `current_thread` or `multi_thread` (tokio's default for `#[tokio::main]`).
    pub flavor: String,
    /// `worker_threads = N`, if given.
    pub worker_threads: Option<u32>,
    /// `start_paused = true`, if given.
    pub start_paused: bool,
    pub(crate) future: Pin<Box<dyn Future<Output = ()>>>,
    /// `size_of` the main future, and whether it is `Unpin` where known.
    pub(crate) size: usize,
    pub(crate) unpin: Option<bool>,
}

impl Program {
    /// Wraps a main future with its settings.
    pub fn new(
        flavor: &str,
        worker_threads: Option<u32>,
        start_paused: bool,
        future: impl Future<Output = ()> + 'static,
    ) -> Program {
        fn inspect<F>(_: &F) -> (usize, Option<bool>) {
            let unpin = crate::task::unpin_from_type_name(std::any::type_name::<F>());
            (std::mem::size_of::<F>(), unpin)
        }
        let (size, unpin) = inspect(&future);
        Program {
            flavor: flavor.to_string(),
            worker_threads,
            start_paused,
            future: Box::pin(future),
            size,
            unpin,
        }
    }
}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("flavor", &self.flavor)
            .field("worker_threads", &self.worker_threads)
            .field("start_paused", &self.start_paused)
            .finish_non_exhaustive()
    }
}

/// What `main` may return, reported the way Rust's `Termination` does.
pub trait Termination {
    /// Reports the value: `Err(e)` prints `Error: {e:?}` to stderr, as Rust does.
    fn report(self);
}

impl Termination for () {
    fn report(self) {}
}

impl<E: fmt::Debug> Termination for Result<(), E> {
    fn report(self) {
        if let Err(e) = self {
            print(format!("Error: {e:?}\n"), Stream::Stderr);
        }
    }
}
