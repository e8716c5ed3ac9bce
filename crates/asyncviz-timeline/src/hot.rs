//! The shape of every loop over a whole trace, for the browser's WebAssembly engine.
//!
//! V8 runs a wasm function first in its baseline tier and recompiles it in its optimizing tier
//! once it has run hot, but a call already running keeps the baseline code to its end. A
//! 100,000-event loop written inline in a function called once (`TraceIndex::new`,
//! `Timeline::build`, `synthetic_trace`, which the optimizer then inlines into the page's loader)
//! therefore runs all its iterations in the baseline tier, and the optimizing compile it
//! triggers, of a 20-30 KiB function, is never used: it only takes a core from the page, which
//! on a 2-core machine delays the first paint further. Measured with Chromium's
//! `--js-flags=--trace-wasm-compilation-times`, those compiles took 360–410 ms of background time
//! per load (BENCHMARKS.md, "Loops and V8's tiers").
//!
//! Here the loop lives in a small function of its own, and the body is a `dyn` closure, so it is
//! a wasm function of its own that neither the compiler nor `wasm-opt` can inline back: after
//! the first few thousand iterations V8 has an optimized body, and the rest of the loop uses it.
//! Natively this costs one indirect call per iteration.
//!
//! [`apart`] keeps a large, rarely hot body (the narration's sentence builder, a step's view) out
//! of the function that calls it. V8 recompiles a whole function once part of it runs hot, and
//! the larger the function the longer that takes: the page's root component, with both of those
//! inlined into it, was a 61 KB function whose recompile took about 90 ms of a core during the
//! first slider moves after a load.

/// Calls `step` until it returns `false`. Every loop here runs through this one function, so
/// it has several callers, which keeps `wasm-opt` from inlining it into one of them (it inlines a
/// function with a single caller, loop and all); `black_box` keeps LLVM from seeing which
/// closure it calls, so no caller's body is inlined into it either.
#[inline(never)]
pub(crate) fn repeat(step: &mut dyn FnMut() -> bool) {
    let step = core::hint::black_box(step);
    while step() {}
}

/// Calls `body(i, &items[i])` for every item in order.
pub(crate) fn each<T>(items: &[T], body: &mut dyn FnMut(usize, &T)) {
    let body = core::hint::black_box(body);
    let mut i = 0;
    repeat(&mut || match items.get(i) {
        Some(item) => {
            body(i, item);
            i += 1;
            true
        }
        None => false,
    });
}

/// Calls `f` and returns what it returns, as a wasm function of its own: neither the compiler nor
/// `wasm-opt` can inline `f`'s body into the caller, because it is called through a `dyn`
/// reference that `black_box` hides. Natively this costs one indirect call.
pub fn apart<R>(f: impl FnOnce() -> R) -> R {
    let mut f = Some(f);
    let mut out = None;
    let mut call = || {
        if let Some(f) = f.take() {
            out = Some(f());
        }
    };
    let call: &mut dyn FnMut() = core::hint::black_box(&mut call);
    call();
    match out {
        Some(out) => out,
        None => unreachable!("`call` ran `f` once"),
    }
}

#[cfg(test)]
mod tests {
    use super::{apart, each, repeat};

    #[test]
    fn apart_runs_its_closure_once_and_returns_its_value() {
        let mut runs = 0;
        let got = apart(|| {
            runs += 1;
            "value".to_string()
        });
        assert_eq!((got.as_str(), runs), ("value", 1));
    }

    #[test]
    fn each_visits_every_item_once_in_order_with_its_index() {
        let items = ["a", "b", "c"];
        let mut seen = Vec::new();
        each(&items, &mut |i, item| seen.push((i, *item)));
        assert_eq!(seen, vec![(0, "a"), (1, "b"), (2, "c")]);

        let mut calls = 0;
        each::<u8>(&[], &mut |_, _| calls += 1);
        assert_eq!(calls, 0, "an empty slice calls nothing");
    }

    #[test]
    fn repeat_stops_at_the_first_false_and_runs_at_least_once() {
        let mut n = 0;
        repeat(&mut || {
            n += 1;
            n < 5
        });
        assert_eq!(n, 5);

        let mut once = 0;
        repeat(&mut || {
            once += 1;
            false
        });
        assert_eq!(once, 1);
    }
}
