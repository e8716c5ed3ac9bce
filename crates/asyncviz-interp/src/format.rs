//! Rust's format syntax: parsing format strings, and formatting values exactly as `std::fmt`
//! does (padding, alignment, sign-aware zero padding, precision, `{:?}` and `{:#?}` of nested
//! values, hex debug).
//!
//! Leaves follow the algorithms of `core::fmt` (`pad`, `pad_integral`, `pad_formatted_parts`);
//! the digits of floats and the escapes of strings come from Rust's own formatting.
//! `tests/format.rs` compares the result with the native `format!` for many specs.

use crate::value::{int_value, IntTy, Value};
use std::fmt::Write;

/// A parsed and resolved format string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormatStr {
    /// Literal text and arguments, in order.
    pub(crate) pieces: Vec<Piece>,
}

/// A piece of a format string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Literal text (with `{{` and `}}` already unescaped).
    Lit(String),
    /// An argument, by index into the macro's argument list.
    Arg(usize, Spec),
}

/// Alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// `<`.
    Left,
    /// `^`.
    Center,
    /// `>`.
    Right,
}

/// Which trait formats the argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{}`.
    Display,
    /// `{:?}`.
    Debug,
    /// `{:x?}`.
    DebugLowerHex,
    /// `{:X?}`.
    DebugUpperHex,
    /// `{:x}`.
    LowerHex,
    /// `{:X}`.
    UpperHex,
    /// `{:o}`.
    Octal,
    /// `{:b}`.
    Binary,
    /// `{:e}`.
    LowerExp,
    /// `{:E}`.
    UpperExp,
}

/// A width or precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Count {
    /// Not given.
    None,
    /// A number in the format string.
    Is(usize),
    /// Taken from an argument (`width$`, `.*`).
    Arg(usize),
}

/// A format spec, with argument references resolved to indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    /// The fill character.
    pub(crate) fill: char,
    /// The alignment, if given.
    pub(crate) align: Option<Align>,
    /// `+`.
    pub(crate) plus: bool,
    /// `#`.
    pub(crate) alternate: bool,
    /// `0`.
    pub(crate) zero: bool,
    /// Width.
    pub(crate) width: Count,
    /// Precision.
    pub(crate) precision: Count,
    /// Which trait.
    pub(crate) kind: Kind,
}

/// A spec with its counts evaluated: what a `std::fmt::Formatter` carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fmt {
    /// The fill character.
    pub(crate) fill: char,
    /// The alignment, if given.
    pub(crate) align: Option<Align>,
    /// `+`.
    pub(crate) plus: bool,
    /// `#`.
    pub(crate) alternate: bool,
    /// `0`.
    pub(crate) zero: bool,
    /// Width.
    pub(crate) width: Option<usize>,
    /// Precision.
    pub(crate) precision: Option<usize>,
    /// Which trait.
    pub(crate) kind: Kind,
}

impl Fmt {
    /// `{}` with no options.
    pub(crate) const DISPLAY: Fmt = Fmt {
        fill: ' ',
        align: None,
        plus: false,
        alternate: false,
        zero: false,
        width: None,
        precision: None,
        kind: Kind::Display,
    };

    /// `{:?}` with no options.
    pub(crate) const DEBUG: Fmt = Fmt {
        kind: Kind::Debug,
        ..Fmt::DISPLAY
    };
}

/// An argument reference before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ArgRef {
    Next,
    Index(usize),
    Name(String),
}

#[derive(Clone, Debug)]
enum RawCount {
    None,
    Is(usize),
    Arg(ArgRef),
    Star,
}

#[derive(Clone, Debug)]
enum RawPiece {
    Lit(String),
    Arg {
        arg: ArgRef,
        spec: Spec,
        width: RawCount,
        precision: RawCount,
    },
}

/// A format string error, with the byte offset in the string where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FormatError {
    /// What is wrong, in rustc's words where possible.
    pub(crate) message: String,
}

fn err<T>(message: impl Into<String>) -> Result<T, FormatError> {
    Err(FormatError {
        message: message.into(),
    })
}

/// What the macro provides: how many positional arguments, and the named ones.
pub(crate) struct Resolved {
    /// The format string.
    pub(crate) fmt: FormatStr,
    /// Names captured from the scope (`{name}` without a `name = ...` argument), in the
    /// order they were first seen; their indices follow the macro's own arguments.
    pub(crate) captures: Vec<String>,
}

