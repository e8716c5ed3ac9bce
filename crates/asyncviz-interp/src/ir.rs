//! The lowered program the evaluator runs.
//!
//! `check.rs` builds it from syn's tree. Names are resolved: a local is a frame slot reached
//! through `depth` parent links, a function is an index, a tokio or std path is a [`Builtin`].
//! Every expression knows whether it contains an `.await` (outside nested closures and async
//! blocks), so the evaluator runs await-free code synchronously and only boxes futures where
//! a suspension can happen.

use crate::diagnostic::Span;
use crate::format::FormatStr;
use crate::value::{IntTy, Value};
use std::rc::Rc;

/// Index of a function in [`Program::fns`].
pub(crate) type FnId = u32;
/// Index of a struct in [`Program::structs`].
pub(crate) type StructId = u32;
/// Index of a constant in [`Program::consts`].
pub(crate) type ConstId = u32;
/// A loop's identity, for `break` and `continue`.
pub(crate) type LoopId = u32;

/// A lowered program.
pub(crate) struct Program {
    /// Functions and methods.
    pub(crate) fns: Vec<Rc<FnDef>>,
    /// Structs.
    pub(crate) structs: Vec<Rc<StructDef>>,
    /// Constants.
    pub(crate) consts: Vec<ConstDef>,
    /// The `main` function.
    pub(crate) main: Option<FnId>,
    /// What `#[tokio::main]` said.
    pub(crate) main_attr: MainAttr,
}

/// The arguments of `#[tokio::main]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct MainAttr {
    /// Whether `main` carries `#[tokio::main]`.
    pub(crate) present: bool,
    /// `flavor = "..."`; `multi_thread` when absent, like tokio.
    pub(crate) flavor: Option<String>,
    /// `worker_threads = N`.
    pub(crate) worker_threads: Option<u32>,
    /// `start_paused = true`.
    pub(crate) start_paused: bool,
}

/// A frame's layout: how many slots, and each slot's variable name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    /// Slot names, indexed by slot.
    pub(crate) names: Vec<Rc<str>>,
}

/// How a method takes `self`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SelfMode {
    /// `self`.
    Value,
    /// `&self`.
    Ref,
    /// `&mut self`.
    RefMut,
}

/// A function or method.
pub(crate) struct FnDef {
    /// Display name, e.g. `worker` or `Counter::incr`.
    pub(crate) name: Rc<str>,
    /// The last segment of the name (`incr`), which names its futures' tasks.
    pub(crate) short_name: Rc<str>,
    /// Parameters, including `self` (as slot 0) for methods.
    pub(crate) params: Vec<Param>,
    /// How a method takes `self`.
    pub(crate) self_mode: Option<SelfMode>,
    /// The declared return type.
    pub(crate) ret: Ty,
    /// `async fn`.
    pub(crate) is_async: bool,
    /// The body.
    pub(crate) body: Block,
    /// The frame layout.
    pub(crate) layout: Layout,
    /// The signature's span.
    pub(crate) span: Span,
}

/// A parameter.
pub(crate) struct Param {
    /// Its pattern.
    pub(crate) pat: Pat,
    /// Its type.
    pub(crate) ty: Ty,
}

/// Methods by name, shared by the variants of an enum.
pub(crate) type MethodTable = Rc<std::cell::RefCell<Vec<(Rc<str>, FnId)>>>;

/// Which standard traits a struct derives.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Derives {
    /// `Debug`.
    pub(crate) debug: bool,
    /// `Clone`.
    pub(crate) clone: bool,
    /// `Copy`.
    pub(crate) copy: bool,
    /// `PartialEq`.
    pub(crate) eq: bool,
    /// `PartialOrd`.
    pub(crate) ord: bool,
    /// `Default`.
    pub(crate) default: bool,
}

