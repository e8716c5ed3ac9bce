//! Evaluation.
//!
//! Await-free code runs synchronously ([`Interp::eval`]); code that contains an `.await` runs as
//! a real Rust future ([`Interp::eval_async`]) that polls its child futures with the task's own
//! waker, so every suspension is a real `Poll::Pending` seen by the executor. An async fn call or
//! an async block evaluates to a lazy [`Value::Future`]: nothing in it runs until it is polled.
//!
//! Locals live in frames ([`Frame`]) of slots. A block drops its slots in reverse order when it
//! ends, and a future's frame is cleared when the future completes or is dropped (cancelled), so
//! guards, senders and handles are dropped where Rust would drop them.

use crate::builtins::{self, Native};
use crate::diagnostic::{Diagnostic, Span};
use crate::format;
use crate::ir::*;
use crate::ops;
use crate::value::*;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

/// How evaluation leaves an expression other than with a value.
pub(crate) enum Flow {
    /// `break` out of a loop, with its value.
    Break(LoopId, Value),
    /// `continue` a loop.
    Continue(LoopId),
    /// `return` (also `?`), with the value.
    Return(Value),
    /// The program panicked; the message was already printed.
    Panic(Rc<str>),
    /// The interpreter cannot go on (an unsupported operation at run time); the run ends.
    Error(Box<Diagnostic>),
    /// A budget ran out; the run ends.
    Budget(&'static str, u64),
    /// `std::process::exit(code)`: the run ends at once.
    Exit,
}

/// An evaluation result.
pub(crate) type R<T> = Result<T, Flow>;

/// A boxed future borrowing the interpreter, the code and the frame.
pub(crate) type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A frame of local slots.
pub(crate) struct Frame {
    slots: RefCell<Vec<Value>>,
    parent: Option<Rc<Frame>>,
    /// Temporaries that live to the end of the enclosing statement (a guard used as a method
    /// receiver, for example), as in Rust's temporary lifetime rules.
    temps: RefCell<Vec<Value>>,
}

impl Frame {
    /// A frame with `n` empty slots.
    pub(crate) fn new(n: usize, parent: Option<Rc<Frame>>) -> Rc<Frame> {
        Rc::new(Frame {
            slots: RefCell::new(vec![Value::Moved; n]),
            parent,
            temps: RefCell::new(Vec::new()),
        })
    }

    /// The frame `depth` parent links up.
    pub(crate) fn at(self: &Rc<Frame>, depth: u32) -> &Rc<Frame> {
        let mut f = self;
        for _ in 0..depth {
            f = f
                .parent
                .as_ref()
                .expect("variable depths match the frame chain");
        }
        f
    }

    /// A copy of a slot's value.
    pub(crate) fn get(&self, slot: u32) -> Value {
        match self.slots.try_borrow() {
            Ok(slots) => slots[slot as usize].clone(),
            // Only a drop running inside a mutation could get here; reading it as moved gives
            // an error instead of a panic.
            Err(_) => Value::Moved,
        }
    }

    /// Stores a value, dropping the old one after the borrow ends.
    pub(crate) fn set(&self, slot: u32, v: Value) {
        let old = std::mem::replace(&mut self.slots.borrow_mut()[slot as usize], v);
        drop(old);
    }

    /// Moves a value out, or copies it if it is `Copy`.
    fn take_or_copy(&self, slot: u32) -> Value {
        let mut slots = self.slots.borrow_mut();
        let v = &mut slots[slot as usize];
        if v.is_copy() {
            v.clone()
        } else {
            std::mem::replace(v, Value::Moved)
        }
    }

    /// Drops the given slots in reverse order.
    pub(crate) fn clear(&self, slots: &[u32]) {
        for &s in slots.iter().rev() {
            let old = std::mem::replace(&mut self.slots.borrow_mut()[s as usize], Value::Moved);
            drop(old);
        }
    }

    /// Drops every slot, last first.
    pub(crate) fn clear_all(&self) {
        let n = self.slots.borrow().len();
        for s in (0..n).rev() {
            let old = std::mem::replace(&mut self.slots.borrow_mut()[s], Value::Moved);
            drop(old);
        }
        let temps = std::mem::take(&mut *self.temps.borrow_mut());
        drop(temps);
    }

    fn temps_mark(&self) -> usize {
        self.temps.borrow().len()
    }

    fn truncate_temps(&self, mark: usize) {
        let rest = {
            let mut t = self.temps.borrow_mut();
            if t.len() <= mark {
                return;
            }
            t.split_off(mark)
        };
        for v in rest.into_iter().rev() {
            drop(v);
        }
    }

    /// Keeps a temporary alive until the end of the statement.
    pub(crate) fn keep_temp(&self, v: Value) {
        self.temps.borrow_mut().push(v);
    }

    /// Whether the frame has a slot (for locals display).
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.borrow().len()
    }
}

thread_local! {
    /// The interpreter of the run in progress, for `impl Drop` bodies run from `Drop`.
    static CURRENT: RefCell<Weak<Interp>> = const { RefCell::new(Weak::new()) };
}

/// Makes `interp` the current interpreter until the guard drops.
pub(crate) fn enter(interp: &Rc<Interp>) -> CurrentGuard {
    let prev = CURRENT.with(|c| c.replace(Rc::downgrade(interp)));
    CurrentGuard(prev)
}

/// Restores the previous interpreter.
pub(crate) struct CurrentGuard(Weak<Interp>);

impl Drop for CurrentGuard {
    fn drop(&mut self) {
        let prev = std::mem::take(&mut self.0);
        CURRENT.with(|c| *c.borrow_mut() = prev);
    }
}

/// Runs a struct's `impl Drop` on its fields. Outside a run (values dropped after it ended,
/// as Rust never drops statics) nothing runs.
pub(crate) fn run_drop(id: FnId, def: Rc<StructDef>, fields: Vec<Value>) {
    let Some(interp) = CURRENT.with(|c| c.borrow().upgrade()) else {
        return;
    };
    let this = Value::Struct(Rc::new(StructVal {
        def,
        fields,
        token: None,
    }));
    let span = interp.prog.fns[id as usize].span;
    if let Err(flow) = interp.call_fn(id, vec![Interp::temp_ref(this, true)], span) {
        // A panic or an error in `drop` surfaces at the next evaluation step.
        if let Ok(mut pending) = interp.pending.try_borrow_mut() {
            if pending.is_none() {
                *pending = Some(flow);
                interp.has_pending.set(true);
            }
        }
    }
}

/// Clears a future's frame when the future completes or is dropped, so a cancelled future
/// drops its locals (and releases its locks) like a Rust future does.
pub(crate) struct FrameGuard(pub(crate) Rc<Frame>);

impl Drop for FrameGuard {
    fn drop(&mut self) {
        self.0.clear_all();
    }
}

/// Reads a place.
pub(crate) fn read_place(p: &Place) -> Result<Value, String> {
    with_place(p, |v| v.clone())
}

/// Runs `f` on the value at a place.
pub(crate) fn with_place<T>(p: &Place, f: impl FnOnce(&Value) -> T) -> Result<T, String> {
    let (path, range) = split_range(&p.path);
    let apply = |v: &Value| -> Result<T, String> {
        let v = project(v, path)?;
        match range {
            None => Ok(f(v)),
            Some((a, b)) => match v {
                Value::Vec(items) | Value::Array(items) if b <= items.len() && a <= b => {
                    Ok(f(&Value::Array(Rc::new(items[a..b].to_vec()))))
                }
                _ => Err("the slice behind this reference changed length".to_string()),
            },
        }
    };
    match &p.root {
        PlaceRoot::Slot(frame, i) => {
            let slots = frame
                .slots
                .try_borrow()
                .map_err(|_| "a local is being modified".to_string())?;
            apply(&slots[*i as usize])
        }
        PlaceRoot::Cell(c) => {
            let b = c
                .try_borrow()
                .map_err(|_| "a value is being modified".to_string())?;
            apply(&b)
        }
    }
}

/// Runs `f` on the value at a place, mutably (copying shared containers first).
pub(crate) fn with_place_mut<T>(p: &Place, f: impl FnOnce(&mut Value) -> T) -> Result<T, String> {
    let (path, range) = split_range(&p.path);
    let apply = |v: &mut Value| -> Result<(T, Vec<Value>), String> {
        let v = project_mut(v, path)?;
        match range {
            None => Ok((f(v), Vec::new())),
            Some((a, b)) => match v {
                Value::Vec(items) | Value::Array(items) if b <= items.len() && a <= b => {
                    let mut temp = Value::Array(Rc::new(items[a..b].to_vec()));
                    let r = f(&mut temp);
                    match temp {
                        Value::Array(new) | Value::Vec(new) if new.len() == b - a => {
                            let items = Rc::make_mut(items);
                            let mut old = Vec::with_capacity(b - a);
                            for (slot, x) in items[a..b].iter_mut().zip(new.iter()) {
                                old.push(std::mem::replace(slot, x.clone()));
                            }
                            // The replaced elements are dropped by the caller, after the borrow.
                            drop(new);
                            Ok((r, old))
                        }
                        Value::Moved => Ok((r, Vec::new())),
                        _ => Err("a slice cannot change its length".to_string()),
                    }
                }
                _ => Err("the slice behind this reference changed length".to_string()),
            },
        }
    };
    let (r, old) = match &p.root {
        PlaceRoot::Slot(frame, i) => {
            let mut slots = frame
                .slots
                .try_borrow_mut()
                .map_err(|_| "a local is borrowed".to_string())?;
            apply(&mut slots[*i as usize])?
        }
        PlaceRoot::Cell(c) => {
            let mut b = c
                .try_borrow_mut()
                .map_err(|_| "a value is borrowed".to_string())?;
            apply(&mut b)?
        }
    };
    drop(old);
    Ok(r)
}

fn split_range(path: &[Proj]) -> (&[Proj], Option<(usize, usize)>) {
    match path.last() {
        Some(Proj::Range(a, b)) => (&path[..path.len() - 1], Some((*a, *b))),
        _ => (path, None),
    }
}

fn project<'v>(mut v: &'v Value, path: &[Proj]) -> Result<&'v Value, String> {
    for proj in path {
        v = match (proj, v) {
            (Proj::Field(i), Value::Struct(s)) => s.fields.get(*i as usize),
            (Proj::Field(i), Value::Tuple(t)) => t.get(*i as usize),
            (Proj::Index(i), Value::Vec(items) | Value::Array(items)) => items.get(*i),
            (Proj::Payload, Value::Opt(Some(x))) => Some(&**x),
            (Proj::Payload, Value::Res(Ok(x) | Err(x))) => Some(&**x),
            (Proj::Range(..), _) => None,
            _ => None,
        }
        .ok_or_else(|| "the value behind this reference changed shape".to_string())?;
    }
    Ok(v)
}