/// Parses a format string and resolves its argument references against `positional`
/// positional arguments and the given named arguments (which follow them, in order).
pub(crate) fn parse_format(
    s: &str,
    positional: usize,
    named: &[String],
) -> Result<Resolved, FormatError> {
    let raw = parse_raw(s)?;
    let mut captures: Vec<String> = Vec::new();
    let mut used = vec![false; positional + named.len()];
    let mut next = 0usize;
    let total_explicit = positional + named.len();
    let mut pieces = Vec::new();

    let mut resolve = |arg: &ArgRef,
                       next: &mut usize,
                       captures: &mut Vec<String>|
     -> Result<usize, FormatError> {
        match arg {
            ArgRef::Next => {
                let i = *next;
                *next += 1;
                if i >= positional {
                    return err(missing_message(i + 1, positional));
                }
                used[i] = true;
                Ok(i)
            }
            ArgRef::Index(i) => {
                if *i >= positional {
                    return err(format!(
                        "invalid reference to positional argument {i} ({})",
                        if positional == 0 {
                            "no arguments were given".to_string()
                        } else if positional == 1 {
                            "there is 1 argument".to_string()
                        } else {
                            format!("there are {positional} arguments")
                        }
                    ));
                }
                used[*i] = true;
                Ok(*i)
            }
            ArgRef::Name(name) => {
                if let Some(j) = named.iter().position(|n| n == name) {
                    used[positional + j] = true;
                    return Ok(positional + j);
                }
                if let Some(j) = captures.iter().position(|n| n == name) {
                    return Ok(total_explicit + j);
                }
                captures.push(name.clone());
                Ok(total_explicit + captures.len() - 1)
            }
        }
    };

    for piece in raw {
        match piece {
            RawPiece::Lit(text) => pieces.push(Piece::Lit(text)),
            RawPiece::Arg {
                arg,
                mut spec,
                width,
                precision,
            } => {
                // `.*` takes the precision first, then the value, from the implicit counter.
                let precision = match precision {
                    RawCount::None => Count::None,
                    RawCount::Is(n) => Count::Is(n),
                    RawCount::Arg(a) => Count::Arg(resolve(&a, &mut next, &mut captures)?),
                    RawCount::Star => Count::Arg(resolve(&ArgRef::Next, &mut next, &mut captures)?),
                };
                let index = resolve(&arg, &mut next, &mut captures)?;
                let width = match width {
                    RawCount::None => Count::None,
                    RawCount::Is(n) => Count::Is(n),
                    RawCount::Arg(a) => Count::Arg(resolve(&a, &mut next, &mut captures)?),
                    RawCount::Star => unreachable!("the parser only makes `*` precisions"),
                };
                spec.width = width;
                spec.precision = precision;
                pieces.push(Piece::Arg(index, spec));
            }
        }
    }
    if let Some(i) = used.iter().position(|u| !u) {
        if i < positional {
            let unused = used[..positional].iter().filter(|u| !**u).count();
            return err(if unused == 1 {
                "argument never used".to_string()
            } else {
                "multiple unused formatting arguments".to_string()
            });
        }
        return err(format!(
            "named argument `{}` is never used",
            named[i - positional]
        ));
    }
    Ok(Resolved {
        fmt: FormatStr { pieces },
        captures,
    })
}

fn missing_message(needed: usize, given: usize) -> String {
    let what = if needed == 1 {
        "1 positional argument".to_string()
    } else {
        format!("{needed} positional arguments")
    };
    match given {
        0 => format!("{what} in format string, but no arguments were given"),
        1 => format!("{what} in format string, but there is 1 argument"),
        n => format!("{what} in format string, but there are {n} arguments"),
    }
}

fn parse_raw(s: &str) -> Result<Vec<RawPiece>, FormatError> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => {
                if chars.peek().map(|p| p.1) == Some('{') {
                    chars.next();
                    lit.push('{');
                    continue;
                }
                let mut inner = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    if c == '{' {
                        return err("invalid format string: expected `}`, found `{`");
                    }
                    inner.push(c);
                }
                if !closed {
                    return err("invalid format string: expected `}` but string was terminated");
                }
                if !lit.is_empty() {
                    out.push(RawPiece::Lit(std::mem::take(&mut lit)));
                }
                out.push(parse_placeholder(&inner)?);
            }
            '}' => {
                if chars.peek().map(|p| p.1) == Some('}') {
                    chars.next();
                    lit.push('}');
                } else {
                    return err("invalid format string: unmatched `}` found");
                }
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(RawPiece::Lit(lit));
    }
    Ok(out)
}

