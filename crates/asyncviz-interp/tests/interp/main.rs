//! The interpreter's test suite, as one test binary: golden programs, diagnostics, formatting
//! against Rust's own `format!`, the scenario library, budgets and laziness.

mod budgets;
mod diagnostics;
mod format;
mod laziness;
mod programs;
mod robustness;
mod scenarios;
mod support;
