//! Builtins: the std and tokio API as seen from interpreted code, bound to the instrumented
//! executor (`asyncviz_executor`): tasks, timers, channels, the mutex, blocking calls, and the
//! methods of the builtin types.

use crate::diagnostic::Span;
use crate::eval::{read_place, Flow, Frame, Interp, R};
use crate::format;
use crate::ir::*;
use crate::value::*;
use asyncviz_executor::instrument;
use asyncviz_executor::sync::{
    mpsc, oneshot, Mutex as AMutex, Notify, OwnedSemaphorePermit, RwLock as ARwLock, Semaphore,
};
use asyncviz_executor::{JoinError, JoinHandle, JoinSet};
use asyncviz_trace::{Loc, Outcome, Stream};
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

/// A runtime object.
pub(crate) enum Native {
    /// A `JoinHandle`.
    JoinHandle {
        /// The executor's handle.
        handle: RefCell<JoinHandle<R<Value>>>,
        /// Whether it returned its output (polling again would be a bug).
        done: Cell<bool>,
    },
    /// A `JoinSet` of interpreted tasks.
    JoinSet(RefCell<JoinSet<R<Value>>>),
    /// A `tokio::sync::Semaphore` (in an `Arc`: every permit the interpreter hands out is an
    /// owned one, which `SemaphorePermit` and `OwnedSemaphorePermit` both behave as).
    Semaphore(std::sync::Arc<Semaphore>),
    /// A `tokio::sync::Notify` (in an `Arc`, so that its `Notified` futures can own it).
    Notify(std::sync::Arc<Notify>),
    /// A semaphore permit; dropping it gives the permit back (`None` once forgotten).
    Permit(RefCell<Option<OwnedSemaphorePermit>>),
    /// `AcquireError` (`closed`) or `TryAcquireError` (`Closed` or `NoPermits`).
    AcquireError {
        /// From `try_acquire`.
        tried: bool,
        /// The semaphore was closed (otherwise no permit was free).
        closed: bool,
    },
    /// A `JoinError`.
    JoinError(JoinError),
    /// A `spawn_blocking` closure panicked (shown as tokio's `JoinError::Panic`).
    BlockingPanic {
        /// The task id.
        task: u64,
        /// The panic message.
        message: Rc<str>,
    },
    /// `mpsc::Sender`.
    MpscSender(mpsc::Sender<Value>),
    /// `mpsc::Receiver`.
    MpscReceiver(RefCell<mpsc::Receiver<Value>>),
    /// `mpsc::UnboundedSender`.
    UnboundedSender(mpsc::UnboundedSender<Value>),
    /// `mpsc::UnboundedReceiver`.
    UnboundedReceiver(RefCell<mpsc::UnboundedReceiver<Value>>),
    /// `oneshot::Sender` (gone once sent).
    OneshotSender(RefCell<Option<oneshot::Sender<Value>>>),
    /// `oneshot::Receiver`.
    OneshotReceiver {
        /// The executor's receiver.
        rx: RefCell<oneshot::Receiver<Value>>,
        /// Whether it returned its value.
        done: Cell<bool>,
    },
    /// `tokio::sync::Mutex`: the executor's lock plus the protected value.
    Mutex {
        /// The lock.
        lock: Rc<AMutex<()>>,
        /// The value.
        data: Rc<RefCell<Value>>,
    },
    /// `tokio::sync::RwLock`: the executor's lock plus the protected value.
    RwLock {
        /// The lock.
        lock: Rc<ARwLock<()>>,
        /// The value.
        data: Rc<RefCell<Value>>,
    },
    /// A `MutexGuard` (or an `RwLock`'s read or write guard). The lock is held by a parked
    /// future; dropping it releases the lock.
    Guard {
        /// Holds the executor's guard while alive.
        _holder: RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>>,
        /// The protected value.
        data: Rc<RefCell<Value>>,
    },
    /// `time::error::Elapsed`.
    Elapsed,
    /// `mpsc::error::SendError`, holding the value that was not sent.
    SendError {
        /// The value.
        _value: Value,
    },
    /// `mpsc::error::TrySendError`.
    TrySendError {
        /// `Full` or `Closed`.
        full: bool,
        /// The value.
        _value: Value,
    },
    /// A `TryRecvError` of mpsc or oneshot.
    TryRecvError {
        /// `Disconnected`/`Closed` rather than `Empty`.
        closed: bool,
        /// Of a oneshot channel.
        oneshot: bool,
    },
    /// `oneshot::error::RecvError`.
    RecvError,
    /// `TryLockError`.
    TryLockError,
    /// `std::sync::Mutex`: a lock flag and the value.
    StdMutex {
        /// Whether a guard is alive.
        locked: Rc<Cell<bool>>,
        /// The value.
        data: Rc<RefCell<Value>>,
    },
    /// A `std::sync::MutexGuard`.
    StdGuard(StdGuard),
    /// `std::sync::TryLockError::WouldBlock`.
    StdWouldBlock,
    /// `tokio::time::Interval`: the next tick's deadline (virtual ns) and the period.
    Interval {
        /// The next deadline.
        next: Cell<u64>,
        /// The period, ns.
        period: u64,
    },
    /// An atomic integer (`ty` is `Some`) or `AtomicBool`.
    Atomic {
        /// The value.
        value: RefCell<Value>,
        /// The integer type, `None` for `AtomicBool`.
        ty: Option<IntTy>,
    },
}

/// Holds a `std::sync::Mutex` until dropped.
pub(crate) struct StdGuard {
    locked: Rc<Cell<bool>>,
    data: Rc<RefCell<Value>>,
}

impl Drop for StdGuard {
    fn drop(&mut self) {
        self.locked.set(false);
    }
}

impl Native {
    /// The type's name, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Native::JoinHandle { .. } => "JoinHandle",
            Native::JoinSet(_) => "JoinSet",
            Native::Semaphore(_) => "Semaphore",
            Native::Notify(_) => "Notify",
            Native::Permit(_) => "SemaphorePermit",
            Native::AcquireError { tried: false, .. } => "AcquireError",
            Native::AcquireError { tried: true, .. } => "TryAcquireError",
            Native::JoinError(_) | Native::BlockingPanic { .. } => "JoinError",
            Native::MpscSender(_) => "mpsc::Sender",
            Native::MpscReceiver(_) => "mpsc::Receiver",
            Native::UnboundedSender(_) => "mpsc::UnboundedSender",
            Native::UnboundedReceiver(_) => "mpsc::UnboundedReceiver",
            Native::OneshotSender(_) => "oneshot::Sender",
            Native::OneshotReceiver { .. } => "oneshot::Receiver",
            Native::Mutex { .. } => "Mutex",
            Native::RwLock { .. } => "RwLock",
            Native::Guard { .. } => "MutexGuard",
            Native::Elapsed => "Elapsed",
            Native::SendError { .. } => "SendError",
            Native::TrySendError { .. } => "TrySendError",
            Native::TryRecvError { .. } => "TryRecvError",
            Native::RecvError => "RecvError",
            Native::TryLockError => "TryLockError",
            Native::StdMutex { .. } => "std::sync::Mutex",
            Native::StdGuard(_) => "std::sync::MutexGuard",
            Native::StdWouldBlock => "TryLockError",
            Native::Interval { .. } => "Interval",
            Native::Atomic { ty: Some(_), .. } => "atomic integer",
            Native::Atomic { ty: None, .. } => "AtomicBool",
        }
    }

    /// `Display`, if the type implements it.
    pub(crate) fn display(&self) -> Option<String> {
        Some(match self {
            Native::JoinError(e) => e.to_string(),
            Native::BlockingPanic { task, message } => {
                format!("task {task} panicked with message {message:?}")
            }
            Native::Elapsed => "deadline has elapsed".into(),
            Native::SendError { .. } | Native::RecvError => "channel closed".into(),
            Native::TrySendError { full: true, .. } => "no available capacity".into(),
            Native::TrySendError { full: false, .. } => "channel closed".into(),
            Native::TryRecvError {
                closed,
                oneshot: true,
            } => if *closed {
                "channel closed"
            } else {
                "channel empty"
            }
            .into(),
            Native::TryRecvError {
                closed,
                oneshot: false,
            } => if *closed {
                "receiving on a closed channel"
            } else {
                "receiving on an empty channel"
            }
            .into(),
            Native::TryLockError => "operation would block".into(),
            Native::AcquireError { closed: true, .. } => "semaphore closed".into(),
            Native::AcquireError { closed: false, .. } => "no permits available".into(),
            Native::StdWouldBlock => "try_lock failed because the operation would block".into(),
            _ => return None,
        })
    }

    /// `Debug`, if the type implements it.
    pub(crate) fn debug(&self) -> Option<String> {
        Some(match self {
            Native::JoinHandle { handle, .. } => match handle.try_borrow() {
                Ok(h) => format!("{:?}", &*h),
                Err(_) => "JoinHandle { .. }".into(),
            },
            Native::JoinSet(set) => match set.try_borrow() {
                Ok(s) => format!("{:?}", &*s),
                Err(_) => "JoinSet { .. }".into(),
            },
            Native::JoinError(e) => format!("{e:?}"),
            Native::BlockingPanic { task, message } => {
                format!("JoinError::Panic(Id({task}), {message:?}, ...)")
            }
            Native::MpscSender(s) => format!("{s:?}"),
            Native::MpscReceiver(_) => "Receiver { .. }".into(),
            Native::UnboundedSender(s) => format!("{s:?}"),
            Native::UnboundedReceiver(_) => "UnboundedReceiver { .. }".into(),
            Native::OneshotSender(_) => "Sender { .. }".into(),
            Native::OneshotReceiver { .. } => "Receiver { .. }".into(),
            Native::Mutex { data, .. } => {
                let inner = match data.try_borrow() {
                    Ok(d) => format::debug_string(&d).unwrap_or_else(|_| "..".into()),
                    Err(_) => "<locked>".into(),
                };
                format!("Mutex {{ data: {inner} }}")
            }
            Native::RwLock { data, .. } => {
                let inner = match data.try_borrow() {
                    Ok(d) => format::debug_string(&d).unwrap_or_else(|_| "..".into()),
                    Err(_) => "<locked>".into(),
                };
                format!("RwLock {{ data: {inner} }}")
            }
            Native::Guard { .. } | Native::StdGuard(_) => return None,
            Native::StdMutex { data, locked } => {
                let inner = if locked.get() {
                    "<locked>".to_string()
                } else {
                    format::debug_string(&data.borrow()).unwrap_or_else(|_| "..".into())
                };
                format!("Mutex {{ data: {inner}, poisoned: false, .. }}")
            }
            Native::StdWouldBlock => "WouldBlock".into(),
            Native::Interval { period, .. } => {
                format!(
                    "Interval {{ period: {:?}, .. }}",
                    Duration::from_nanos(*period)
                )
            }
            Native::Atomic { value, .. } => {
                format::debug_string(&value.borrow()).unwrap_or_default()
            }
            Native::Elapsed => "Elapsed(())".into(),
            Native::SendError { .. } => "SendError { .. }".into(),
            Native::TrySendError { full, .. } => {
                if *full { "Full(..)" } else { "Closed(..)" }.into()
            }
            Native::TryRecvError { closed, oneshot } => match (closed, oneshot) {
                (false, _) => "Empty".into(),
                (true, false) => "Disconnected".into(),
                (true, true) => "Closed".into(),
            },
            Native::RecvError => "RecvError(())".into(),
            Native::TryLockError => "TryLockError(())".into(),
            Native::Semaphore(s) => format!("{:?}", &**s),
            Native::Notify(n) => format!("{:?}", &**n),
            Native::Permit(_) => "SemaphorePermit { permits: 1 }".into(),
            Native::AcquireError { tried: false, .. } => "AcquireError(())".into(),
            Native::AcquireError { closed: true, .. } => "Closed".into(),
            Native::AcquireError { closed: false, .. } => "NoPermits".into(),
        })
    }
}

/// Equality of runtime objects that implement `PartialEq`.
pub(crate) fn native_eq(a: &Native, b: &Native) -> Option<bool> {
    Some(match (a, b) {
        (Native::Elapsed, Native::Elapsed) | (Native::RecvError, Native::RecvError) => true,
        (Native::TryLockError, Native::TryLockError) => true,
        (
            Native::AcquireError {
                tried: a,
                closed: x,
            },
            Native::AcquireError {
                tried: b,
                closed: y,
            },
        ) => a == b && x == y,
        (Native::TryRecvError { closed: x, .. }, Native::TryRecvError { closed: y, .. }) => x == y,
        (Native::JoinError(x), Native::JoinError(y)) => x == y,
        _ => return None,
    })
}

/// The protected value of a guard.
pub(crate) fn guard_data(n: &Native) -> Option<Rc<RefCell<Value>>> {
    match n {
        Native::Guard { data, .. } => Some(data.clone()),
        Native::StdGuard(g) => Some(g.data.clone()),
        _ => None,
    }
}

/// Prints program output.
pub(crate) fn print(text: String, target: PrintTarget) {
    let stream = match target {
        PrintTarget::Stdout => Stream::Stdout,
        PrintTarget::Stderr => Stream::Stderr,
    };
    instrument::print(text, stream);
}

/// Marks a future as pinned (`pin!`, `Box::pin`), so it may be polled through `&mut`.
pub(crate) fn mark_pinned(v: &Value) {
    match v {
        Value::Future(cell) => cell.pinned.set(true),
        Value::Ref(p) => {
            if let Ok(Value::Future(cell)) = read_place(p) {
                cell.pinned.set(true);
            }
        }
        _ => {}
    }
}

/// `Clone::clone` with Rust's semantics: senders are cloned as senders (one more sender),
/// `Arc`s share, structs need `#[derive(Clone)]`, futures and receivers cannot be cloned.
pub(crate) fn user_clone(interp: &Interp, v: &Value, span: Span) -> R<Value> {
    Ok(match v {
        Value::Native(n) => match &**n {
            Native::MpscSender(s) => Value::Native(Rc::new(Native::MpscSender(s.clone()))),
            Native::UnboundedSender(s) => {
                Value::Native(Rc::new(Native::UnboundedSender(s.clone())))
            }
            Native::JoinError(e) => Value::Native(Rc::new(Native::JoinError(e.clone()))),
            Native::Elapsed
            | Native::RecvError
            | Native::TryLockError
            | Native::AcquireError { .. } => v.clone(),
            Native::Guard { data, .. } => user_clone(interp, &data.borrow(), span)?,
            other => {
                return interp.error(
                    span,
                    format!(
                    "the method `clone` exists for `{}`, but its trait bounds were not satisfied",
                    other.type_name()
                ),
                )
            }
        },
        Value::Future(_) => return interp.error(span, "futures cannot be cloned"),
        Value::Iter(_) => {
            return interp.error(
                span,
                "cloning iterators is not supported by the interpreter",
            )
        }
        Value::Struct(s) => {
            if !s.def.derives.clone {
                return interp.error(
                    span,
                    format!(
                        "no method named `clone` found for struct `{}` (add `#[derive(Clone)]`)",
                        s.def.name
                    ),
                );
            }
            if s.fields.iter().all(is_plain) && s.token.is_none() {
                v.clone()
            } else {
                let mut fields = Vec::with_capacity(s.fields.len());
                for x in &s.fields {
                    fields.push(user_clone(interp, x, span)?);
                }
                Value::Struct(Rc::new(StructVal::new(s.def.clone(), fields)))
            }
        }
        Value::Vec(items) | Value::Array(items) | Value::Tuple(items) => {
            if items.iter().all(is_plain) {
                v.clone()
            } else {
                let mut out = Vec::with_capacity(items.len());
                for x in items.iter() {
                    out.push(user_clone(interp, x, span)?);
                }
                match v {
                    Value::Vec(_) => Value::Vec(Rc::new(out)),
                    Value::Array(_) => Value::Array(Rc::new(out)),
                    _ => Value::Tuple(Rc::new(out)),
                }
            }
        }
        Value::Opt(Some(x)) if !is_plain(x) => Value::some(user_clone(interp, x, span)?),
        Value::Res(Ok(x)) if !is_plain(x) => Value::ok(user_clone(interp, x, span)?),
        Value::Res(Err(x)) if !is_plain(x) => Value::err(user_clone(interp, x, span)?),
        other => other.clone(),
    })
}