fn parse_arg_ref(s: &str) -> Result<ArgRef, FormatError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(ArgRef::Next);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse()
            .map(ArgRef::Index)
            .or_else(|_| err("invalid format string: argument index too large"));
    }
    let mut cs = s.chars();
    let first = cs.next().expect("s is not empty");
    if (first.is_alphabetic() || first == '_') && cs.all(|c| c.is_alphanumeric() || c == '_') {
        if s == "_" {
            return err("invalid format string: invalid argument name `_`");
        }
        return Ok(ArgRef::Name(s.to_string()));
    }
    err(format!(
        "invalid format string: invalid argument name `{s}`"
    ))
}

fn parse_placeholder(inner: &str) -> Result<RawPiece, FormatError> {
    let (arg_text, spec_text) = match inner.find(':') {
        Some(i) => (&inner[..i], Some(&inner[i + 1..])),
        None => (inner, None),
    };
    let arg = parse_arg_ref(arg_text)?;
    let mut spec = Spec {
        fill: ' ',
        align: None,
        plus: false,
        alternate: false,
        zero: false,
        width: Count::None,
        precision: Count::None,
        kind: Kind::Display,
    };
    let mut width = RawCount::None;
    let mut precision = RawCount::None;
    if let Some(text) = spec_text {
        let cs: Vec<char> = text.chars().collect();
        let mut i = 0;
        let align_of = |c: char| match c {
            '<' => Some(Align::Left),
            '^' => Some(Align::Center),
            '>' => Some(Align::Right),
            _ => None,
        };
        if cs.len() >= 2 && align_of(cs[1]).is_some() {
            spec.fill = cs[0];
            spec.align = align_of(cs[1]);
            i = 2;
        } else if !cs.is_empty() && align_of(cs[0]).is_some() {
            spec.align = align_of(cs[0]);
            i = 1;
        }
        if i < cs.len() && cs[i] == '+' {
            spec.plus = true;
            i += 1;
        } else if i < cs.len() && cs[i] == '-' {
            i += 1;
        }
        if i < cs.len() && cs[i] == '#' {
            spec.alternate = true;
            i += 1;
        }
        if i < cs.len() && cs[i] == '0' {
            // A `0` followed by `$` is an argument index for the width, not the zero flag.
            let rest: String = cs[i + 1..].iter().collect();
            if !rest.starts_with('$') {
                spec.zero = true;
                i += 1;
            }
        }
        // Width: a number, or an argument (index or name) followed by `$`.
        if i < cs.len() && cs[i].is_ascii_digit() {
            let start = i;
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            let word: String = cs[start..i].iter().collect();
            if i < cs.len() && cs[i] == '$' {
                width = RawCount::Arg(parse_arg_ref(&word)?);
                i += 1;
            } else {
                width = RawCount::Is(
                    word.parse()
                        .or_else(|_| err("invalid format string: width too large"))?,
                );
            }
        } else if i < cs.len() && (cs[i].is_alphabetic() || cs[i] == '_') {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            if i < cs.len() && cs[i] == '$' {
                let word: String = cs[start..i].iter().collect();
                width = RawCount::Arg(parse_arg_ref(&word)?);
                i += 1;
            } else {
                // Not a width: it is the type (e.g. `x`, `e`), parsed below.
                i = start;
            }
        }
        if i < cs.len() && cs[i] == '.' {
            i += 1;
            if i < cs.len() && cs[i] == '*' {
                precision = RawCount::Star;
                i += 1;
            } else if i < cs.len() && cs[i].is_ascii_digit() {
                let start = i;
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
                let word: String = cs[start..i].iter().collect();
                if i < cs.len() && cs[i] == '$' {
                    precision = RawCount::Arg(parse_arg_ref(&word)?);
                    i += 1;
                } else {
                    precision = RawCount::Is(
                        word.parse()
                            .or_else(|_| err("invalid format string: precision too large"))?,
                    );
                }
            } else {
                let start = i;
                while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                    i += 1;
                }
                if i < cs.len() && cs[i] == '$' && i > start {
                    let word: String = cs[start..i].iter().collect();
                    precision = RawCount::Arg(parse_arg_ref(&word)?);
                    i += 1;
                } else {
                    return err("invalid format string: expected a precision after `.`");
                }
            }
        }
        let ty: String = cs[i..].iter().collect();
        spec.kind = match ty.trim() {
            "" => Kind::Display,
            "?" => Kind::Debug,
            "x?" => Kind::DebugLowerHex,
            "X?" => Kind::DebugUpperHex,
            "x" => Kind::LowerHex,
            "X" => Kind::UpperHex,
            "o" => Kind::Octal,
            "b" => Kind::Binary,
            "e" => Kind::LowerExp,
            "E" => Kind::UpperExp,
            "p" => return err("the `{:p}` (pointer) format is not supported"),
            other => return err(format!("unknown format trait `{other}`")),
        };
    }
    Ok(RawPiece::Arg {
        arg,
        spec,
        width,
        precision,
    })
}

