//! The differential oracle: tests that run the same programs on real tokio and on AsyncViz.
//!
//! This crate has no library code. Its integration tests include every file in `scenarios/`
//! twice, once against real tokio (with a paused clock) and once through `asyncviz-programs`,
//! and compare the printed lines and the virtual millisecond at which each was printed.
//! `tests/mirror.rs` does the same for small test bodies written once for both runtimes.
