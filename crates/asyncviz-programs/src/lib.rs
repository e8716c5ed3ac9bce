//! The scenario library: the teaching programs in `scenarios/`, compiled as real Rust.
//!
//! Every scenario is a real tokio program with a lesson header of `//` comments (its title, what
//! to watch for, the misconception it corrects, and where it deviates from real tokio). Here each
//! file is `include!`d into a module that sees `tokio` as `asyncviz_executor::tokio`, so
//! `#[tokio::main]` turns its `async fn main` into an [`asyncviz_executor::Program`] that the
//! AsyncViz executor runs and records. The same files run on real tokio in the `asyncviz-oracle`
//! tests, which check that both print the same lines at the same virtual times.
//!
//! [`catalogue`] lists the scenarios with their parsed headers; [`run`] runs one and returns its
//! trace. This crate does not draw anything and has no browser dependencies.

// The macros come first: `macro_rules!` scoping is textual, so only the modules below see them,
// and the included files' `println!` resolve to these instead of std's.

/// Prints a line as program output, recorded in the trace (the scenarios' `println!`).
macro_rules! println {
    () => {
        ::asyncviz_executor::instrument::print(
            ::std::string::String::from("\n"),
            ::asyncviz_executor::instrument::OutputStream::Stdout,
        )
    };
    ($($arg:tt)*) => {{
        let mut text = ::std::format!($($arg)*);
        text.push('\n');
        ::asyncviz_executor::instrument::print(text, ::asyncviz_executor::instrument::OutputStream::Stdout)
    }};
}

/// Prints program output without a newline, recorded in the trace.
#[allow(unused_macros)] // for scenarios that print partial lines; none does yet
macro_rules! print {
    ($($arg:tt)*) => {
        ::asyncviz_executor::instrument::print(
            ::std::format!($($arg)*),
            ::asyncviz_executor::instrument::OutputStream::Stdout,
        )
    };
}

/// Prints a line to the program's stderr, recorded in the trace.
#[allow(unused_macros)] // for scenarios that report errors; none does yet
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let mut text = ::std::format!($($arg)*);
        text.push('\n');
        ::asyncviz_executor::instrument::print(text, ::asyncviz_executor::instrument::OutputStream::Stderr)
    }};
}

mod scenario;
mod shim_std;

pub use scenario::{catalogue, run, ExpectedOutcome, Scenario};

// One module per scenario file. `main` is what our `#[tokio::main]` makes of `async fn main`.
// `asyncviz_executor::tokio`'s sync types are single-threaded (not `Send`/`Sync`), unlike real
// tokio's, so clippy would flag the scenarios' `Arc<tokio::sync::Mutex<_>>`.
#[allow(clippy::arc_with_non_send_sync)]
mod s01 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/01-hello-tokio-block-on.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s02 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/02-add-vs-wait-to-add.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s03 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/03-futures-are-lazy.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s04 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/04-async-fn-state-machine.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s05 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/05-sequential-await-vs-join.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s06 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/06-threads-vs-tasks-c10k.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s07 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/07-spawn-without-join.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s08 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/08-spawn-joinhandle-await.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s09 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/09-select-race.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s10 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/10-timeout.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s11 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/11-cancellation-by-drop.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s12 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/12-starvation-yield-now.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s13 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/13-blocking-in-async.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s14 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/14-multi-thread-lifo-trap.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s15 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/15-coop-budget-always-ready.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s16 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/16-busy-poll-vs-waker.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s17 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/17-lost-wakeup-hang.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s18 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/18-timer-future-executor.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s19 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/19-mini-tokio-stale-waker.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s20 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/20-mpsc-backpressure.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s21 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/21-channel-never-closes.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s22 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/22-mutex-across-await.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s23 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/23-futurelock.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s24 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/24-pin-self-referential.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s25 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/25-unpin-box-pin.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s26 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/26-streams-poll-next.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s27 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/27-page-title-race.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s28 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/28-work-stealing-vs-thread-per-core.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
#[allow(clippy::arc_with_non_send_sync)]
mod s29 {
    #[allow(unused_imports)] // unused in the scenarios that never name `std`
    use crate::shim_std as std;
    use asyncviz_executor::tokio;
    include!("../../../scenarios/29-sync-async-bridge.rs");
    pub(crate) fn program() -> asyncviz_executor::Program {
        main()
    }
}
