//! The std and tokio names the interpreter knows: paths to builtins and constants, the method
//! names it implements, and messages for well-known names it does not support.

use crate::ir::Builtin;
use crate::value::{IntTy, Value};

/// What a fully qualified path means.
pub(crate) enum PathKind {
    /// A builtin function.
    Builtin(Builtin),
    /// A constant value.
    Value(Value),
    /// A known type or module (a prefix of other paths), not a value by itself.
    Namespace,
    /// A known item the interpreter does not support, with the reason.
    Unsupported(String),
    /// Not a known path.
    Unknown,
}

/// Normalizes a path given as segments: drops a leading `::`, maps `core::`/`alloc::` to
/// `std::`, and maps re-exports of one item to one name (`tokio::time::Duration` is
/// `std::time::Duration`, `Option::Some` is `Some`).
pub(crate) fn normalize(segments: &[String]) -> String {
    let mut segs: Vec<&str> = segments
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(first) = segs.first_mut() {
        if *first == "core" || *first == "alloc" {
            *first = "std";
        }
    }
    let rewrites: &[(&[&str], &[&str])] = &[
        (&["tokio", "time", "Duration"], &["std", "time", "Duration"]),
        (&["tokio", "task", "spawn"], &["tokio", "spawn"]),
        (&["std", "time", "Instant"], &["tokio", "time", "Instant"]),
        (&["std", "rc", "Rc"], &["std", "sync", "Arc"]),
        (&["std", "boxed", "Box"], &["Box"]),
        (&["std", "vec", "Vec"], &["Vec"]),
        (&["std", "string", "String"], &["String"]),
        (&["std", "option", "Option"], &["Option"]),
        (&["std", "result", "Result"], &["Result"]),
        (&["std", "mem", "drop"], &["drop"]),
        (&["std", "prelude", "v1"], &[]),
        (&["Option", "Some"], &["Some"]),
        (&["Option", "None"], &["None"]),
        (&["Result", "Ok"], &["Ok"]),
        (&["Result", "Err"], &["Err"]),
    ];
    let mut changed = true;
    while changed {
        changed = false;
        for (from, to) in rewrites {
            if segs.len() >= from.len() && segs[..from.len()] == **from {
                let mut next: Vec<&str> = to.to_vec();
                next.extend_from_slice(&segs[from.len()..]);
                segs = next;
                changed = true;
            }
        }
    }
    segs.join("::")
}

fn int_const(ty: IntTy, max: bool) -> Value {
    let (lo, hi) = ty.range();
    crate::value::make_int(if max { hi } else { lo }, ty).expect("a type's bounds fit the type")
}

