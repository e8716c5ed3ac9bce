//! Operators, casts and comparisons with Rust's semantics: checked integer arithmetic that
//! panics on overflow as a debug build does, `as` casts that truncate, and structural equality.

use crate::diagnostic::Span;
use crate::eval::{Interp, R};
use crate::ir::{BinOp, CastTy, UnOp};
use crate::value::{int_value, make_int, IntTy, RangeVal, Value};
use std::cmp::Ordering;
use std::rc::Rc;

/// A range value from its bounds.
pub(crate) fn make_range(start: Option<Value>, end: Option<Value>, inclusive: bool) -> Value {
    // `0..n` with `n: usize` makes the start a `usize` too.
    let (start, end) = match (start, end) {
        (Some(Value::Int(a, IntTy::Lit)), Some(Value::Int(b, t))) if t != IntTy::Lit => (
            make_int(a as i128, t).or(Some(Value::Int(a, IntTy::Lit))),
            Some(Value::Int(b, t)),
        ),
        (Some(Value::Int(a, t)), Some(Value::Int(b, IntTy::Lit))) if t != IntTy::Lit => (
            Some(Value::Int(a, t)),
            make_int(b as i128, t).or(Some(Value::Int(b, IntTy::Lit))),
        ),
        other => other,
    };
    Value::Range(Rc::new(RangeVal {
        start,
        end,
        inclusive,
    }))
}

/// An integer value as a `usize`, if it is a non-negative integer.
pub(crate) fn as_usize(v: &Value) -> Option<usize> {
    match v {
        Value::Int(bits, ty) => {
            let n = int_value(*bits, *ty);
            (n >= 0).then_some(n as usize)
        }
        Value::Ref(p) => crate::eval::read_place(p).ok().and_then(|v| as_usize(&v)),
        _ => None,
    }
}

fn strip(interp: &Interp, v: Value, span: Span) -> R<Value> {
    match v {
        Value::Ref(_) | Value::Arc(_) => interp.deref_all(v, span),
        Value::Native(ref n) if crate::eval::is_resource(n) => interp.deref_all(v, span),
        other => Ok(other),
    }
}

/// A unary operator.
pub(crate) fn unary(interp: &Interp, op: UnOp, v: Value, span: Span) -> R<Value> {
    let v = strip(interp, v, span)?;
    match (op, v) {
        (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnOp::Not, Value::Int(bits, ty)) => {
            let n = int_value(bits, ty);
            let r = if ty.signed() {
                !n
            } else {
                let (_, hi) = ty.range();
                hi - n
            };
            Ok(make_int(r, ty).expect("bitwise not stays in range"))
        }
        (UnOp::Neg, Value::Int(bits, ty)) => {
            if !ty.signed() {
                return interp.error(
                    span,
                    format!("cannot apply unary operator `-` to type `{}`", ty.name()),
                );
            }
            match make_int(-int_value(bits, ty), ty) {
                Some(v) => Ok(v),
                None => interp.panic(span, "attempt to negate with overflow"),
            }
        }
        (UnOp::Neg, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnOp::Neg, Value::Duration(_)) => interp.error(span, "cannot negate a `Duration`"),
        (op, v) => interp.error(
            span,
            format!(
                "cannot apply unary operator `{}` to type `{}`",
                if op == UnOp::Neg { "-" } else { "!" },
                v.type_name()
            ),
        ),
    }
}

