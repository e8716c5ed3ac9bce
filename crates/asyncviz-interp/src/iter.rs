//! Lazy iterators: ranges, vectors (by value and by reference), chars, and the adapters
//! (`map`, `filter`, `enumerate`, `rev`, `zip`, `take`, `skip`, `step_by`, `chain`, ...), so
//! closures run interleaved with the loop body exactly as in Rust.

use crate::diagnostic::Span;
use crate::eval::{read_place, Interp, R};
use crate::value::{int_value, make_int, IntTy, IterState, Place, Proj, Value};
use std::cell::RefCell;
use std::rc::Rc;

impl Interp {
    /// `IntoIterator::into_iter`: a value to iterate over.
    pub(crate) fn iterate(&self, v: Value, span: Span) -> R<Rc<RefCell<IterState>>> {
        let state = match v {
            Value::Iter(it) => return Ok(it),
            Value::Range(r) => self.range_iter(&r.start, &r.end, r.inclusive, span)?,
            Value::Vec(items) | Value::Array(items) => {
                let n = items.len();
                IterState::Seq {
                    items,
                    front: 0,
                    back: n,
                }
            }
            Value::Ref(p) => {
                let target = self.read_at(&p, span)?;
                match target {
                    Value::Vec(items) | Value::Array(items) => {
                        let n = items.len();
                        IterState::SeqRef {
                            place: (*p).clone(),
                            front: 0,
                            back: n,
                        }
                    }
                    Value::Iter(it) => return Ok(it),
                    Value::Range(_) => return self.iterate(target, span),
                    other => {
                        return self
                            .error(span, format!("`&{}` is not an iterator", other.type_name()))
                    }
                }
            }
            Value::Opt(o) => {
                let items: Vec<Value> = o.into_iter().map(|x| (*x).clone()).collect();
                let n = items.len();
                IterState::Seq {
                    items: Rc::new(items),
                    front: 0,
                    back: n,
                }
            }
            other => {
                return self.error(span, format!("`{}` is not an iterator", other.type_name()))
            }
        };
        Ok(Rc::new(RefCell::new(state)))
    }

    /// An iterator over references to a vector's elements (`iter()`, `iter_mut()`).
    pub(crate) fn ref_iter(&self, rv: &Value, rp: Option<Place>, mutable: bool) -> R<Value> {
        let (place, len) = match rp {
            Some(mut p) => {
                p.mutable = mutable;
                let len = match rv {
                    Value::Vec(items) | Value::Array(items) => items.len(),
                    _ => 0,
                };
                (p, len)
            }
            None => {
                let len = match rv {
                    Value::Vec(items) | Value::Array(items) => items.len(),
                    _ => 0,
                };
                let Value::Ref(p) = Interp::temp_ref(rv.clone(), mutable) else {
                    unreachable!("temp_ref makes a reference")
                };
                ((*p).clone(), len)
            }
        };
        Ok(Value::Iter(Rc::new(RefCell::new(IterState::SeqRef {
            place,
            front: 0,
            back: len,
        }))))
    }

    fn read_at(&self, p: &Place, span: Span) -> R<Value> {
        read_place(p).or_else(|m| self.error(span, m))
    }

    fn range_iter(
        &self,
        start: &Option<Value>,
        end: &Option<Value>,
        inclusive: bool,
        span: Span,
    ) -> R<IterState> {
        match (start, end) {
            (Some(Value::Char(a)), Some(Value::Char(b))) => {
                let last = if inclusive {
                    *b as u32
                } else {
                    (*b as u32).saturating_sub(1)
                };
                let items: Vec<char> = if !inclusive && *b <= *a {
                    Vec::new()
                } else {
                    (*a as u32..=last).filter_map(char::from_u32).collect()
                };
                let n = items.len();
                Ok(IterState::Chars {
                    items,
                    front: 0,
                    back: n,
                })
            }
            (Some(Value::Int(a, ta)), end) => {
                let a_v = int_value(*a, *ta);
                let (end_v, ty) = match end {
                    Some(Value::Int(b, tb)) => (
                        Some(int_value(*b, *tb) + i128::from(inclusive)),
                        ta.unify(*tb),
                    ),
                    None => (None, *ta),
                    Some(other) => {
                        return self.error(
                            span,
                            format!("a range of `{}` is not supported", other.type_name()),
                        )
                    }
                };
                Ok(IterState::Range {
                    next: a_v,
                    end: end_v,
                    back: end_v.unwrap_or(i128::MAX),
                    ty,
                })
            }
            _ => self.error(span, "this range cannot be iterated (it needs a start)"),
        }
    }

    /// The next item of an iterator.
    pub(crate) fn iter_next(&self, it: &Rc<RefCell<IterState>>, span: Span) -> R<Option<Value>> {
        let mut state = match it.try_borrow_mut() {
            Ok(s) => s,
            Err(_) => return self.error(span, "this iterator is already being advanced"),
        };
        self.next_of(&mut state, span)
    }