/// Whether cloning the value is a plain copy of its `Rc` (no senders or structs inside).
fn is_plain(v: &Value) -> bool {
    match v {
        Value::Native(_) | Value::Future(_) | Value::Iter(_) => false,
        Value::Struct(s) => s.fields.iter().all(is_plain),
        Value::Vec(items) | Value::Array(items) | Value::Tuple(items) => {
            items.first().is_none_or(is_plain)
        }
        Value::Opt(Some(x)) | Value::Res(Ok(x) | Err(x)) => is_plain(x),
        _ => true,
    }
}

fn int_arg(interp: &Interp, v: &Value, span: Span) -> R<i128> {
    match interp.deref_all(v.clone(), span)? {
        Value::Int(bits, ty) => Ok(int_value(bits, ty)),
        other => interp.error(
            span,
            format!("expected an integer, found `{}`", other.type_name()),
        ),
    }
}

fn u64_arg(interp: &Interp, v: &Value, span: Span) -> R<u64> {
    let n = int_arg(interp, v, span)?;
    u64::try_from(n).or_else(|_| interp.error(span, format!("expected a `u64`, found {n}")))
}

fn duration_arg(interp: &Interp, v: &Value, span: Span) -> R<u64> {
    match interp.deref_all(v.clone(), span)? {
        Value::Duration(d) => Ok(d),
        other => interp.error(
            span,
            format!("expected a `Duration`, found `{}`", other.type_name()),
        ),
    }
}

fn one<const N: usize>(interp: &Interp, args: Vec<Value>, name: &str, span: Span) -> R<[Value; N]> {
    let n = args.len();
    args.try_into().or_else(|_| {
        interp.error(
            span,
            format!(
                "`{name}` takes {N} argument{} but {n} were supplied",
                if N == 1 { "" } else { "s" }
            ),
        )
    })
}

fn nanos(interp: &Interp, n: u64, per: u64, span: Span) -> R<Value> {
    match n.checked_mul(per) {
        Some(ns) => Ok(Value::Duration(ns)),
        None => interp.error(
            span,
            "durations longer than 584 years are not supported by the interpreter",
        ),
    }
}

fn native(n: Native) -> Value {
    Value::Native(Rc::new(n))
}

fn future(fut: impl Future<Output = R<Value>> + 'static, name: &'static str, unpin: bool) -> Value {
    Value::Future(FutureCell::new(Box::pin(fut), FutName::Static(name), unpin))
}

impl Interp {
    /// A trace location for a span.
    pub(crate) fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file.to_string(),
            line: span.line,
            col: span.col,
        }
    }
}

/// Calls a builtin function by path. Timers, channels, locks and tasks it creates are located
/// at the call in the program's source.
#[inline(never)]
pub(crate) fn call_builtin(
    interp: &Interp,
    b: Builtin,
    args: Vec<Value>,
    e: &Expr,
    f: &Rc<Frame>,
) -> R<Value> {
    instrument::with_caller_loc(interp.loc(e.span), || {
        call_builtin_at(interp, b, args, e, f)
    })
}

fn call_builtin_at(
    interp: &Interp,
    b: Builtin,
    args: Vec<Value>,
    e: &Expr,
    _f: &Rc<Frame>,
) -> R<Value> {
    let span = e.span;
    match b {
        Builtin::Spawn => {
            interp.count_task()?;
            let [fut] = one(interp, args, "tokio::spawn", span)?;
            let name = future_name(&fut);
            let fut = into_future(interp, fut, span)?;
            let task_fut = task_body(interp.rc(), fut);
            let handle = instrument::spawn_named(&name, Some(interp.loc(span)), task_fut);
            Ok(native(Native::JoinHandle {
                handle: RefCell::new(handle),
                done: Cell::new(false),
            }))
        }
        Builtin::SpawnBlocking => {
            interp.count_task()?;
            let [closure] = one(interp, args, "spawn_blocking", span)?;
            let me = interp.rc();
            let handle = asyncviz_executor::spawn_blocking(move || {
                let r = me.call_value(closure, Vec::new(), span);
                if let Err(flow) = &r {
                    me.end_of_task(flow);
                }
                r
            });
            Ok(native(Native::JoinHandle {
                handle: RefCell::new(handle),
                done: Cell::new(false),
            }))
        }
        _ => call_builtin_value(interp, b, args, span),
    }
}

/// Calls a builtin function that needs no expression context.
pub(crate) fn call_builtin_value(
    interp: &Interp,
    b: Builtin,
    args: Vec<Value>,
    span: Span,
) -> R<Value> {
    match b {
        Builtin::Spawn | Builtin::SpawnBlocking => {
            let e = Expr {
                kind: ExprKind::Error,
                span,
                has_await: false,
            };
            let f = Frame::new(0, None);
            call_builtin(interp, b, args, &e, &f)
        }
        Builtin::YieldNow => {
            one::<0>(interp, args, "yield_now", span)?;
            let y = asyncviz_executor::yield_now();
            Ok(Value::Future(FutureCell::of(
                FutKind::Yield(y),
                FutName::Static("yield_now"),
                false,
            )))
        }
        Builtin::Sleep => {
            let [d] = one(interp, args, "sleep", span)?;
            let d = duration_arg(interp, &d, span)?;
            let s = asyncviz_executor::time::sleep(Duration::from_nanos(d));
            Ok(Value::Future(FutureCell::of(
                FutKind::Sleep(s),
                FutName::Static("sleep"),
                false,
            )))
        }
        Builtin::SleepUntil => {
            let [t] = one(interp, args, "sleep_until", span)?;
            let deadline = instant_arg(interp, &t, span)?;
            let s = asyncviz_executor::time::sleep_until(deadline);
            Ok(Value::Future(FutureCell::of(
                FutKind::Sleep(s),
                FutName::Static("sleep_until"),
                false,
            )))
        }
        Builtin::Timeout => {
            let [d, fut] = one(interp, args, "timeout", span)?;
            let d = duration_arg(interp, &d, span)?;
            let inner = into_future(interp, fut, span)?;
            let t = asyncviz_executor::time::timeout(Duration::from_nanos(d), inner);
            Ok(future(
                async move {
                    match t.await {
                        Ok(Ok(v)) => Ok(Value::ok(v)),
                        Ok(Err(flow)) => Err(flow),
                        Err(_) => Ok(Value::err(native(Native::Elapsed))),
                    }
                },
                "timeout",
                false,
            ))
        }
        Builtin::Interval => {
            let [d] = one(interp, args, "interval", span)?;
            let period = duration_arg(interp, &d, span)?;
            if period == 0 {
                return interp.panic(span, "`period` must be non-zero.");
            }
            let now = instrument::now().as_nanos() as u64;
            Ok(native(Native::Interval {
                next: Cell::new(now),
                period,
            }))
        }
        Builtin::InstantNow => {
            one::<0>(interp, args, "Instant::now", span)?;
            Ok(Value::Instant(instrument::now().as_nanos() as u64))
        }
        Builtin::DurationFromSecs => {
            let [n] = one(interp, args, "Duration::from_secs", span)?;
            let n = u64_arg(interp, &n, span)?;
            nanos(interp, n, 1_000_000_000, span)
        }
        Builtin::DurationFromMillis => {
            let [n] = one(interp, args, "Duration::from_millis", span)?;
            let n = u64_arg(interp, &n, span)?;
            nanos(interp, n, 1_000_000, span)
        }
        Builtin::DurationFromMicros => {
            let [n] = one(interp, args, "Duration::from_micros", span)?;
            let n = u64_arg(interp, &n, span)?;
            nanos(interp, n, 1_000, span)
        }
        Builtin::DurationFromNanos => {
            let [n] = one(interp, args, "Duration::from_nanos", span)?;
            Ok(Value::Duration(u64_arg(interp, &n, span)?))
        }
        Builtin::DurationFromSecsF64 => {
            let [x] = one(interp, args, "Duration::from_secs_f64", span)?;
            match interp.deref_all(x, span)? {
                Value::Float(x) if x >= 0.0 && x.is_finite() && x < 1.8e10 => {
                    Ok(Value::Duration((x * 1e9).round() as u64))
                }
                Value::Float(_) => interp.panic(
                    span,
                    "cannot convert float seconds to Duration: value is either too big or NaN",
                ),
                other => interp.error(
                    span,
                    format!("expected an `f64`, found `{}`", other.type_name()),
                ),
            }
        }
        Builtin::DurationNew => {
            let [s, n] = one(interp, args, "Duration::new", span)?;
            let s = u64_arg(interp, &s, span)?;
            let n = u64_arg(interp, &n, span)?;
            match s.checked_mul(1_000_000_000).and_then(|x| x.checked_add(n)) {
                Some(ns) => Ok(Value::Duration(ns)),
                None => interp.error(
                    span,
                    "durations longer than 584 years are not supported by the interpreter",
                ),
            }
        }
        Builtin::OneshotChannel => {
            one::<0>(interp, args, "oneshot::channel", span)?;
            let (tx, rx) = oneshot::channel::<Value>();
            Ok(Value::Tuple(Rc::new(vec![
                native(Native::OneshotSender(RefCell::new(Some(tx)))),
                native(Native::OneshotReceiver {
                    rx: RefCell::new(rx),
                    done: Cell::new(false),
                }),
            ])))
        }
        Builtin::MpscChannel => {
            let [n] = one(interp, args, "mpsc::channel", span)?;
            let n = int_arg(interp, &n, span)?;
            if n <= 0 {
                return interp.panic(span, "mpsc bounded channel requires buffer > 0");
            }
            let (tx, rx) = mpsc::channel::<Value>(n as usize);
            Ok(Value::Tuple(Rc::new(vec![
                native(Native::MpscSender(tx)),
                native(Native::MpscReceiver(RefCell::new(rx))),
            ])))
        }
        Builtin::MpscUnboundedChannel => {
            one::<0>(interp, args, "mpsc::unbounded_channel", span)?;
            let (tx, rx) = mpsc::unbounded_channel::<Value>();
            Ok(Value::Tuple(Rc::new(vec![
                native(Native::UnboundedSender(tx)),
                native(Native::UnboundedReceiver(RefCell::new(rx))),
            ])))
        }
        Builtin::SemaphoreNew => {
            let [n] = one(interp, args, "Semaphore::new", span)?;
            let n = interp.coerce(n, &Ty::Int(IntTy::Usize), span)?;
            let Value::Int(n, _) = n else {
                return interp.error(span, "`Semaphore::new` takes a number of permits");
            };
            let n = permits_arg(
                interp,
                n,
                "a semaphore may not have more than MAX_PERMITS permits",
                span,
            )?;
            // `acquire_owned` takes `Arc<Self>`, as tokio's does; the executor's semaphore is
            // single-threaded, like everything the interpreter runs.
            #[allow(clippy::arc_with_non_send_sync)]
            let sem = std::sync::Arc::new(Semaphore::new(n));
            Ok(native(Native::Semaphore(sem)))
        }
        Builtin::RwLockNew => {
            let [v] = one(interp, args, "RwLock::new", span)?;
            Ok(native(Native::RwLock {
                lock: Rc::new(ARwLock::new(())),
                data: Rc::new(RefCell::new(v)),
            }))
        }
        Builtin::NotifyNew => {
            one::<0>(interp, args, "Notify::new", span)?;
            // Its `Notified` futures own an `Arc` of it (`notified_owned`); the executor is
            // single-threaded, like everything the interpreter runs.
            #[allow(clippy::arc_with_non_send_sync)]
            let notify = std::sync::Arc::new(Notify::new());
            Ok(native(Native::Notify(notify)))
        }
        Builtin::JoinSetNew => {
            one::<0>(interp, args, "JoinSet::new", span)?;
            Ok(native(Native::JoinSet(RefCell::new(JoinSet::new()))))
        }
        Builtin::MutexNew => {
            let [v] = one(interp, args, "Mutex::new", span)?;
            Ok(native(Native::Mutex {
                lock: Rc::new(AMutex::new(())),
                data: Rc::new(RefCell::new(v)),
            }))
        }
        Builtin::StdMutexNew => {
            let [v] = one(interp, args, "Mutex::new", span)?;
            Ok(native(Native::StdMutex {
                locked: Rc::new(Cell::new(false)),
                data: Rc::new(RefCell::new(v)),
            }))
        }
        Builtin::AtomicNew(ty) => {
            let [v] = one(interp, args, "Atomic::new", span)?;
            let v = interp.coerce(v, &Ty::Int(ty), span)?;
            Ok(native(Native::Atomic {
                value: RefCell::new(v),
                ty: Some(ty),
            }))
        }
        Builtin::AtomicBoolNew => {
            let [v] = one(interp, args, "AtomicBool::new", span)?;
            Ok(native(Native::Atomic {
                value: RefCell::new(v),
                ty: None,
            }))
        }
        Builtin::ArcNew => {
            let [v] = one(interp, args, "Arc::new", span)?;
            Ok(Value::Arc(Rc::new(v)))
        }
        Builtin::ArcClone => {
            let [v] = one(interp, args, "Arc::clone", span)?;
            match interp.deref_refs(v, span)? {
                Value::Arc(rc) => Ok(Value::Arc(rc)),
                other => interp.error(
                    span,
                    format!(
                        "`Arc::clone` expects `&Arc<T>`, found `{}`",
                        other.type_name()
                    ),
                ),
            }
        }
        Builtin::ArcStrongCount => {
            let [v] = one(interp, args, "Arc::strong_count", span)?;
            let n = match &v {
                Value::Ref(p) => with_arc_count(p),
                Value::Arc(rc) => Some(Rc::strong_count(rc) - 1),
                _ => None,
            };
            match n {
                Some(n) => Ok(Value::usize(n)),
                None => interp.error(span, "`Arc::strong_count` expects `&Arc<T>`"),
            }
        }
        Builtin::ArcPtrEq => {
            let [a, b] = one(interp, args, "Arc::ptr_eq", span)?;
            match (interp.deref_refs(a, span)?, interp.deref_refs(b, span)?) {
                (Value::Arc(x), Value::Arc(y)) => Ok(Value::Bool(Rc::ptr_eq(&x, &y))),
                _ => interp.error(span, "`Arc::ptr_eq` expects two `&Arc<T>`"),
            }
        }
        Builtin::BoxNew => {
            let [v] = one(interp, args, "Box::new", span)?;
            Ok(v)
        }
        Builtin::BoxPin => {
            let [v] = one(interp, args, "Box::pin", span)?;
            mark_pinned(&v);
            Ok(v)
        }
        Builtin::ThreadSleep => {
            let [d] = one(interp, args, "std::thread::sleep", span)?;
            let d = Duration::from_nanos(duration_arg(interp, &d, span)?);
            instrument::block(d, &format!("std::thread::sleep({d:?})"));
            interp.check_time()?;
            Ok(Value::Unit)
        }
        Builtin::Drop => {
            let [v] = one(interp, args, "drop", span)?;
            drop(v);
            Ok(Value::Unit)
        }
        Builtin::StringNew => {
            one::<0>(interp, args, "String::new", span)?;
            Ok(Value::string(String::new()))
        }
        Builtin::StringWithCapacity => {
            let [_] = one(interp, args, "String::with_capacity", span)?;
            Ok(Value::string(String::new()))
        }
        Builtin::StringFrom => {
            let [v] = one(interp, args, "String::from", span)?;
            let v = interp.deref_all(v, span)?;
            match v {
                Value::Str(s) => Ok(Value::string(s.to_string())),
                Value::String(s) => Ok(Value::String(s)),
                Value::Char(c) => Ok(Value::string(c.to_string())),
                other => interp.error(
                    span,
                    format!("`String::from` does not accept `{}`", other.type_name()),
                ),
            }
        }
        Builtin::VecNew => {
            one::<0>(interp, args, "Vec::new", span)?;
            Ok(Value::Vec(Rc::new(Vec::new())))
        }
        Builtin::VecWithCapacity => {
            let [_] = one(interp, args, "Vec::with_capacity", span)?;
            Ok(Value::Vec(Rc::new(Vec::new())))
        }
        Builtin::VecFrom => {
            let [v] = one(interp, args, "Vec::from", span)?;
            match interp.deref_all(v, span)? {
                Value::Array(items) | Value::Vec(items) => Ok(Value::Vec(items)),
                other => interp.error(
                    span,
                    format!("`Vec::from` does not accept `{}`", other.type_name()),
                ),
            }
        }
        Builtin::Some => {
            let [v] = one(interp, args, "Some", span)?;
            Ok(Value::some(v))
        }
        Builtin::Ok => {
            let [v] = one(interp, args, "Ok", span)?;
            Ok(Value::ok(v))
        }
        Builtin::Err => {
            let [v] = one(interp, args, "Err", span)?;
            Ok(Value::err(v))
        }
        Builtin::MemSwap => {
            let [a, b] = one(interp, args, "std::mem::swap", span)?;
            let (Value::Ref(pa), Value::Ref(pb)) = (a, b) else {
                return interp.error(span, "`std::mem::swap` expects two `&mut` references");
            };
            let va = interp.read_ref(&pa, span)?;
            let vb = interp.read_ref(&pb, span)?;
            interp.write_ref(&pa, vb, span)?;
            interp.write_ref(&pb, va, span)?;
            Ok(Value::Unit)
        }
        Builtin::MemReplace => {
            let [a, v] = one(interp, args, "std::mem::replace", span)?;
            let Value::Ref(pa) = a else {
                return interp.error(span, "`std::mem::replace` expects a `&mut` reference");
            };
            let old = interp.read_ref(&pa, span)?;
            interp.write_ref(&pa, v, span)?;
            Ok(old)
        }
        Builtin::MemTake => {
            let [a] = one(interp, args, "std::mem::take", span)?;
            let Value::Ref(pa) = a else {
                return interp.error(span, "`std::mem::take` expects a `&mut` reference");
            };
            let old = interp.read_ref(&pa, span)?;
            let Some(d) = default_like(&old) else {
                return interp.error(
                    span,
                    format!(
                        "`{}` has no default value in the interpreter",
                        old.type_name()
                    ),
                );
            };
            interp.write_ref(&pa, d, span)?;
            Ok(old)
        }
        Builtin::CmpMax | Builtin::CmpMin => {
            let which = b;
            let [a, b] = one(interp, args, "max", span)?;
            let o = crate::ops::compare(interp, &a, &b, span)?;
            let pick_b = if which == Builtin::CmpMax {
                o != std::cmp::Ordering::Greater
            } else {
                o == std::cmp::Ordering::Greater
            };
            Ok(if pick_b {
                b_val(a, b, true)
            } else {
                b_val(a, b, false)
            })
        }
        Builtin::ProcessExit => {
            let [code] = one(interp, args, "std::process::exit", span)?;
            int_arg(interp, &code, span)?;
            Err(Flow::Exit)
        }
        Builtin::DefaultOf(id) => {
            one::<0>(interp, args, "default", span)?;
            default_struct(interp, id, span)
        }
        Builtin::Default => interp.error(
            span,
            "`Default::default()` needs a type the interpreter can see; write the value out",
        ),
    }
}