/// A formatting failure: the argument's type does not implement the trait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotImplemented {
    /// The message, e.g. "`Vec<i32>` doesn't implement `std::fmt::Display`".
    pub(crate) message: String,
}

fn not_impl(v: &Value, kind: Kind) -> NotImplemented {
    let tr = match kind {
        Kind::Display => "std::fmt::Display",
        Kind::Debug | Kind::DebugLowerHex | Kind::DebugUpperHex => "Debug",
        Kind::LowerHex => "std::fmt::LowerHex",
        Kind::UpperHex => "std::fmt::UpperHex",
        Kind::Octal => "std::fmt::Octal",
        Kind::Binary => "std::fmt::Binary",
        Kind::LowerExp => "std::fmt::LowerExp",
        Kind::UpperExp => "std::fmt::UpperExp",
    };
    NotImplemented {
        message: format!("`{}` doesn't implement `{tr}`", v.type_name()),
    }
}

/// Formats `pieces` with the argument values.
pub(crate) fn format_pieces(fmt: &FormatStr, args: &[Value]) -> Result<String, NotImplemented> {
    let mut out = String::new();
    for piece in &fmt.pieces {
        match piece {
            Piece::Lit(text) => out.push_str(text),
            Piece::Arg(i, spec) => {
                let count = |c: Count| -> Result<Option<usize>, NotImplemented> {
                    match c {
                        Count::None => Ok(None),
                        Count::Is(n) => Ok(Some(n)),
                        Count::Arg(j) => match deref(&args[j]) {
                            Value::Int(v, IntTy::Usize | IntTy::Lit) if *v >= 0 => {
                                Ok(Some(*v as usize))
                            }
                            other => Err(NotImplemented {
                                message: format!(
                                    "expected `usize` for a width or precision, found `{}`",
                                    other.type_name()
                                ),
                            }),
                        },
                    }
                };
                let width = count(spec.width)?;
                let precision = count(spec.precision)?;
                // Rust limits both to `u16`; past that the output would be absurdly large.
                if width.is_some_and(|w| w > u16::MAX as usize)
                    || precision.is_some_and(|p| p > u16::MAX as usize)
                {
                    return Err(NotImplemented {
                        message: "a width or precision is larger than 65535".into(),
                    });
                }
                let f = Fmt {
                    fill: spec.fill,
                    align: spec.align,
                    plus: spec.plus,
                    alternate: spec.alternate,
                    zero: spec.zero,
                    width,
                    precision,
                    kind: spec.kind,
                };
                fmt_value(&mut out, &args[*i], &f)?;
            }
        }
    }
    Ok(out)
}

/// Follows references and `Arc`s: formatting `&T` or `Arc<T>` formats `T`.
fn deref(v: &Value) -> &Value {
    match v {
        Value::Arc(inner) => deref(inner),
        _ => v,
    }
}