fn int_binary(
    interp: &Interp,
    op: BinOp,
    a: i64,
    ta: IntTy,
    b: i64,
    tb: IntTy,
    span: Span,
) -> R<Value> {
    let x = int_value(a, ta);
    let y = int_value(b, tb);
    if matches!(op, BinOp::Shl | BinOp::Shr) {
        let ty = ta;
        if y < 0 || y >= ty.bits() as i128 {
            return interp.panic(
                span,
                format!(
                    "attempt to shift {} with overflow",
                    if op == BinOp::Shl { "left" } else { "right" }
                ),
            );
        }
        let r = if op == BinOp::Shl {
            // Shifting left drops the bits that leave the type, as Rust does.
            let bits = ty.bits();
            let shifted = (x << y) & ((1i128 << bits) - 1);
            if ty.signed() && shifted >= (1i128 << (bits - 1)) {
                shifted - (1i128 << bits)
            } else {
                shifted
            }
        } else {
            x >> y
        };
        return Ok(make_int(r, ty).expect("shifts stay in range"));
    }
    let ty = ta.unify(tb);
    if ta != IntTy::Lit && tb != IntTy::Lit && ta != tb {
        return interp.error(
            span,
            format!(
                "mismatched types: `{}` and `{}` (convert one with `as`)",
                ta.name(),
                tb.name()
            ),
        );
    }
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x.checked_mul(y).unwrap_or(i128::MAX),
        BinOp::Div => {
            if y == 0 {
                return interp.panic(span, "attempt to divide by zero");
            }
            x / y
        }
        BinOp::Rem => {
            if y == 0 {
                return interp.panic(
                    span,
                    "attempt to calculate the remainder with a divisor of zero",
                );
            }
            x % y
        }
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::Eq => return Ok(Value::Bool(x == y)),
        BinOp::Ne => return Ok(Value::Bool(x != y)),
        BinOp::Lt => return Ok(Value::Bool(x < y)),
        BinOp::Le => return Ok(Value::Bool(x <= y)),
        BinOp::Gt => return Ok(Value::Bool(x > y)),
        BinOp::Ge => return Ok(Value::Bool(x >= y)),
        _ => unreachable!("logical and shift operators are handled elsewhere"),
    };
    match make_int(r, ty) {
        Some(v) => Ok(v),
        None => interp.panic(span, format!("attempt to {} with overflow", op.verb())),
    }
}