    fn next_of(&self, state: &mut IterState, span: Span) -> R<Option<Value>> {
        Ok(match state {
            IterState::Seq { items, front, back } => {
                if *front >= *back {
                    None
                } else {
                    *front += 1;
                    Some(items[*front - 1].clone())
                }
            }
            IterState::SeqRef { place, front, back } => {
                if *front >= *back {
                    None
                } else {
                    let mut p = place.clone();
                    p.path.push(Proj::Index(*front));
                    *front += 1;
                    Some(Value::Ref(Rc::new(p)))
                }
            }
            IterState::Range {
                next,
                end,
                back,
                ty,
            } => {
                let limit = end.map_or(*back, |e| e.min(*back));
                if *next >= limit {
                    None
                } else {
                    let v = *next;
                    *next += 1;
                    match make_int(v, *ty) {
                        Some(x) => Some(x),
                        None => return self.panic(span, "attempt to add with overflow"),
                    }
                }
            }
            IterState::Chars { items, front, back } => {
                if *front >= *back {
                    None
                } else {
                    *front += 1;
                    Some(Value::Char(items[*front - 1]))
                }
            }
            IterState::Map(inner, f) => match self.next_of(inner, span)? {
                Some(x) => Some(self.call_value(f.clone(), vec![x], span)?),
                None => None,
            },
            IterState::Filter(inner, f) => loop {
                self.step()?;
                match self.next_of(inner, span)? {
                    Some(x) => {
                        let keep = self.call_value(
                            f.clone(),
                            vec![Interp::temp_ref(x.clone(), false)],
                            span,
                        )?;
                        if self.truthy(keep, span)? {
                            break Some(x);
                        }
                    }
                    None => break None,
                }
            },
            IterState::FilterMap(inner, f) => loop {
                self.step()?;
                match self.next_of(inner, span)? {
                    Some(x) => match self.call_value(f.clone(), vec![x], span)? {
                        Value::Opt(Some(v)) => break Some((*v).clone()),
                        Value::Opt(None) => {}
                        other => {
                            return self.error(
                                span,
                                format!(
                                    "`filter_map` expects an `Option`, found `{}`",
                                    other.type_name()
                                ),
                            )
                        }
                    },
                    None => break None,
                }
            },
            IterState::Enumerate(inner, i) => match self.next_of(inner, span)? {
                Some(x) => {
                    let idx = *i;
                    *i += 1;
                    Some(Value::Tuple(Rc::new(vec![Value::usize(idx), x])))
                }
                None => None,
            },
            IterState::Rev(inner) => self.next_back_of(inner, span)?,
            IterState::Zip(a, b) => match self.next_of(a, span)? {
                Some(x) => self
                    .next_of(b, span)?
                    .map(|y| Value::Tuple(Rc::new(vec![x, y]))),
                None => None,
            },
            IterState::Take(inner, n) => {
                if *n == 0 {
                    None
                } else {
                    *n -= 1;
                    self.next_of(inner, span)?
                }
            }
            IterState::Skip(inner, n) => {
                while *n > 0 {
                    *n -= 1;
                    self.step()?;
                    if self.next_of(inner, span)?.is_none() {
                        return Ok(None);
                    }
                }
                self.next_of(inner, span)?
            }
            IterState::StepBy(inner, step, started) => {
                if !*started {
                    *started = true;
                    self.next_of(inner, span)?
                } else {
                    for _ in 0..step.saturating_sub(1) {
                        self.step()?;
                        if self.next_of(inner, span)?.is_none() {
                            return Ok(None);
                        }
                    }
                    self.next_of(inner, span)?
                }
            }
            IterState::Chain(a, b) => match self.next_of(a, span)? {
                Some(x) => Some(x),
                None => self.next_of(b, span)?,
            },
            IterState::TakeWhile(inner, f, done) => {
                if *done {
                    None
                } else {
                    match self.next_of(inner, span)? {
                        Some(x) => {
                            let keep = self.call_value(
                                f.clone(),
                                vec![Interp::temp_ref(x.clone(), false)],
                                span,
                            )?;
                            if self.truthy(keep, span)? {
                                Some(x)
                            } else {
                                *done = true;
                                None
                            }
                        }
                        None => None,
                    }
                }
            }
            IterState::SkipWhile(inner, f, started) => loop {
                self.step()?;
                match self.next_of(inner, span)? {
                    Some(x) => {
                        if *started {
                            break Some(x);
                        }
                        let skip = self.call_value(
                            f.clone(),
                            vec![Interp::temp_ref(x.clone(), false)],
                            span,
                        )?;
                        if !self.truthy(skip, span)? {
                            *started = true;
                            break Some(x);
                        }
                    }
                    None => break None,
                }
            },
            IterState::Deref(inner) => match self.next_of(inner, span)? {
                Some(x) => Some(self.deref_all(x, span)?),
                None => None,
            },
        })
    }