/// Looks up a normalized path.
pub(crate) fn lookup(path: &str) -> PathKind {
    use Builtin as B;
    let b = |x| PathKind::Builtin(x);
    match path {
        "tokio::spawn" => b(B::Spawn),
        "tokio::task::spawn_blocking" => b(B::SpawnBlocking),
        "tokio::task::yield_now" => b(B::YieldNow),
        "tokio::time::sleep" => b(B::Sleep),
        "tokio::time::sleep_until" => b(B::SleepUntil),
        "tokio::time::timeout" => b(B::Timeout),
        "tokio::time::interval" => b(B::Interval),
        "tokio::time::Instant::now" => b(B::InstantNow),
        "std::time::Duration::from_secs" => b(B::DurationFromSecs),
        "std::time::Duration::from_millis" => b(B::DurationFromMillis),
        "std::time::Duration::from_micros" => b(B::DurationFromMicros),
        "std::time::Duration::from_nanos" => b(B::DurationFromNanos),
        "std::time::Duration::from_secs_f64" => b(B::DurationFromSecsF64),
        "std::time::Duration::new" => b(B::DurationNew),
        "std::time::Duration::ZERO" => PathKind::Value(Value::Duration(0)),
        "std::time::Duration::MAX" => {
            PathKind::Unsupported("`Duration::MAX` is not supported".into())
        }
        "tokio::sync::oneshot::channel" => b(B::OneshotChannel),
        "tokio::sync::mpsc::channel" => b(B::MpscChannel),
        "tokio::sync::mpsc::unbounded_channel" => b(B::MpscUnboundedChannel),
        "tokio::sync::Mutex::new" => b(B::MutexNew),
        "tokio::task::JoinSet::new" => b(B::JoinSetNew),
        "tokio::sync::Semaphore::new" => b(B::SemaphoreNew),
        "tokio::sync::Notify::new" => b(B::NotifyNew),
        "tokio::sync::RwLock::new" => b(B::RwLockNew),
        "std::sync::Mutex::new" => b(B::StdMutexNew),
        "std::sync::atomic::AtomicBool::new" => b(B::AtomicBoolNew),
        "std::sync::atomic::Ordering::Relaxed"
        | "std::sync::atomic::Ordering::SeqCst"
        | "std::sync::atomic::Ordering::Acquire"
        | "std::sync::atomic::Ordering::Release"
        | "std::sync::atomic::Ordering::AcqRel" => PathKind::Value(Value::Unit),
        "std::sync::Arc::new" => b(B::ArcNew),
        "std::sync::Arc::clone" => b(B::ArcClone),
        "std::sync::Arc::strong_count" => b(B::ArcStrongCount),
        "std::sync::Arc::ptr_eq" => b(B::ArcPtrEq),
        "Box::new" => b(B::BoxNew),
        "Box::pin" => b(B::BoxPin),
        "std::thread::sleep" => b(B::ThreadSleep),
        "drop" => b(B::Drop),
        "String::new" => b(B::StringNew),
        "String::from" => b(B::StringFrom),
        "String::with_capacity" => b(B::StringWithCapacity),
        "Vec::new" => b(B::VecNew),
        "Vec::with_capacity" => b(B::VecWithCapacity),
        "Vec::from" => b(B::VecFrom),
        "Some" => b(B::Some),
        "Ok" => b(B::Ok),
        "Err" => b(B::Err),
        "None" => PathKind::Value(Value::Opt(None)),
        "std::mem::swap" => b(B::MemSwap),
        "std::mem::replace" => b(B::MemReplace),
        "std::mem::take" => b(B::MemTake),
        "std::cmp::max" => b(B::CmpMax),
        "std::cmp::min" => b(B::CmpMin),
        "std::process::exit" => b(B::ProcessExit),
        "Default::default" | "std::default::Default::default" => b(B::Default),
        "std::f64::consts::PI" | "f64::consts::PI" => {
            PathKind::Value(Value::Float(std::f64::consts::PI))
        }
        "std::f64::consts::E" | "f64::consts::E" => {
            PathKind::Value(Value::Float(std::f64::consts::E))
        }
        "f64::MAX" | "std::f64::MAX" => PathKind::Value(Value::Float(f64::MAX)),
        "f64::MIN" | "std::f64::MIN" => PathKind::Value(Value::Float(f64::MIN)),
        "f64::INFINITY" => PathKind::Value(Value::Float(f64::INFINITY)),
        "f64::NAN" => PathKind::Value(Value::Float(f64::NAN)),
        "f64::EPSILON" => PathKind::Value(Value::Float(f64::EPSILON)),
        "tokio"
        | "tokio::time"
        | "tokio::task"
        | "tokio::sync"
        | "tokio::sync::mpsc"
        | "tokio::sync::oneshot"
        | "tokio::time::Instant"
        | "std::time::Duration"
        | "std"
        | "std::time"
        | "std::sync"
        | "std::sync::Arc"
        | "std::thread"
        | "std::mem"
        | "std::cmp"
        | "std::pin"
        | "std::pin::Pin"
        | "std::future"
        | "std::future::Future"
        | "tokio::sync::Mutex"
        | "tokio::sync::MutexGuard"
        | "Box"
        | "Vec"
        | "String"
        | "Option"
        | "Result"
        | "std::fmt"
        | "std::process"
        | "tokio::task::JoinHandle"
        | "tokio::task::JoinSet"
        | "tokio::sync::Semaphore"
        | "tokio::sync::Notify"
        | "tokio::sync::RwLock"
        | "tokio::sync::RwLockReadGuard"
        | "tokio::sync::RwLockWriteGuard"
        | "tokio::sync::SemaphorePermit"
        | "tokio::sync::OwnedSemaphorePermit"
        | "tokio::sync::AcquireError"
        | "tokio::sync::TryAcquireError"
        | "tokio::task::JoinError"
        | "tokio::sync::mpsc::Sender"
        | "tokio::sync::mpsc::Receiver"
        | "tokio::sync::mpsc::UnboundedSender"
        | "tokio::sync::mpsc::UnboundedReceiver"
        | "tokio::sync::oneshot::Sender"
        | "tokio::sync::oneshot::Receiver"
        | "tokio::time::error::Elapsed"
        | "tokio::time::Sleep"
        | "tokio::time::Interval"
        | "std::error::Error"
        | "std::error"
        | "tokio::sync::mpsc::error"
        | "tokio::sync::oneshot::error"
        | "std::collections"
        | "std::sync::Mutex"
        | "std::sync::MutexGuard"
        | "std::sync::atomic"
        | "std::sync::atomic::Ordering" => PathKind::Namespace,
        _ => lookup_rest(path),
    }
}