/// A struct with named fields (or a unit struct).
pub(crate) struct StructDef {
    /// The name.
    pub(crate) name: Rc<str>,
    /// Field names.
    pub(crate) fields: Vec<Rc<str>>,
    /// Field types.
    pub(crate) field_tys: Vec<Ty>,
    /// Derived traits.
    pub(crate) derives: Derives,
    /// Methods and associated functions, by name (shared by the variants of an enum).
    pub(crate) methods: MethodTable,
    /// For an enum variant: the enum's name and the variant's index.
    pub(crate) variant: Option<(Rc<str>, u32)>,
    /// `impl Drop`: the `drop` method, run when a value of the struct is dropped.
    pub(crate) drop_fn: std::cell::Cell<Option<FnId>>,
    /// Whether it is a unit struct (`struct Marker;`).
    pub(crate) unit: bool,
    /// Whether it is a tuple struct (`struct Meters(u32);`), whose fields are named `0`, `1`, ...
    pub(crate) tuple: bool,
}

impl StructDef {
    /// The index of a field.
    pub(crate) fn field(&self, name: &str) -> Option<u32> {
        self.fields
            .iter()
            .position(|f| &**f == name)
            .map(|i| i as u32)
    }

    /// A method or associated function.
    pub(crate) fn method(&self, name: &str) -> Option<FnId> {
        self.methods
            .borrow()
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, id)| *id)
    }
}

/// A `const` item.
pub(crate) struct ConstDef {
    /// Its type.
    pub(crate) ty: Ty,
    /// Its value's expression (evaluated once, in an empty frame).
    pub(crate) expr: Expr,
    /// Slots its expression needs (for blocks inside it).
    pub(crate) layout: Layout,
}

/// A type, as far as the interpreter needs one: to give unsuffixed literals their type.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// Unknown or irrelevant.
    Infer,
    /// An integer type.
    Int(IntTy),
    /// `f64`.
    Float,
    /// `String` (so `collect()` into a `String` annotation builds a string).
    String,
    /// `bool` (for `#[derive(Default)]`).
    Bool,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `[T; N]` or `[T]`.
    Array(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `Result<T, E>`.
    Result(Box<Ty>, Box<Ty>),
    /// A tuple.
    Tuple(Vec<Ty>),
    /// `&T`, `&mut T`, `Box<T>`, `Arc<T>`: coercion looks through it.
    Wrap(Box<Ty>),
}

impl Ty {
    /// Whether coercing to this type can change a value.
    pub(crate) fn matters(&self) -> bool {
        match self {
            Ty::Infer | Ty::Bool => false,
            Ty::Int(_) | Ty::Float | Ty::String => true,
            Ty::Vec(t) | Ty::Array(t) | Ty::Option(t) | Ty::Wrap(t) => t.matters(),
            Ty::Result(a, b) => a.matters() || b.matters(),
            Ty::Tuple(ts) => ts.iter().any(Ty::matters),
        }
    }
}

/// A lexical block.
pub(crate) struct Block {
    /// Statements.
    pub(crate) stmts: Vec<Stmt>,
    /// The tail expression, if any.
    pub(crate) tail: Option<Box<Expr>>,
    /// Slots declared in this block (and blocks nested in it), dropped in reverse on exit.
    pub(crate) scope: SlotRange,
    /// Whether anything in it awaits.
    pub(crate) has_await: bool,
}

/// Slots a scope declares, dropped in reverse order when the scope ends.
pub(crate) type SlotRange = Vec<u32>;

/// A statement.
pub(crate) enum Stmt {
    /// `let pat: ty = init else { ... };`
    Let {
        /// The pattern.
        pat: Pat,
        /// The annotated type.
        ty: Ty,
        /// The initializer.
        init: Option<Expr>,
        /// The `else` block of `let ... else`.
        els: Option<Box<Block>>,
        /// Whether the initializer awaits.
        has_await: bool,
        /// The statement's span.
        span: Span,
    },
    /// An expression statement (with or without a semicolon).
    Expr(Expr),
}

impl Stmt {
    /// Whether the statement awaits.
    pub(crate) fn has_await(&self) -> bool {
        match self {
            Stmt::Let { has_await, .. } => *has_await,
            Stmt::Expr(e) => e.has_await,
        }
    }
}