/// Formats one value with a formatter's options, like `T::fmt(&v, f)`.
pub(crate) fn fmt_value(out: &mut String, v: &Value, f: &Fmt) -> Result<(), NotImplemented> {
    match v {
        Value::Ref(place) => {
            let inner =
                crate::eval::read_place(place).map_err(|m| NotImplemented { message: m })?;
            return fmt_value(out, &inner, f);
        }
        Value::Arc(inner) => return fmt_value(out, inner, f),
        Value::Native(n) => {
            if let Some(data) = crate::builtins::guard_data(n) {
                let inner = data.borrow().clone();
                return fmt_value(out, &inner, f);
            }
        }
        _ => {}
    }
    match f.kind {
        Kind::Display => fmt_display(out, v, f),
        Kind::Debug | Kind::DebugLowerHex | Kind::DebugUpperHex => fmt_debug(out, v, f),
        Kind::LowerHex | Kind::UpperHex | Kind::Octal | Kind::Binary => match v {
            Value::Int(bits, ty) => {
                fmt_radix(out, *bits, *ty, f.kind, f);
                Ok(())
            }
            _ => Err(not_impl(v, f.kind)),
        },
        Kind::LowerExp | Kind::UpperExp => match v {
            Value::Int(bits, ty) => {
                let n = int_value(*bits, *ty);
                let upper = f.kind == Kind::UpperExp;
                let abs = n.unsigned_abs();
                let body = match (f.precision, upper) {
                    (Some(p), false) => format!("{abs:.p$e}"),
                    (Some(p), true) => format!("{abs:.p$E}"),
                    (None, false) => format!("{abs:e}"),
                    (None, true) => format!("{abs:E}"),
                };
                pad_formatted(out, n < 0, &body, f);
                Ok(())
            }
            Value::Float(x) => {
                let upper = f.kind == Kind::UpperExp;
                let abs = x.abs();
                let body = match (f.precision, upper) {
                    (Some(p), false) => format!("{abs:.p$e}"),
                    (Some(p), true) => format!("{abs:.p$E}"),
                    (None, false) => format!("{abs:e}"),
                    (None, true) => format!("{abs:E}"),
                };
                pad_formatted(out, x.is_sign_negative() && !x.is_nan(), &body, f);
                Ok(())
            }
            _ => Err(not_impl(v, f.kind)),
        },
    }
}

fn fmt_display(out: &mut String, v: &Value, f: &Fmt) -> Result<(), NotImplemented> {
    match v {
        Value::Bool(b) => pad(out, if *b { "true" } else { "false" }, f),
        Value::Int(bits, ty) => {
            let n = int_value(*bits, *ty);
            pad_integral(out, n >= 0, "", &n.unsigned_abs().to_string(), f);
        }
        Value::Float(x) => fmt_float(out, *x, f, false),
        Value::Char(c) => {
            if f.width.is_none() && f.precision.is_none() {
                out.push(*c);
            } else {
                pad(out, c.encode_utf8(&mut [0; 4]), f);
            }
        }
        Value::Str(s) => pad(out, s, f),
        Value::String(s) => pad(out, s, f),
        Value::Native(n) => match n.display() {
            Some(text) => pad(out, &text, f),
            None => return Err(not_impl(v, Kind::Display)),
        },
        _ => return Err(not_impl(v, Kind::Display)),
    }
    Ok(())
}

fn fmt_float(out: &mut String, x: f64, f: &Fmt, debug: bool) {
    let abs = x.abs();
    let body = if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        "inf".to_string()
    } else {
        match f.precision {
            Some(p) => format!("{abs:.p$}"),
            None if debug => format!("{abs:?}"),
            None => format!("{abs}"),
        }
    };
    pad_formatted(out, x.is_sign_negative() && !x.is_nan(), &body, f);
}

fn fmt_radix(out: &mut String, bits: i64, ty: IntTy, kind: Kind, f: &Fmt) {
    // Radix formats print the two's complement bit pattern of the type's width.
    let width = ty.bits();
    let raw = bits as u64;
    let masked = if width == 64 {
        raw
    } else {
        raw & ((1u64 << width) - 1)
    };
    let (prefix, digits) = match kind {
        Kind::LowerHex | Kind::DebugLowerHex => ("0x", format!("{masked:x}")),
        Kind::UpperHex | Kind::DebugUpperHex => ("0x", format!("{masked:X}")),
        Kind::Octal => ("0o", format!("{masked:o}")),
        _ => ("0b", format!("{masked:b}")),
    };
    pad_integral(out, true, prefix, &digits, f);
}