fn lookup_rest(path: &str) -> PathKind {
    // Integer bounds: `i32::MAX`, `u64::MIN`, `std::u8::MAX`.
    let tail: Vec<&str> = path.rsplitn(2, "::").collect();
    if tail.len() == 2 {
        let (item, ty) = (tail[0], tail[1].trim_start_matches("std::"));
        if let Some(ity) = IntTy::from_name(ty) {
            return match item {
                "MAX" => PathKind::Value(int_const(ity, true)),
                "MIN" => PathKind::Value(int_const(ity, false)),
                "BITS" => PathKind::Value(Value::Int(ity.bits() as i64, IntTy::U32)),
                _ => PathKind::Unsupported(format!("`{path}` is not supported")),
            };
        }
    }
    if IntTy::from_name(path).is_some() || matches!(path, "f64" | "bool" | "char" | "str") {
        return PathKind::Namespace;
    }
    let unsupported = |what: &str| PathKind::Unsupported(what.to_string());
    if let Some(rest) = path.strip_prefix("std::sync::atomic::Atomic") {
        if let Some(ty) = rest.strip_suffix("::new") {
            if let Some(ity) = IntTy::from_name(&ty.to_lowercase()) {
                return PathKind::Builtin(Builtin::AtomicNew(ity));
            }
        }
        if IntTy::from_name(&rest.to_lowercase()).is_some() || rest == "Bool" {
            return PathKind::Namespace;
        }
    }
    if path.starts_with("std::sync::RwLock") {
        return unsupported("`std::sync::RwLock` is not supported by the interpreter");
    }
    if path.starts_with("std::thread::spawn") || path == "std::thread::scope" {
        return unsupported(
            "OS threads (`std::thread::spawn`) are not supported by the interpreter",
        );
    }
    if path.starts_with("tokio::runtime") {
        return unsupported("building a runtime by hand is not supported; use `#[tokio::main]`");
    }
    if path.starts_with("std::collections::") {
        return unsupported("std collections are not supported by the interpreter (only `Vec`)");
    }
    if path.starts_with("std::task::") || path.starts_with("std::future::poll_fn") {
        return unsupported("`Future::poll`, `Context` and `Poll` are not supported by the interpreter; this scenario runs compiled");
    }
    if path.starts_with("tokio::sync::") {
        return PathKind::Unsupported(format!("`{path}` is not supported by the interpreter"));
    }
    if path.starts_with("tokio::") || path.starts_with("std::") {
        return PathKind::Unsupported(format!("`{path}` is not supported by the interpreter"));
    }
    PathKind::Unknown
}