/// A variable reference: `depth` parent links up, then a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VarRef {
    /// How many frames up.
    pub(crate) depth: u32,
    /// Which slot.
    pub(crate) slot: u32,
}

/// An expression.
pub(crate) struct Expr {
    /// What it is.
    pub(crate) kind: ExprKind,
    /// Where.
    pub(crate) span: Span,
    /// Whether it contains an `.await` (not counting nested closures and async blocks).
    pub(crate) has_await: bool,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnOp {
    /// `-`.
    Neg,
    /// `!`.
    Not,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    /// The operator's verb in Rust's overflow message ("attempt to add with overflow").
    pub(crate) fn verb(self) -> &'static str {
        match self {
            BinOp::Add => "add",
            BinOp::Sub => "subtract",
            BinOp::Mul => "multiply",
            BinOp::Div => "divide",
            BinOp::Rem => "calculate the remainder",
            BinOp::Shl => "shift left",
            BinOp::Shr => "shift right",
            _ => "compute",
        }
    }
}

/// What a call calls.
pub(crate) enum Callee {
    /// A user function.
    Fn(FnId),
    /// A builtin.
    Builtin(Builtin),
    /// A value: a closure or function in a variable.
    Value(Box<Expr>),
}

/// The target type of an `as` cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CastTy {
    /// An integer type.
    Int(IntTy),
    /// `f64`.
    Float,
    /// `char`.
    Char,
}

/// A `match` arm.
pub(crate) struct Arm {
    /// The pattern.
    pub(crate) pat: Pat,
    /// The guard.
    pub(crate) guard: Option<Expr>,
    /// The body.
    pub(crate) body: Expr,
    /// Slots the pattern binds.
    pub(crate) scope: SlotRange,
}

/// A condition of `if` or `while`: a boolean, or `let pat = expr`.
pub(crate) enum Cond {
    /// A boolean expression.
    Bool(Expr),
    /// `let pat = expr`.
    Let(Pat, Expr),
}

impl Cond {
    /// Whether the condition awaits.
    pub(crate) fn has_await(&self) -> bool {
        match self {
            Cond::Bool(e) | Cond::Let(_, e) => e.has_await,
        }
    }
}

/// A format macro's arguments: the parsed string and the argument expressions it refers to.
pub(crate) struct FormatArgs {
    /// The parsed format string.
    pub(crate) fmt: Rc<FormatStr>,
    /// Argument expressions, in the order the pieces index them.
    pub(crate) args: Vec<Expr>,
}

/// Which stream a print macro writes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrintTarget {
    /// `print!`/`println!`.
    Stdout,
    /// `eprint!`/`eprintln!`.
    Stderr,
}

/// A closure.
pub(crate) struct ClosureDef {
    /// Parameter patterns.
    pub(crate) params: Vec<Pat>,
    /// Parameter types.
    pub(crate) param_tys: Vec<Ty>,
    /// The body.
    pub(crate) body: Expr,
    /// Its frame layout.
    pub(crate) layout: Layout,
    /// For `move` closures: captured variables, copied (or moved) into these slots.
    pub(crate) captures: Option<Vec<Capture>>,
}

/// An async block.
pub(crate) struct AsyncDef {
    /// The body.
    pub(crate) body: Block,
    /// Its frame layout.
    pub(crate) layout: Layout,
    /// For `async move`: captured variables, moved into these slots when the block is created.
    pub(crate) captures: Option<Vec<Capture>>,
    /// A display name, e.g. `async block in main`.
    pub(crate) name: Rc<str>,
}

/// A variable captured by a `move` closure or block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Capture {
    /// The variable, as seen from the enclosing frame.
    pub(crate) from: VarRef,
    /// The slot it lands in.
    pub(crate) to: u32,
}