fn project_mut<'v>(mut v: &'v mut Value, path: &[Proj]) -> Result<&'v mut Value, String> {
    for proj in path {
        v = match (proj, v) {
            (Proj::Field(i), Value::Struct(s)) => Rc::make_mut(s).fields.get_mut(*i as usize),
            (Proj::Field(i), Value::Tuple(t)) => Rc::make_mut(t).get_mut(*i as usize),
            (Proj::Index(i), Value::Vec(items) | Value::Array(items)) => {
                Rc::make_mut(items).get_mut(*i)
            }
            (Proj::Payload, Value::Opt(Some(x))) => Some(Rc::make_mut(x)),
            (Proj::Payload, Value::Res(Ok(x) | Err(x))) => Some(Rc::make_mut(x)),
            _ => None,
        }
        .ok_or_else(|| "the value behind this reference changed shape".to_string())?;
    }
    Ok(v)
}

/// Limits for one run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Evaluation steps.
    pub(crate) steps: u64,
    /// Nested calls.
    pub(crate) depth: u32,
    /// Bytes of output. The executor checks its budgets between polls; the interpreter checks
    /// these inside a poll too, so a loop that never yields still stops.
    pub(crate) output_bytes: u64,
    /// Tasks spawned.
    pub(crate) tasks: u64,
    /// Virtual time, ns.
    pub(crate) time_ns: u64,
}

/// The interpreter: the program plus run-wide state.
pub(crate) struct Interp {
    pub(crate) prog: Rc<Program>,
    pub(crate) file: Rc<str>,
    me: Weak<Interp>,
    steps: Cell<u64>,
    pub(crate) limits: Limits,
    depth: Cell<u32>,
    /// Nested polls of interpreter futures (each `.await` of an async fn adds one).
    poll_depth: Cell<u32>,
    output_bytes: Cell<u64>,
    tasks: Cell<u64>,
    panicked_once: Cell<bool>,
    consts: RefCell<Vec<Option<Value>>>,
    /// Runtime errors, reported as diagnostics after the run.
    pub(crate) errors: RefCell<Vec<Diagnostic>>,
    /// Whether the program asked for the multi-thread runtime (for panic thread names).
    pub(crate) multi_thread: bool,
    /// Whether the run is recorded (await points report their locals only then).
    pub(crate) record: bool,
    /// A failure inside an `impl Drop` body, raised at the next step.
    pending: RefCell<Option<Flow>>,
    has_pending: Cell<bool>,
}

/// Evaluates `$e` synchronously or asynchronously, as it needs.
macro_rules! ev {
    ($self:ident, $e:expr, $f:expr) => {
        if $e.has_await {
            $self.eval_async($e, $f).await
        } else {
            $self.eval($e, $f)
        }
    };
}

impl Interp {
    /// A new interpreter for a program.
    pub(crate) fn new(
        prog: Rc<Program>,
        file: Rc<str>,
        limits: Limits,
        multi_thread: bool,
        record: bool,
    ) -> Rc<Interp> {
        let n = prog.consts.len();
        Rc::new_cyclic(|me| Interp {
            prog,
            file,
            me: me.clone(),
            steps: Cell::new(0),
            limits,
            depth: Cell::new(0),
            poll_depth: Cell::new(0),
            output_bytes: Cell::new(0),
            tasks: Cell::new(0),
            panicked_once: Cell::new(false),
            consts: RefCell::new(vec![None; n]),
            errors: RefCell::new(Vec::new()),
            multi_thread,
            record,
            pending: RefCell::new(None),
            has_pending: Cell::new(false),
        })
    }

    /// The interpreter as an `Rc`, for futures that must own it.
    pub(crate) fn rc(&self) -> Rc<Interp> {
        self.me
            .upgrade()
            .expect("the interpreter outlives its evaluation")
    }