fn b_val(a: Value, b: Value, second: bool) -> Value {
    if second {
        b
    } else {
        a
    }
}

fn with_arc_count(p: &Place) -> Option<usize> {
    with_place_count(p)
}

fn with_place_count(p: &Place) -> Option<usize> {
    crate::eval::with_place(p, |v| match v {
        Value::Arc(rc) => Some(Rc::strong_count(rc)),
        _ => None,
    })
    .ok()
    .flatten()
}

fn instant_arg(interp: &Interp, v: &Value, span: Span) -> R<asyncviz_executor::time::Instant> {
    let t = match interp.deref_all(v.clone(), span)? {
        Value::Instant(t) => t,
        other => {
            return interp.error(
                span,
                format!("expected an `Instant`, found `{}`", other.type_name()),
            )
        }
    };
    let now = asyncviz_executor::time::Instant::now();
    let now_ns = now.as_nanos_since_start();
    let r = if t >= now_ns {
        now.checked_add(Duration::from_nanos(t - now_ns))
    } else {
        now.checked_sub(Duration::from_nanos(now_ns - t))
    };
    match r {
        Some(i) => Ok(i),
        None => interp.error(span, "this instant is out of range"),
    }
}

/// `#[derive(Default)]`: every field's default, by its declared type.
fn default_struct(interp: &Interp, id: StructId, span: Span) -> R<Value> {
    let def = interp.prog.structs[id as usize].clone();
    let mut fields = Vec::with_capacity(def.fields.len());
    for (name, ty) in def.fields.iter().zip(&def.field_tys) {
        let v = match ty {
            Ty::Int(t) => Value::Int(0, *t),
            Ty::Float => Value::Float(0.0),
            Ty::Bool => Value::Bool(false),
            Ty::String => Value::string(String::new()),
            Ty::Vec(_) => Value::Vec(Rc::new(Vec::new())),
            Ty::Option(_) => Value::Opt(None),
            _ => {
                return interp.error(span, format!("the interpreter cannot make a default value for the field `{name}` of `{}`", def.name));
            }
        };
        fields.push(v);
    }
    Ok(Value::Struct(Rc::new(StructVal::new(def, fields))))
}

/// A value's type default, for `std::mem::take`.
fn default_like(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Int(_, t) => Value::Int(0, *t),
        Value::Float(_) => Value::Float(0.0),
        Value::Bool(_) => Value::Bool(false),
        Value::String(_) | Value::Str(_) => Value::string(String::new()),
        Value::Vec(_) => Value::Vec(Rc::new(Vec::new())),
        Value::Opt(_) => Value::Opt(None),
        Value::Unit => Value::Unit,
        Value::Duration(_) => Value::Duration(0),
        _ => return None,
    })
}

/// The display name of a future, for task names: the async fn's name, or `async block in f`.
fn future_name(v: &Value) -> String {
    match v {
        Value::Future(cell) => cell.name.to_string(),
        _ => "task".into(),
    }
}

impl Interp {
    fn read_ref(&self, p: &Place, span: Span) -> R<Value> {
        read_place(p).or_else(|m| self.error(span, m))
    }

    fn write_ref(&self, p: &Place, v: Value, span: Span) -> R<()> {
        let old = crate::eval::with_place_mut(p, |slot| std::mem::replace(slot, v))
            .or_else(|m| self.error(span, m))?;
        drop(old);
        Ok(())
    }

    /// Follows references only (not `Arc`s or guards).
    pub(crate) fn deref_refs(&self, v: Value, span: Span) -> R<Value> {
        let mut v = v;
        while let Value::Ref(p) = v {
            v = self.read_ref(&p, span)?;
        }
        Ok(v)
    }

    /// Ends a task that failed: panics mark the task, budgets and errors end the run.
    pub(crate) fn end_of_task(&self, flow: &Flow) {
        match flow {
            Flow::Panic(msg) => instrument::task_panicked(msg),
            Flow::Budget(name, limit) => {
                instrument::abort_run(Outcome::BudgetExceeded {
                    budget: (*name).to_string(),
                    limit: *limit,
                });
            }
            Flow::Error(d) => {
                let already = self.errors.borrow().iter().any(|x| x == &**d);
                if !already {
                    self.errors.borrow_mut().push((**d).clone());
                    instrument::print(
                        format!(
                            "error: {}\n --> {}:{}:{}\n",
                            d.message, self.file, d.line, d.col
                        ),
                        Stream::Stderr,
                    );
                }
                let task = instrument::current_task().unwrap_or(asyncviz_trace::TaskId(0));
                instrument::abort_run(Outcome::Panicked {
                    task,
                    message: format!("interpreter: {}", d.message),
                });
            }
            Flow::Exit => {
                let t = instrument::now().as_nanos() as u64;
                instrument::abort_run(Outcome::Finished { t });
            }
            Flow::Break(..) | Flow::Continue(..) | Flow::Return(_) => {}
        }
    }
}

/// The body of a spawned task: run the future, then report how it ended.
async fn task_body(interp: Rc<Interp>, fut: BoxFuture) -> R<Value> {
    let mut r = fut.await;
    // A panic in a destructor that ran as the task's frame was dropped.
    if let (Ok(_), Some(flow)) = (&r, interp.take_pending()) {
        r = Err(flow);
    }
    if let Err(flow) = &r {
        interp.end_of_task(flow);
    }
    r
}

/// Something that can be awaited in place.
#[derive(Clone)]
enum Pollable {
    Cell(Rc<FutureCell>),
    Native(Rc<Native>),
}

fn pollable(interp: &Interp, v: Value, span: Span) -> R<Pollable> {
    match v {
        Value::Future(cell) => Ok(Pollable::Cell(cell)),
        Value::Native(n)
            if matches!(
                &*n,
                Native::JoinHandle { .. } | Native::OneshotReceiver { .. }
            ) =>
        {
            Ok(Pollable::Native(n))
        }
        Value::Ref(p) => {
            let target = interp.read_ref(&p, span)?;
            if let Value::Future(cell) = &target {
                if !cell.pinned.get() && !cell.unpin {
                    return interp.error(
                        span,
                        format!("`{}` cannot be unpinned: pin it first with `tokio::pin!` or `std::pin::pin!` (polling a future through `&mut` requires `Unpin`)", cell.name),
                    );
                }
            }
            pollable(interp, target, span)
        }
        other => interp.error(span, format!("`{}` is not a future", other.type_name())),
    }
}

fn poll_pollable(
    interp: &Interp,
    p: &Pollable,
    cx: &mut Context<'_>,
    span: Span,
) -> Poll<R<Value>> {
    if !interp.enter_poll() {
        return Poll::Ready(interp.error(
            span,
            format!("awaits nested too deeply: more than {} nested `.await`s would overflow the interpreter's stack", interp.limits.depth / 3),
        ));
    }
    let r = poll_inner(interp, p, cx, span);
    interp.leave_poll();
    r
}