/// One arm of `select!`.
pub(crate) struct SelectArm {
    /// The pattern the output must match.
    pub(crate) pat: Pat,
    /// The future expression.
    pub(crate) fut: Expr,
    /// The precondition (`, if cond`).
    pub(crate) cond: Option<Expr>,
    /// The handler.
    pub(crate) body: Expr,
    /// Slots the pattern binds.
    pub(crate) scope: SlotRange,
}

/// A `select!`.
pub(crate) struct SelectDef {
    /// `biased;`.
    pub(crate) biased: bool,
    /// The arms.
    pub(crate) arms: Vec<SelectArm>,
    /// The `else` arm.
    pub(crate) els: Option<Expr>,
}

/// An await point's identity for the pin/state panel.
pub(crate) struct AwaitInfo {
    /// What is awaited, as source text.
    pub(crate) label: Rc<str>,
    /// Where the `.await` (or the macro) is.
    pub(crate) at: Span,
    /// The locals in scope, by name and slot (of the awaiting frame).
    pub(crate) locals: Vec<(Rc<str>, u32)>,
}

/// The kinds of expression.
pub(crate) enum ExprKind {
    /// A literal or a constant folded at lowering.
    Lit(Value),
    /// A local variable, with its name for messages.
    Var(VarRef, Rc<str>),
    /// A `const`.
    Const(ConstId),
    /// A function item as a value.
    FnRef(FnId),
    /// A builtin function as a value, e.g. `Some` in `.map(Some)`.
    BuiltinRef(Builtin),
    /// A call.
    Call(Callee, Vec<Expr>),
    /// A method call.
    MethodCall {
        /// The receiver.
        recv: Box<Expr>,
        /// The method.
        method: Rc<str>,
        /// Arguments.
        args: Vec<Expr>,
        /// The span of the method name (Rust reports panics there).
        name_span: Span,
        /// A turbofish type, e.g. `collect::<Vec<_>>()`.
        turbofish: Ty,
    },
    /// A field: `a.b` or `a.0`.
    Field(Box<Expr>, Field),
    /// Indexing: `a[i]`.
    Index(Box<Expr>, Box<Expr>),
    /// A unary operator.
    Unary(UnOp, Box<Expr>),
    /// `*e`.
    Deref(Box<Expr>),
    /// `&e` / `&mut e`.
    Ref(bool, Box<Expr>),
    /// A binary operator.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `place = value`.
    Assign(Box<Expr>, Box<Expr>),
    /// `place op= value`.
    AssignOp(BinOp, Box<Expr>, Box<Expr>),
    /// A block.
    Block(Box<Block>),
    /// `if`.
    If(Box<Cond>, Box<Block>, Option<Box<Expr>>, SlotRange),
    /// `while` (with `while let`).
    While(LoopId, Box<Cond>, Box<Block>, SlotRange),
    /// `loop`.
    Loop(LoopId, Box<Block>),
    /// `for pat in iter`.
    For(LoopId, Pat, Box<Expr>, Box<Block>, SlotRange),
    /// `match`.
    Match(Box<Expr>, Vec<Arm>),
    /// `break`.
    Break(LoopId, Option<Box<Expr>>),
    /// `continue`.
    Continue(LoopId),
    /// `return`.
    Return(Option<Box<Expr>>),
    /// `e?`.
    Try(Box<Expr>),
    /// A tuple.
    Tuple(Vec<Expr>),
    /// An array literal.
    Array(Vec<Expr>),
    /// `[e; n]`.
    ArrayRepeat(Box<Expr>, Box<Expr>),
    /// `vec![...]`.
    VecLit(Vec<Expr>),
    /// `vec![e; n]`.
    VecRepeat(Box<Expr>, Box<Expr>),
    /// A range.
    Range(Option<Box<Expr>>, Option<Box<Expr>>, bool),
    /// A struct literal; fields by index.
    StructLit(StructId, Vec<(u32, Expr)>, Option<Box<Expr>>),
    /// A closure.
    Closure(Rc<ClosureDef>),
    /// An async block.
    Async(Rc<AsyncDef>),
    /// `.await`.
    Await(Box<Expr>, Rc<AwaitInfo>),
    /// `e as T`.
    Cast(Box<Expr>, CastTy),
    /// `print!`, `println!`, `eprint!`, `eprintln!`.
    Print(PrintTarget, bool, FormatArgs),
    /// `format!`.
    Format(FormatArgs),
    /// `panic!`, `unreachable!`, `todo!`, `unimplemented!`: the message.
    Panic(Option<FormatArgs>, Rc<str>),
    /// `assert!(cond, msg...)`: the condition, its source text, and the message.
    Assert(Box<Expr>, Rc<str>, Option<FormatArgs>),
    /// `assert_eq!`/`assert_ne!` (`true` for `ne`).
    AssertEq(Box<Expr>, Box<Expr>, bool, Option<FormatArgs>),
    /// `tokio::join!`.
    Join(Vec<Expr>),
    /// `tokio::select!`.
    Select(Rc<SelectDef>, Rc<AwaitInfo>),
    /// `matches!(e, pat if guard)`.
    Matches(Box<Expr>, Pat, Option<Box<Expr>>, SlotRange),
    /// `pin!(e)` / `Box::pin(e)`: marks a future pinned.
    Pin(Box<Expr>),
    /// A construct that already has a diagnostic; never evaluated.
    Error,
}