fn fmt_debug(out: &mut String, v: &Value, f: &Fmt) -> Result<(), NotImplemented> {
    match v {
        Value::Unit => pad(out, "()", f),
        Value::Bool(_) => return fmt_display(out, v, f),
        Value::Int(bits, ty) => match f.kind {
            Kind::DebugLowerHex => fmt_radix(out, *bits, *ty, Kind::LowerHex, f),
            Kind::DebugUpperHex => fmt_radix(out, *bits, *ty, Kind::UpperHex, f),
            _ => return fmt_display(out, v, f),
        },
        Value::Float(x) => fmt_float(out, *x, f, true),
        // `str` and `char` Debug ignore width and precision.
        Value::Char(c) => {
            let _ = write!(out, "{c:?}");
        }
        Value::Str(s) => {
            let _ = write!(out, "{:?}", &**s);
        }
        Value::String(s) => {
            let _ = write!(out, "{:?}", s.as_str());
        }
        Value::Tuple(items) => {
            debug_seq(out, "(", ")", items, f, items.len() == 1)?;
        }
        Value::Array(items) | Value::Vec(items) => debug_seq(out, "[", "]", items, f, false)?,
        Value::Opt(None) => out.push_str("None"),
        Value::Opt(Some(x)) => debug_tuple(out, "Some", x, f)?,
        Value::Res(Ok(x)) => debug_tuple(out, "Ok", x, f)?,
        Value::Res(Err(x)) => debug_tuple(out, "Err", x, f)?,
        Value::Struct(s) => {
            if !s.def.derives.debug {
                return Err(NotImplemented {
                    message: format!("`{}` doesn't implement `Debug`", s.def.name),
                });
            }
            if s.def.fields.is_empty() {
                out.push_str(&s.def.name);
                return Ok(());
            }
            if s.def.tuple {
                out.push_str(&s.def.name);
                return debug_seq(out, "(", ")", &s.fields, f, false);
            }
            out.push_str(&s.def.name);
            if f.alternate {
                out.push_str(" {\n");
                for (name, value) in s.def.fields.iter().zip(&s.fields) {
                    let mut inner = String::new();
                    inner.push_str(name);
                    inner.push_str(": ");
                    fmt_value(&mut inner, value, f)?;
                    push_indented(out, &inner);
                    out.push_str(",\n");
                }
                out.push('}');
            } else {
                out.push_str(" { ");
                for (i, (name, value)) in s.def.fields.iter().zip(&s.fields).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    out.push_str(": ");
                    fmt_value(out, value, f)?;
                }
                out.push_str(" }");
            }
        }
        Value::Range(r) => {
            if let Some(s) = &r.start {
                fmt_value(out, s, f)?;
            }
            out.push_str(if r.inclusive { "..=" } else { ".." });
            if let Some(e) = &r.end {
                fmt_value(out, e, f)?;
            }
        }
        Value::Duration(ns) => {
            let d = std::time::Duration::from_nanos(*ns);
            let body = match (f.precision, f.plus) {
                (Some(p), false) => format!("{d:.p$?}"),
                (Some(p), true) => format!("{d:+.p$?}"),
                (None, false) => format!("{d:?}"),
                (None, true) => format!("{d:+?}"),
            };
            pad_with_default(out, &body, f, Align::Left);
        }
        Value::Instant(ns) => {
            let _ = write!(out, "Instant({:?})", std::time::Duration::from_nanos(*ns));
        }
        Value::Native(n) => match n.debug() {
            Some(text) => out.push_str(&text),
            None => return Err(not_impl(v, Kind::Debug)),
        },
        _ => return Err(not_impl(v, Kind::Debug)),
    }
    Ok(())
}

/// `debug_tuple(name).field(x).finish()`.
fn debug_tuple(out: &mut String, name: &str, x: &Value, f: &Fmt) -> Result<(), NotImplemented> {
    out.push_str(name);
    if f.alternate {
        out.push_str("(\n");
        let mut inner = String::new();
        fmt_value(&mut inner, x, f)?;
        push_indented(out, &inner);
        out.push_str(",\n)");
    } else {
        out.push('(');
        fmt_value(out, x, f)?;
        out.push(')');
    }
    Ok(())
}