/// Method names the builtin types implement. A method call whose name is neither here nor a
/// user method gets a diagnostic before the program runs.
pub(crate) const KNOWN_METHODS: &[&str] = &[
    // general
    "clone",
    "to_string",
    "to_owned",
    "into",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "into_inner",
    // integers and floats
    "abs",
    "pow",
    "min",
    "max",
    "checked_add",
    "checked_sub",
    "checked_mul",
    "checked_div",
    "saturating_add",
    "saturating_sub",
    "saturating_mul",
    "wrapping_add",
    "wrapping_sub",
    "wrapping_mul",
    "rem_euclid",
    "signum",
    "is_positive",
    "is_negative",
    "sqrt",
    "floor",
    "ceil",
    "round",
    "trunc",
    "powi",
    "powf",
    "clamp",
    "count_ones",
    "leading_zeros",
    "trailing_zeros",
    "is_nan",
    "abs_diff",
    "div_euclid",
    "to_digit",
    "is_alphabetic",
    "is_numeric",
    "is_alphanumeric",
    "is_whitespace",
    "is_ascii_digit",
    "is_uppercase",
    "is_lowercase",
    "to_ascii_uppercase",
    "to_ascii_lowercase",
    // strings
    "len",
    "is_empty",
    "push_str",
    "push",
    "as_str",
    "chars",
    "to_uppercase",
    "to_lowercase",
    "trim",
    "trim_start",
    "trim_end",
    "contains",
    "starts_with",
    "ends_with",
    "split_whitespace",
    "split",
    "lines",
    "repeat",
    "replace",
    "parse",
    "bytes",
    "char_indices",
    "find",
    "insert_str",
    "as_bytes",
    // sequences
    "pop",
    "iter",
    "iter_mut",
    "into_iter",
    "first",
    "last",
    "get",
    "get_mut",
    "insert",
    "remove",
    "clear",
    "extend",
    "sort",
    "sort_unstable",
    "sort_by",
    "sort_by_key",
    "reverse",
    "join",
    "concat",
    "swap",
    "truncate",
    "retain",
    "dedup",
    "drain",
    "split_off",
    "to_vec",
    "windows",
    "chunks",
    "binary_search",
    "resize",
    "swap_remove",
    "extend_from_slice",
    "capacity",
    "copy_from_slice",
    "fill",
    // atomics
    "load",
    "store",
    "fetch_add",
    "fetch_sub",
    "compare_exchange",
    "swap",
    // iterators
    "map",
    "filter",
    "filter_map",
    "enumerate",
    "sum",
    "product",
    "count",
    "collect",
    "rev",
    "zip",
    "take",
    "skip",
    "any",
    "all",
    "position",
    "fold",
    "for_each",
    "chain",
    "cloned",
    "copied",
    "next",
    "nth",
    "step_by",
    "take_while",
    "skip_while",
    "min_by_key",
    "max_by_key",
    "flat_map",
    "flatten",
    "last",
    "peekable",
    "inspect",
    "rposition",
    // Option and Result
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "and_then",
    "ok_or",
    "ok_or_else",
    "ok",
    "err",
    "map_err",
    "unwrap_err",
    "expect_err",
    "replace",
    "is_some_and",
    "is_none_or",
    "is_ok_and",
    "is_err_and",
    "or",
    "or_else",
    "get_or_insert",
    "get_or_insert_with",
    "as_deref",
    "unwrap_unchecked",
    "zip",
    "xor",
    "and",
    "flatten",
    "iter",
    // Duration and Instant
    "as_secs",
    "as_millis",
    "as_micros",
    "as_nanos",
    "as_secs_f64",
    "as_secs_f32",
    "as_millis_f64",
    "subsec_millis",
    "subsec_micros",
    "subsec_nanos",
    "elapsed",
    "duration_since",
    "checked_duration_since",
    "saturating_duration_since",
    "checked_sub",
    "checked_add",
    "saturating_sub",
    "mul_f64",
    "div_f64",
    "is_zero",
    // tokio
    "spawn",
    "join_next",
    "join_next_with_id",
    "try_join_next",
    "join_all",
    "abort_all",
    "detach_all",
    "shutdown",
    "acquire",
    "acquire_owned",
    "try_acquire",
    "try_acquire_owned",
    "add_permits",
    "available_permits",
    "forget",
    "read",
    "write",
    "try_read",
    "try_write",
    "notified",
    "notify_one",
    "notify_last",
    "notify_waiters",
    "abort",
    "is_finished",
    "is_cancelled",
    "is_panic",
    "into_panic",
    "send",
    "try_send",
    "recv",
    "try_recv",
    "blocking_send",
    "blocking_recv",
    "is_closed",
    "close",
    "closed",
    "lock",
    "try_lock",
    "tick",
    "reset",
    "deadline",
    "is_elapsed",
    "max_capacity",
    "id",
    "abort_handle",
    "same_channel",
    "strong_count",
    "set_missed_tick_behavior",
    "period",
    "downgrade",
    // pinning
    "as_mut",
    "get_mut",
    "as_pin_mut",
];