fn float_binary(interp: &Interp, op: BinOp, x: f64, y: f64, span: Span) -> R<Value> {
    Ok(match op {
        BinOp::Add => Value::Float(x + y),
        BinOp::Sub => Value::Float(x - y),
        BinOp::Mul => Value::Float(x * y),
        BinOp::Div => Value::Float(x / y),
        BinOp::Rem => Value::Float(x % y),
        BinOp::Eq => Value::Bool(x == y),
        BinOp::Ne => Value::Bool(x != y),
        BinOp::Lt => Value::Bool(x < y),
        BinOp::Le => Value::Bool(x <= y),
        BinOp::Gt => Value::Bool(x > y),
        BinOp::Ge => Value::Bool(x >= y),
        _ => return interp.error(span, "this operator is not defined for `f64`"),
    })
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

/// A binary operator (not `&&`/`||`, which short-circuit in the evaluator).
#[inline(never)]
pub(crate) fn binary(interp: &Interp, op: BinOp, a: Value, b: Value, span: Span) -> R<Value> {
    let a = strip(interp, a, span)?;
    let b = strip(interp, b, span)?;
    if is_comparison(op) {
        if let (Value::Int(x, tx), Value::Int(y, ty)) = (&a, &b) {
            return int_binary(interp, op, *x, *tx, *y, *ty, span);
        }
        let ord = match op {
            BinOp::Eq => return Ok(Value::Bool(values_eq(interp, &a, &b, span)?)),
            BinOp::Ne => return Ok(Value::Bool(!values_eq(interp, &a, &b, span)?)),
            _ => partial_compare(interp, &a, &b, span)?,
        };
        let Some(ord) = ord else {
            return Ok(Value::Bool(false));
        };
        return Ok(Value::Bool(match op {
            BinOp::Lt => ord == Ordering::Less,
            BinOp::Le => ord != Ordering::Greater,
            BinOp::Gt => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        }));
    }
    match (a, b) {
        (Value::Int(x, tx), Value::Int(y, ty)) => int_binary(interp, op, x, tx, y, ty, span),
        (Value::Float(x), Value::Float(y)) => float_binary(interp, op, x, y, span),
        (Value::Bool(x), Value::Bool(y)) => match op {
            BinOp::BitAnd => Ok(Value::Bool(x & y)),
            BinOp::BitOr => Ok(Value::Bool(x | y)),
            BinOp::BitXor => Ok(Value::Bool(x ^ y)),
            _ => interp.error(span, "this operator is not defined for `bool`"),
        },
        (Value::String(s), other) if op == BinOp::Add => match other.as_str() {
            Some(t) => {
                let mut s = s;
                Rc::make_mut(&mut s).push_str(t);
                Ok(Value::String(s))
            }
            None => interp.error(
                span,
                format!("cannot add `{}` to a `String`", other.type_name()),
            ),
        },
        (Value::Duration(x), Value::Duration(y)) => match op {
            BinOp::Add => match x.checked_add(y) {
                Some(d) => Ok(Value::Duration(d)),
                None => interp.panic(span, "overflow when adding durations"),
            },
            BinOp::Sub => match x.checked_sub(y) {
                Some(d) => Ok(Value::Duration(d)),
                None => interp.panic(span, "overflow when subtracting durations"),
            },
            _ => interp.error(span, "this operator is not defined for two `Duration`s"),
        },
        (Value::Duration(d), Value::Int(bits, ty)) => {
            let n = int_value(bits, ty);
            match op {
                BinOp::Mul => match u64::try_from(d as i128 * n) {
                    Ok(r) => Ok(Value::Duration(r)),
                    Err(_) => interp.panic(span, "overflow when multiplying duration by scalar"),
                },
                BinOp::Div => {
                    if n == 0 {
                        return interp.panic(
                            span,
                            "divide by zero error when dividing duration by scalar",
                        );
                    }
                    Ok(Value::Duration((d as i128 / n) as u64))
                }
                _ => interp.error(
                    span,
                    "this operator is not defined for `Duration` and an integer",
                ),
            }
        }
        (Value::Int(bits, ty), Value::Duration(d)) if op == BinOp::Mul => {
            let n = int_value(bits, ty);
            match u64::try_from(d as i128 * n) {
                Ok(r) => Ok(Value::Duration(r)),
                Err(_) => interp.panic(span, "overflow when multiplying duration by scalar"),
            }
        }
        (Value::Instant(t), Value::Duration(d)) => match op {
            BinOp::Add => Ok(Value::Instant(t.saturating_add(d))),
            BinOp::Sub => match t.checked_sub(d) {
                Some(r) => Ok(Value::Instant(r)),
                None => interp.panic(span, "overflow when subtracting duration from instant"),
            },
            _ => interp.error(
                span,
                "this operator is not defined for `Instant` and `Duration`",
            ),
        },
        (Value::Instant(a), Value::Instant(b)) if op == BinOp::Sub => {
            Ok(Value::Duration(a.saturating_sub(b)))
        }
        (a, b) => interp.error(
            span,
            format!(
                "cannot apply `{}` to `{}` and `{}`",
                op_symbol(op),
                a.type_name(),
                b.type_name()
            ),
        ),
    }
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Rem => "%",
        BinOp::And => "&&",
        BinOp::Or => "||",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::Shl => "<<",
        BinOp::Shr => ">>",
        BinOp::Eq => "==",
        BinOp::Ne => "!=",
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Gt => ">",
        BinOp::Ge => ">=",
    }
}