/// `debug_list` / `debug_tuple("")`: `[a, b]`, `(a, b)`, `(a,)`.
fn debug_seq(
    out: &mut String,
    open: &str,
    close: &str,
    items: &[Value],
    f: &Fmt,
    trailing_comma: bool,
) -> Result<(), NotImplemented> {
    out.push_str(open);
    if f.alternate && !items.is_empty() {
        out.push('\n');
        for item in items {
            let mut inner = String::new();
            fmt_value(&mut inner, item, f)?;
            push_indented(out, &inner);
            out.push_str(",\n");
        }
    } else {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            fmt_value(out, item, f)?;
        }
        if trailing_comma {
            out.push(',');
        }
    }
    out.push_str(close);
    Ok(())
}

/// Appends `text` indented by four spaces on every line, like `PadAdapter`.
fn push_indented(out: &mut String, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
    }
}

/// `Formatter::pad`: precision truncates, then width pads (left-aligned by default).
pub(crate) fn pad(out: &mut String, s: &str, f: &Fmt) {
    if f.width.is_none() && f.precision.is_none() {
        out.push_str(s);
        return;
    }
    let s = match f.precision {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    };
    pad_with_default(out, s, f, Align::Left);
}

fn pad_with_default(out: &mut String, s: &str, f: &Fmt, default: Align) {
    let len = s.chars().count();
    match f.width {
        Some(w) if len < w => {
            let (pre, post) = split_padding(w - len, f.align.unwrap_or(default));
            push_fill(out, f.fill, pre);
            out.push_str(s);
            push_fill(out, f.fill, post);
        }
        _ => out.push_str(s),
    }
}

fn split_padding(n: usize, align: Align) -> (usize, usize) {
    match align {
        Align::Left => (0, n),
        Align::Right => (n, 0),
        Align::Center => (n / 2, n.div_ceil(2)),
    }
}

fn push_fill(out: &mut String, fill: char, n: usize) {
    for _ in 0..n {
        out.push(fill);
    }
}

/// `Formatter::pad_integral`.
fn pad_integral(out: &mut String, nonnegative: bool, prefix: &str, digits: &str, f: &Fmt) {
    let mut width = digits.len();
    let sign = if !nonnegative {
        Some('-')
    } else if f.plus {
        Some('+')
    } else {
        None
    };
    if sign.is_some() {
        width += 1;
    }
    let prefix = if f.alternate {
        width += prefix.chars().count();
        prefix
    } else {
        ""
    };
    let write_prefix = |out: &mut String| {
        if let Some(c) = sign {
            out.push(c);
        }
        out.push_str(prefix);
    };
    match f.width {
        None => {
            write_prefix(out);
            out.push_str(digits);
        }
        Some(min) if width >= min => {
            write_prefix(out);
            out.push_str(digits);
        }
        Some(min) if f.zero => {
            write_prefix(out);
            push_fill(out, '0', min - width);
            out.push_str(digits);
        }
        Some(min) => {
            let (pre, post) = split_padding(min - width, f.align.unwrap_or(Align::Right));
            push_fill(out, f.fill, pre);
            write_prefix(out);
            out.push_str(digits);
            push_fill(out, f.fill, post);
        }
    }
}

/// `Formatter::pad_formatted_parts` for floats: a sign, then the body.
fn pad_formatted(out: &mut String, negative: bool, body: &str, f: &Fmt) {
    let sign = if negative {
        "-"
    } else if f.plus {
        "+"
    } else {
        ""
    };
    let len = sign.len() + body.chars().count();
    match f.width {
        Some(w) if len < w => {
            if f.zero {
                out.push_str(sign);
                push_fill(out, '0', w - len);
                out.push_str(body);
            } else {
                let (pre, post) = split_padding(w - len, f.align.unwrap_or(Align::Right));
                push_fill(out, f.fill, pre);
                out.push_str(sign);
                out.push_str(body);
                push_fill(out, f.fill, post);
            }
        }
        _ => {
            out.push_str(sign);
            out.push_str(body);
        }
    }
}

/// `{:?}` of a value, for messages such as `assert_eq!` failures.
pub(crate) fn debug_string(v: &Value) -> Result<String, NotImplemented> {
    let mut out = String::new();
    fmt_value(&mut out, v, &Fmt::DEBUG)?;
    Ok(out)
}

/// `{}` of a value.
pub(crate) fn display_string(v: &Value) -> Result<String, NotImplemented> {
    let mut out = String::new();
    fmt_value(&mut out, v, &Fmt::DISPLAY)?;
    Ok(out)
}
