//! The value model.
//!
//! Values follow Rust's value semantics with cheap copies: containers sit behind `Rc` and are
//! copied on write (`Rc::make_mut`), so `clone()` is O(1) and mutation of an unshared value is in
//! place. Moving a non-`Copy` value out of a variable leaves [`Value::Moved`] behind, so the drop
//! of resources (senders, guards, handles) happens where Rust would drop them.

use crate::builtins::Native;
use crate::ir::{ClosureDef, FnId, StructDef};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// The integer types the interpreter knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntTy {
    I8,
    I16,
    I32,
    I64,
    Isize,
    U8,
    U16,
    U32,
    U64,
    Usize,
    /// An unsuffixed literal whose type is not known yet. It behaves as `i32` (Rust's default)
    /// until it meets a typed integer, whose type it then takes.
    Lit,
}

impl IntTy {
    /// The smallest and largest value of the type.
    pub(crate) fn range(self) -> (i128, i128) {
        match self {
            IntTy::I8 => (i8::MIN as i128, i8::MAX as i128),
            IntTy::I16 => (i16::MIN as i128, i16::MAX as i128),
            IntTy::I32 | IntTy::Lit => (i32::MIN as i128, i32::MAX as i128),
            IntTy::I64 | IntTy::Isize => (i64::MIN as i128, i64::MAX as i128),
            IntTy::U8 => (0, u8::MAX as i128),
            IntTy::U16 => (0, u16::MAX as i128),
            IntTy::U32 => (0, u32::MAX as i128),
            IntTy::U64 | IntTy::Usize => (0, u64::MAX as i128),
        }
    }

    /// Whether values of the type are stored as the bit pattern of a `u64`.
    pub(crate) fn is_wide_unsigned(self) -> bool {
        matches!(self, IntTy::U64 | IntTy::Usize)
    }

    /// Whether the type is signed.
    pub(crate) fn signed(self) -> bool {
        matches!(
            self,
            IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64 | IntTy::Isize | IntTy::Lit
        )
    }

    /// The width in bits.
    pub(crate) fn bits(self) -> u32 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 | IntTy::Lit => 32,
            _ => 64,
        }
    }

    /// The Rust name of the type.
    pub(crate) fn name(self) -> &'static str {
        match self {
            IntTy::I8 => "i8",
            IntTy::I16 => "i16",
            IntTy::I32 | IntTy::Lit => "i32",
            IntTy::I64 => "i64",
            IntTy::Isize => "isize",
            IntTy::U8 => "u8",
            IntTy::U16 => "u16",
            IntTy::U32 => "u32",
            IntTy::U64 => "u64",
            IntTy::Usize => "usize",
        }
    }

    /// Parses a type name such as `u64`.
    pub(crate) fn from_name(name: &str) -> Option<IntTy> {
        Some(match name {
            "i8" => IntTy::I8,
            "i16" => IntTy::I16,
            "i32" => IntTy::I32,
            "i64" => IntTy::I64,
            "isize" => IntTy::Isize,
            "u8" => IntTy::U8,
            "u16" => IntTy::U16,
            "u32" => IntTy::U32,
            "u64" => IntTy::U64,
            "usize" => IntTy::Usize,
            _ => return None,
        })
    }

    /// The type two operands share: a literal takes the other side's type.
    pub(crate) fn unify(self, other: IntTy) -> IntTy {
        if self == IntTy::Lit {
            other
        } else {
            self
        }
    }
}

/// Builds an integer value from a mathematical value, if it fits the type.
pub(crate) fn make_int(v: i128, ty: IntTy) -> Option<Value> {
    let (lo, hi) = ty.range();
    if v < lo || v > hi {
        return None;
    }
    let stored = if ty.is_wide_unsigned() {
        v as u64 as i64
    } else {
        v as i64
    };
    Some(Value::Int(stored, ty))
}

/// The mathematical value of a stored integer.
#[inline]
pub(crate) fn int_value(stored: i64, ty: IntTy) -> i128 {
    if ty.is_wide_unsigned() {
        stored as u64 as i128
    } else {
        stored as i128
    }
}

/// The future behind a [`Value::Future`]: a boxed interpreter future plus what the pin panel
/// wants to know about it.
pub(crate) type BoxFuture = Pin<Box<dyn Future<Output = Result<Value, crate::eval::Flow>>>>;