    fn next_back_of(&self, state: &mut IterState, span: Span) -> R<Option<Value>> {
        Ok(match state {
            IterState::Seq { items, front, back } => {
                if *front >= *back {
                    None
                } else {
                    *back -= 1;
                    Some(items[*back].clone())
                }
            }
            IterState::SeqRef {
                place, front, back, ..
            } => {
                if *front >= *back {
                    None
                } else {
                    *back -= 1;
                    let mut p = place.clone();
                    p.path.push(Proj::Index(*back));
                    Some(Value::Ref(Rc::new(p)))
                }
            }
            IterState::Range {
                next,
                end,
                back,
                ty,
            } => {
                let Some(e) = end else {
                    return self.error(span, "cannot reverse an unbounded range");
                };
                let limit = (*e).min(*back);
                if *next >= limit {
                    None
                } else {
                    *back = limit - 1;
                    make_int(*back, *ty)
                }
            }
            IterState::Chars { items, front, back } => {
                if *front >= *back {
                    None
                } else {
                    *back -= 1;
                    Some(Value::Char(items[*back]))
                }
            }
            IterState::Map(inner, f) => match self.next_back_of(inner, span)? {
                Some(x) => Some(self.call_value(f.clone(), vec![x], span)?),
                None => None,
            },
            IterState::Filter(inner, f) => loop {
                self.step()?;
                match self.next_back_of(inner, span)? {
                    Some(x) => {
                        let keep = self.call_value(
                            f.clone(),
                            vec![Interp::temp_ref(x.clone(), false)],
                            span,
                        )?;
                        if self.truthy(keep, span)? {
                            break Some(x);
                        }
                    }
                    None => break None,
                }
            },
            IterState::Enumerate(inner, i) => {
                // The index of the last element is the count of what remains.
                let remaining = self.remaining(inner, span)?;
                self.next_back_of(inner, span)?
                    .map(|x| Value::Tuple(Rc::new(vec![Value::usize(*i + remaining - 1), x])))
            }
            IterState::Rev(inner) => self.next_of(inner, span)?,
            IterState::Deref(inner) => match self.next_back_of(inner, span)? {
                Some(x) => Some(self.deref_all(x, span)?),
                None => None,
            },
            _ => {
                return self.error(
                    span,
                    "`rev()` is not supported on this iterator in the interpreter",
                )
            }
        })
    }

    fn remaining(&self, state: &IterState, span: Span) -> R<usize> {
        Ok(match state {
            IterState::Seq { front, back, .. }
            | IterState::SeqRef { front, back, .. }
            | IterState::Chars { front, back, .. } => back.saturating_sub(*front),
            IterState::Range {
                next,
                end: Some(e),
                back,
                ..
            } => ((*e).min(*back) - next).max(0) as usize,
            IterState::Map(inner, _)
            | IterState::Deref(inner)
            | IterState::Enumerate(inner, _)
            | IterState::Rev(inner) => self.remaining(inner, span)?,
            _ => return self.error(span, "this iterator's length is not known"),
        })
    }

    /// Collects an iterator's remaining items.
    pub(crate) fn collect_items(&self, it: &Rc<RefCell<IterState>>, span: Span) -> R<Vec<Value>> {
        let mut out = Vec::new();
        while let Some(x) = self.iter_next(it, span)? {
            self.step()?;
            out.push(x);
        }
        Ok(out)
    }

    /// Applies an adapter to an iterator.
    pub(crate) fn adapt(
        &self,
        it: Rc<RefCell<IterState>>,
        make: impl FnOnce(Box<IterState>) -> IterState,
    ) -> Value {
        let inner = match Rc::try_unwrap(it) {
            Ok(cell) => cell.into_inner(),
            Err(shared) => {
                // A shared iterator (`by_ref`-like use) is advanced through its handle.
                let st = std::mem::replace(
                    &mut *shared.borrow_mut(),
                    IterState::Seq {
                        items: Rc::new(Vec::new()),
                        front: 0,
                        back: 0,
                    },
                );
                st
            }
        };
        Value::Iter(Rc::new(RefCell::new(make(Box::new(inner)))))
    }

    /// `sum()` / `product()` of integers or floats.
    pub(crate) fn fold_numbers(
        &self,
        items: Vec<Value>,
        product: bool,
        ty: Option<IntTy>,
        span: Span,
    ) -> R<Value> {
        let mut acc: Option<Value> = None;
        for x in items {
            let x = self.deref_all(x, span)?;
            acc = Some(match acc {
                None => x,
                Some(a) => crate::ops::binary(
                    self,
                    if product {
                        crate::ir::BinOp::Mul
                    } else {
                        crate::ir::BinOp::Add
                    },
                    a,
                    x,
                    span,
                )?,
            });
        }
        Ok(match acc {
            Some(v) => match (v, ty) {
                (Value::Int(bits, IntTy::Lit), Some(t)) => {
                    make_int(bits as i128, t).unwrap_or(Value::Int(bits, IntTy::Lit))
                }
                (v, _) => v,
            },
            None => Value::Int(i64::from(product), ty.unwrap_or(IntTy::Lit)),
        })
    }
}