/// A field name.
#[derive(Clone, Debug)]
pub(crate) enum Field {
    /// A named struct field.
    Named(Rc<str>),
    /// A tuple element.
    Index(u32),
}

/// Which variant a pattern or constructor names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// `Some`.
    Some,
    /// `None`.
    None,
    /// `Ok`.
    Ok,
    /// `Err`.
    Err,
}

/// How a binding binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BindMode {
    /// By value (or by reference, under default binding modes through a reference).
    Value,
    /// `ref`.
    Ref,
    /// `ref mut`.
    RefMut,
}

/// A pattern.
pub(crate) enum Pat {
    /// `_`.
    Wild,
    /// A binding, maybe with `@ subpattern`.
    Bind(u32, BindMode, Option<Box<Pat>>),
    /// A literal.
    Lit(Value),
    /// A range pattern `a..=b` / `a..b`.
    Range(Option<Value>, Option<Value>, bool),
    /// A tuple, with the position of `..` if any.
    Tuple(Vec<Pat>, Option<usize>),
    /// `Some(p)`, `None`, `Ok(p)`, `Err(p)`.
    Variant(Variant, Option<Box<Pat>>),
    /// A struct pattern: fields by index.
    Struct(StructId, Vec<(u32, Pat)>),
    /// `a | b`.
    Or(Vec<Pat>),
    /// `&p` / `&mut p`.
    Ref(Box<Pat>),
    /// `[a, b, rest @ .., z]`: before, the rest binding (if any), after.
    Slice(Vec<Pat>, Option<Option<u32>>, Vec<Pat>),
    /// A constant.
    Const(ConstId),
    /// A pattern that already has a diagnostic.
    Error,
}

impl Pat {
    /// Whether the pattern always matches.
    pub(crate) fn irrefutable(&self) -> bool {
        match self {
            Pat::Wild => true,
            Pat::Bind(_, _, sub) => sub.as_ref().is_none_or(|p| p.irrefutable()),
            Pat::Tuple(ps, _) => ps.iter().all(Pat::irrefutable),
            Pat::Struct(_, fs) => fs.iter().all(|(_, p)| p.irrefutable()),
            Pat::Ref(p) => p.irrefutable(),
            Pat::Or(ps) => ps.iter().any(Pat::irrefutable),
            Pat::Error => true,
            _ => false,
        }
    }
}