/// What a [`FutureCell`] polls. The commonest runtime futures are stored unboxed.
pub(crate) enum FutKind {
    /// An interpreter future (async fn, async block) or a wrapped runtime future.
    Boxed(BoxFuture),
    /// `tokio::task::yield_now()`.
    Yield(asyncviz_executor::YieldNow),
    /// `tokio::time::sleep(..)`.
    Sleep(asyncviz_executor::time::Sleep),
}

impl FutKind {
    /// Polls the future.
    pub(crate) fn poll(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<Value, crate::eval::Flow>> {
        use std::task::Poll;
        match self {
            FutKind::Boxed(f) => f.as_mut().poll(cx),
            FutKind::Yield(y) => match Pin::new(y).poll(cx) {
                Poll::Ready(()) => Poll::Ready(Ok(Value::Unit)),
                Poll::Pending => Poll::Pending,
            },
            FutKind::Sleep(s) => match Pin::new(s).poll(cx) {
                Poll::Ready(()) => Poll::Ready(Ok(Value::Unit)),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// A lazy future value: an async fn call, an async block, or a runtime future (`sleep`, ...).
pub(crate) struct FutureCell {
    /// `None` once the future has completed.
    pub(crate) fut: RefCell<Option<FutKind>>,
    /// Whether it completed.
    pub(crate) done: std::cell::Cell<bool>,
    /// Whether it was pinned (`pin!`, `Box::pin`), so it may be polled through `&mut`.
    pub(crate) pinned: std::cell::Cell<bool>,
    /// Whether the future type is `Unpin` (tokio's `JoinHandle`-like futures are; async blocks are not).
    pub(crate) unpin: bool,
    /// A display name, e.g. `worker` or `sleep`.
    pub(crate) name: FutName,
}

/// A future's display name, without allocating for the builtin ones.
#[derive(Clone)]
pub(crate) enum FutName {
    /// A builtin future, e.g. `sleep`.
    Static(&'static str),
    /// An async fn or block, by its (shared) name.
    Shared(Rc<str>),
}

impl fmt::Display for FutName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FutName::Static(s) => f.write_str(s),
            FutName::Shared(s) => f.write_str(s),
        }
    }
}

impl FutureCell {
    /// Wraps a future.
    pub(crate) fn new(fut: BoxFuture, name: FutName, unpin: bool) -> Rc<FutureCell> {
        FutureCell::of(FutKind::Boxed(fut), name, unpin)
    }

    /// Wraps a future of any kind.
    pub(crate) fn of(fut: FutKind, name: FutName, unpin: bool) -> Rc<FutureCell> {
        Rc::new(FutureCell {
            fut: RefCell::new(Some(fut)),
            done: std::cell::Cell::new(false),
            pinned: std::cell::Cell::new(false),
            unpin,
            name,
        })
    }
}

/// A user struct value.
///
/// Invariant: copies made by copy-on-write (`Rc::make_mut`) share one `token`, because they are
/// one Rust value; the struct's `impl Drop` runs when the last of them is dropped. A semantic
/// `clone()` makes a new value with a new token.
#[derive(Clone)]
pub(crate) struct StructVal {
    /// Which struct.
    pub(crate) def: Rc<StructDef>,
    /// Field values, in declaration order.
    pub(crate) fields: Vec<Value>,
    /// Present for structs with `impl Drop` whose drop has not run yet.
    pub(crate) token: Option<Rc<DropToken>>,
}

/// The identity of one value of a struct with `impl Drop` (see [`StructVal`]).
pub(crate) struct DropToken;

impl StructVal {
    /// A new struct value.
    pub(crate) fn new(def: Rc<StructDef>, fields: Vec<Value>) -> StructVal {
        let token = def.drop_fn.get().map(|_| Rc::new(DropToken));
        StructVal { def, fields, token }
    }
}

impl Drop for StructVal {
    fn drop(&mut self) {
        let Some(token) = self.token.take() else {
            return;
        };
        if Rc::strong_count(&token) > 1 {
            return;
        }
        if let Some(id) = self.def.drop_fn.get() {
            crate::eval::run_drop(id, self.def.clone(), std::mem::take(&mut self.fields));
        }
    }
}

/// A closure value: its code and the frame it was created in.
pub(crate) struct Closure {
    /// The code.
    pub(crate) def: Rc<ClosureDef>,
    /// The enclosing frame (for non-`move` closures), or the captured values' frame.
    pub(crate) env: Option<Rc<crate::eval::Frame>>,
    /// For `move` closures: the captured values by slot, copied into each call's frame and
    /// back, so `FnMut` state persists.
    pub(crate) captured: RefCell<Vec<Value>>,
}

/// A range value such as `0..10` or `'a'..='z'`.
#[derive(Clone)]
pub(crate) struct RangeVal {
    /// Start, if any.
    pub(crate) start: Option<Value>,
    /// End, if any.
    pub(crate) end: Option<Value>,
    /// `..=`.
    pub(crate) inclusive: bool,
}

/// Where a reference points: a variable's slot, a temporary, or the inside of a guard, plus a
/// path of field and index projections.
#[derive(Clone)]
pub(crate) struct Place {
    /// The root.
    pub(crate) root: PlaceRoot,
    /// Projections from the root, outermost first.
    pub(crate) path: Vec<Proj>,
    /// Whether this is a `&mut` reference.
    pub(crate) mutable: bool,
}

/// The root of a [`Place`].
#[derive(Clone)]
pub(crate) enum PlaceRoot {
    /// A slot of a frame.
    Slot(Rc<crate::eval::Frame>, u32),
    /// A heap cell: a temporary, or the value a mutex guard protects.
    Cell(Rc<RefCell<Value>>),
}

/// One step from a value to a part of it.
#[derive(Clone, Copy)]
pub(crate) enum Proj {
    /// A struct field or tuple element, by index.
    Field(u32),
    /// A vector or array element.
    Index(usize),
    /// The payload of `Some`, `Ok` or `Err`.
    Payload,
    /// A subslice `[start..end]` of a vector or array; only ever the last projection.
    Range(usize, usize),
}

/// An iterator's state.
pub(crate) enum IterState {
    /// Over a vector's (or array's) elements, from the front and the back.
    Seq {
        items: Rc<Vec<Value>>,
        front: usize,
        back: usize,
    },
    /// Over the elements of a vector seen through a reference, yielding references.
    SeqRef {
        place: Place,
        front: usize,
        back: usize,
    },
    /// Over an integer range; `end` is exclusive, `None` for `start..`.
    Range {
        next: i128,
        end: Option<i128>,
        back: i128,
        ty: IntTy,
    },
    /// Over a char range.
    Chars {
        items: Vec<char>,
        front: usize,
        back: usize,
    },
    /// `map`.
    Map(Box<IterState>, Value),
    /// `filter`.
    Filter(Box<IterState>, Value),
    /// `filter_map`.
    FilterMap(Box<IterState>, Value),
    /// `enumerate`, with the next index.
    Enumerate(Box<IterState>, usize),
    /// `rev`.
    Rev(Box<IterState>),
    /// `zip`.
    Zip(Box<IterState>, Box<IterState>),
    /// `take`, with how many remain.
    Take(Box<IterState>, usize),
    /// `skip`, with how many to skip first.
    Skip(Box<IterState>, usize),
    /// `step_by`, with the step and whether the first element was yielded.
    StepBy(Box<IterState>, usize, bool),
    /// `chain`, with whether the first is exhausted.
    Chain(Box<IterState>, Box<IterState>),
    /// `take_while`, with whether it has stopped.
    TakeWhile(Box<IterState>, Value, bool),
    /// `skip_while`, with whether it has started yielding.
    SkipWhile(Box<IterState>, Value, bool),
    /// `cloned`, `copied`: dereferences each item.
    Deref(Box<IterState>),
}

/// A runtime value.
#[derive(Clone)]
pub(crate) enum Value {
    /// `()`.
    Unit,
    /// `bool`.
    Bool(bool),
    /// An integer: its stored bits and type (see [`int_value`]).
    Int(i64, IntTy),
    /// `f64`.
    Float(f64),
    /// `char`.
    Char(char),
    /// A `&str`.
    Str(Rc<str>),
    /// A `String`.
    String(Rc<String>),
    /// A tuple (never empty: `()` is [`Value::Unit`]).
    Tuple(Rc<Vec<Value>>),
    /// An array `[T; N]`.
    Array(Rc<Vec<Value>>),
    /// A `Vec<T>`.
    Vec(Rc<Vec<Value>>),
    /// `Option<T>`.
    Opt(Option<Rc<Value>>),
    /// `Result<T, E>`.
    Res(Result<Rc<Value>, Rc<Value>>),
    /// A user struct.
    Struct(Rc<StructVal>),
    /// A range.
    Range(Rc<RangeVal>),
    /// A reference (`&` or `&mut`).
    Ref(Rc<Place>),
    /// A function item.
    Func(FnId),
    /// A closure.
    Closure(Rc<Closure>),
    /// A builtin function used as a value (`Some` in `.map(Some)`).
    Builtin(crate::ir::Builtin),
    /// A lazy future.
    Future(Rc<FutureCell>),
    /// An iterator.
    Iter(Rc<RefCell<IterState>>),
    /// A `Duration`, in nanoseconds.
    Duration(u64),
    /// An `Instant`, as virtual nanoseconds since the runtime started.
    Instant(u64),
    /// An `Arc<T>`.
    Arc(Rc<Value>),
    /// A runtime object (channel ends, handles, mutexes, guards, errors).
    Native(Rc<Native>),
    /// What a variable holds after its value was moved out (or before it is initialized).
    Moved,
}

impl Value {
    /// A `String` value.
    pub(crate) fn string(s: String) -> Value {
        Value::String(Rc::new(s))
    }

    /// A `&'static str` value.
    pub(crate) fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// A `usize` value.
    pub(crate) fn usize(n: usize) -> Value {
        Value::Int(n as i64, IntTy::Usize)
    }

    /// `Some(v)`.
    pub(crate) fn some(v: Value) -> Value {
        Value::Opt(Some(Rc::new(v)))
    }

    /// `Ok(v)`.
    pub(crate) fn ok(v: Value) -> Value {
        Value::Res(Ok(Rc::new(v)))
    }

    /// `Err(v)`.
    pub(crate) fn err(v: Value) -> Value {
        Value::Res(Err(Rc::new(v)))
    }

    /// The text of a `&str` or `String`.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Whether moving this value copies it (Rust's `Copy`), so the source stays usable.
    pub(crate) fn is_copy(&self) -> bool {
        match self {
            Value::Unit
            | Value::Bool(_)
            | Value::Int(..)
            | Value::Float(_)
            | Value::Char(_)
            | Value::Str(_)
            | Value::Func(_)
            | Value::Closure(_)
            | Value::Builtin(_)
            | Value::Duration(_)
            | Value::Instant(_)
            | Value::Moved => true,
            Value::Ref(p) => !p.mutable,
            Value::Tuple(items) | Value::Array(items) => items.iter().all(Value::is_copy),
            Value::Opt(o) => o.as_ref().is_none_or(|v| v.is_copy()),
            Value::Res(r) => match r {
                Ok(v) | Err(v) => v.is_copy(),
            },
            Value::Range(_) => false,
            Value::Struct(s) => s.def.derives.copy,
            Value::String(_)
            | Value::Vec(_)
            | Value::Future(_)
            | Value::Iter(_)
            | Value::Arc(_)
            | Value::Native(_) => false,
        }
    }

    /// A short name of the value's type, for error messages.
    pub(crate) fn type_name(&self) -> String {
        match self {
            Value::Unit => "()".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_, t) => t.name().into(),
            Value::Float(_) => "f64".into(),
            Value::Char(_) => "char".into(),
            Value::Str(_) => "&str".into(),
            Value::String(_) => "String".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Array(_) => "array".into(),
            Value::Vec(_) => "Vec".into(),
            Value::Opt(_) => "Option".into(),
            Value::Res(_) => "Result".into(),
            Value::Struct(s) => match &s.def.variant {
                Some((e, _)) => e.to_string(),
                None => s.def.name.to_string(),
            },
            Value::Range(_) => "Range".into(),
            Value::Ref(_) => "reference".into(),
            Value::Func(_) => "fn item".into(),
            Value::Closure(_) => "closure".into(),
            Value::Builtin(b) => b.name().into(),
            Value::Future(_) => "future".into(),
            Value::Iter(_) => "iterator".into(),
            Value::Duration(_) => "Duration".into(),
            Value::Instant(_) => "Instant".into(),
            Value::Arc(inner) => format!("Arc<{}>", inner.type_name()),
            Value::Native(n) => n.type_name().into(),
            Value::Moved => "moved value".into(),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only for our own debugging; user-visible formatting lives in `format.rs`.
        f.write_str(&self.type_name())
    }
}
