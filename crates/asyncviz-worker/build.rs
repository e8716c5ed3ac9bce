//! Links the worker's WebAssembly with a 4 MiB stack instead of wasm32's default 1 MiB.
//!
//! The interpreter evaluates the reader's program by recursion and caps nesting (calls,
//! expression depth) to fit the default stack; the larger stack is a margin on top of those
//! caps, so a deeply nested program ends with a diagnostic, never a stack overflow that would
//! kill the worker. A link argument here affects only this binary, not how dependencies build.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=4194304");
    }
}