/// Builtin functions, associated functions and constants reached by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    // tokio tasks
    Spawn,
    SpawnBlocking,
    YieldNow,
    // tokio time
    Sleep,
    SleepUntil,
    Timeout,
    Interval,
    InstantNow,
    // Duration
    DurationFromSecs,
    DurationFromMillis,
    DurationFromMicros,
    DurationFromNanos,
    DurationFromSecsF64,
    DurationNew,
    // sync
    OneshotChannel,
    MpscChannel,
    MpscUnboundedChannel,
    MutexNew,
    JoinSetNew,
    SemaphoreNew,
    NotifyNew,
    RwLockNew,
    // std
    StdMutexNew,
    AtomicNew(IntTy),
    AtomicBoolNew,
    ArcNew,
    ArcClone,
    ArcStrongCount,
    ArcPtrEq,
    BoxNew,
    BoxPin,
    ThreadSleep,
    Drop,
    StringNew,
    StringFrom,
    StringWithCapacity,
    VecNew,
    VecWithCapacity,
    VecFrom,
    Some,
    Ok,
    Err,
    MemSwap,
    MemReplace,
    MemTake,
    CmpMax,
    CmpMin,
    ProcessExit,
    Default,
    /// `S::default()` of a struct that derives `Default`.
    DefaultOf(StructId),
}

impl Builtin {
    /// The builtin's Rust path, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Builtin::Spawn => "tokio::spawn",
            Builtin::SpawnBlocking => "tokio::task::spawn_blocking",
            Builtin::YieldNow => "tokio::task::yield_now",
            Builtin::Sleep => "tokio::time::sleep",
            Builtin::SleepUntil => "tokio::time::sleep_until",
            Builtin::Timeout => "tokio::time::timeout",
            Builtin::Interval => "tokio::time::interval",
            Builtin::InstantNow => "Instant::now",
            Builtin::DurationFromSecs => "Duration::from_secs",
            Builtin::DurationFromMillis => "Duration::from_millis",
            Builtin::DurationFromMicros => "Duration::from_micros",
            Builtin::DurationFromNanos => "Duration::from_nanos",
            Builtin::DurationFromSecsF64 => "Duration::from_secs_f64",
            Builtin::DurationNew => "Duration::new",
            Builtin::OneshotChannel => "tokio::sync::oneshot::channel",
            Builtin::MpscChannel => "tokio::sync::mpsc::channel",
            Builtin::MpscUnboundedChannel => "tokio::sync::mpsc::unbounded_channel",
            Builtin::MutexNew => "tokio::sync::Mutex::new",
            Builtin::JoinSetNew => "tokio::task::JoinSet::new",
            Builtin::SemaphoreNew => "tokio::sync::Semaphore::new",
            Builtin::NotifyNew => "tokio::sync::Notify::new",
            Builtin::RwLockNew => "tokio::sync::RwLock::new",
            Builtin::StdMutexNew => "std::sync::Mutex::new",
            Builtin::AtomicNew(_) => "Atomic::new",
            Builtin::AtomicBoolNew => "AtomicBool::new",
            Builtin::ArcNew => "Arc::new",
            Builtin::ArcClone => "Arc::clone",
            Builtin::ArcStrongCount => "Arc::strong_count",
            Builtin::ArcPtrEq => "Arc::ptr_eq",
            Builtin::BoxNew => "Box::new",
            Builtin::BoxPin => "Box::pin",
            Builtin::ThreadSleep => "std::thread::sleep",
            Builtin::Drop => "drop",
            Builtin::StringNew => "String::new",
            Builtin::StringFrom => "String::from",
            Builtin::StringWithCapacity => "String::with_capacity",
            Builtin::VecNew => "Vec::new",
            Builtin::VecWithCapacity => "Vec::with_capacity",
            Builtin::VecFrom => "Vec::from",
            Builtin::Some => "Some",
            Builtin::Ok => "Ok",
            Builtin::Err => "Err",
            Builtin::MemSwap => "std::mem::swap",
            Builtin::MemReplace => "std::mem::replace",
            Builtin::MemTake => "std::mem::take",
            Builtin::CmpMax => "std::cmp::max",
            Builtin::CmpMin => "std::cmp::min",
            Builtin::ProcessExit => "std::process::exit",
            Builtin::Default => "Default::default",
            Builtin::DefaultOf(_) => "Default::default",
        }
    }
}