/// `a == b`, structurally, looking through references.
pub(crate) fn values_eq(interp: &Interp, a: &Value, b: &Value, span: Span) -> R<bool> {
    Ok(match (a, b) {
        (Value::Ref(_) | Value::Arc(_), _) | (_, Value::Ref(_) | Value::Arc(_)) => {
            let a = interp.deref_all(a.clone(), span)?;
            let b = interp.deref_all(b.clone(), span)?;
            return values_eq(interp, &a, &b, span);
        }
        (Value::Unit, Value::Unit) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, tx), Value::Int(y, ty)) => int_value(*x, *tx) == int_value(*y, *ty),
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Char(x), Value::Char(y)) => x == y,
        (Value::Str(_) | Value::String(_), Value::Str(_) | Value::String(_)) => {
            a.as_str() == b.as_str()
        }
        (Value::Tuple(x), Value::Tuple(y))
        | (Value::Vec(x) | Value::Array(x), Value::Vec(y) | Value::Array(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !values_eq(interp, p, q, span)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Opt(x), Value::Opt(y)) => match (x, y) {
            (None, None) => true,
            (Some(p), Some(q)) => values_eq(interp, p, q, span)?,
            _ => false,
        },
        (Value::Res(x), Value::Res(y)) => match (x, y) {
            (Ok(p), Ok(q)) | (Err(p), Err(q)) => values_eq(interp, p, q, span)?,
            _ => false,
        },
        (Value::Struct(x), Value::Struct(y)) => {
            if !x.def.derives.eq {
                return interp.error(span, format!("binary operation `==` cannot be applied to type `{}` (add `#[derive(PartialEq)]`)", x.def.name));
            }
            if !Rc::ptr_eq(&x.def, &y.def) {
                return Ok(false);
            }
            for (p, q) in x.fields.iter().zip(y.fields.iter()) {
                if !values_eq(interp, p, q, span)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Duration(x), Value::Duration(y)) | (Value::Instant(x), Value::Instant(y)) => x == y,
        (Value::Range(x), Value::Range(y)) => {
            x.inclusive == y.inclusive
                && opt_eq(interp, &x.start, &y.start, span)?
                && opt_eq(interp, &x.end, &y.end, span)?
        }
        (Value::Native(x), Value::Native(y)) => match crate::builtins::native_eq(x, y) {
            Some(eq) => eq,
            None => {
                return interp.error(
                    span,
                    format!(
                        "binary operation `==` cannot be applied to type `{}`",
                        x.type_name()
                    ),
                )
            }
        },
        (a, b) => {
            return interp.error(
                span,
                format!(
                    "mismatched types: cannot compare `{}` with `{}`",
                    a.type_name(),
                    b.type_name()
                ),
            );
        }
    })
}

fn opt_eq(interp: &Interp, a: &Option<Value>, b: &Option<Value>, span: Span) -> R<bool> {
    match (a, b) {
        (None, None) => Ok(true),
        (Some(x), Some(y)) => values_eq(interp, x, y, span),
        _ => Ok(false),
    }
}