    /// Counts one evaluation step against the budget.
    #[inline]
    pub(crate) fn step(&self) -> R<()> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n > self.limits.steps {
            return Err(Flow::Budget("steps", self.limits.steps));
        }
        if self.has_pending.get() {
            if let Some(flow) = self.take_pending() {
                return Err(flow);
            }
        }
        Ok(())
    }

    /// A failure from an `impl Drop` body that nobody has seen yet.
    #[cold]
    pub(crate) fn take_pending(&self) -> Option<Flow> {
        self.has_pending.set(false);
        match self.pending.try_borrow_mut() {
            Ok(mut p) => p.take(),
            Err(_) => None,
        }
    }

    /// Prints program output, counting it against the output budget.
    pub(crate) fn print(&self, text: String, target: PrintTarget) -> R<()> {
        let n = self.output_bytes.get() + text.len() as u64;
        self.output_bytes.set(n);
        builtins::print(text, target);
        if n > self.limits.output_bytes {
            return Err(Flow::Budget("output bytes", self.limits.output_bytes));
        }
        Ok(())
    }

    /// Counts a spawned task against the task budget.
    pub(crate) fn count_task(&self) -> R<()> {
        let n = self.tasks.get() + 1;
        self.tasks.set(n);
        if n > self.limits.tasks {
            return Err(Flow::Budget("tasks", self.limits.tasks));
        }
        Ok(())
    }

    /// Checks the virtual clock against the time budget (after a blocking call moved it).
    pub(crate) fn check_time(&self) -> R<()> {
        if asyncviz_executor::instrument::now().as_nanos() > u128::from(self.limits.time_ns) {
            return Err(Flow::Budget("virtual time (ns)", self.limits.time_ns));
        }
        Ok(())
    }

    /// A runtime error at a span.
    pub(crate) fn error<T>(&self, span: Span, message: impl Into<String>) -> R<T> {
        Err(Flow::Error(Box::new(Diagnostic::error(span, message))))
    }

    /// Panics the running task: prints Rust's panic message to stderr and unwinds.
    pub(crate) fn panic<T>(&self, span: Span, message: impl Into<String>) -> R<T> {
        let message: String = message.into();
        let on_main = asyncviz_executor::instrument::current_task().is_none_or(|t| t.0 == 0);
        let thread = if self.multi_thread && !on_main {
            "tokio-runtime-worker"
        } else {
            "main"
        };
        let mut text = format!(
            "\nthread '{thread}' panicked at {}:{}:{}:\n{message}\n",
            self.file, span.line, span.col
        );
        if !self.panicked_once.replace(true) {
            text.push_str(
                "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
            );
        }
        // Rust (since 1.8x) starts the report with a blank line.
        asyncviz_executor::instrument::print(text, asyncviz_trace::Stream::Stderr);
        Err(Flow::Panic(Rc::from(message)))
    }

    fn enter_call(&self, span: Span) -> R<()> {
        let d = self.depth.get() + 1;
        if d > self.limits.depth {
            return self.error(
                span,
                format!("recursion too deep: more than {} nested calls would overflow the interpreter's stack", self.limits.depth),
            );
        }
        self.depth.set(d);
        Ok(())
    }

    fn leave_call(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Enters a nested poll; `false` if awaits nest too deeply for the stack.
    pub(crate) fn enter_poll(&self) -> bool {
        let d = self.poll_depth.get() + 1;
        if d > self.limits.depth / 3 {
            return false;
        }
        self.poll_depth.set(d);
        true
    }

    /// Leaves a nested poll.
    pub(crate) fn leave_poll(&self) {
        self.poll_depth.set(self.poll_depth.get().saturating_sub(1));
    }

    fn const_value(&self, id: ConstId, span: Span) -> R<Value> {
        match &self.consts.borrow()[id as usize] {
            Some(Value::Moved) => {
                return self.error(span, "cycle detected when evaluating a constant")
            }
            Some(v) => return Ok(v.clone()),
            None => {}
        }
        self.consts.borrow_mut()[id as usize] = Some(Value::Moved);
        let def = &self.prog.consts[id as usize];
        let frame = Frame::new(def.layout.names.len(), None);
        let r = self
            .eval(&def.expr, &frame)
            .and_then(|v| self.coerce(v, &def.ty, span));
        self.consts.borrow_mut()[id as usize] = r.as_ref().ok().cloned();
        r
    }

    /// Gives unsuffixed integer literals inside `v` the type `ty` asks for.
    pub(crate) fn coerce(&self, v: Value, ty: &Ty, span: Span) -> R<Value> {
        if !ty.matters() {
            return Ok(v);
        }
        Ok(match (ty, v) {
            (Ty::Int(t), Value::Int(bits, IntTy::Lit)) => match make_int(bits as i128, *t) {
                Some(v) => v,
                None => {
                    return self.error(span, format!("literal out of range for `{}`", t.name()))
                }
            },
            (Ty::String, Value::Vec(items)) => {
                let mut s = String::new();
                for it in items.iter() {
                    match self.deref_all(it.clone(), span)? {
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
                Value::string(s)
            }
            (Ty::Float, Value::Int(_, IntTy::Lit)) => {
                return self.error(span, "mismatched types: expected `f64`, found integer");
            }
            (Ty::Vec(t), Value::Vec(items)) => {
                Value::Vec(Rc::new(self.coerce_all(items, t, span)?))
            }
            (Ty::Array(t), Value::Array(items)) => {
                Value::Array(Rc::new(self.coerce_all(items, t, span)?))
            }
            (Ty::Array(t), Value::Vec(items)) => {
                Value::Vec(Rc::new(self.coerce_all(items, t, span)?))
            }
            (Ty::Option(t), Value::Opt(Some(x))) => {
                Value::some(self.coerce((*x).clone(), t, span)?)
            }
            (Ty::Result(a, _), Value::Res(Ok(x))) => {
                Value::ok(self.coerce((*x).clone(), a, span)?)
            }
            (Ty::Result(_, b), Value::Res(Err(x))) => {
                Value::err(self.coerce((*x).clone(), b, span)?)
            }
            (Ty::Tuple(ts), Value::Tuple(items)) if ts.len() == items.len() => {
                let mut out = Vec::with_capacity(items.len());
                for (t, x) in ts.iter().zip(items.iter()) {
                    out.push(self.coerce(x.clone(), t, span)?);
                }
                Value::Tuple(Rc::new(out))
            }
            (Ty::Wrap(t), Value::Arc(inner)) => {
                Value::Arc(Rc::new(self.coerce((*inner).clone(), t, span)?))
            }
            (Ty::Wrap(t), v) => self.coerce(v, t, span)?,
            (_, v) => v,
        })
    }

    fn coerce_all(&self, items: Rc<Vec<Value>>, t: &Ty, span: Span) -> R<Vec<Value>> {
        let items = Rc::try_unwrap(items).unwrap_or_else(|rc| (*rc).clone());
        items.into_iter().map(|x| self.coerce(x, t, span)).collect()
    }

    // ----- places -----

    /// The place an expression denotes, if it is a place expression (a variable, a field or an
    /// element of one, or a dereference).
    pub(crate) fn place_of(&self, e: &Expr, f: &Rc<Frame>) -> R<Option<Place>> {
        match &e.kind {
            ExprKind::Var(v, _) => Ok(Some(Place {
                root: PlaceRoot::Slot(f.at(v.depth).clone(), v.slot),
                path: Vec::new(),
                mutable: true,
            })),
            ExprKind::Field(base, field) => {
                let Some(p) = self.place_of(base, f)? else {
                    return Ok(None);
                };
                let Some(mut p) = self.auto_deref_place(p, e.span)? else {
                    return Ok(None);
                };
                let ix = self.at_place(&p, e.span, |v| field_index(v, field))?;
                match ix {
                    Ok(ix) => {
                        p.path.push(Proj::Field(ix));
                        Ok(Some(p))
                    }
                    Err(msg) => self.error(e.span, msg),
                }
            }
            ExprKind::Index(base, index) => {
                let Some(p) = self.place_of(base, f)? else {
                    return Ok(None);
                };
                let Some(mut p) = self.auto_deref_place(p, e.span)? else {
                    return Ok(None);
                };
                let i = self.eval_read(index, f)?;
                if let Value::Range(r) = &i {
                    let len = self.at_place(&p, e.span, |v| match v {
                        Value::Vec(items) | Value::Array(items) => Some(items.len()),
                        _ => None,
                    })?;
                    let Some(len) = len else { return Ok(None) };
                    let (a, b) = self.range_bounds(r, len, e.span)?;
                    match p.path.last().copied() {
                        Some(Proj::Range(base, _)) => {
                            p.path.pop();
                            p.path.push(Proj::Range(base + a, base + b));
                        }
                        _ => p.path.push(Proj::Range(a, b)),
                    }
                    return Ok(Some(p));
                }
                let Some(i) = ops::as_usize(&i) else {
                    return Ok(None);
                };
                let len = self.at_place(&p, e.span, |v| match v {
                    Value::Vec(items) | Value::Array(items) => Some(items.len()),
                    _ => None,
                })?;
                let Some(len) = len else { return Ok(None) };
                if i >= len {
                    return self.panic(
                        e.span,
                        format!("index out of bounds: the len is {len} but the index is {i}"),
                    );
                }
                if let Some(Proj::Range(base, _)) = p.path.last().copied() {
                    p.path.pop();
                    p.path.push(Proj::Index(base + i));
                    return Ok(Some(p));
                }
                p.path.push(Proj::Index(i));
                Ok(Some(p))
            }
            ExprKind::Deref(inner) => {
                let target = match self.place_of(inner, f)? {
                    Some(p) => self.at_place(&p, e.span, deref_target)?,
                    None => {
                        let v = self.eval_read(inner, f)?;
                        deref_target(&v)
                    }
                };
                Ok(target)
            }
            _ => Ok(None),
        }
    }

    fn at_place<T>(&self, p: &Place, span: Span, f: impl FnOnce(&Value) -> T) -> R<T> {
        with_place(p, f).or_else(|m| self.error(span, m))
    }

    /// Follows references and guards from a place to the value they point at.
    fn auto_deref_place(&self, mut p: Place, span: Span) -> R<Option<Place>> {
        for _ in 0..64 {
            let next = self.at_place(&p, span, |v| match v {
                Value::Ref(_) | Value::Native(_) => Some(deref_target(v)),
                Value::Arc(_) => Some(None),
                _ => None,
            })?;
            match next {
                None => return Ok(Some(p)),
                Some(Some(q)) => p = q,
                Some(None) => return Ok(None),
            }
        }
        Ok(Some(p))
    }

    fn read(&self, p: &Place, span: Span) -> R<Value> {
        read_place(p).or_else(|m| self.error(span, m))
    }

    fn write(&self, p: &Place, v: Value, span: Span) -> R<()> {
        let old = with_place_mut(p, |slot| std::mem::replace(slot, v))
            .or_else(|m| self.error(span, m))?;
        drop(old);
        Ok(())
    }

    /// Runs `f` on the value at a place, mutably.
    pub(crate) fn modify<T>(&self, p: &Place, span: Span, f: impl FnOnce(&mut Value) -> T) -> R<T> {
        with_place_mut(p, f).or_else(|m| self.error(span, m))
    }

    /// A reference to a fresh temporary holding `v`.
    pub(crate) fn temp_ref(v: Value, mutable: bool) -> Value {
        Value::Ref(Rc::new(Place {
            root: PlaceRoot::Cell(Rc::new(RefCell::new(v))),
            path: Vec::new(),
            mutable,
        }))
    }

    // ----- expressions -----

    /// Evaluates an expression without moving out of a place (for operands, macro arguments,
    /// receivers and scrutinees).
    pub(crate) fn eval_read(&self, e: &Expr, f: &Rc<Frame>) -> R<Value> {
        match &e.kind {
            ExprKind::Var(v, name) => {
                let val = f.at(v.depth).get(v.slot);
                if let Value::Moved = val {
                    return self.error(
                        e.span,
                        format!("use of moved or uninitialized value: `{name}`"),
                    );
                }
                Ok(val)
            }
            _ => self.eval(e, f),
        }
    }

    /// Evaluates an expression in a value context: a non-`Copy` variable is moved out.
    ///
    /// This handles the commonest kinds with a small stack frame (every interpreted call
    /// nests a few of these frames) and leaves the rest to [`Interp::eval_rest`].
    pub(crate) fn eval(&self, e: &Expr, f: &Rc<Frame>) -> R<Value> {
        match &e.kind {
            ExprKind::Lit(v) => Ok(v.clone()),
            ExprKind::Var(v, _) => {
                let val = f.at(v.depth).take_or_copy(v.slot);
                if let Value::Moved = val {
                    return self.eval_rest(e, f);
                }
                Ok(val)
            }
            ExprKind::Call(callee, args) => self.eval_call(callee, args, e, f),
            ExprKind::MethodCall { .. } => self.eval_method(e, f),
            ExprKind::Binary(op, l, r) if !matches!(op, BinOp::And | BinOp::Or) => {
                let a = self.eval_operand(l, *op, f)?;
                let b = self.eval_read(r, f)?;
                ops::binary(self, *op, a, b, e.span)
            }
            ExprKind::Block(b) => self.eval_block(b, f),
            ExprKind::If(cond, then, els, scope) => {
                self.eval_if(cond, then, els.as_deref(), scope, f)
            }
            ExprKind::Return(Some(x)) => {
                let v = self.eval(x, f)?;
                Err(Flow::Return(v))
            }
            ExprKind::Field(base, field) => {
                let b = self.eval_read(base, f)?;
                self.field(b, field, e.span)
            }
            _ => self.eval_rest(e, f),
        }
    }

    #[inline(never)]
    fn eval_if(
        &self,
        cond: &Cond,
        then: &Block,
        els: Option<&Expr>,
        scope: &[u32],
        f: &Rc<Frame>,
    ) -> R<Value> {
        let taken = self.cond(cond, f)?;
        if taken {
            let r = self.eval_block(then, f);
            f.clear(scope);
            r
        } else {
            f.clear(scope);
            match els {
                Some(x) => self.eval(x, f),
                None => Ok(Value::Unit),
            }
        }
    }

    #[inline(never)]
    fn eval_call(&self, callee: &Callee, args: &[Expr], e: &Expr, f: &Rc<Frame>) -> R<Value> {
        let fv = match callee {
            Callee::Value(fe) => Some(self.eval_read(fe, f)?),
            _ => None,
        };
        let args = self.eval_args(args, f)?;
        self.call(callee, fv, args, e, f)
    }

    #[inline(never)]
    fn eval_method(&self, e: &Expr, f: &Rc<Frame>) -> R<Value> {
        let ExprKind::MethodCall { recv, args, .. } = &e.kind else {
            unreachable!("only method calls come here")
        };
        let (rv, rp) = self.receiver(recv, f)?;
        let args = self.eval_args(args, f)?;
        self.method(rv, rp, args, e, f)
    }

    /// The expression kinds [`Interp::eval`] does not handle itself.
    #[inline(never)]
    fn eval_rest(&self, e: &Expr, f: &Rc<Frame>) -> R<Value> {
        match &e.kind {
            ExprKind::Lit(v) => Ok(v.clone()),
            ExprKind::Var(v, name) => {
                let val = f.at(v.depth).take_or_copy(v.slot);
                if let Value::Moved = val {
                    return self.error(
                        e.span,
                        format!("use of moved or uninitialized value: `{name}`"),
                    );
                }
                Ok(val)
            }
            ExprKind::Const(id) => self.const_value(*id, e.span),
            ExprKind::FnRef(id) => Ok(Value::Func(*id)),
            ExprKind::BuiltinRef(b) => Ok(Value::Builtin(*b)),
            ExprKind::Call(callee, args) => {
                let fv = match callee {
                    Callee::Value(fe) => Some(self.eval_read(fe, f)?),
                    _ => None,
                };
                let args = self.eval_args(args, f)?;
                self.call(callee, fv, args, e, f)
            }
            ExprKind::MethodCall { recv, .. } => {
                let (rv, rp) = self.receiver(recv, f)?;
                let ExprKind::MethodCall { args, .. } = &e.kind else {
                    unreachable!()
                };
                let args = self.eval_args(args, f)?;
                self.method(rv, rp, args, e, f)
            }
            ExprKind::Field(base, field) => {
                let b = self.eval_read(base, f)?;
                self.field(b, field, e.span)
            }
            ExprKind::Index(base, index) => {
                let b = self.eval_read(base, f)?;
                let i = self.eval_read(index, f)?;
                self.index(b, i, e.span)
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval_read(x, f)?;
                ops::unary(self, *op, v, e.span)
            }
            ExprKind::Deref(x) => {
                let v = self.eval_read(x, f)?;
                self.deref_value(v, e.span)
            }
            ExprKind::Ref(mutable, x) => self.make_ref(*mutable, x, f),
            ExprKind::Binary(op, l, r) => match op {
                BinOp::And => Ok(Value::Bool(
                    self.truthy(self.eval_read(l, f)?, l.span)?
                        && self.truthy(self.eval_read(r, f)?, r.span)?,
                )),
                BinOp::Or => Ok(Value::Bool(
                    self.truthy(self.eval_read(l, f)?, l.span)?
                        || self.truthy(self.eval_read(r, f)?, r.span)?,
                )),
                _ => {
                    let a = self.eval_operand(l, *op, f)?;
                    let b = self.eval_read(r, f)?;
                    ops::binary(self, *op, a, b, e.span)
                }
            },
            ExprKind::Assign(place, value) => {
                let v = self.eval(value, f)?;
                self.assign(place, v, f)?;
                Ok(Value::Unit)
            }
            ExprKind::AssignOp(op, place, value) => {
                let rhs = self.eval_read(value, f)?;
                self.assign_op(*op, place, rhs, e.span, f)?;
                Ok(Value::Unit)
            }
            ExprKind::Block(b) => self.eval_block(b, f),
            ExprKind::If(cond, then, els, scope) => {
                let taken = self.cond(cond, f)?;
                if taken {
                    let r = self.eval_block(then, f);
                    f.clear(scope);
                    r
                } else {
                    f.clear(scope);
                    match els {
                        Some(x) => self.eval(x, f),
                        None => Ok(Value::Unit),
                    }
                }
            }
            ExprKind::While(id, cond, body, scope) => {
                loop {
                    self.step()?;
                    let mark = f.temps_mark();
                    if !self.cond(cond, f)? {
                        f.clear(scope);
                        f.truncate_temps(mark);
                        break;
                    }
                    let r = self.eval_block(body, f);
                    f.clear(scope);
                    f.truncate_temps(mark);
                    match r {
                        Ok(_) => {}
                        Err(Flow::Break(l, _)) if l == *id => break,
                        Err(Flow::Continue(l)) if l == *id => {}
                        Err(x) => return Err(x),
                    }
                }
                Ok(Value::Unit)
            }
            ExprKind::Loop(id, body) => loop {
                self.step()?;
                match self.eval_block(body, f) {
                    Ok(_) => {}
                    Err(Flow::Break(l, v)) if l == *id => return Ok(v),
                    Err(Flow::Continue(l)) if l == *id => {}
                    Err(x) => return Err(x),
                }
            },
            ExprKind::For(id, pat, iter, body, scope) => {
                let it = self.eval(iter, f)?;
                let it = self.iterate(it, iter.span)?;
                loop {
                    self.step()?;
                    let Some(item) = self.iter_next(&it, iter.span)? else {
                        break;
                    };
                    self.bind(pat, item, None, f, e.span)?;
                    let r = self.eval_block(body, f);
                    f.clear(scope);
                    match r {
                        Ok(_) => {}
                        Err(Flow::Break(l, _)) if l == *id => break,
                        Err(Flow::Continue(l)) if l == *id => {}
                        Err(x) => return Err(x),
                    }
                }
                Ok(Value::Unit)
            }
            ExprKind::Match(scrut, arms) => {
                let place = self.place_of(scrut, f)?;
                let v = match &place {
                    Some(p) => self.read(p, scrut.span)?,
                    None => self.eval(scrut, f)?,
                };
                for arm in arms {
                    if self.match_pat(&arm.pat, &v, place.as_ref(), false, f, scrut.span)? {
                        if let Some(g) = &arm.guard {
                            let ok = self.eval_read(g, f)?;
                            if !self.truthy(ok, g.span)? {
                                f.clear(&arm.scope);
                                continue;
                            }
                        }
                        let r = self.eval(&arm.body, f);
                        f.clear(&arm.scope);
                        return r;
                    }
                    f.clear(&arm.scope);
                }
                self.error(e.span, "no match arm matched (non-exhaustive patterns)")
            }
            ExprKind::Break(id, v) => {
                let v = match v {
                    Some(x) => self.eval(x, f)?,
                    None => Value::Unit,
                };
                Err(Flow::Break(*id, v))
            }
            ExprKind::Continue(id) => Err(Flow::Continue(*id)),
            ExprKind::Return(v) => {
                let v = match v {
                    Some(x) => self.eval(x, f)?,
                    None => Value::Unit,
                };
                Err(Flow::Return(v))
            }
            ExprKind::Try(x) => {
                let v = self.eval(x, f)?;
                self.try_op(v, e.span)
            }
            ExprKind::Tuple(items) => Ok(Value::Tuple(Rc::new(self.eval_args(items, f)?))),
            ExprKind::Array(items) => Ok(Value::Array(Rc::new(self.eval_args(items, f)?))),
            ExprKind::VecLit(items) => Ok(Value::Vec(Rc::new(self.eval_args(items, f)?))),
            ExprKind::ArrayRepeat(x, n) | ExprKind::VecRepeat(x, n) => {
                let v = self.eval(x, f)?;
                let n = self.eval_read(n, f)?;
                self.repeat(v, n, matches!(e.kind, ExprKind::VecRepeat(..)), e.span)
            }
            ExprKind::Range(a, b, incl) => {
                let start = match a {
                    Some(x) => Some(self.eval_read(x, f)?),
                    None => None,
                };
                let end = match b {
                    Some(x) => Some(self.eval_read(x, f)?),
                    None => None,
                };
                Ok(ops::make_range(start, end, *incl))
            }
            ExprKind::StructLit(id, fields, rest) => {
                let mut values = Vec::with_capacity(fields.len());
                for (ix, fe) in fields {
                    values.push((*ix, self.eval(fe, f)?));
                }
                let base = match rest {
                    Some(r) => Some(self.eval(r, f)?),
                    None => None,
                };
                self.build_struct(*id, values, base, e.span)
            }
            ExprKind::Closure(def) => Ok(self.make_closure(def, f)?),
            ExprKind::Async(def) => self.make_async_block(def, f),
            ExprKind::Cast(x, ty) => {
                let v = self.eval_read(x, f)?;
                ops::cast(self, v, *ty, e.span)
            }
            ExprKind::Print(target, newline, fa) => {
                let mut text = self.format_args(fa, f)?;
                if *newline {
                    text.push('\n');
                }
                self.print(text, *target)?;
                Ok(Value::Unit)
            }
            ExprKind::Format(fa) => Ok(Value::string(self.format_args(fa, f)?)),
            ExprKind::Panic(fa, prefix) => {
                let msg = match fa {
                    Some(fa) => {
                        let m = self.format_args(fa, f)?;
                        if prefix.is_empty() {
                            m
                        } else {
                            format!("{prefix}: {m}")
                        }
                    }
                    None => prefix.to_string(),
                };
                self.panic(e.span, msg)
            }
            ExprKind::Assert(cond, text, msg) => {
                let ok = self.eval_read(cond, f)?;
                if self.truthy(ok, cond.span)? {
                    return Ok(Value::Unit);
                }
                let m = match msg {
                    Some(fa) => self.format_args(fa, f)?,
                    None => format!("assertion failed: {text}"),
                };
                self.panic(e.span, m)
            }
            ExprKind::AssertEq(l, r, ne, msg) => {
                let a = self.eval_read(l, f)?;
                let b = self.eval_read(r, f)?;
                let msg = match msg {
                    Some(fa) => Some(self.format_args(fa, f)?),
                    None => None,
                };
                self.assert_eq(a, b, *ne, msg, e.span)
            }
            ExprKind::Matches(x, pat, guard, scope) => {
                let place = self.place_of(x, f)?;
                let v = match &place {
                    Some(p) => self.read(p, x.span)?,
                    None => self.eval(x, f)?,
                };
                let mut ok = self.match_pat(pat, &v, place.as_ref(), false, f, x.span)?;
                if ok {
                    if let Some(g) = guard {
                        let gv = self.eval_read(g, f)?;
                        ok = self.truthy(gv, g.span)?;
                    }
                }
                f.clear(scope);
                Ok(Value::Bool(ok))
            }
            ExprKind::Pin(x) => {
                let v = self.eval(x, f)?;
                builtins::mark_pinned(&v);
                Ok(v)
            }
            ExprKind::Await(..) | ExprKind::Join(..) | ExprKind::Select(..) => self.error(
                e.span,
                "internal error: an await point evaluated synchronously",
            ),
            ExprKind::Error => {
                self.error(e.span, "internal error: this construct has a diagnostic")
            }
        }
    }

    fn eval_operand(&self, e: &Expr, op: BinOp, f: &Rc<Frame>) -> R<Value> {
        // `String + &str` consumes the left string; everything else reads.
        if op == BinOp::Add {
            if let ExprKind::Var(..) = e.kind {
                let v = self.eval_read(e, f)?;
                if let Value::String(_) = v {
                    drop(v);
                    return self.eval(e, f);
                }
                return Ok(v);
            }
        }
        self.eval_read(e, f)
    }

    pub(crate) fn eval_args(&self, args: &[Expr], f: &Rc<Frame>) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            out.push(self.eval(a, f)?);
        }
        Ok(out)
    }

    /// A method receiver: its value and, if it is a place, where it lives.
    fn receiver(&self, recv: &Expr, f: &Rc<Frame>) -> R<(Value, Option<Place>)> {
        match self.place_of(recv, f)? {
            Some(p) => {
                let v = self.read(&p, recv.span)?;
                if let Value::Moved = v {
                    let name = match &recv.kind {
                        ExprKind::Var(_, n) => n.to_string(),
                        _ => "value".into(),
                    };
                    return self.error(
                        recv.span,
                        format!("use of moved or uninitialized value: `{name}`"),
                    );
                }
                Ok((v, Some(p)))
            }
            None => {
                let v = self.eval(recv, f)?;
                // A guard (or another resource) used as a temporary lives to the end of the
                // statement, as in Rust.
                if let Value::Native(_) = v {
                    f.keep_temp(v.clone());
                }
                Ok((v, None))
            }
        }
    }

    pub(crate) fn truthy(&self, v: Value, span: Span) -> R<bool> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::Ref(p) => {
                let inner = self.read(&p, span)?;
                self.truthy(inner, span)
            }
            other => self.error(
                span,
                format!(
                    "mismatched types: expected `bool`, found `{}`",
                    other.type_name()
                ),
            ),
        }
    }

    #[inline(never)]
    fn cond(&self, c: &Cond, f: &Rc<Frame>) -> R<bool> {
        match c {
            Cond::Bool(e) => {
                let v = self.eval_read(e, f)?;
                self.truthy(v, e.span)
            }
            Cond::Let(pat, e) => {
                let place = self.place_of(e, f)?;
                let v = match &place {
                    Some(p) => self.read(p, e.span)?,
                    None => self.eval(e, f)?,
                };
                self.match_pat(pat, &v, place.as_ref(), false, f, e.span)
            }
        }
    }

    fn make_ref(&self, mutable: bool, x: &Expr, f: &Rc<Frame>) -> R<Value> {
        match self.place_of(x, f)? {
            Some(mut p) => {
                p.mutable = mutable;
                Ok(Value::Ref(Rc::new(p)))
            }
            None => {
                let v = self.eval(x, f)?;
                // `&` of a slice expression is the slice itself.
                Ok(Self::temp_ref(v, mutable))
            }
        }
    }

    pub(crate) fn deref_value(&self, v: Value, span: Span) -> R<Value> {
        match v {
            Value::Ref(p) => self.read(&p, span),
            Value::Arc(inner) => Ok((*inner).clone()),
            Value::Native(n) => match builtins::guard_data(&n) {
                Some(cell) => Ok(cell.borrow().clone()),
                None => self.error(
                    span,
                    format!("type `{}` cannot be dereferenced", n.type_name()),
                ),
            },
            other => self.error(
                span,
                format!("type `{}` cannot be dereferenced", other.type_name()),
            ),
        }
    }

    fn assign(&self, place: &Expr, v: Value, f: &Rc<Frame>) -> R<()> {
        if let ExprKind::Error = place.kind {
            drop(v);
            return Ok(());
        }
        match self.place_of(place, f)? {
            Some(p) => self.write(&p, v, place.span),
            None => self.error(place.span, "invalid left-hand side of assignment"),
        }
    }

    fn assign_op(&self, op: BinOp, place: &Expr, rhs: Value, span: Span, f: &Rc<Frame>) -> R<()> {
        let Some(p) = self.place_of(place, f)? else {
            return self.error(place.span, "invalid left-hand side of assignment");
        };
        // Fast path for `String += &str`: append in place.
        if op == BinOp::Add {
            if let Some(s) = rhs.as_str().map(str::to_string).or_else(|| match &rhs {
                Value::Ref(r) => read_place(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
                _ => None,
            }) {
                let done = self.modify(&p, span, |v| match v {
                    Value::String(cur) => {
                        Rc::make_mut(cur).push_str(&s);
                        true
                    }
                    _ => false,
                })?;
                if done {
                    return Ok(());
                }
            }
        }
        let cur = self.read(&p, place.span)?;
        let cur = match cur {
            Value::Ref(_) => self.deref_value(cur, place.span)?,
            c => c,
        };
        let new = ops::binary(self, op, cur, rhs, span)?;
        self.write(&p, new, place.span)
    }

    #[inline(never)]
    fn field(&self, base: Value, field: &Field, span: Span) -> R<Value> {
        let mut v = base;
        for _ in 0..64 {
            v = match v {
                Value::Ref(p) => self.read(&p, span)?,
                Value::Arc(inner) => (*inner).clone(),
                Value::Native(n) => match builtins::guard_data(&n) {
                    Some(cell) => cell.borrow().clone(),
                    None => {
                        return self.error(span, format!("no field on type `{}`", n.type_name()))
                    }
                },
                Value::Struct(s) => {
                    return match field_index(&Value::Struct(s.clone()), field) {
                        Ok(i) => Ok(s.fields[i as usize].clone()),
                        Err(m) => self.error(span, m),
                    };
                }
                Value::Tuple(t) => {
                    return match field {
                        Field::Index(i) if (*i as usize) < t.len() => Ok(t[*i as usize].clone()),
                        _ => self.error(span, "no such field on a tuple"),
                    };
                }
                other => {
                    return self.error(span, format!("no field on type `{}`", other.type_name()))
                }
            };
        }
        self.error(span, "too many dereferences")
    }

    fn index(&self, base: Value, i: Value, span: Span) -> R<Value> {
        let base = self.deref_all(base, span)?;
        let i = self.deref_all(i, span)?;
        match (&base, &i) {
            (Value::Vec(items) | Value::Array(items), idx) if ops::as_usize(idx).is_some() => {
                let ix = ops::as_usize(idx).expect("checked");
                match items.get(ix) {
                    Some(v) => Ok(v.clone()),
                    None => self.panic(
                        span,
                        format!(
                            "index out of bounds: the len is {} but the index is {ix}",
                            items.len()
                        ),
                    ),
                }
            }
            (Value::Vec(items) | Value::Array(items), Value::Range(r)) => {
                let (a, b) = self.range_bounds(r, items.len(), span)?;
                Ok(Value::Array(Rc::new(items[a..b].to_vec())))
            }
            (Value::Str(_) | Value::String(_), Value::Range(r)) => {
                let s = base.as_str().expect("a string");
                let (a, b) = self.str_range_bounds(r, s, span)?;
                Ok(Value::str(&s[a..b]))
            }
            _ => self.error(
                span,
                format!("cannot index into a value of type `{}`", base.type_name()),
            ),
        }
    }

    fn range_bounds(&self, r: &RangeVal, len: usize, span: Span) -> R<(usize, usize)> {
        let a = match &r.start {
            Some(v) => ops::as_usize(v)
                .ok_or(())
                .or_else(|_| self.error(span, "range bounds must be `usize`"))?,
            None => 0,
        };
        let b = match &r.end {
            Some(v) => {
                let b = ops::as_usize(v)
                    .ok_or(())
                    .or_else(|_| self.error(span, "range bounds must be `usize`"))?;
                if r.inclusive {
                    b + 1
                } else {
                    b
                }
            }
            None => len,
        };
        if a > b {
            return self.panic(span, format!("slice index starts at {a} but ends at {b}"));
        }
        if b > len {
            return self.panic(
                span,
                format!("range end index {b} out of range for slice of length {len}"),
            );
        }
        Ok((a, b))
    }

    fn str_range_bounds(&self, r: &RangeVal, s: &str, span: Span) -> R<(usize, usize)> {
        let len = s.len();
        let a = match &r.start {
            Some(v) => ops::as_usize(v).unwrap_or(0),
            None => 0,
        };
        let b = match &r.end {
            Some(v) => ops::as_usize(v).unwrap_or(0) + usize::from(r.inclusive),
            None => len,
        };
        if b > len {
            return self.panic(
                span,
                format!("end byte index {b} is out of bounds of `{s}`"),
            );
        }
        if a > b {
            return self.panic(
                span,
                format!("begin <= end ({a} <= {b}) when slicing `{s}`"),
            );
        }
        if !s.is_char_boundary(a) || !s.is_char_boundary(b) {
            return self.panic(
                span,
                format!("byte index {a} is not a char boundary of `{s}`"),
            );
        }
        Ok((a, b))
    }

    /// Follows references, `Arc`s and guards to the value.
    pub(crate) fn deref_all(&self, v: Value, span: Span) -> R<Value> {
        let mut v = v;
        for _ in 0..64 {
            v = match v {
                Value::Ref(p) => self.read(&p, span)?,
                Value::Arc(inner) => (*inner).clone(),
                Value::Native(n) => match builtins::guard_data(&n) {
                    Some(cell) => cell.borrow().clone(),
                    None => return Ok(Value::Native(n)),
                },
                other => return Ok(other),
            };
        }
        self.error(span, "too many dereferences")
    }

    fn repeat(&self, v: Value, n: Value, is_vec: bool, span: Span) -> R<Value> {
        let Some(n) = ops::as_usize(&n) else {
            return self.error(span, "the repeat count must be a `usize`");
        };
        if n > 10_000_000 {
            return self.error(span, "this array is too large for the interpreter");
        }
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(if is_vec {
                builtins::user_clone(self, &v, span)?
            } else {
                v.clone()
            });
        }
        Ok(if is_vec {
            Value::Vec(Rc::new(items))
        } else {
            Value::Array(Rc::new(items))
        })
    }

    fn build_struct(
        &self,
        id: StructId,
        fields: Vec<(u32, Value)>,
        base: Option<Value>,
        span: Span,
    ) -> R<Value> {
        let def = self.prog.structs[id as usize].clone();
        let mut values = match base {
            Some(b) => match self.deref_all(b, span)? {
                Value::Struct(s) if Rc::ptr_eq(&s.def, &def) => s.fields.clone(),
                _ => {
                    return self.error(span, "the base of `..` must be a value of the same struct")
                }
            },
            None => vec![Value::Moved; def.fields.len()],
        };
        for (ix, v) in fields {
            let v = self.coerce(v, &def.field_tys[ix as usize], span)?;
            values[ix as usize] = v;
        }
        Ok(Value::Struct(Rc::new(StructVal::new(def, values))))
    }

    fn try_op(&self, v: Value, span: Span) -> R<Value> {
        match v {
            Value::Res(Ok(x)) => Ok(Rc::try_unwrap(x).unwrap_or_else(|rc| (*rc).clone())),
            Value::Res(Err(e)) => Err(Flow::Return(Value::Res(Err(e)))),
            Value::Opt(Some(x)) => Ok(Rc::try_unwrap(x).unwrap_or_else(|rc| (*rc).clone())),
            Value::Opt(None) => Err(Flow::Return(Value::Opt(None))),
            other => self.error(
                span,
                format!(
                    "the `?` operator can only be applied to `Result` or `Option`, not `{}`",
                    other.type_name()
                ),
            ),
        }
    }

    fn assert_eq(&self, a: Value, b: Value, ne: bool, msg: Option<String>, span: Span) -> R<Value> {
        let eq = ops::values_eq(self, &a, &b, span)?;
        if eq != ne {
            return Ok(Value::Unit);
        }
        let dbg = |v: &Value| format::debug_string(v).map_err(|e| e.message);
        let (l, r) = match (dbg(&a), dbg(&b)) {
            (Ok(l), Ok(r)) => (l, r),
            (Err(m), _) | (_, Err(m)) => return self.error(span, m),
        };
        let op = if ne { "!=" } else { "==" };
        let head = match msg {
            Some(m) => format!("assertion `left {op} right` failed: {m}"),
            None => format!("assertion `left {op} right` failed"),
        };
        self.panic(span, format!("{head}\n  left: {l}\n right: {r}"))
    }

    pub(crate) fn format_args(&self, fa: &FormatArgs, f: &Rc<Frame>) -> R<String> {
        let mut values = Vec::with_capacity(fa.args.len());
        for a in &fa.args {
            values.push(self.eval_read(a, f)?);
        }
        self.format_values(fa, &values)
    }

    fn format_values(&self, fa: &FormatArgs, values: &[Value]) -> R<String> {
        format::format_pieces(&fa.fmt, values).or_else(|e| {
            let span = fa.args.first().map(|a| a.span).unwrap_or_default();
            self.error(span, e.message)
        })
    }

    // ----- blocks and statements -----

    pub(crate) fn eval_block(&self, b: &Block, f: &Rc<Frame>) -> R<Value> {
        let r = self.eval_block_inner(b, f);
        f.clear(&b.scope);
        r
    }

    fn eval_block_inner(&self, b: &Block, f: &Rc<Frame>) -> R<Value> {
        for s in &b.stmts {
            self.exec(s, f)?;
        }
        match &b.tail {
            Some(t) => {
                self.step()?;
                self.eval(t, f)
            }
            None => Ok(Value::Unit),
        }
    }

    fn exec(&self, s: &Stmt, f: &Rc<Frame>) -> R<()> {
        self.step()?;
        let mark = f.temps_mark();
        let r = match s {
            Stmt::Let {
                pat,
                ty,
                init,
                els,
                span,
                ..
            } => match init {
                Some(e) => {
                    let v = if let Pat::Wild = pat {
                        self.eval_read(e, f)?
                    } else {
                        self.eval(e, f)?
                    };
                    self.let_bind(pat, ty, v, els.as_deref(), *span, f)
                }
                None => Ok(()),
            },
            Stmt::Expr(e) => self.eval(e, f).map(drop),
        };
        f.truncate_temps(mark);
        r
    }

    fn let_bind(
        &self,
        pat: &Pat,
        ty: &Ty,
        v: Value,
        els: Option<&Block>,
        span: Span,
        f: &Rc<Frame>,
    ) -> R<()> {
        let v = self.coerce(v, ty, span)?;
        if self.match_pat(pat, &v, None, false, f, span)? {
            return Ok(());
        }
        match els {
            Some(b) => {
                self.eval_block(b, f)?;
                self.error(span, "the `else` block of `let ... else` must diverge (return, break, continue or panic)")
            }
            None => self.error(span, "refutable pattern did not match"),
        }
    }

    /// Binds an irrefutable pattern (parameters, `for` variables).
    pub(crate) fn bind(
        &self,
        pat: &Pat,
        v: Value,
        place: Option<&Place>,
        f: &Rc<Frame>,
        span: Span,
    ) -> R<()> {
        if let Pat::Bind(slot, BindMode::Value, None) = pat {
            f.set(*slot, v);
            return Ok(());
        }
        if self.match_pat(pat, &v, place, false, f, span)? {
            Ok(())
        } else {
            self.error(span, "refutable pattern did not match")
        }
    }

    /// Matches a value against a pattern, binding on success. `place` is where the value lives
    /// (for `ref` bindings and for bindings through a reference); `by_ref` says the value was
    /// reached through a reference, so bindings become references (default binding modes).
    pub(crate) fn match_pat(
        &self,
        pat: &Pat,
        v: &Value,
        place: Option<&Place>,
        by_ref: bool,
        f: &Rc<Frame>,
        span: Span,
    ) -> R<bool> {
        match pat {
            Pat::Wild => Ok(true),
            Pat::Error => Ok(true),
            Pat::Bind(slot, mode, sub) => {
                if let Some(sub) = sub {
                    if !self.match_pat(sub, v, place, by_ref, f, span)? {
                        return Ok(false);
                    }
                }
                let bound = match (mode, place) {
                    (BindMode::Ref, Some(p)) => Value::Ref(Rc::new(Place {
                        mutable: false,
                        ..p.clone()
                    })),
                    (BindMode::RefMut, Some(p)) => Value::Ref(Rc::new(Place {
                        mutable: true,
                        ..p.clone()
                    })),
                    (BindMode::Ref | BindMode::RefMut, None) => {
                        Self::temp_ref(v.clone(), *mode == BindMode::RefMut)
                    }
                    (BindMode::Value, Some(p)) if by_ref => Value::Ref(Rc::new(p.clone())),
                    (BindMode::Value, _) => v.clone(),
                };
                f.set(*slot, bound);
                Ok(true)
            }
            _ => {
                // Non-binding patterns look through references (default binding modes).
                if let Value::Ref(p) = v {
                    if !matches!(pat, Pat::Ref(_)) {
                        let inner = self.read(p, span)?;
                        return self.match_pat(pat, &inner, Some(p), true, f, span);
                    }
                }
                if let Value::Arc(inner) = v {
                    return self.match_pat(pat, inner, None, by_ref, f, span);
                }
                self.match_structural(pat, v, place, by_ref, f, span)
            }
        }
    }

    fn match_structural(
        &self,
        pat: &Pat,
        v: &Value,
        place: Option<&Place>,
        by_ref: bool,
        f: &Rc<Frame>,
        span: Span,
    ) -> R<bool> {
        let sub_place = |proj: Proj| {
            place.map(|p| {
                let mut q = p.clone();
                q.path.push(proj);
                q
            })
        };
        match pat {
            Pat::Lit(l) => ops::values_eq(self, v, l, span),
            Pat::Const(id) => {
                let c = self.const_value(*id, span)?;
                ops::values_eq(self, v, &c, span)
            }
            Pat::Range(lo, hi, incl) => {
                use std::cmp::Ordering::*;
                if let Some(lo) = lo {
                    if ops::compare(self, v, lo, span)? == Less {
                        return Ok(false);
                    }
                }
                if let Some(hi) = hi {
                    let c = ops::compare(self, v, hi, span)?;
                    if c == Greater || (c == Equal && !incl) {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Pat::Tuple(items, rest) => {
                let Value::Tuple(t) = v else {
                    if let (Value::Unit, true) = (v, items.is_empty()) {
                        return Ok(true);
                    }
                    return self.error(
                        span,
                        format!(
                            "mismatched types: expected a tuple, found `{}`",
                            v.type_name()
                        ),
                    );
                };
                let n = t.len();
                let positions: Vec<usize> = match rest {
                    None => {
                        if items.len() != n {
                            return self.error(span, format!("mismatched types: expected a tuple with {} elements, found one with {n} elements", items.len()));
                        }
                        (0..n).collect()
                    }
                    Some(r) => {
                        let after = items.len() - r;
                        (0..*r).chain(n - after..n).collect()
                    }
                };
                for (p, i) in items.iter().zip(positions) {
                    if !self.match_pat(
                        p,
                        &t[i],
                        sub_place(Proj::Field(i as u32)).as_ref(),
                        by_ref,
                        f,
                        span,
                    )? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Pat::Variant(var, sub) => {
                let payload = match (var, v) {
                    (Variant::Some, Value::Opt(Some(x))) => Some(x),
                    (Variant::None, Value::Opt(None)) => return Ok(true),
                    (Variant::Ok, Value::Res(Ok(x))) => Some(x),
                    (Variant::Err, Value::Res(Err(x))) => Some(x),
                    (Variant::Some | Variant::None, Value::Opt(_))
                    | (Variant::Ok | Variant::Err, Value::Res(_)) => return Ok(false),
                    _ => {
                        let want = if matches!(var, Variant::Some | Variant::None) {
                            "Option"
                        } else {
                            "Result"
                        };
                        return self.error(
                            span,
                            format!(
                                "mismatched types: expected `{want}`, found `{}`",
                                v.type_name()
                            ),
                        );
                    }
                };
                match (sub, payload) {
                    (Some(p), Some(x)) => {
                        self.match_pat(p, x, sub_place(Proj::Payload).as_ref(), by_ref, f, span)
                    }
                    _ => Ok(true),
                }
            }
            Pat::Struct(id, fields) => {
                let Value::Struct(s) = v else {
                    return self.error(
                        span,
                        format!(
                            "mismatched types: expected a struct, found `{}`",
                            v.type_name()
                        ),
                    );
                };
                let want = &self.prog.structs[*id as usize];
                if !Rc::ptr_eq(&s.def, want) {
                    // Another variant of the same enum: no match.
                    if let (Some((a, _)), Some((b, _))) = (&s.def.variant, &want.variant) {
                        if a == b {
                            return Ok(false);
                        }
                    }
                    return self.error(
                        span,
                        format!(
                            "mismatched types: expected `{}`, found `{}`",
                            self.prog.structs[*id as usize].name, s.def.name
                        ),
                    );
                }
                for (ix, p) in fields {
                    if !self.match_pat(
                        p,
                        &s.fields[*ix as usize],
                        sub_place(Proj::Field(*ix)).as_ref(),
                        by_ref,
                        f,
                        span,
                    )? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Pat::Or(alts) => {
                for a in alts {
                    if self.match_pat(a, v, place, by_ref, f, span)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Pat::Ref(p) => match v {
                Value::Ref(q) => {
                    let inner = self.read(q, span)?;
                    self.match_pat(p, &inner, Some(q), false, f, span)
                }
                other => self.match_pat(p, other, place, false, f, span),
            },
            Pat::Slice(before, rest, after) => {
                let (Value::Vec(items) | Value::Array(items)) = v else {
                    return self.error(
                        span,
                        format!(
                            "mismatched types: expected a slice, found `{}`",
                            v.type_name()
                        ),
                    );
                };
                let n = items.len();
                let fixed = before.len() + after.len();
                if (rest.is_none() && n != fixed) || n < fixed {
                    return Ok(false);
                }
                for (i, p) in before.iter().enumerate() {
                    if !self.match_pat(
                        p,
                        &items[i],
                        sub_place(Proj::Index(i)).as_ref(),
                        by_ref,
                        f,
                        span,
                    )? {
                        return Ok(false);
                    }
                }
                for (j, p) in after.iter().enumerate() {
                    let i = n - after.len() + j;
                    if !self.match_pat(
                        p,
                        &items[i],
                        sub_place(Proj::Index(i)).as_ref(),
                        by_ref,
                        f,
                        span,
                    )? {
                        return Ok(false);
                    }
                }
                if let Some(Some(slot)) = rest {
                    let middle = items[before.len()..n - after.len()].to_vec();
                    f.set(*slot, Value::Array(Rc::new(middle)));
                }
                Ok(true)
            }
            Pat::Wild | Pat::Error | Pat::Bind(..) => Ok(true),
        }
    }

    // ----- calls -----

    #[inline(never)]
    fn call(
        &self,
        callee: &Callee,
        fv: Option<Value>,
        args: Vec<Value>,
        e: &Expr,
        f: &Rc<Frame>,
    ) -> R<Value> {
        match callee {
            Callee::Fn(id) => self.call_fn(*id, args, e.span),
            Callee::Builtin(b) => builtins::call_builtin(self, *b, args, e, f),
            Callee::Value(_) => {
                let fv = fv.expect("evaluated above");
                self.call_value(fv, args, e.span)
            }
        }
    }

    /// Calls a function value: a function item, a closure or a builtin constructor.
    pub(crate) fn call_value(&self, fv: Value, args: Vec<Value>, span: Span) -> R<Value> {
        match fv {
            Value::Func(id) => self.call_fn(id, args, span),
            Value::Closure(c) => self.call_closure(&c, args, span),
            Value::Builtin(b) => builtins::call_builtin_value(self, b, args, span),
            Value::Ref(p) => {
                let inner = self.read(&p, span)?;
                self.call_value(inner, args, span)
            }
            other => self.error(
                span,
                format!("expected function, found `{}`", other.type_name()),
            ),
        }
    }

    /// Calls a user function. An async fn returns its lazy future.
    #[inline(never)]
    pub(crate) fn call_fn(&self, id: FnId, args: Vec<Value>, span: Span) -> R<Value> {
        self.step()?;
        let def = self.prog.fns[id as usize].clone();
        if args.len() != def.params.len() {
            return self.error(
                span,
                format!(
                    "`{}` takes {} arguments but {} were supplied",
                    def.name,
                    def.params.len(),
                    args.len()
                ),
            );
        }
        if def.is_async {
            return Ok(self.fn_future(def, args, span));
        }
        self.enter_call(span)?;
        let frame = Frame::new(def.layout.names.len(), None);
        let r = self
            .bind_params(&def, args, &frame, span)
            .and_then(|_| self.eval_block(&def.body, &frame));
        frame.clear_all();
        self.leave_call();
        let v = match r {
            Ok(v) | Err(Flow::Return(v)) => v,
            Err(x) => return Err(x),
        };
        self.coerce(v, &def.ret, span)
    }

    fn bind_params(&self, def: &FnDef, args: Vec<Value>, frame: &Rc<Frame>, span: Span) -> R<()> {
        for (p, a) in def.params.iter().zip(args) {
            let a = self.coerce(a, &p.ty, span)?;
            self.bind(&p.pat, a, None, frame, span)?;
        }
        Ok(())
    }

    /// The lazy future of an async fn call.
    fn fn_future(&self, def: Rc<FnDef>, args: Vec<Value>, span: Span) -> Value {
        let interp = self.rc();
        let name = FutName::Shared(def.short_name.clone());
        let fut = async move {
            let frame = Frame::new(def.layout.names.len(), None);
            let _guard = FrameGuard(frame.clone());
            interp.bind_params(&def, args, &frame, span)?;
            let r = if def.body.has_await {
                interp.eval_block_async(&def.body, &frame).await
            } else {
                interp.eval_block(&def.body, &frame)
            };
            let v = match r {
                Ok(v) | Err(Flow::Return(v)) => v,
                Err(x) => return Err(x),
            };
            interp.coerce(v, &def.ret, span)
        };
        Value::Future(FutureCell::new(Box::pin(fut), name, false))
    }

    fn make_closure(&self, def: &Rc<ClosureDef>, f: &Rc<Frame>) -> R<Value> {
        let (env, captured) = match &def.captures {
            Some(caps) => {
                let mut captured = vec![Value::Moved; def.layout.names.len()];
                for c in caps {
                    captured[c.to as usize] = f.at(c.from.depth).take_or_copy(c.from.slot);
                }
                (None, captured)
            }
            None => (Some(f.clone()), Vec::new()),
        };
        Ok(Value::Closure(Rc::new(Closure {
            def: def.clone(),
            env,
            captured: RefCell::new(captured),
        })))
    }

    /// Calls a closure synchronously.
    pub(crate) fn call_closure(&self, c: &Closure, args: Vec<Value>, span: Span) -> R<Value> {
        self.step()?;
        let def = &c.def;
        if args.len() != def.params.len() {
            return self.error(
                span,
                format!(
                    "this closure takes {} arguments but {} were supplied",
                    def.params.len(),
                    args.len()
                ),
            );
        }
        self.enter_call(span)?;
        let frame = Frame::new(def.layout.names.len(), c.env.clone());
        // A `move` closure's captured state persists across calls (`FnMut`).
        if let Some(caps) = &def.captures {
            let captured = c.captured.borrow();
            for cap in caps {
                frame.set(cap.to, captured[cap.to as usize].clone());
            }
        }
        let mut r = Ok(());
        for ((p, t), a) in def.params.iter().zip(&def.param_tys).zip(args) {
            r = self
                .coerce(a, t, span)
                .and_then(|a| self.bind(p, a, None, &frame, span));
            if r.is_err() {
                break;
            }
        }
        let r = r.and_then(|_| self.eval(&def.body, &frame));
        if let Some(caps) = &def.captures {
            let mut old = Vec::with_capacity(caps.len());
            for cap in caps {
                let v =
                    std::mem::replace(&mut frame.slots.borrow_mut()[cap.to as usize], Value::Moved);
                old.push(std::mem::replace(
                    &mut c.captured.borrow_mut()[cap.to as usize],
                    v,
                ));
            }
            drop(old);
        }
        frame.clear_all();
        self.leave_call();
        match r {
            Ok(v) | Err(Flow::Return(v)) => Ok(v),
            Err(x) => Err(x),
        }
    }

    fn make_async_block(&self, def: &Rc<AsyncDef>, f: &Rc<Frame>) -> R<Value> {
        let interp = self.rc();
        let def = def.clone();
        let (parent, captured) = match &def.captures {
            Some(caps) => {
                let mut captured = Vec::with_capacity(caps.len());
                for c in caps {
                    captured.push((c.to, f.at(c.from.depth).take_or_copy(c.from.slot)));
                }
                (None, captured)
            }
            None => (Some(f.clone()), Vec::new()),
        };
        let name = FutName::Shared(def.name.clone());
        let fut = async move {
            let frame = Frame::new(def.layout.names.len(), parent);
            let _guard = FrameGuard(frame.clone());
            for (slot, v) in captured {
                frame.set(slot, v);
            }
            let r = if def.body.has_await {
                interp.eval_block_async(&def.body, &frame).await
            } else {
                interp.eval_block(&def.body, &frame)
            };
            match r {
                Ok(v) | Err(Flow::Return(v)) => Ok(v),
                Err(x) => Err(x),
            }
        };
        Ok(Value::Future(FutureCell::new(Box::pin(fut), name, false)))
    }

    // ----- async evaluation -----

    /// Evaluates an expression that contains an `.await`.
    pub(crate) fn eval_async<'a>(
        &'a self,
        e: &'a Expr,
        f: &'a Rc<Frame>,
    ) -> LocalFuture<'a, R<Value>> {
        Box::pin(async move {
            if !e.has_await {
                return self.eval(e, f);
            }
            match &e.kind {
                ExprKind::Await(x, info) => {
                    let v = ev!(self, x, f)?;
                    builtins::await_value(self, v, info, e.span, f).await
                }
                ExprKind::Join(items) => builtins::join(self, items, e, f).await,
                ExprKind::Select(def, info) => builtins::select(self, def, info, e, f).await,
                ExprKind::Block(b) => self.eval_block_async(b, f).await,
                ExprKind::Call(callee, args) => {
                    let fv = match callee {
                        Callee::Value(fe) => Some(self.eval_read(fe, f)?),
                        _ => None,
                    };
                    let args = self.eval_args_async(args, f).await?;
                    self.call(callee, fv, args, e, f)
                }
                ExprKind::MethodCall { recv, args, .. } => {
                    let (rv, rp) = if recv.has_await {
                        let v = self.eval_async(recv, f).await?;
                        if let Value::Native(_) = v {
                            f.keep_temp(v.clone());
                        }
                        (v, None)
                    } else {
                        self.receiver(recv, f)?
                    };
                    let args = self.eval_args_async(args, f).await?;
                    self.method(rv, rp, args, e, f)
                }
                ExprKind::Field(base, field) => {
                    let b = ev!(self, base, f)?;
                    self.field(b, field, e.span)
                }
                ExprKind::Index(base, index) => {
                    let b = ev!(self, base, f)?;
                    let i = ev!(self, index, f)?;
                    self.index(b, i, e.span)
                }
                ExprKind::Unary(op, x) => {
                    let v = ev!(self, x, f)?;
                    ops::unary(self, *op, v, e.span)
                }
                ExprKind::Deref(x) => {
                    let v = ev!(self, x, f)?;
                    self.deref_value(v, e.span)
                }
                ExprKind::Ref(mutable, x) => {
                    let v = ev!(self, x, f)?;
                    Ok(Self::temp_ref(v, *mutable))
                }
                ExprKind::Binary(op, l, r) => match op {
                    BinOp::And => {
                        let a = ev!(self, l, f)?;
                        if !self.truthy(a, l.span)? {
                            return Ok(Value::Bool(false));
                        }
                        let b = ev!(self, r, f)?;
                        Ok(Value::Bool(self.truthy(b, r.span)?))
                    }
                    BinOp::Or => {
                        let a = ev!(self, l, f)?;
                        if self.truthy(a, l.span)? {
                            return Ok(Value::Bool(true));
                        }
                        let b = ev!(self, r, f)?;
                        Ok(Value::Bool(self.truthy(b, r.span)?))
                    }
                    _ => {
                        let a = if l.has_await {
                            self.eval_async(l, f).await?
                        } else {
                            self.eval_operand(l, *op, f)?
                        };
                        let b = if r.has_await {
                            self.eval_async(r, f).await?
                        } else {
                            self.eval_read(r, f)?
                        };
                        ops::binary(self, *op, a, b, e.span)
                    }
                },
                ExprKind::Assign(place, value) => {
                    let v = ev!(self, value, f)?;
                    self.assign(place, v, f)?;
                    Ok(Value::Unit)
                }
                ExprKind::AssignOp(op, place, value) => {
                    let rhs = ev!(self, value, f)?;
                    self.assign_op(*op, place, rhs, e.span, f)?;
                    Ok(Value::Unit)
                }
                ExprKind::If(cond, then, els, scope) => {
                    let taken = self.cond_async(cond, f).await?;
                    if taken {
                        let r = if then.has_await {
                            self.eval_block_async(then, f).await
                        } else {
                            self.eval_block(then, f)
                        };
                        f.clear(scope);
                        r
                    } else {
                        f.clear(scope);
                        match els {
                            Some(x) => ev!(self, x, f),
                            None => Ok(Value::Unit),
                        }
                    }
                }
                ExprKind::While(id, cond, body, scope) => {
                    loop {
                        self.step()?;
                        let mark = f.temps_mark();
                        if !self.cond_async(cond, f).await? {
                            f.clear(scope);
                            f.truncate_temps(mark);
                            break;
                        }
                        let r = if body.has_await {
                            self.eval_block_async(body, f).await
                        } else {
                            self.eval_block(body, f)
                        };
                        f.clear(scope);
                        f.truncate_temps(mark);
                        match r {
                            Ok(_) => {}
                            Err(Flow::Break(l, _)) if l == *id => break,
                            Err(Flow::Continue(l)) if l == *id => {}
                            Err(x) => return Err(x),
                        }
                    }
                    Ok(Value::Unit)
                }
                ExprKind::Loop(id, body) => loop {
                    self.step()?;
                    match self.eval_block_async(body, f).await {
                        Ok(_) => {}
                        Err(Flow::Break(l, v)) if l == *id => return Ok(v),
                        Err(Flow::Continue(l)) if l == *id => {}
                        Err(x) => return Err(x),
                    }
                },
                ExprKind::For(id, pat, iter, body, scope) => {
                    let it = ev!(self, iter, f)?;
                    let it = self.iterate(it, iter.span)?;
                    loop {
                        self.step()?;
                        let Some(item) = self.iter_next(&it, iter.span)? else {
                            break;
                        };
                        self.bind(pat, item, None, f, e.span)?;
                        let r = if body.has_await {
                            self.eval_block_async(body, f).await
                        } else {
                            self.eval_block(body, f)
                        };
                        f.clear(scope);
                        match r {
                            Ok(_) => {}
                            Err(Flow::Break(l, _)) if l == *id => break,
                            Err(Flow::Continue(l)) if l == *id => {}
                            Err(x) => return Err(x),
                        }
                    }
                    Ok(Value::Unit)
                }
                ExprKind::Match(scrut, arms) => {
                    let (v, place) = if scrut.has_await {
                        (self.eval_async(scrut, f).await?, None)
                    } else {
                        let place = self.place_of(scrut, f)?;
                        let v = match &place {
                            Some(p) => self.read(p, scrut.span)?,
                            None => self.eval(scrut, f)?,
                        };
                        (v, place)
                    };
                    for arm in arms {
                        if self.match_pat(&arm.pat, &v, place.as_ref(), false, f, scrut.span)? {
                            if let Some(g) = &arm.guard {
                                let ok = ev!(self, g, f)?;
                                if !self.truthy(ok, g.span)? {
                                    f.clear(&arm.scope);
                                    continue;
                                }
                            }
                            let r = ev!(self, &arm.body, f);
                            f.clear(&arm.scope);
                            return r;
                        }
                        f.clear(&arm.scope);
                    }
                    self.error(e.span, "no match arm matched (non-exhaustive patterns)")
                }
                ExprKind::Break(id, v) => {
                    let v = match v {
                        Some(x) => ev!(self, x, f)?,
                        None => Value::Unit,
                    };
                    Err(Flow::Break(*id, v))
                }
                ExprKind::Return(v) => {
                    let v = match v {
                        Some(x) => ev!(self, x, f)?,
                        None => Value::Unit,
                    };
                    Err(Flow::Return(v))
                }
                ExprKind::Try(x) => {
                    let v = ev!(self, x, f)?;
                    self.try_op(v, e.span)
                }
                ExprKind::Tuple(items) => {
                    Ok(Value::Tuple(Rc::new(self.eval_args_async(items, f).await?)))
                }
                ExprKind::Array(items) => {
                    Ok(Value::Array(Rc::new(self.eval_args_async(items, f).await?)))
                }
                ExprKind::VecLit(items) => {
                    Ok(Value::Vec(Rc::new(self.eval_args_async(items, f).await?)))
                }
                ExprKind::ArrayRepeat(x, n) | ExprKind::VecRepeat(x, n) => {
                    let v = ev!(self, x, f)?;
                    let n = ev!(self, n, f)?;
                    self.repeat(v, n, matches!(e.kind, ExprKind::VecRepeat(..)), e.span)
                }
                ExprKind::Range(a, b, incl) => {
                    let start = match a {
                        Some(x) => Some(ev!(self, x, f)?),
                        None => None,
                    };
                    let end = match b {
                        Some(x) => Some(ev!(self, x, f)?),
                        None => None,
                    };
                    Ok(ops::make_range(start, end, *incl))
                }
                ExprKind::StructLit(id, fields, rest) => {
                    let mut values = Vec::with_capacity(fields.len());
                    for (ix, fe) in fields {
                        values.push((*ix, ev!(self, fe, f)?));
                    }
                    let base = match rest {
                        Some(r) => Some(ev!(self, r, f)?),
                        None => None,
                    };
                    self.build_struct(*id, values, base, e.span)
                }
                ExprKind::Cast(x, ty) => {
                    let v = ev!(self, x, f)?;
                    ops::cast(self, v, *ty, e.span)
                }
                ExprKind::Print(target, newline, fa) => {
                    let mut text = self.format_args_async(fa, f).await?;
                    if *newline {
                        text.push('\n');
                    }
                    self.print(text, *target)?;
                    Ok(Value::Unit)
                }
                ExprKind::Format(fa) => Ok(Value::string(self.format_args_async(fa, f).await?)),
                ExprKind::Panic(Some(fa), prefix) => {
                    let m = self.format_args_async(fa, f).await?;
                    let msg = if prefix.is_empty() {
                        m
                    } else {
                        format!("{prefix}: {m}")
                    };
                    self.panic(e.span, msg)
                }
                ExprKind::Assert(cond, text, msg) => {
                    let ok = ev!(self, cond, f)?;
                    if self.truthy(ok, cond.span)? {
                        return Ok(Value::Unit);
                    }
                    let m = match msg {
                        Some(fa) => self.format_args_async(fa, f).await?,
                        None => format!("assertion failed: {text}"),
                    };
                    self.panic(e.span, m)
                }
                ExprKind::AssertEq(l, r, ne, msg) => {
                    let a = ev!(self, l, f)?;
                    let b = ev!(self, r, f)?;
                    let msg = match msg {
                        Some(fa) => Some(self.format_args_async(fa, f).await?),
                        None => None,
                    };
                    self.assert_eq(a, b, *ne, msg, e.span)
                }
                ExprKind::Matches(x, pat, guard, scope) => {
                    let v = ev!(self, x, f)?;
                    let mut ok = self.match_pat(pat, &v, None, false, f, x.span)?;
                    if ok {
                        if let Some(g) = guard {
                            let gv = ev!(self, g, f)?;
                            ok = self.truthy(gv, g.span)?;
                        }
                    }
                    f.clear(scope);
                    Ok(Value::Bool(ok))
                }
                ExprKind::Pin(x) => {
                    let v = ev!(self, x, f)?;
                    builtins::mark_pinned(&v);
                    Ok(v)
                }
                _ => self.error(
                    e.span,
                    "awaiting inside this expression is not supported by the interpreter",
                ),
            }
        })
    }

    async fn eval_args_async(&self, args: &[Expr], f: &Rc<Frame>) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            out.push(ev!(self, a, f)?);
        }
        Ok(out)
    }

    async fn format_args_async(&self, fa: &FormatArgs, f: &Rc<Frame>) -> R<String> {
        let mut values = Vec::with_capacity(fa.args.len());
        for a in &fa.args {
            values.push(if a.has_await {
                self.eval_async(a, f).await?
            } else {
                self.eval_read(a, f)?
            });
        }
        self.format_values(fa, &values)
    }

    async fn cond_async(&self, c: &Cond, f: &Rc<Frame>) -> R<bool> {
        match c {
            Cond::Bool(e) => {
                let v = if e.has_await {
                    self.eval_async(e, f).await?
                } else {
                    self.eval_read(e, f)?
                };
                self.truthy(v, e.span)
            }
            Cond::Let(pat, e) => {
                if !e.has_await {
                    return self.cond(c, f);
                }
                let v = self.eval_async(e, f).await?;
                self.match_pat(pat, &v, None, false, f, e.span)
            }
        }
    }

    /// Evaluates a block that contains an `.await`. Not boxed: the recursion through
    /// [`Interp::eval_async`] is, and a loop body's block needs no allocation per iteration.
    pub(crate) async fn eval_block_async(&self, b: &Block, f: &Rc<Frame>) -> R<Value> {
        let r = self.eval_block_async_inner(b, f).await;
        f.clear(&b.scope);
        r
    }

    async fn eval_block_async_inner(&self, b: &Block, f: &Rc<Frame>) -> R<Value> {
        for s in &b.stmts {
            if s.has_await() {
                self.step()?;
                let mark = f.temps_mark();
                let r = match s {
                    Stmt::Let {
                        pat,
                        ty,
                        init,
                        els,
                        span,
                        ..
                    } => match init {
                        Some(e) => {
                            let v = match &e.kind {
                                ExprKind::Await(x, info) if !x.has_await => {
                                    let v = self.eval(x, f)?;
                                    builtins::await_value(self, v, info, e.span, f).await?
                                }
                                _ => ev!(self, e, f)?,
                            };
                            match els {
                                Some(b) if b.has_await => {
                                    let v = self.coerce(v, ty, *span)?;
                                    if self.match_pat(pat, &v, None, false, f, *span)? {
                                        Ok(())
                                    } else {
                                        Box::pin(self.eval_block_async(b, f)).await?;
                                        self.error(
                                            *span,
                                            "the `else` block of `let ... else` must diverge",
                                        )
                                    }
                                }
                                _ => self.let_bind(pat, ty, v, els.as_deref(), *span, f),
                            }
                        }
                        None => Ok(()),
                    },
                    // `x.await;`, the commonest statement, awaits without a boxed future.
                    Stmt::Expr(Expr {
                        kind: ExprKind::Await(x, info),
                        span,
                        ..
                    }) if !x.has_await => match self.eval(x, f) {
                        Ok(v) => builtins::await_value(self, v, info, *span, f)
                            .await
                            .map(drop),
                        Err(e) => Err(e),
                    },
                    Stmt::Expr(e) => self.eval_async(e, f).await.map(drop),
                };
                f.truncate_temps(mark);
                r?;
            } else {
                self.exec(s, f)?;
            }
        }
        match &b.tail {
            Some(t) => {
                self.step()?;
                ev!(self, t, f)
            }
            None => Ok(Value::Unit),
        }
    }
}

/// The index of a field in a struct or tuple value.
fn field_index(v: &Value, field: &Field) -> Result<u32, String> {
    match (v, field) {
        (Value::Struct(s), Field::Named(name)) => s
            .def
            .field(name)
            .ok_or_else(|| format!("no field `{name}` on type `{}`", s.def.name)),
        (Value::Struct(s), Field::Index(i)) if s.def.tuple && (*i as usize) < s.fields.len() => {
            Ok(*i)
        }
        (Value::Tuple(t), Field::Index(i)) if (*i as usize) < t.len() => Ok(*i),
        (other, Field::Named(name)) => {
            Err(format!("no field `{name}` on type `{}`", other.type_name()))
        }
        (other, Field::Index(i)) => Err(format!("no field `{i}` on type `{}`", other.type_name())),
    }
}

/// Where `*v` points, for a reference or a guard.
fn deref_target(v: &Value) -> Option<Place> {
    match v {
        Value::Ref(p) => Some((**p).clone()),
        Value::Native(n) => builtins::guard_data(n).map(|cell| Place {
            root: PlaceRoot::Cell(cell),
            path: Vec::new(),
            mutable: true,
        }),
        _ => None,
    }
}

/// Whether a native value is a resource whose drop matters (used by the receiver rule).
pub(crate) fn is_resource(n: &Native) -> bool {
    builtins::guard_data(n).is_some()
}