fn poll_inner(interp: &Interp, p: &Pollable, cx: &mut Context<'_>, span: Span) -> Poll<R<Value>> {
    match p {
        Pollable::Cell(cell) => {
            let mut slot = match cell.fut.try_borrow_mut() {
                Ok(s) => s,
                Err(_) => {
                    return Poll::Ready(interp.error(span, "this future is already being polled"))
                }
            };
            match slot.as_mut() {
                None => {
                    let what = if cell.name.to_string().starts_with("async block") {
                        "`async block`"
                    } else {
                        "`async fn`"
                    };
                    Poll::Ready(interp.panic(span, format!("{what} resumed after completion")))
                }
                Some(fut) => match fut.poll(cx) {
                    Poll::Ready(r) => {
                        *slot = None;
                        cell.done.set(true);
                        Poll::Ready(r)
                    }
                    Poll::Pending => Poll::Pending,
                },
            }
        }
        Pollable::Native(n) => match &**n {
            Native::JoinHandle { handle, done } => {
                if done.get() {
                    return Poll::Ready(interp.panic(span, "`JoinHandle` polled after completion"));
                }
                let Ok(mut h) = handle.try_borrow_mut() else {
                    return Poll::Ready(
                        interp.error(span, "this JoinHandle is already being polled"),
                    );
                };
                match Pin::new(&mut *h).poll(cx) {
                    Poll::Ready(out) => {
                        done.set(true);
                        Poll::Ready(match out {
                            Ok(Ok(v)) => Ok(Value::ok(v)),
                            Ok(Err(Flow::Panic(message))) => {
                                let task = u64::from(h.task().0);
                                Ok(Value::err(native(Native::BlockingPanic { task, message })))
                            }
                            Ok(Err(flow)) => Err(flow),
                            Err(e) => Ok(Value::err(native(Native::JoinError(e)))),
                        })
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
            Native::OneshotReceiver { rx, done } => {
                if done.get() {
                    return Poll::Ready(interp.panic(span, "called after complete"));
                }
                let Ok(mut r) = rx.try_borrow_mut() else {
                    return Poll::Ready(
                        interp.error(span, "this receiver is already being polled"),
                    );
                };
                match Pin::new(&mut *r).poll(cx) {
                    Poll::Ready(out) => {
                        done.set(true);
                        Poll::Ready(Ok(match out {
                            Ok(v) => Value::ok(v),
                            Err(_) => Value::err(native(Native::RecvError)),
                        }))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
            _ => Poll::Ready(interp.error(span, "not a future")),
        },
    }
}

/// tokio's `Semaphore::MAX_PERMITS` on a 64-bit machine, where the programs shown are meant to
/// run (the interpreter's own limit, on wasm32, is lower: [`permits_arg`]).
const TOKIO_MAX_PERMITS: u64 = u64::MAX >> 3;

/// A count of semaphore permits from a program: tokio's panic above its limit, and an error
/// (not a panic of the interpreter) for counts that tokio takes but this build cannot hold.
fn permits_arg(interp: &Interp, n: i64, too_many: &str, span: Span) -> R<usize> {
    let n = n as u64; // a `usize` value: never negative
    if n > TOKIO_MAX_PERMITS {
        return interp.panic(span, format!("{too_many} ({TOKIO_MAX_PERMITS})"));
    }
    match usize::try_from(n) {
        Ok(n) if n <= Semaphore::MAX_PERMITS => Ok(n),
        _ => interp.error(
            span,
            format!(
                "{n} permits is more than this interpreter's semaphore can count ({})",
                Semaphore::MAX_PERMITS
            ),
        ),
    }
}

/// A task's result as a `Result` value, as `JoinHandle::await` gives it (`id` is the task's, for
/// `join_next_with_id`: the `Ok` holds `(id, value)`).
fn joined(out: Result<R<Value>, JoinError>, id: Option<u64>) -> R<Value> {
    let with_id = |v: Value| match id {
        Some(id) => Value::Tuple(Rc::new(vec![Value::Int(id as i64, IntTy::U64), v])),
        None => v,
    };
    match out {
        Ok(Ok(v)) => Ok(Value::ok(with_id(v))),
        Ok(Err(Flow::Panic(message))) => Ok(Value::err(native(Native::BlockingPanic {
            task: id.unwrap_or(0),
            message,
        }))),
        Ok(Err(flow)) => Err(flow),
        Err(e) => Ok(Value::err(native(Native::JoinError(e)))),
    }
}

/// The futures of a `JoinSet`'s async methods (`join_next`, `join_next_with_id`, `join_all`,
/// `shutdown`). Each holds the set borrowed while it waits, as `&mut self` would; the set's
/// own `join_next` notes the await at the call's line (`loc`).
fn join_set_future(interp: Rc<Interp>, owner: Rc<Native>, method: &str, span: Span) -> Value {
    let loc = interp.loc(span);
    let busy = move || -> R<Value> {
        Err(Flow::Error(Box::new(crate::Diagnostic::error(
            span,
            "this JoinSet is already being awaited",
        ))))
    };
    match method {
        "join_next" | "join_next_with_id" => {
            let with_id = method == "join_next_with_id";
            future(
                #[allow(clippy::await_holding_refcell_ref)]
                async move {
                    let Native::JoinSet(set) = &*owner else {
                        unreachable!("a JoinSet method")
                    };
                    let Ok(mut set) = set.try_borrow_mut() else {
                        return busy();
                    };
                    let next = instrument::with_caller_loc(loc, || set.join_next_with_id());
                    match next.await {
                        None => Ok(Value::Opt(None)),
                        Some(Ok((task, v))) => {
                            let id = with_id.then_some(u64::from(task.0));
                            Ok(Value::Opt(Some(Rc::new(joined(Ok(v), id)?))))
                        }
                        Some(Err(e)) => Ok(Value::Opt(Some(Rc::new(joined(Err(e), None)?)))),
                    }
                },
                if with_id {
                    "join_next_with_id"
                } else {
                    "join_next"
                },
                false,
            )
        }
        "join_all" => future(
            #[allow(clippy::await_holding_refcell_ref)]
            async move {
                let Native::JoinSet(set) = &*owner else {
                    unreachable!("a JoinSet method")
                };
                let Ok(mut set) = set.try_borrow_mut() else {
                    return busy();
                };
                let mut out = Vec::new();
                loop {
                    let next = instrument::with_caller_loc(loc.clone(), || set.join_next());
                    match next.await {
                        None => break,
                        Some(Ok(Ok(v))) => out.push(v),
                        Some(Ok(Err(flow))) => return Err(flow),
                        // tokio's `join_all` resumes a task's panic, which was reported when
                        // the task panicked (so nothing more is printed), and panics with the
                        // error of a cancelled task.
                        Some(Err(e)) => {
                            return match e.panic_message() {
                                Some(message) => Err(Flow::Panic(Rc::from(message))),
                                None => interp.panic(span, e.to_string()),
                            }
                        }
                    }
                }
                Ok(Value::Vec(Rc::new(out)))
            },
            "join_all",
            false,
        ),
        _ => future(
            #[allow(clippy::await_holding_refcell_ref)]
            async move {
                let Native::JoinSet(set) = &*owner else {
                    unreachable!("a JoinSet method")
                };
                let Ok(mut set) = set.try_borrow_mut() else {
                    return busy();
                };
                set.abort_all();
                loop {
                    let next = instrument::with_caller_loc(loc.clone(), || set.join_next());
                    if next.await.is_none() {
                        break;
                    }
                }
                Ok(Value::Unit)
            },
            "shutdown",
            false,
        ),
    }
}

/// A `'static` future polling a pollable in place.
struct PollTarget {
    interp: Rc<Interp>,
    target: Pollable,
    span: Span,
}

impl Future for PollTarget {
    type Output = R<Value>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R<Value>> {
        let this = self.get_mut();
        poll_pollable(&this.interp, &this.target, cx, this.span)
    }
}

/// Turns an awaitable value into an owned boxed future (for spawn, join, select, timeout).
pub(crate) fn into_future(interp: &Interp, v: Value, span: Span) -> R<BoxFuture> {
    let target = pollable(interp, v, span)?;
    Ok(Box::pin(PollTarget {
        interp: interp.rc(),
        target,
        span,
    }))
}

/// The locals of a frame at an await point, as display pairs.
fn locals_of(info: &AwaitInfo, f: &Rc<Frame>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, slot) in &info.locals {
        if *slot as usize >= f.slot_count() {
            continue;
        }
        let v = f.get(*slot);
        let text = match &v {
            Value::Moved => continue,
            Value::Future(cell) => format!("<future: {}>", cell.name),
            Value::Closure(_) => "<closure>".into(),
            Value::Iter(_) => "<iterator>".into(),
            other => match format::debug_string(other) {
                Ok(s) => s,
                Err(_) => format!("<{}>", other.type_name()),
            },
        };
        let text = if text.chars().count() > 60 {
            format!("{}…", text.chars().take(59).collect::<String>())
        } else {
            text
        };
        out.push((name.to_string(), text));
    }
    out
}

fn report_await(interp: &Interp, info: &AwaitInfo, f: &Rc<Frame>) {
    // Locals are formatted only when the run is recorded.
    if !interp.record {
        return;
    }
    instrument::await_point(&info.label, interp.loc(info.at), locals_of(info, f));
}

/// `.await` on a value.
pub(crate) async fn await_value(
    interp: &Interp,
    v: Value,
    info: &AwaitInfo,
    span: Span,
    f: &Rc<Frame>,
) -> R<Value> {
    let target = pollable(interp, v, span)?;
    poll_fn(|cx| {
        let p = poll_pollable(interp, &target, cx, span);
        if p.is_pending() {
            report_await(interp, info, f);
        }
        p
    })
    .await
}

/// `tokio::join!`.
pub(crate) async fn join(interp: &Interp, items: &[Expr], e: &Expr, f: &Rc<Frame>) -> R<Value> {
    let mut futs = Vec::with_capacity(items.len());
    for it in items {
        let v = if it.has_await {
            interp.eval_async(it, f).await?
        } else {
            interp.eval(it, f)?
        };
        futs.push(into_future(interp, v, it.span)?);
    }
    let failed: Rc<RefCell<Option<Flow>>> = Rc::new(RefCell::new(None));
    let wrapped: Vec<Pin<Box<dyn Future<Output = R<Value>>>>> = futs
        .into_iter()
        .map(|mut fut| {
            let failed = failed.clone();
            let w: Pin<Box<dyn Future<Output = R<Value>>>> = Box::pin(poll_fn(move |cx| {
                // Once a branch panicked, the join unwinds: no other branch is polled.
                if failed.borrow().is_some() {
                    return Poll::Pending;
                }
                match fut.as_mut().poll(cx) {
                    Poll::Ready(Err(flow)) => {
                        *failed.borrow_mut() = Some(flow);
                        Poll::Ready(Ok(Value::Unit))
                    }
                    other => other,
                }
            }));
            w
        })
        .collect();
    let info = AwaitInfo {
        label: Rc::from(format!("join! ({} branches)", items.len())),
        at: e.span,
        locals: Vec::new(),
    };
    let mut all = instrument::join_all(wrapped);
    let outs = poll_fn(|cx| {
        let p = Pin::new(&mut all).poll(cx);
        if let Some(flow) = failed.borrow_mut().take() {
            return Poll::Ready(Err(flow));
        }
        if p.is_pending() {
            report_await(interp, &info, f);
        }
        p.map(Ok)
    })
    .await?;
    let mut values = Vec::with_capacity(outs.len());
    for o in outs {
        values.push(o?);
    }
    Ok(Value::Tuple(Rc::new(values)))
}

/// `tokio::select!`.
pub(crate) async fn select(
    interp: &Interp,
    def: &Rc<SelectDef>,
    info: &AwaitInfo,
    e: &Expr,
    f: &Rc<Frame>,
) -> R<Value> {
    // 1. Preconditions, 2. every branch's future (disabled ones too), as tokio does.
    let mut disabled = Vec::with_capacity(def.arms.len());
    for arm in &def.arms {
        let off = match &arm.cond {
            Some(c) => {
                let v = if c.has_await {
                    interp.eval_async(c, f).await?
                } else {
                    interp.eval_read(c, f)?
                };
                !interp.truthy(v, c.span)?
            }
            None => false,
        };
        disabled.push(off);
    }
    let mut futs = Vec::with_capacity(def.arms.len());
    for arm in &def.arms {
        let v = if arm.fut.has_await {
            interp.eval_async(&arm.fut, f).await?
        } else {
            interp.eval(&arm.fut, f)?
        };
        futs.push(into_future(interp, v, arm.fut.span)?);
    }
    let me = interp.rc();
    let def2 = def.clone();
    let nslots = f.slot_count();
    let accept = move |i: usize, r: &R<Value>| -> bool {
        match r {
            Err(_) => true,
            Ok(v) => {
                let scratch = Frame::new(nslots, None);
                matches!(
                    me.match_pat(
                        &def2.arms[i].pat,
                        v,
                        None,
                        false,
                        &scratch,
                        def2.arms[i].fut.span
                    ),
                    Ok(true) | Err(_)
                )
            }
        }
    };
    let mut sel = instrument::select_all(futs, disabled, def.biased, accept);
    let out = poll_fn(|cx| {
        let p = Pin::new(&mut sel).poll(cx);
        if p.is_pending() {
            report_await(interp, info, f);
        }
        p
    })
    .await;
    // The other branches' futures are dropped before the handler runs.
    drop(sel);
    match out {
        Some((i, Ok(v))) => {
            let arm = &def.arms[i];
            if !interp.match_pat(&arm.pat, &v, None, false, f, arm.fut.span)? {
                return interp.error(
                    arm.fut.span,
                    "internal error: the select! pattern stopped matching",
                );
            }
            let r = if arm.body.has_await {
                interp.eval_async(&arm.body, f).await
            } else {
                interp.eval(&arm.body, f)
            };
            f.clear(&arm.scope);
            r
        }
        Some((_, Err(flow))) => Err(flow),
        None => match &def.els {
            Some(x) => {
                if x.has_await {
                    interp.eval_async(x, f).await
                } else {
                    interp.eval(x, f)
                }
            }
            None => interp.panic(
                e.span,
                "all branches are disabled and there is no else branch",
            ),
        },
    }
}

/// A future that takes a lock, sets its flag once it holds it, and then stays parked holding
/// it: a guard keeps it, and dropping the guard drops it, which releases the lock.
type Holder = Pin<Box<dyn Future<Output = ()>>>;

/// Waits until `hold`'s future has the lock, then gives a guard of `data` that keeps it.
fn guard_future(
    data: Rc<RefCell<Value>>,
    name: &'static str,
    hold: impl FnOnce(Rc<Cell<bool>>) -> Holder + 'static,
) -> Value {
    future(
        async move {
            let acquired = Rc::new(Cell::new(false));
            let mut holder = hold(acquired.clone());
            poll_fn(|cx| {
                let _ = holder.as_mut().poll(cx);
                if acquired.get() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
            Ok(native(Native::Guard {
                _holder: RefCell::new(Some(holder)),
                data,
            }))
        },
        name,
        false,
    )
}

/// Polls `hold`'s future once: `Ok` with a guard of `data` if it took the lock at once, else
/// `Err(TryLockError)`.
fn try_guard(data: Rc<RefCell<Value>>, hold: impl FnOnce(Rc<Cell<bool>>) -> Holder) -> Value {
    let acquired = Rc::new(Cell::new(false));
    let mut holder = hold(acquired.clone());
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let _ = holder.as_mut().poll(&mut cx);
    if acquired.get() {
        Value::ok(native(Native::Guard {
            _holder: RefCell::new(Some(holder)),
            data,
        }))
    } else {
        Value::err(native(Native::TryLockError))
    }
}

/// Takes the lock of a mutex.
fn lock_future(lock: Rc<AMutex<()>>, data: Rc<RefCell<Value>>) -> Value {
    guard_future(data, "lock", move |flag| {
        Box::pin(async move {
            let _guard = lock.lock().await;
            flag.set(true);
            std::future::pending::<()>().await;
        })
    })
}

/// `RwLock::read` or `write`.
fn rwlock_future(lock: Rc<ARwLock<()>>, data: Rc<RefCell<Value>>, write: bool) -> Value {
    let name = if write { "write" } else { "read" };
    guard_future(data, name, move |flag| {
        Box::pin(async move {
            if write {
                let _guard = lock.write().await;
                flag.set(true);
                std::future::pending::<()>().await;
            } else {
                let _guard = lock.read().await;
                flag.set(true);
                std::future::pending::<()>().await;
            }
        })
    })
}

/// `RwLock::try_read` or `try_write`.
fn rwlock_try(lock: Rc<ARwLock<()>>, data: Rc<RefCell<Value>>, write: bool) -> Value {
    try_guard(data, move |flag| {
        Box::pin(async move {
            if write {
                if let Ok(_guard) = lock.try_write() {
                    flag.set(true);
                    std::future::pending::<()>().await;
                }
            } else if let Ok(_guard) = lock.try_read() {
                flag.set(true);
                std::future::pending::<()>().await;
            }
        })
    })
}

fn try_lock(lock: Rc<AMutex<()>>, data: Rc<RefCell<Value>>) -> Value {
    try_guard(data, move |flag| {
        Box::pin(async move {
            if let Ok(_guard) = lock.try_lock() {
                flag.set(true);
                std::future::pending::<()>().await;
            }
        })
    })
}

// ----- methods -----

impl Interp {
    /// A method call on a value (`rv`), which lives at `rp` if it is a place. Resources the
    /// call creates (a `recv()`, a `lock()`) are located at the call in the program's source.
    #[inline(never)]
    pub(crate) fn method(
        &self,
        rv: Value,
        rp: Option<Place>,
        args: Vec<Value>,
        e: &Expr,
        f: &Rc<Frame>,
    ) -> R<Value> {
        instrument::with_caller_loc(self.loc(e.span), || self.method_at(rv, rp, args, e, f))
    }

    fn method_at(
        &self,
        rv: Value,
        rp: Option<Place>,
        args: Vec<Value>,
        e: &Expr,
        f: &Rc<Frame>,
    ) -> R<Value> {
        let ExprKind::MethodCall {
            method,
            name_span,
            turbofish,
            ..
        } = &e.kind
        else {
            unreachable!("method is only called for method calls")
        };
        let name: &str = method;
        let span = *name_span;
        self.step()?;
        // Methods of the pointer itself, before auto-deref.
        match (name, &rv) {
            ("clone", Value::Arc(rc)) => return Ok(Value::Arc(rc.clone())),
            ("as_mut" | "as_ref", Value::Future(_)) => {
                return Ok(match rp {
                    Some(p) => Value::Ref(Rc::new(Place { mutable: true, ..p })),
                    None => rv,
                })
            }
            ("as_mut" | "as_ref", Value::Ref(_))
                if matches!(self.deref_refs(rv.clone(), span)?, Value::Future(_)) =>
            {
                return Ok(rv)
            }
            _ => {}
        }
        // Auto-deref through references, `Arc`s and guards.
        let (mut rv, mut rp) = (rv, rp);
        for _ in 0..64 {
            match rv {
                Value::Ref(p) => {
                    rv = self.read_ref(&p, span)?;
                    rp = Some((*p).clone());
                }
                Value::Arc(inner) if name != "clone" || !matches!(&*inner, Value::Arc(_)) => {
                    if name == "clone" {
                        return Ok(Value::Arc(inner));
                    }
                    rv = (*inner).clone();
                    rp = None;
                }
                Value::Native(ref n) if guard_data(n).is_some() => {
                    let data = guard_data(n).expect("checked");
                    rv = data.borrow().clone();
                    rp = Some(Place {
                        root: PlaceRoot::Cell(data),
                        path: Vec::new(),
                        mutable: true,
                    });
                }
                _ => break,
            }
        }
        // Methods every type has.
        match name {
            "clone" if args.is_empty() => return user_clone(self, &rv, span),
            "to_string" if args.is_empty() => {
                return match format::display_string(&rv) {
                    Ok(s) => Ok(Value::string(s)),
                    Err(m) => self.error(span, m.message),
                };
            }
            "to_owned" if args.is_empty() => {
                return Ok(match rv {
                    Value::Str(s) => Value::string(s.to_string()),
                    other => user_clone(self, &other, span)?,
                });
            }
            "into" if args.is_empty() => {
                return Ok(match rv {
                    Value::Str(s) => Value::string(s.to_string()),
                    other => other,
                });
            }
            "eq" | "ne" if args.len() == 1 => {
                let eq = crate::ops::values_eq(self, &rv, &args[0], span)?;
                return Ok(Value::Bool(if name == "eq" { eq } else { !eq }));
            }
            "as_ref" | "borrow"
                if args.is_empty() && !matches!(rv, Value::Opt(_) | Value::Res(_)) =>
            {
                return Ok(match rp {
                    Some(p) => Value::Ref(Rc::new(Place {
                        mutable: false,
                        ..p
                    })),
                    None => rv,
                });
            }
            _ => {}
        }
        if let Value::Struct(s) = &rv {
            let found = s.def.method(name);
            let sname = s.def.name.clone();
            return match found {
                Some(id) => self.call_user_method(id, rv, rp, args, e, f),
                None if name == "drop" => self.error(
                    span,
                    "explicit use of destructor method: use `drop(x)` instead",
                ),
                None => self.error(
                    span,
                    format!("no method named `{name}` found for struct `{sname}`"),
                ),
            };
        }
        match &rv {
            Value::Int(..) | Value::Float(_) | Value::Char(_) | Value::Bool(_) => {
                self.scalar_method(name, rv, args, span)
            }
            Value::Str(_) | Value::String(_) => self.string_method(name, rv, rp, args, span),
            Value::Vec(_) | Value::Array(_) => self.vec_method(name, rv, rp, args, turbofish, span),
            Value::Range(_) | Value::Iter(_) => {
                let it = self.iterate(rv, span)?;
                self.iter_method(name, it, args, turbofish, span)
            }
            Value::Opt(_) => self.option_method(name, rv, rp, args, span),
            Value::Res(_) => self.result_method(name, rv, args, span),
            Value::Duration(_) | Value::Instant(_) => self.time_method(name, rv, args, span),
            Value::Native(n) => self.native_method(name, n.clone(), args, span),
            Value::Tuple(_) => {
                self.error(span, format!("no method named `{name}` found for a tuple"))
            }
            other => self.error(
                span,
                format!("no method named `{name}` found for `{}`", other.type_name()),
            ),
        }
    }

    fn call_user_method(
        &self,
        id: FnId,
        rv: Value,
        rp: Option<Place>,
        mut args: Vec<Value>,
        e: &Expr,
        _f: &Rc<Frame>,
    ) -> R<Value> {
        let def = self.prog.fns[id as usize].clone();
        let recv = match def.self_mode {
            Some(SelfMode::Ref) | Some(SelfMode::RefMut) => {
                let mutable = def.self_mode == Some(SelfMode::RefMut);
                match rp {
                    Some(p) => {
                        // Our copy must go first, or a `&mut self` method would copy the
                        // struct on write instead of changing it in place.
                        drop(rv);
                        Value::Ref(Rc::new(Place { mutable, ..p }))
                    }
                    None => Interp::temp_ref(rv, mutable),
                }
            }
            Some(SelfMode::Value) => rv,
            None => {
                let ExprKind::MethodCall { method, .. } = &e.kind else {
                    unreachable!()
                };
                return self.error(
                    e.span,
                    format!(
                        "`{method}` is an associated function, not a method: call it as `{}(...)`",
                        def.name
                    ),
                );
            }
        };
        args.insert(0, recv);
        self.call_fn(id, args, e.span)
    }

    /// Mutates the receiver in place: takes the value out of its place, runs `op`, puts it back.
    fn mutate<T>(
        &self,
        rv: Value,
        rp: Option<Place>,
        span: Span,
        op: impl FnOnce(&Interp, &mut Value) -> R<T>,
    ) -> R<T> {
        match rp {
            Some(p) => {
                drop(rv);
                let mut owned = self.modify(&p, span, |v| std::mem::replace(v, Value::Moved))?;
                let r = op(self, &mut owned);
                self.modify(&p, span, |v| *v = owned)?;
                r
            }
            None => {
                let mut owned = rv;
                op(self, &mut owned)
            }
        }
    }

    fn scalar_method(&self, name: &str, rv: Value, args: Vec<Value>, span: Span) -> R<Value> {
        let arg = |i: usize| -> R<Value> {
            match args.get(i) {
                Some(v) => self.deref_all(v.clone(), span),
                None => self.error(span, format!("`{name}` expects more arguments")),
            }
        };
        match rv {
            Value::Int(bits, ty) => {
                let n = int_value(bits, ty);
                let with = |r: Option<i128>| r.and_then(|r| make_int(r, ty));
                let fit = |r: i128| -> R<Value> {
                    match make_int(r, ty) {
                        Some(v) => Ok(v),
                        None => self.error(
                            span,
                            format!("the value {r} does not fit the type `{}`", ty.name()),
                        ),
                    }
                };
                let other = || -> R<i128> {
                    match arg(0)? {
                        Value::Int(b, t) => Ok(int_value(b, t)),
                        other => self.error(
                            span,
                            format!("expected an integer, found `{}`", other.type_name()),
                        ),
                    }
                };
                Ok(match name {
                    "abs" => match make_int(n.abs(), ty) {
                        Some(v) => v,
                        None => return self.panic(span, "attempt to negate with overflow"),
                    },
                    "pow" => {
                        let e = other()?;
                        let r = (n as f64).powi(e as i32);
                        let exact = n.checked_pow(e as u32);
                        match exact.and_then(|x| make_int(x, ty)) {
                            Some(v) => v,
                            None if r.is_finite() => {
                                return self.panic(span, "attempt to multiply with overflow")
                            }
                            None => return self.panic(span, "attempt to multiply with overflow"),
                        }
                    }
                    "min" => fit(n.min(other()?))?,
                    "max" => fit(n.max(other()?))?,
                    "clamp" => {
                        let lo = other()?;
                        let hi = match arg(1)? {
                            Value::Int(b, t) => int_value(b, t),
                            _ => return self.error(span, "expected an integer"),
                        };
                        fit(n.clamp(lo, hi))?
                    }
                    "checked_add" => Value::Opt(with(Some(n + other()?)).map(Rc::new)),
                    "checked_sub" => Value::Opt(with(Some(n - other()?)).map(Rc::new)),
                    "checked_mul" => Value::Opt(with(n.checked_mul(other()?)).map(Rc::new)),
                    "checked_div" => {
                        let d = other()?;
                        Value::Opt(if d == 0 {
                            None
                        } else {
                            with(Some(n / d)).map(Rc::new)
                        })
                    }
                    "saturating_add" | "saturating_sub" | "saturating_mul" => {
                        let o = other()?;
                        let r = match name {
                            "saturating_add" => n + o,
                            "saturating_sub" => n - o,
                            _ => n.saturating_mul(o),
                        };
                        let (lo, hi) = ty.range();
                        fit(r.clamp(lo, hi))?
                    }
                    "wrapping_add" | "wrapping_sub" | "wrapping_mul" => {
                        let o = other()?;
                        let r = match name {
                            "wrapping_add" => n + o,
                            "wrapping_sub" => n - o,
                            _ => n.wrapping_mul(o),
                        };
                        crate::ops::cast(
                            self,
                            Value::Int(r as i64, IntTy::I64),
                            CastTy::Int(ty),
                            span,
                        )?
                    }
                    "rem_euclid" => {
                        let d = other()?;
                        if d == 0 {
                            return self.panic(
                                span,
                                "attempt to calculate the remainder with a divisor of zero",
                            );
                        }
                        fit(n.rem_euclid(d))?
                    }
                    "div_euclid" => {
                        let d = other()?;
                        if d == 0 {
                            return self.panic(span, "attempt to divide by zero");
                        }
                        fit(n.div_euclid(d))?
                    }
                    "abs_diff" => {
                        let d = (n - other()?).abs();
                        let uty = match ty {
                            IntTy::I8 => IntTy::U8,
                            IntTy::I16 => IntTy::U16,
                            IntTy::I32 | IntTy::Lit => IntTy::U32,
                            IntTy::I64 => IntTy::U64,
                            IntTy::Isize => IntTy::Usize,
                            t => t,
                        };
                        match make_int(d, uty) {
                            Some(v) => v,
                            None => {
                                return self
                                    .error(span, "the difference does not fit the unsigned type")
                            }
                        }
                    }
                    "signum" => fit(n.signum())?,
                    "is_positive" => Value::Bool(n > 0),
                    "is_negative" => Value::Bool(n < 0),
                    "count_ones" => {
                        Value::Int((bits as u64 & mask(ty)).count_ones() as i64, IntTy::U32)
                    }
                    "leading_zeros" => Value::Int(
                        ((bits as u64 & mask(ty)).leading_zeros() - (64 - ty.bits())) as i64,
                        IntTy::U32,
                    ),
                    "trailing_zeros" => {
                        let m = bits as u64 & mask(ty);
                        Value::Int(
                            if m == 0 {
                                ty.bits()
                            } else {
                                m.trailing_zeros()
                            } as i64,
                            IntTy::U32,
                        )
                    }
                    "cmp" | "partial_cmp" => {
                        return self.ordering_value(
                            &Value::Int(bits, ty),
                            &arg(0)?,
                            name == "partial_cmp",
                            span,
                        )
                    }
                    _ => {
                        return self.error(
                            span,
                            format!("no method named `{name}` found for `{}`", ty.name()),
                        )
                    }
                })
            }
            Value::Float(x) => {
                let other = || -> R<f64> {
                    match arg(0)? {
                        Value::Float(y) => Ok(y),
                        other => self.error(
                            span,
                            format!("expected an `f64`, found `{}`", other.type_name()),
                        ),
                    }
                };
                Ok(match name {
                    "abs" => Value::Float(x.abs()),
                    "sqrt" => Value::Float(x.sqrt()),
                    "floor" => Value::Float(x.floor()),
                    "ceil" => Value::Float(x.ceil()),
                    "round" => Value::Float(x.round()),
                    "trunc" => Value::Float(x.trunc()),
                    "signum" => Value::Float(x.signum()),
                    "is_nan" => Value::Bool(x.is_nan()),
                    "powi" => match arg(0)? {
                        Value::Int(b, t) => Value::Float(x.powi(int_value(b, t) as i32)),
                        _ => return self.error(span, "expected an integer exponent"),
                    },
                    "powf" => Value::Float(x.powf(other()?)),
                    "min" => Value::Float(x.min(other()?)),
                    "max" => Value::Float(x.max(other()?)),
                    "clamp" => {
                        let lo = other()?;
                        let hi = match arg(1)? {
                            Value::Float(y) => y,
                            _ => return self.error(span, "expected an `f64`"),
                        };
                        Value::Float(x.clamp(lo, hi))
                    }
                    "partial_cmp" => {
                        return self.ordering_value(&Value::Float(x), &arg(0)?, true, span)
                    }
                    _ => {
                        return self
                            .error(span, format!("no method named `{name}` found for `f64`"))
                    }
                })
            }
            Value::Char(c) => Ok(match name {
                "is_alphabetic" => Value::Bool(c.is_alphabetic()),
                "is_numeric" => Value::Bool(c.is_numeric()),
                "is_alphanumeric" => Value::Bool(c.is_alphanumeric()),
                "is_whitespace" => Value::Bool(c.is_whitespace()),
                "is_ascii_digit" => Value::Bool(c.is_ascii_digit()),
                "is_uppercase" => Value::Bool(c.is_uppercase()),
                "is_lowercase" => Value::Bool(c.is_lowercase()),
                "to_ascii_uppercase" => Value::Char(c.to_ascii_uppercase()),
                "to_ascii_lowercase" => Value::Char(c.to_ascii_lowercase()),
                "to_digit" => {
                    let radix = match arg(0)? {
                        Value::Int(b, t) => int_value(b, t) as u32,
                        _ => return self.error(span, "expected a radix"),
                    };
                    Value::Opt(
                        c.to_digit(radix)
                            .map(|d| Rc::new(Value::Int(d as i64, IntTy::U32))),
                    )
                }
                "cmp" | "partial_cmp" => {
                    return self.ordering_value(
                        &Value::Char(c),
                        &arg(0)?,
                        name == "partial_cmp",
                        span,
                    )
                }
                _ => return self.error(span, format!("no method named `{name}` found for `char`")),
            }),
            other => self.error(
                span,
                format!("no method named `{name}` found for `{}`", other.type_name()),
            ),
        }
    }

    fn ordering_value(&self, a: &Value, b: &Value, partial: bool, span: Span) -> R<Value> {
        let _ = (a, b, partial);
        self.error(span, "`cmp` and `partial_cmp` are not supported by the interpreter (no `Ordering` type); compare with `<` and `>`")
    }

    fn string_method(
        &self,
        name: &str,
        rv: Value,
        rp: Option<Place>,
        args: Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let s: Rc<str> = Rc::from(rv.as_str().expect("a string"));
        let str_arg = |i: usize| -> R<String> {
            let v = match args.get(i) {
                Some(v) => self.deref_all(v.clone(), span)?,
                None => return self.error(span, format!("`{name}` expects more arguments")),
            };
            match v {
                Value::Char(c) => Ok(c.to_string()),
                other => match other.as_str() {
                    Some(t) => Ok(t.to_string()),
                    None => self.error(
                        span,
                        format!("expected a string, found `{}`", other.type_name()),
                    ),
                },
            }
        };
        Ok(match name {
            "len" => Value::usize(s.len()),
            "is_empty" => Value::Bool(s.is_empty()),
            "as_str" => Value::Str(s),
            "to_uppercase" => Value::string(s.to_uppercase()),
            "to_lowercase" => Value::string(s.to_lowercase()),
            "trim" => Value::str(s.trim()),
            "trim_start" => Value::str(s.trim_start()),
            "trim_end" => Value::str(s.trim_end()),
            "contains" => Value::Bool(s.contains(str_arg(0)?.as_str())),
            "starts_with" => Value::Bool(s.starts_with(str_arg(0)?.as_str())),
            "ends_with" => Value::Bool(s.ends_with(str_arg(0)?.as_str())),
            "find" => Value::Opt(
                s.find(str_arg(0)?.as_str())
                    .map(|i| Rc::new(Value::usize(i))),
            ),
            "replace" => Value::string(s.replace(str_arg(0)?.as_str(), str_arg(1)?.as_str())),
            "repeat" => match args.first().map(crate::ops::as_usize) {
                Some(Some(n)) if s.len().saturating_mul(n) <= 10_000_000 => {
                    Value::string(s.repeat(n))
                }
                _ => return self.error(span, "`repeat` expects a reasonable `usize` count"),
            },
            "chars" => {
                let items: Vec<Value> = s.chars().map(Value::Char).collect();
                let n = items.len();
                Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                    items: Rc::new(items),
                    front: 0,
                    back: n,
                })))
            }
            "char_indices" => {
                let items: Vec<Value> = s
                    .char_indices()
                    .map(|(i, c)| Value::Tuple(Rc::new(vec![Value::usize(i), Value::Char(c)])))
                    .collect();
                let n = items.len();
                Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                    items: Rc::new(items),
                    front: 0,
                    back: n,
                })))
            }
            "bytes" | "as_bytes" => {
                let items: Vec<Value> =
                    s.bytes().map(|b| Value::Int(b as i64, IntTy::U8)).collect();
                let n = items.len();
                if name == "as_bytes" {
                    Value::Array(Rc::new(items))
                } else {
                    Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                        items: Rc::new(items),
                        front: 0,
                        back: n,
                    })))
                }
            }
            "split_whitespace" | "lines" | "split" => {
                let parts: Vec<Value> = match name {
                    "split_whitespace" => s.split_whitespace().map(Value::str).collect(),
                    "lines" => s.lines().map(Value::str).collect(),
                    _ => {
                        let sep = str_arg(0)?;
                        s.split(sep.as_str()).map(Value::str).collect()
                    }
                };
                let n = parts.len();
                Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                    items: Rc::new(parts),
                    front: 0,
                    back: n,
                })))
            }
            "parse" => {
                let t = s.trim();
                match t.parse::<i64>() {
                    Ok(n) => Value::ok(Value::Int(n, IntTy::Lit)),
                    Err(_) => match t.parse::<f64>() {
                        Ok(x) if t.contains('.') => Value::ok(Value::Float(x)),
                        _ => {
                            return self.error(
                                span,
                                "`parse` of non-numbers is not supported by the interpreter",
                            )
                        }
                    },
                }
            }
            "push_str" | "push" | "clear" | "insert_str" | "insert" | "truncate" | "pop"
            | "remove" => {
                let extra = if matches!(name, "push_str" | "push") {
                    Some(str_arg(0)?)
                } else {
                    None
                };
                let args2 = args.clone();
                return self.mutate(rv, rp, span, move |me, v| {
                    let Value::String(st) = v else {
                        return me.error(
                            span,
                            format!("cannot mutate a `&str` with `{name}` (use a `String`)"),
                        );
                    };
                    let st = Rc::make_mut(st);
                    Ok(match name {
                        "push_str" | "push" => {
                            st.push_str(&extra.expect("read above"));
                            Value::Unit
                        }
                        "clear" => {
                            st.clear();
                            Value::Unit
                        }
                        "pop" => Value::Opt(st.pop().map(|c| Rc::new(Value::Char(c)))),
                        "truncate" => {
                            if let Some(n) = args2.first().and_then(crate::ops::as_usize) {
                                st.truncate(n);
                            }
                            Value::Unit
                        }
                        _ => {
                            return me.error(
                                span,
                                format!("`String::{name}` is not supported by the interpreter"),
                            )
                        }
                    })
                });
            }
            "cmp" | "partial_cmp" => return self.ordering_value(&rv, &Value::Unit, false, span),
            _ => {
                return self.error(
                    span,
                    format!("no method named `{name}` found for `{}`", rv.type_name()),
                )
            }
        })
    }

    fn vec_method(
        &self,
        name: &str,
        rv: Value,
        rp: Option<Place>,
        args: Vec<Value>,
        turbofish: &Ty,
        span: Span,
    ) -> R<Value> {
        let (Value::Vec(items) | Value::Array(items)) = &rv else {
            unreachable!("vec_method takes a vector")
        };
        let is_vec = matches!(rv, Value::Vec(_));
        let idx_arg = |i: usize| -> R<usize> {
            match args.get(i).and_then(crate::ops::as_usize) {
                Some(n) => Ok(n),
                None => self.error(span, format!("`{name}` expects a `usize` argument")),
            }
        };
        match name {
            "len" => return Ok(Value::usize(items.len())),
            "is_empty" => return Ok(Value::Bool(items.is_empty())),
            "capacity" => return Ok(Value::usize(items.len())),
            "first" | "last" => {
                let i = if name == "first" {
                    0
                } else {
                    items.len().wrapping_sub(1)
                };
                return Ok(match items.get(i) {
                    None => Value::Opt(None),
                    Some(v) => Value::some(self.elem_ref(rp, i, v.clone())),
                });
            }
            "get" => {
                let i = idx_arg(0)?;
                return Ok(match items.get(i) {
                    None => Value::Opt(None),
                    Some(v) => Value::some(self.elem_ref(rp, i, v.clone())),
                });
            }
            "get_mut" => {
                let i = idx_arg(0)?;
                return Ok(match (items.get(i), rp) {
                    (Some(_), Some(mut p)) => {
                        p.path.push(Proj::Index(i));
                        p.mutable = true;
                        Value::some(Value::Ref(Rc::new(p)))
                    }
                    (Some(v), None) => Value::some(v.clone()),
                    (None, _) => Value::Opt(None),
                });
            }
            "contains" => {
                let x = args.first().cloned().unwrap_or(Value::Unit);
                for it in items.iter() {
                    if crate::ops::values_eq(self, it, &x, span)? {
                        return Ok(Value::Bool(true));
                    }
                }
                return Ok(Value::Bool(false));
            }
            "iter" => return self.ref_iter(&rv, rp, false),
            "iter_mut" => return self.ref_iter(&rv, rp, true),
            "into_iter" => {
                let n = items.len();
                return Ok(Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                    items: items.clone(),
                    front: 0,
                    back: n,
                }))));
            }
            "to_vec" => return Ok(Value::Vec(items.clone())),
            "join" | "concat" => {
                let sep = if name == "join" {
                    match args
                        .first()
                        .map(|a| self.deref_all(a.clone(), span))
                        .transpose()?
                    {
                        Some(v) => v.as_str().unwrap_or("").to_string(),
                        None => String::new(),
                    }
                } else {
                    String::new()
                };
                let mut out = String::new();
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    match self.deref_all(it.clone(), span)? {
                        Value::Char(c) => out.push(c),
                        v => match v.as_str() {
                            Some(s) => out.push_str(s),
                            None => {
                                return self.error(
                                    span,
                                    format!("`{name}` needs strings, found `{}`", v.type_name()),
                                )
                            }
                        },
                    }
                }
                return Ok(Value::string(out));
            }
            "windows" | "chunks" => {
                let n = idx_arg(0)?;
                if n == 0 {
                    return self.panic(
                        span,
                        if name == "windows" {
                            "window size must be non-zero"
                        } else {
                            "chunk size must be non-zero"
                        },
                    );
                }
                let parts: Vec<Value> = if name == "windows" {
                    items
                        .windows(n)
                        .map(|w| Value::Array(Rc::new(w.to_vec())))
                        .collect()
                } else {
                    items
                        .chunks(n)
                        .map(|w| Value::Array(Rc::new(w.to_vec())))
                        .collect()
                };
                let len = parts.len();
                return Ok(Value::Iter(Rc::new(RefCell::new(IterState::Seq {
                    items: Rc::new(parts),
                    front: 0,
                    back: len,
                }))));
            }
            "binary_search" => {
                let x = args.first().cloned().unwrap_or(Value::Unit);
                let mut lo = 0usize;
                let mut hi = items.len();
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    match crate::ops::compare(self, &items[mid], &x, span)? {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return Ok(Value::ok(Value::usize(mid))),
                    }
                }
                return Ok(Value::err(Value::usize(lo)));
            }
            "map" | "filter" | "enumerate" | "rev" | "zip" | "sum" | "count" | "any" | "all"
            | "fold" | "max" | "min" | "collect" | "position" | "find" | "for_each" | "skip"
            | "take" | "cloned" | "copied" | "product" => {
                // Arrays have `map`; slices do not, but students write `v.iter().map(..)` anyway.
                if name == "map" && !is_vec {
                    let mut out = Vec::with_capacity(items.len());
                    for it in items.iter() {
                        out.push(self.call_value(args[0].clone(), vec![it.clone()], span)?);
                    }
                    return Ok(Value::Array(Rc::new(out)));
                }
                return self.error(
                    span,
                    format!("no method named `{name}` found for `Vec`; call `.iter()` first"),
                );
            }
            _ => {}
        }
        if !is_vec
            && matches!(
                name,
                "push"
                    | "pop"
                    | "insert"
                    | "remove"
                    | "clear"
                    | "truncate"
                    | "retain"
                    | "extend"
                    | "drain"
                    | "dedup"
                    | "resize"
                    | "swap_remove"
                    | "split_off"
                    | "extend_from_slice"
            )
        {
            return self.error(span, format!("no method named `{name}` found for an array"));
        }
        let _ = turbofish;
        let args = args;
        self.mutate(rv, rp, span, move |me, v| {
            let (Value::Vec(items) | Value::Array(items)) = v else { return me.error(span, "internal error: not a vector") };
            let items = Rc::make_mut(items);
            Ok(match name {
                "push" => {
                    items.push(args.into_iter().next().unwrap_or(Value::Unit));
                    Value::Unit
                }
                "pop" => Value::Opt(items.pop().map(Rc::new)),
                "clear" => {
                    items.clear();
                    Value::Unit
                }
                "insert" => {
                    let i = args.first().and_then(crate::ops::as_usize).unwrap_or(usize::MAX);
                    if i > items.len() {
                        return me.panic(span, format!("insertion index (is {i}) should be <= len (is {})", items.len()));
                    }
                    items.insert(i, args.into_iter().nth(1).unwrap_or(Value::Unit));
                    Value::Unit
                }
                "remove" | "swap_remove" => {
                    let i = args.first().and_then(crate::ops::as_usize).unwrap_or(usize::MAX);
                    if i >= items.len() {
                        return me.panic(span, format!("{name} index (is {i}) should be < len (is {})", items.len()));
                    }
                    if name == "remove" {
                        items.remove(i)
                    } else {
                        items.swap_remove(i)
                    }
                }
                "truncate" => {
                    if let Some(n) = args.first().and_then(crate::ops::as_usize) {
                        items.truncate(n);
                    }
                    Value::Unit
                }
                "swap" => {
                    let a = args.first().and_then(crate::ops::as_usize).unwrap_or(usize::MAX);
                    let b = args.get(1).and_then(crate::ops::as_usize).unwrap_or(usize::MAX);
                    let n = items.len();
                    if a >= n || b >= n {
                        return me.panic(span, format!("index out of bounds: the len is {n} but the index is {}", a.max(b)));
                    }
                    items.swap(a, b);
                    Value::Unit
                }
                "reverse" => {
                    items.reverse();
                    Value::Unit
                }
                "sort" | "sort_unstable" => {
                    me.sort_values(items, span)?;
                    Value::Unit
                }
                "sort_by_key" => {
                    let f = args.into_iter().next().unwrap_or(Value::Unit);
                    let mut keyed = Vec::with_capacity(items.len());
                    for it in items.drain(..) {
                        let k = me.call_value(f.clone(), vec![Interp::temp_ref(it.clone(), false)], span)?;
                        keyed.push((k, it));
                    }
                    let mut err = None;
                    keyed.sort_by(|a, b| match crate::ops::compare(me, &a.0, &b.0, span) {
                        Ok(o) => o,
                        Err(e) => {
                            err.get_or_insert(e);
                            std::cmp::Ordering::Equal
                        }
                    });
                    if let Some(e) = err {
                        return Err(e);
                    }
                    items.extend(keyed.into_iter().map(|(_, v)| v));
                    Value::Unit
                }
                "dedup" => {
                    let mut out: Vec<Value> = Vec::with_capacity(items.len());
                    for it in items.drain(..) {
                        let dup = match out.last() {
                            Some(l) => crate::ops::values_eq(me, l, &it, span)?,
                            None => false,
                        };
                        if !dup {
                            out.push(it);
                        }
                    }
                    *items = out;
                    Value::Unit
                }
                "retain" => {
                    let f = args.into_iter().next().unwrap_or(Value::Unit);
                    let mut out = Vec::with_capacity(items.len());
                    for it in items.drain(..) {
                        let keep = me.call_value(f.clone(), vec![Interp::temp_ref(it.clone(), false)], span)?;
                        if me.truthy(keep, span)? {
                            out.push(it);
                        }
                    }
                    *items = out;
                    Value::Unit
                }
                "extend" | "extend_from_slice" => {
                    let src = args.into_iter().next().unwrap_or(Value::Unit);
                    let it = me.iterate(src, span)?;
                    let more = me.collect_items(&it, span)?;
                    for m in more {
                        items.push(me.deref_refs(m, span)?);
                    }
                    Value::Unit
                }
                "drain" => {
                    let all: Vec<Value> = std::mem::take(items);
                    let n = all.len();
                    Value::Iter(Rc::new(RefCell::new(IterState::Seq { items: Rc::new(all), front: 0, back: n })))
                }
                "split_off" => {
                    let at = args.first().and_then(crate::ops::as_usize).unwrap_or(usize::MAX);
                    if at > items.len() {
                        return me.panic(span, format!("`at` split index (is {at}) should be <= len (is {})", items.len()));
                    }
                    Value::Vec(Rc::new(items.split_off(at)))
                }
                "copy_from_slice" | "clone_from_slice" => {
                    let src = args.into_iter().next().unwrap_or(Value::Unit);
                    let src = match me.deref_all(src, span)? {
                        Value::Vec(x) | Value::Array(x) => x,
                        other => return me.error(span, format!("`{name}` expects a slice, found `{}`", other.type_name())),
                    };
                    if src.len() != items.len() {
                        return me.panic(
                            span,
                            format!(
                                "source slice length ({}) does not match destination slice length ({})",
                                src.len(),
                                items.len()
                            ),
                        );
                    }
                    for (d, x) in items.iter_mut().zip(src.iter()) {
                        *d = x.clone();
                    }
                    Value::Unit
                }
                "fill" => {
                    let x = args.into_iter().next().unwrap_or(Value::Unit);
                    for d in items.iter_mut() {
                        *d = x.clone();
                    }
                    Value::Unit
                }
                "resize" => {
                    let n = args.first().and_then(crate::ops::as_usize).unwrap_or(0);
                    let fill = args.get(1).cloned().unwrap_or(Value::Unit);
                    items.resize(n, fill);
                    Value::Unit
                }
                _ => return me.error(span, format!("no method named `{name}` found for `Vec`")),
            })
        })
    }

    fn elem_ref(&self, rp: Option<Place>, i: usize, v: Value) -> Value {
        match rp {
            Some(mut p) => {
                p.path.push(Proj::Index(i));
                p.mutable = false;
                Value::Ref(Rc::new(p))
            }
            None => v,
        }
    }

    fn sort_values(&self, items: &mut [Value], span: Span) -> R<()> {
        let mut err = None;
        items.sort_by(|a, b| match crate::ops::compare(self, a, b, span) {
            Ok(o) => o,
            Err(e) => {
                err.get_or_insert(e);
                std::cmp::Ordering::Equal
            }
        });
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn iter_method(
        &self,
        name: &str,
        it: Rc<RefCell<IterState>>,
        args: Vec<Value>,
        turbofish: &Ty,
        span: Span,
    ) -> R<Value> {
        let f = || args.first().cloned().unwrap_or(Value::Unit);
        let n_arg = || args.first().and_then(crate::ops::as_usize);
        Ok(match name {
            "next" => Value::Opt(self.iter_next(&it, span)?.map(Rc::new)),
            "iter" | "into_iter" | "by_ref" => Value::Iter(it),
            "map" => self.adapt(it, |b| IterState::Map(b, f())),
            "filter" => self.adapt(it, |b| IterState::Filter(b, f())),
            "filter_map" => self.adapt(it, |b| IterState::FilterMap(b, f())),
            "enumerate" => self.adapt(it, |b| IterState::Enumerate(b, 0)),
            "rev" => self.adapt(it, IterState::Rev),
            "cloned" | "copied" => self.adapt(it, IterState::Deref),
            "take" => {
                let n = n_arg().unwrap_or(0);
                self.adapt(it, |b| IterState::Take(b, n))
            }
            "skip" => {
                let n = n_arg().unwrap_or(0);
                self.adapt(it, |b| IterState::Skip(b, n))
            }
            "step_by" => {
                let n = n_arg().unwrap_or(0);
                if n == 0 {
                    return self.panic(span, "assertion failed: step != 0");
                }
                self.adapt(it, |b| IterState::StepBy(b, n, false))
            }
            "take_while" => self.adapt(it, |b| IterState::TakeWhile(b, f(), false)),
            "skip_while" => self.adapt(it, |b| IterState::SkipWhile(b, f(), false)),
            "zip" | "chain" => {
                let other = self.iterate(args.into_iter().next().unwrap_or(Value::Unit), span)?;
                let other_state = match Rc::try_unwrap(other) {
                    Ok(c) => c.into_inner(),
                    Err(_) => {
                        return self.error(
                            span,
                            format!("`{name}` with a shared iterator is not supported"),
                        )
                    }
                };
                if name == "zip" {
                    self.adapt(it, |b| IterState::Zip(b, Box::new(other_state)))
                } else {
                    self.adapt(it, |b| IterState::Chain(b, Box::new(other_state)))
                }
            }
            "collect" => {
                let items = self.collect_items(&it, span)?;
                self.collect_into(items, turbofish, span)?
            }
            "sum" | "product" => {
                let items = self.collect_items(&it, span)?;
                let ty = match turbofish {
                    Ty::Int(t) => Some(*t),
                    _ => None,
                };
                if matches!(turbofish, Ty::Float) && items.is_empty() {
                    return Ok(Value::Float(if name == "product" { 1.0 } else { 0.0 }));
                }
                self.fold_numbers(items, name == "product", ty, span)?
            }
            "count" => {
                let mut n = 0usize;
                while self.iter_next(&it, span)?.is_some() {
                    self.step()?;
                    n += 1;
                }
                Value::usize(n)
            }
            "last" => {
                let mut last = None;
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    last = Some(x);
                }
                Value::Opt(last.map(Rc::new))
            }
            "nth" => {
                let n = n_arg().unwrap_or(0);
                let mut out = None;
                for _ in 0..=n {
                    self.step()?;
                    out = self.iter_next(&it, span)?;
                    if out.is_none() {
                        break;
                    }
                }
                Value::Opt(out.map(Rc::new))
            }
            "max" | "min" => {
                let mut best: Option<Value> = None;
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    best = Some(match best {
                        None => x,
                        Some(b) => {
                            let o = crate::ops::compare(self, &x, &b, span)?;
                            // `max` keeps the last maximum, `min` the first minimum, as std does.
                            let take = if name == "max" {
                                o != std::cmp::Ordering::Less
                            } else {
                                o == std::cmp::Ordering::Less
                            };
                            if take {
                                x
                            } else {
                                b
                            }
                        }
                    });
                }
                Value::Opt(best.map(Rc::new))
            }
            "max_by_key" | "min_by_key" => {
                let key = f();
                let mut best: Option<(Value, Value)> = None;
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    let k = self.call_value(
                        key.clone(),
                        vec![Interp::temp_ref(x.clone(), false)],
                        span,
                    )?;
                    best = Some(match best {
                        None => (k, x),
                        Some((bk, bx)) => {
                            let o = crate::ops::compare(self, &k, &bk, span)?;
                            let take = if name == "max_by_key" {
                                o != std::cmp::Ordering::Less
                            } else {
                                o == std::cmp::Ordering::Less
                            };
                            if take {
                                (k, x)
                            } else {
                                (bk, bx)
                            }
                        }
                    });
                }
                Value::Opt(best.map(|(_, x)| Rc::new(x)))
            }
            "any" | "all" => {
                let pred = f();
                let want = name == "any";
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    let r = self.call_value(pred.clone(), vec![x], span)?;
                    if self.truthy(r, span)? == want {
                        return Ok(Value::Bool(want));
                    }
                }
                Value::Bool(!want)
            }
            "find" => {
                let pred = f();
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    let r = self.call_value(
                        pred.clone(),
                        vec![Interp::temp_ref(x.clone(), false)],
                        span,
                    )?;
                    if self.truthy(r, span)? {
                        return Ok(Value::some(x));
                    }
                }
                Value::Opt(None)
            }
            "position" => {
                let pred = f();
                let mut i = 0usize;
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    let r = self.call_value(pred.clone(), vec![x], span)?;
                    if self.truthy(r, span)? {
                        return Ok(Value::some(Value::usize(i)));
                    }
                    i += 1;
                }
                Value::Opt(None)
            }
            "fold" => {
                let mut acc = args.first().cloned().unwrap_or(Value::Unit);
                let g = args.get(1).cloned().unwrap_or(Value::Unit);
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    acc = self.call_value(g.clone(), vec![acc, x], span)?;
                }
                acc
            }
            "for_each" => {
                let g = f();
                while let Some(x) = self.iter_next(&it, span)? {
                    self.step()?;
                    self.call_value(g.clone(), vec![x], span)?;
                }
                Value::Unit
            }
            "contains" => {
                let x = f();
                while let Some(y) = self.iter_next(&it, span)? {
                    self.step()?;
                    if crate::ops::values_eq(self, &y, &x, span)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Value::Bool(false)
            }
            "is_empty" | "len" => {
                let items = self.collect_items(&it, span)?;
                if name == "len" {
                    Value::usize(items.len())
                } else {
                    Value::Bool(items.is_empty())
                }
            }
            _ => {
                return self.error(
                    span,
                    format!("no method named `{name}` found for this iterator"),
                )
            }
        })
    }

    fn collect_into(&self, items: Vec<Value>, turbofish: &Ty, span: Span) -> R<Value> {
        if let Ty::String = turbofish {
            let mut s = String::new();
            for it in items {
                match self.deref_all(it, span)? {
                    Value::Char(c) => s.push(c),
                    v => match v.as_str() {
                        Some(t) => s.push_str(t),
                        None => {
                            return self.error(
                                span,
                                format!("cannot collect `{}` into a `String`", v.type_name()),
                            )
                        }
                    },
                }
            }
            return Ok(Value::string(s));
        }
        Ok(Value::Vec(Rc::new(items)))
    }

    fn option_method(
        &self,
        name: &str,
        rv: Value,
        rp: Option<Place>,
        args: Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let Value::Opt(o) = &rv else {
            unreachable!("option_method takes an Option")
        };
        let inner = || o.as_ref().map(|x| (**x).clone());
        let f = || args.first().cloned().unwrap_or(Value::Unit);
        Ok(match name {
            "is_some" => Value::Bool(o.is_some()),
            "is_none" => Value::Bool(o.is_none()),
            "unwrap" => match inner() {
                Some(v) => v,
                None => return self.panic(span, "called `Option::unwrap()` on a `None` value"),
            },
            "expect" => match inner() {
                Some(v) => v,
                None => {
                    let msg = self.deref_all(f(), span)?;
                    return self.panic(span, msg.as_str().unwrap_or("").to_string());
                }
            },
            "unwrap_or" => inner().unwrap_or_else(f),
            "unwrap_or_else" => match inner() {
                Some(v) => v,
                None => self.call_value(f(), Vec::new(), span)?,
            },
            "unwrap_or_default" => match inner() {
                Some(v) => v,
                None => return self.error(span, "`unwrap_or_default` on `None` needs a type the interpreter can see; use `unwrap_or`"),
            },
            "map" => match inner() {
                Some(v) => Value::some(self.call_value(f(), vec![v], span)?),
                None => Value::Opt(None),
            },
            "and_then" => match inner() {
                Some(v) => self.call_value(f(), vec![v], span)?,
                None => Value::Opt(None),
            },
            "filter" => match inner() {
                Some(v) => {
                    let keep = self.call_value(f(), vec![Interp::temp_ref(v.clone(), false)], span)?;
                    if self.truthy(keep, span)? {
                        Value::some(v)
                    } else {
                        Value::Opt(None)
                    }
                }
                None => Value::Opt(None),
            },
            "is_some_and" => match inner() {
                Some(v) => {
                    let r = self.call_value(f(), vec![v], span)?;
                    Value::Bool(self.truthy(r, span)?)
                }
                None => Value::Bool(false),
            },
            "is_none_or" => match inner() {
                Some(v) => {
                    let r = self.call_value(f(), vec![v], span)?;
                    Value::Bool(self.truthy(r, span)?)
                }
                None => Value::Bool(true),
            },
            "ok_or" => match inner() {
                Some(v) => Value::ok(v),
                None => Value::err(f()),
            },
            "ok_or_else" => match inner() {
                Some(v) => Value::ok(v),
                None => Value::err(self.call_value(f(), Vec::new(), span)?),
            },
            "or" => match o {
                Some(_) => rv.clone(),
                None => f(),
            },
            "or_else" => match o {
                Some(_) => rv.clone(),
                None => self.call_value(f(), Vec::new(), span)?,
            },
            "copied" | "cloned" => match inner() {
                Some(v) => Value::some(self.deref_refs(v, span)?),
                None => Value::Opt(None),
            },
            "as_ref" | "as_deref" => match (o, rp) {
                (Some(_), Some(mut p)) => {
                    p.path.push(Proj::Payload);
                    p.mutable = false;
                    Value::some(Value::Ref(Rc::new(p)))
                }
                _ => rv.clone(),
            },
            "as_mut" => match (o, rp) {
                (Some(_), Some(mut p)) => {
                    p.path.push(Proj::Payload);
                    p.mutable = true;
                    Value::some(Value::Ref(Rc::new(p)))
                }
                _ => rv.clone(),
            },
            "iter" => {
                let items: Vec<Value> = inner().into_iter().collect();
                let n = items.len();
                Value::Iter(Rc::new(RefCell::new(IterState::Seq { items: Rc::new(items), front: 0, back: n })))
            }
            "take" => {
                return self.mutate(rv, rp, span, |_, v| Ok(std::mem::replace(v, Value::Opt(None))));
            }
            "replace" | "insert" => {
                let x = f();
                return self.mutate(rv, rp, span, move |_, v| {
                    let old = std::mem::replace(v, Value::some(x));
                    Ok(if name == "replace" { old } else { Value::Unit })
                });
            }
            "get_or_insert" | "get_or_insert_with" => {
                if o.is_none() {
                    let x = if name == "get_or_insert" { f() } else { self.call_value(f(), Vec::new(), span)? };
                    let rp2 = rp.clone();
                    self.mutate(rv, rp2, span, move |_, v| {
                        *v = Value::some(x);
                        Ok(())
                    })?;
                }
                match rp {
                    Some(mut p) => {
                        p.path.push(Proj::Payload);
                        Value::Ref(Rc::new(p))
                    }
                    None => return self.error(span, format!("`{name}` needs a place")),
                }
            }
            "flatten" => match inner() {
                Some(Value::Opt(x)) => Value::Opt(x),
                Some(other) => return self.error(span, format!("`flatten` expects `Option<Option<T>>`, found `Option<{}>`", other.type_name())),
                None => Value::Opt(None),
            },
            "zip" => match (inner(), f()) {
                (Some(a), Value::Opt(Some(b))) => Value::some(Value::Tuple(Rc::new(vec![a, (*b).clone()]))),
                _ => Value::Opt(None),
            },
            _ => return self.error(span, format!("no method named `{name}` found for `Option`")),
        })
    }

    fn result_method(&self, name: &str, rv: Value, args: Vec<Value>, span: Span) -> R<Value> {
        let Value::Res(r) = &rv else {
            unreachable!("result_method takes a Result")
        };
        let f = || args.first().cloned().unwrap_or(Value::Unit);
        let dbg = |v: &Value| -> R<String> {
            format::debug_string(v).or_else(|e| self.error(span, e.message))
        };
        Ok(match name {
            "is_ok" => Value::Bool(r.is_ok()),
            "is_err" => Value::Bool(r.is_err()),
            "unwrap" => match r {
                Ok(v) => (**v).clone(),
                Err(e) => {
                    return self.panic(
                        span,
                        format!("called `Result::unwrap()` on an `Err` value: {}", dbg(e)?),
                    )
                }
            },
            "expect" => match r {
                Ok(v) => (**v).clone(),
                Err(e) => {
                    let msg = self.deref_all(f(), span)?;
                    return self
                        .panic(span, format!("{}: {}", msg.as_str().unwrap_or(""), dbg(e)?));
                }
            },
            "unwrap_err" => match r {
                Err(e) => (**e).clone(),
                Ok(v) => {
                    return self.panic(
                        span,
                        format!(
                            "called `Result::unwrap_err()` on an `Ok` value: {}",
                            dbg(v)?
                        ),
                    )
                }
            },
            "expect_err" => match r {
                Err(e) => (**e).clone(),
                Ok(v) => {
                    let msg = self.deref_all(f(), span)?;
                    return self
                        .panic(span, format!("{}: {}", msg.as_str().unwrap_or(""), dbg(v)?));
                }
            },
            "unwrap_or" => match r {
                Ok(v) => (**v).clone(),
                Err(_) => f(),
            },
            "unwrap_or_else" => match r {
                Ok(v) => (**v).clone(),
                Err(e) => self.call_value(f(), vec![(**e).clone()], span)?,
            },
            "ok" => match r {
                Ok(v) => Value::Opt(Some(v.clone())),
                Err(_) => Value::Opt(None),
            },
            "err" => match r {
                Err(e) => Value::Opt(Some(e.clone())),
                Ok(_) => Value::Opt(None),
            },
            "map" => match r {
                Ok(v) => Value::ok(self.call_value(f(), vec![(**v).clone()], span)?),
                Err(_) => rv.clone(),
            },
            "map_err" => match r {
                Err(e) => Value::err(self.call_value(f(), vec![(**e).clone()], span)?),
                Ok(_) => rv.clone(),
            },
            "and_then" => match r {
                Ok(v) => self.call_value(f(), vec![(**v).clone()], span)?,
                Err(_) => rv.clone(),
            },
            "is_ok_and" => match r {
                Ok(v) => {
                    let x = self.call_value(f(), vec![(**v).clone()], span)?;
                    Value::Bool(self.truthy(x, span)?)
                }
                Err(_) => Value::Bool(false),
            },
            "is_err_and" => match r {
                Err(e) => {
                    let x = self.call_value(f(), vec![(**e).clone()], span)?;
                    Value::Bool(self.truthy(x, span)?)
                }
                Ok(_) => Value::Bool(false),
            },
            "as_ref" => rv.clone(),
            _ => return self.error(span, format!("no method named `{name}` found for `Result`")),
        })
    }

    fn time_method(&self, name: &str, rv: Value, args: Vec<Value>, span: Span) -> R<Value> {
        match rv {
            Value::Duration(d) => {
                let arg_d =
                    || -> R<u64> { duration_arg(self, args.first().unwrap_or(&Value::Unit), span) };
                Ok(match name {
                    "as_secs" => Value::Int((d / 1_000_000_000) as i64, IntTy::U64),
                    "as_millis" => Value::Int((d / 1_000_000) as i64, IntTy::U64),
                    "as_micros" => Value::Int((d / 1_000) as i64, IntTy::U64),
                    "as_nanos" => Value::Int(d as i64, IntTy::U64),
                    "as_secs_f64" | "as_secs_f32" => Value::Float(d as f64 / 1e9),
                    "as_millis_f64" => Value::Float(d as f64 / 1e6),
                    "subsec_millis" => {
                        Value::Int(((d % 1_000_000_000) / 1_000_000) as i64, IntTy::U32)
                    }
                    "subsec_micros" => Value::Int(((d % 1_000_000_000) / 1_000) as i64, IntTy::U32),
                    "subsec_nanos" => Value::Int((d % 1_000_000_000) as i64, IntTy::U32),
                    "is_zero" => Value::Bool(d == 0),
                    "checked_sub" => {
                        Value::Opt(d.checked_sub(arg_d()?).map(|x| Rc::new(Value::Duration(x))))
                    }
                    "checked_add" => {
                        Value::Opt(d.checked_add(arg_d()?).map(|x| Rc::new(Value::Duration(x))))
                    }
                    "saturating_sub" => Value::Duration(d.saturating_sub(arg_d()?)),
                    "mul_f64" | "div_f64" => match args
                        .first()
                        .map(|a| self.deref_all(a.clone(), span))
                        .transpose()?
                    {
                        Some(Value::Float(x)) => {
                            let r = if name == "mul_f64" {
                                d as f64 * x
                            } else {
                                d as f64 / x
                            };
                            Value::Duration(r.round().max(0.0) as u64)
                        }
                        _ => return self.error(span, format!("`{name}` expects an `f64`")),
                    },
                    "max" | "min" => {
                        let o = arg_d()?;
                        Value::Duration(if name == "max" { d.max(o) } else { d.min(o) })
                    }
                    _ => {
                        return self.error(
                            span,
                            format!("no method named `{name}` found for `Duration`"),
                        )
                    }
                })
            }
            Value::Instant(t) => {
                let now = instrument::now().as_nanos() as u64;
                let other = || -> R<u64> {
                    match self.deref_all(args.first().cloned().unwrap_or(Value::Unit), span)? {
                        Value::Instant(x) => Ok(x),
                        other => self.error(
                            span,
                            format!("expected an `Instant`, found `{}`", other.type_name()),
                        ),
                    }
                };
                Ok(match name {
                    "elapsed" => Value::Duration(now.saturating_sub(t)),
                    "duration_since" | "saturating_duration_since" => {
                        Value::Duration(t.saturating_sub(other()?))
                    }
                    "checked_duration_since" => {
                        Value::Opt(t.checked_sub(other()?).map(|d| Rc::new(Value::Duration(d))))
                    }
                    "checked_add" => Value::Opt(Some(Rc::new(Value::Instant(
                        t + duration_arg(self, args.first().unwrap_or(&Value::Unit), span)?,
                    )))),
                    "checked_sub" => Value::Opt(
                        t.checked_sub(duration_arg(
                            self,
                            args.first().unwrap_or(&Value::Unit),
                            span,
                        )?)
                        .map(|x| Rc::new(Value::Instant(x))),
                    ),
                    _ => {
                        return self.error(
                            span,
                            format!("no method named `{name}` found for `Instant`"),
                        )
                    }
                })
            }
            other => self.error(
                span,
                format!("no method named `{name}` found for `{}`", other.type_name()),
            ),
        }
    }

    fn native_method(&self, name: &str, n: Rc<Native>, args: Vec<Value>, span: Span) -> R<Value> {
        let arg0 = || args.first().cloned().unwrap_or(Value::Unit);
        match (&*n, name) {
            (Native::JoinHandle { handle, .. }, "abort") => {
                handle.borrow().abort();
                Ok(Value::Unit)
            }
            (Native::JoinHandle { handle, .. }, "is_finished") => {
                Ok(Value::Bool(handle.borrow().is_finished()))
            }
            (Native::JoinSet(_), "spawn") => {
                self.count_task()?;
                let [fut] = one(self, args, "JoinSet::spawn", span)?;
                let name = future_name(&fut);
                let fut = into_future(self, fut, span)?;
                let task_fut = task_body(self.rc(), fut);
                let handle = instrument::spawn_named(&name, Some(self.loc(span)), task_fut);
                let Native::JoinSet(set) = &*n else {
                    unreachable!("matched above")
                };
                let Ok(mut set) = set.try_borrow_mut() else {
                    return self.error(
                        span,
                        "this JoinSet is being awaited (`join_next` borrows it)",
                    );
                };
                set.insert(handle);
                Ok(Value::Unit)
            }
            (Native::Semaphore(sem), "acquire" | "acquire_owned") => {
                one::<0>(self, args, name, span)?;
                let label = if name == "acquire" {
                    "semaphore.acquire()"
                } else {
                    "semaphore.acquire_owned()"
                };
                let wait = sem.clone().acquire_owned_as(label);
                Ok(future(
                    async move {
                        Ok(match wait.await {
                            Ok(p) => Value::ok(native(Native::Permit(RefCell::new(Some(p))))),
                            Err(_) => Value::err(native(Native::AcquireError {
                                tried: false,
                                closed: true,
                            })),
                        })
                    },
                    "acquire",
                    false,
                ))
            }
            (Native::Semaphore(sem), "try_acquire" | "try_acquire_owned") => {
                one::<0>(self, args, name, span)?;
                Ok(match sem.clone().try_acquire_owned() {
                    Ok(p) => Value::ok(native(Native::Permit(RefCell::new(Some(p))))),
                    Err(e) => Value::err(native(Native::AcquireError {
                        tried: true,
                        closed: e == asyncviz_executor::sync::TryAcquireError::Closed,
                    })),
                })
            }
            (Native::Semaphore(sem), "add_permits") => {
                let [n] = one(self, args, "add_permits", span)?;
                let Value::Int(n, _) = self.coerce(n, &Ty::Int(IntTy::Usize), span)? else {
                    return self.error(span, "`add_permits` takes a number of permits");
                };
                let n = permits_arg(self, n, "cannot add more than MAX_PERMITS permits", span)?;
                if n > Semaphore::MAX_PERMITS - sem.available_permits() {
                    return self.panic(
                        span,
                        format!("number of added permits ({n}) would overflow MAX_PERMITS ({TOKIO_MAX_PERMITS})"),
                    );
                }
                sem.add_permits(n);
                Ok(Value::Unit)
            }
            (Native::Notify(notify), "notified") => {
                one::<0>(self, args, "notified", span)?;
                // Created now, not when first polled: a `notify_waiters` between the two
                // reaches it, as in tokio.
                let wait = notify.clone().notified_owned_as("notify.notified()");
                Ok(future(
                    async move {
                        wait.await;
                        Ok(Value::Unit)
                    },
                    "notified",
                    false,
                ))
            }
            (Native::Notify(notify), "notify_one") => {
                notify.notify_one();
                Ok(Value::Unit)
            }
            (Native::Notify(notify), "notify_last") => {
                notify.notify_last();
                Ok(Value::Unit)
            }
            (Native::Notify(notify), "notify_waiters") => {
                notify.notify_waiters();
                Ok(Value::Unit)
            }
            (Native::Semaphore(sem), "available_permits") => {
                Ok(Value::usize(sem.available_permits()))
            }
            (Native::Semaphore(sem), "close") => {
                sem.close();
                Ok(Value::Unit)
            }
            (Native::Semaphore(sem), "is_closed") => Ok(Value::Bool(sem.is_closed())),
            (Native::Permit(p), "forget") => {
                if let Some(p) = p.borrow_mut().take() {
                    p.forget();
                }
                Ok(Value::Unit)
            }
            (Native::JoinSet(set), "len") => Ok(Value::usize(set.borrow().len())),
            (Native::JoinSet(set), "is_empty") => Ok(Value::Bool(set.borrow().is_empty())),
            (Native::JoinSet(set), "abort_all") => {
                set.borrow_mut().abort_all();
                Ok(Value::Unit)
            }
            (Native::JoinSet(set), "detach_all") => {
                set.borrow_mut().detach_all();
                Ok(Value::Unit)
            }
            (Native::JoinSet(set), "try_join_next") => {
                let Ok(mut set) = set.try_borrow_mut() else {
                    return self.error(
                        span,
                        "this JoinSet is being awaited (`join_next` borrows it)",
                    );
                };
                let next = set.try_join_next();
                drop(set);
                Ok(Value::Opt(match next {
                    Some(out) => Some(Rc::new(joined(out, None)?)),
                    None => None,
                }))
            }
            (Native::JoinSet(_), "join_next" | "join_next_with_id" | "join_all" | "shutdown") => {
                Ok(join_set_future(self.rc(), n.clone(), name, span))
            }
            (Native::JoinError(e), "is_cancelled") => Ok(Value::Bool(e.is_cancelled())),
            (Native::JoinError(e), "is_panic") => Ok(Value::Bool(e.is_panic())),
            (Native::BlockingPanic { .. }, "is_cancelled") => Ok(Value::Bool(false)),
            (Native::BlockingPanic { .. }, "is_panic") => Ok(Value::Bool(true)),
            (Native::MpscSender(_), "send") => {
                let v = arg0();
                let owner = n.clone();
                Ok(future(
                    async move {
                        let Native::MpscSender(tx) = &*owner else {
                            unreachable!("matched above")
                        };
                        Ok(match tx.send(v).await {
                            Ok(()) => Value::ok(Value::Unit),
                            Err(e) => Value::err(native(Native::SendError { _value: e.0 })),
                        })
                    },
                    "send",
                    false,
                ))
            }
            (Native::MpscSender(tx), "try_send") => Ok(match tx.try_send(arg0()) {
                Ok(()) => Value::ok(Value::Unit),
                Err(mpsc::error::TrySendError::Full(v)) => {
                    Value::err(native(Native::TrySendError {
                        full: true,
                        _value: v,
                    }))
                }
                Err(mpsc::error::TrySendError::Closed(v)) => {
                    Value::err(native(Native::TrySendError {
                        full: false,
                        _value: v,
                    }))
                }
            }),
            (Native::MpscSender(tx), "is_closed") => Ok(Value::Bool(tx.is_closed())),
            (Native::MpscSender(tx), "capacity") => Ok(Value::usize(tx.capacity())),
            (Native::UnboundedSender(tx), "send") => Ok(match tx.send(arg0()) {
                Ok(()) => Value::ok(Value::Unit),
                Err(e) => Value::err(native(Native::SendError { _value: e.0 })),
            }),
            (Native::UnboundedSender(tx), "is_closed") => Ok(Value::Bool(tx.is_closed())),
            (Native::MpscReceiver(_) | Native::UnboundedReceiver(_), "recv") => {
                let owner = n.clone();
                Ok(future(
                    // `recv` takes `&mut self`: the borrow is held across the await like that
                    // exclusive borrow; a second concurrent `recv` gets an error, not a panic.
                    #[allow(clippy::await_holding_refcell_ref)]
                    async move {
                        let v = match &*owner {
                            Native::MpscReceiver(rx) => {
                                let Ok(mut rx) = rx.try_borrow_mut() else {
                                    return Err(Flow::Error(Box::new(crate::Diagnostic::error(
                                        span,
                                        "this receiver is already being polled",
                                    ))));
                                };
                                rx.recv().await
                            }
                            Native::UnboundedReceiver(rx) => {
                                let Ok(mut rx) = rx.try_borrow_mut() else {
                                    return Err(Flow::Error(Box::new(crate::Diagnostic::error(
                                        span,
                                        "this receiver is already being polled",
                                    ))));
                                };
                                rx.recv().await
                            }
                            _ => unreachable!("matched above"),
                        };
                        Ok(Value::Opt(v.map(Rc::new)))
                    },
                    "recv",
                    false,
                ))
            }
            (Native::MpscReceiver(rx), "try_recv") => {
                let r = rx.try_borrow_mut().map(|mut r| r.try_recv());
                Ok(match r {
                    Ok(Ok(v)) => Value::ok(v),
                    Ok(Err(e)) => Value::err(native(Native::TryRecvError {
                        closed: e == mpsc::error::TryRecvError::Disconnected,
                        oneshot: false,
                    })),
                    Err(_) => return self.error(span, "this receiver is already being polled"),
                })
            }
            (Native::UnboundedReceiver(rx), "try_recv") => {
                let r = rx.try_borrow_mut().map(|mut r| r.try_recv());
                Ok(match r {
                    Ok(Ok(v)) => Value::ok(v),
                    Ok(Err(e)) => Value::err(native(Native::TryRecvError {
                        closed: e == mpsc::error::TryRecvError::Disconnected,
                        oneshot: false,
                    })),
                    Err(_) => return self.error(span, "this receiver is already being polled"),
                })
            }
            (Native::MpscReceiver(rx), "close") => {
                if let Ok(mut r) = rx.try_borrow_mut() {
                    r.close();
                }
                Ok(Value::Unit)
            }
            (Native::UnboundedReceiver(rx), "close") => {
                if let Ok(mut r) = rx.try_borrow_mut() {
                    r.close();
                }
                Ok(Value::Unit)
            }
            (Native::OneshotSender(slot), "send") => {
                let Some(tx) = slot.borrow_mut().take() else {
                    return self.error(
                        span,
                        "use of moved value: this oneshot sender was already used",
                    );
                };
                Ok(match tx.send(arg0()) {
                    Ok(()) => Value::ok(Value::Unit),
                    Err(v) => Value::err(v),
                })
            }
            (Native::OneshotSender(slot), "is_closed") => Ok(Value::Bool(
                slot.borrow().as_ref().is_none_or(|t| t.is_closed()),
            )),
            (Native::OneshotReceiver { rx, .. }, "try_recv") => {
                let r = rx.try_borrow_mut().map(|mut r| r.try_recv());
                Ok(match r {
                    Ok(Ok(v)) => Value::ok(v),
                    Ok(Err(e)) => Value::err(native(Native::TryRecvError {
                        closed: e == oneshot::error::TryRecvError::Closed,
                        oneshot: true,
                    })),
                    Err(_) => return self.error(span, "this receiver is already being polled"),
                })
            }
            (Native::OneshotReceiver { rx, .. }, "close") => {
                if let Ok(mut r) = rx.try_borrow_mut() {
                    r.close();
                }
                Ok(Value::Unit)
            }
            (Native::Mutex { lock, data }, "lock") => Ok(lock_future(lock.clone(), data.clone())),
            (Native::Mutex { lock, data }, "try_lock") => Ok(try_lock(lock.clone(), data.clone())),
            (Native::RwLock { lock, data }, "read" | "write") => {
                Ok(rwlock_future(lock.clone(), data.clone(), name == "write"))
            }
            (Native::RwLock { lock, data }, "try_read" | "try_write") => {
                Ok(rwlock_try(lock.clone(), data.clone(), name == "try_write"))
            }
            (Native::RwLock { data, .. }, "into_inner") => Ok(data.borrow().clone()),
            (Native::RwLock { data, .. }, "get_mut") => Ok(Value::Ref(Rc::new(Place {
                root: PlaceRoot::Cell(data.clone()),
                path: Vec::new(),
                mutable: true,
            }))),
            (Native::Mutex { data, .. }, "into_inner") => Ok(data.borrow().clone()),
            (Native::Mutex { data, .. }, "get_mut") => Ok(Value::Ref(Rc::new(Place {
                root: PlaceRoot::Cell(data.clone()),
                path: Vec::new(),
                mutable: true,
            }))),
            (Native::StdMutex { locked, data }, "lock" | "try_lock") => {
                if locked.get() {
                    if name == "try_lock" {
                        return Ok(Value::err(native(Native::StdWouldBlock)));
                    }
                    return self.error(
                        span,
                        "deadlock: `std::sync::Mutex::lock` was called while the lock is held; on this one thread it would block forever",
                    );
                }
                locked.set(true);
                Ok(Value::ok(native(Native::StdGuard(StdGuard {
                    locked: locked.clone(),
                    data: data.clone(),
                }))))
            }
            (Native::StdMutex { data, .. }, "into_inner") => Ok(Value::ok(data.borrow().clone())),
            (Native::StdMutex { data, .. }, "get_mut") => {
                Ok(Value::ok(Value::Ref(Rc::new(Place {
                    root: PlaceRoot::Cell(data.clone()),
                    path: Vec::new(),
                    mutable: true,
                }))))
            }
            (Native::Interval { .. }, "tick") => {
                let owner = n.clone();
                Ok(future(
                    async move {
                        let Native::Interval { next, period } = &*owner else {
                            unreachable!("matched above")
                        };
                        let deadline = next.get();
                        let now = asyncviz_executor::time::Instant::now();
                        let now_ns = now.as_nanos_since_start();
                        if deadline > now_ns {
                            let at = now
                                .checked_add(Duration::from_nanos(deadline - now_ns))
                                .unwrap_or(now);
                            asyncviz_executor::time::sleep_until(at).await;
                        }
                        // Advanced only when the tick completes, so `tick()` is cancel safe.
                        next.set(deadline + period);
                        Ok(Value::Instant(deadline))
                    },
                    "tick",
                    false,
                ))
            }
            (Native::Interval { period, .. }, "period") => Ok(Value::Duration(*period)),
            (Native::Interval { next, period }, "reset") => {
                next.set(instrument::now().as_nanos() as u64 + period);
                Ok(Value::Unit)
            }
            (Native::Atomic { value, ty }, _) => self.atomic_method(name, value, *ty, args, span),
            (other, _) => self.error(
                span,
                format!("no method named `{name}` found for `{}`", other.type_name()),
            ),
        }
    }

    fn atomic_method(
        &self,
        name: &str,
        value: &RefCell<Value>,
        ty: Option<IntTy>,
        args: Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let arg = |i: usize| -> R<Value> {
            let v = match args.get(i) {
                Some(v) => self.deref_all(v.clone(), span)?,
                None => return self.error(span, format!("`{name}` expects more arguments")),
            };
            match ty {
                Some(t) => self.coerce(v, &Ty::Int(t), span),
                None => Ok(v),
            }
        };
        let cur = value.borrow().clone();
        Ok(match name {
            "load" | "into_inner" => cur,
            "store" => {
                *value.borrow_mut() = arg(0)?;
                Value::Unit
            }
            "swap" => std::mem::replace(&mut *value.borrow_mut(), arg(0)?),
            "fetch_add" | "fetch_sub" => {
                let (Value::Int(a, t), Value::Int(b, _)) = (&cur, arg(0)?) else {
                    return self.error(span, format!("`{name}` needs an atomic integer"));
                };
                // Atomic arithmetic wraps around on overflow.
                let x = int_value(*a, *t);
                let y = int_value(b, *t);
                let r = if name == "fetch_add" { x + y } else { x - y };
                let wrapped = crate::ops::cast(
                    self,
                    Value::Int(r as i64, IntTy::I64),
                    CastTy::Int(*t),
                    span,
                )?;
                *value.borrow_mut() = wrapped;
                cur
            }
            "compare_exchange" => {
                let expected = arg(0)?;
                if crate::ops::values_eq(self, &cur, &expected, span)? {
                    *value.borrow_mut() = arg(1)?;
                    Value::ok(cur)
                } else {
                    Value::err(cur)
                }
            }
            _ => {
                return self.error(
                    span,
                    format!("no method named `{name}` found for an atomic"),
                )
            }
        })
    }
}

fn mask(ty: IntTy) -> u64 {
    if ty.bits() == 64 {
        u64::MAX
    } else {
        (1u64 << ty.bits()) - 1
    }
}