/// `a.partial_cmp(b)`.
pub(crate) fn partial_compare(
    interp: &Interp,
    a: &Value,
    b: &Value,
    span: Span,
) -> R<Option<Ordering>> {
    Ok(match (a, b) {
        (Value::Ref(_) | Value::Arc(_), _) | (_, Value::Ref(_) | Value::Arc(_)) => {
            let a = interp.deref_all(a.clone(), span)?;
            let b = interp.deref_all(b.clone(), span)?;
            return partial_compare(interp, &a, &b, span);
        }
        (Value::Unit, Value::Unit) => Some(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(x, tx), Value::Int(y, ty)) => Some(int_value(*x, *tx).cmp(&int_value(*y, *ty))),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Char(x), Value::Char(y)) => Some(x.cmp(y)),
        (Value::Str(_) | Value::String(_), Value::Str(_) | Value::String(_)) => {
            Some(a.as_str().cmp(&b.as_str()))
        }
        (Value::Tuple(x), Value::Tuple(y))
        | (Value::Vec(x) | Value::Array(x), Value::Vec(y) | Value::Array(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match partial_compare(interp, p, q, span)? {
                    Some(Ordering::Equal) => {}
                    other => return Ok(other),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        (Value::Opt(x), Value::Opt(y)) => match (x, y) {
            (None, None) => Some(Ordering::Equal),
            (None, Some(_)) => Some(Ordering::Less),
            (Some(_), None) => Some(Ordering::Greater),
            (Some(p), Some(q)) => partial_compare(interp, p, q, span)?,
        },
        (Value::Res(x), Value::Res(y)) => match (x, y) {
            (Ok(p), Ok(q)) | (Err(p), Err(q)) => partial_compare(interp, p, q, span)?,
            (Ok(_), Err(_)) => Some(Ordering::Less),
            (Err(_), Ok(_)) => Some(Ordering::Greater),
        },
        (Value::Struct(x), Value::Struct(y))
            if !Rc::ptr_eq(&x.def, &y.def)
                && x.def.variant.is_some()
                && x.def.variant.as_ref().map(|v| &v.0) == y.def.variant.as_ref().map(|v| &v.0) =>
        {
            if !x.def.derives.ord {
                return interp.error(
                    span,
                    format!(
                        "`{}` cannot be compared (add `#[derive(PartialOrd)]`)",
                        x.def.name
                    ),
                );
            }
            let (a, b) = (
                x.def.variant.as_ref().map_or(0, |v| v.1),
                y.def.variant.as_ref().map_or(0, |v| v.1),
            );
            Some(a.cmp(&b))
        }
        (Value::Struct(x), Value::Struct(y)) if Rc::ptr_eq(&x.def, &y.def) => {
            if !x.def.derives.ord {
                return interp.error(
                    span,
                    format!(
                        "`{}` cannot be compared (add `#[derive(PartialOrd)]`)",
                        x.def.name
                    ),
                );
            }
            for (p, q) in x.fields.iter().zip(y.fields.iter()) {
                match partial_compare(interp, p, q, span)? {
                    Some(Ordering::Equal) => {}
                    other => return Ok(other),
                }
            }
            Some(Ordering::Equal)
        }
        (Value::Duration(x), Value::Duration(y)) | (Value::Instant(x), Value::Instant(y)) => {
            Some(x.cmp(y))
        }
        (a, b) => {
            return interp.error(
                span,
                format!(
                    "mismatched types: cannot compare `{}` with `{}`",
                    a.type_name(),
                    b.type_name()
                ),
            );
        }
    })
}

/// A total comparison (for sorting, `min`, `max`, range patterns).
pub(crate) fn compare(interp: &Interp, a: &Value, b: &Value, span: Span) -> R<Ordering> {
    match partial_compare(interp, a, b, span)? {
        Some(o) => Ok(o),
        None => interp.error(span, "these values cannot be ordered (NaN)"),
    }
}

/// `v as T`.
pub(crate) fn cast(interp: &Interp, v: Value, ty: CastTy, span: Span) -> R<Value> {
    let v = strip(interp, v, span)?;
    match (v, ty) {
        (Value::Int(bits, from), CastTy::Int(to)) => {
            let n = int_value(bits, from);
            Ok(wrap_int(n, to))
        }
        (Value::Float(x), CastTy::Int(to)) => {
            let (lo, hi) = to.range();
            let n = if x.is_nan() {
                0
            } else if x <= lo as f64 {
                lo
            } else if x >= hi as f64 {
                hi
            } else {
                x.trunc() as i128
            };
            Ok(make_int(n, to).expect("clamped to the range"))
        }
        (Value::Bool(b), CastTy::Int(to)) => {
            Ok(make_int(b as i128, to).expect("0 and 1 fit every integer type"))
        }
        (Value::Char(c), CastTy::Int(to)) => Ok(wrap_int(c as u32 as i128, to)),
        (Value::Int(bits, from), CastTy::Float) => Ok(Value::Float(int_value(bits, from) as f64)),
        (Value::Float(x), CastTy::Float) => Ok(Value::Float(x)),
        (Value::Int(bits, IntTy::U8 | IntTy::Lit), CastTy::Char) if (0..=255).contains(&bits) => {
            Ok(Value::Char(bits as u8 as char))
        }
        (Value::Char(c), CastTy::Char) => Ok(Value::Char(c)),
        (v, _) => interp.error(
            span,
            format!("cannot cast a value of type `{}` like this", v.type_name()),
        ),
    }
}

/// Wraps an integer into a type's width, two's complement, as `as` does.
fn wrap_int(n: i128, to: IntTy) -> Value {
    let bits = to.bits();
    let mask: i128 = if bits == 64 {
        u64::MAX as i128
    } else {
        (1i128 << bits) - 1
    };
    let mut m = n & mask;
    if to.signed() && m >= (1i128 << (bits - 1)) {
        m -= 1i128 << bits;
    }
    make_int(m, if to == IntTy::Lit { IntTy::I32 } else { to }).expect("wrapped into the range")
}
