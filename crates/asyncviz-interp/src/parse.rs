//! Parsing: syn for the file, and syn parsers for macro bodies (`select!` arms, `vec!`,
//! format arguments). Parsing never fails: [`parse`] returns the lowered program when there are
//! no errors, and every diagnostic either way.

use crate::check;
use crate::diagnostic::{Diagnostic, Span};
use crate::ir;
use std::rc::Rc;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Pat, Token};

/// A program that passed the checks and is ready to run.
#[derive(Clone)]
pub struct Program {
    pub(crate) ir: Rc<ir::Program>,
}

impl Program {
    /// The runtime flavor `#[tokio::main]` asked for (`multi_thread` when not given, as in tokio).
    pub fn flavor(&self) -> &str {
        self.ir.main_attr.flavor.as_deref().unwrap_or("multi_thread")
    }

    /// The names of the program's functions and methods, in source order.
    pub fn functions(&self) -> Vec<String> {
        self.ir.fns.iter().map(|f| f.name.to_string()).collect()
    }
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program").field("functions", &self.functions()).finish()
    }
}

/// The result of [`parse`]: the program if it has no errors, and every diagnostic.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The program, when there are no errors.
    pub program: Option<Program>,
    /// Every diagnostic, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a program. Never fails and never panics: problems become diagnostics.
pub fn parse(source: &str) -> Parsed {
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(e) => {
            return Parsed { program: None, diagnostics: vec![syntax_error(&e, source)] };
        }
    };
    let (program, mut diagnostics) = check::lower(&file, source);
    diagnostics.sort_by_key(|d| (d.line, d.col));
    let has_error = diagnostics.iter().any(|d| d.severity == crate::Severity::Error);
    Parsed {
        program: if has_error { None } else { Some(Program { ir: Rc::new(program) }) },
        diagnostics,
    }
}

/// A syn error as a diagnostic. Errors at the end of input carry no position; they point at the
/// end of the last line.
pub(crate) fn syntax_error(e: &syn::Error, source: &str) -> Diagnostic {
    let mut span = Span::from_pm2(e.span());
    if span.line == 0 {
        let lines: Vec<&str> = source.lines().collect();
        let line = lines.len().max(1) as u32;
        let col = lines.last().map_or(0, |l| l.chars().count()) as u32 + 1;
        span = Span { line, col, end_line: line, end_col: col };
    }
    Diagnostic::error(span, e.to_string())
}

/// Comma-separated expressions, as in `vec![a, b]`, `join!(a, b)`, `println!("..", a)`.
pub(crate) fn comma_exprs(tokens: proc_macro2::TokenStream) -> syn::Result<Vec<Expr>> {
    use syn::parse::Parser;
    let list = Punctuated::<Expr, Token![,]>::parse_terminated.parse2(tokens)?;
    Ok(list.into_iter().collect())
}

/// The body of `vec![...]`.
pub(crate) enum VecBody {
    /// `vec![a, b, c]`.
    List(Vec<Expr>),
    /// `vec![x; n]`.
    Repeat(Box<Expr>, Box<Expr>),
}

impl Parse for VecBody {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(VecBody::List(Vec::new()));
        }
        let first: Expr = input.parse()?;
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            let n: Expr = input.parse()?;
            return Ok(VecBody::Repeat(Box::new(first), Box::new(n)));
        }
        let mut items = vec![first];
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            items.push(input.parse()?);
        }
        Ok(VecBody::List(items))
    }
}

/// The body of `matches!(e, pat if guard)`.
pub(crate) struct MatchesBody {
    /// The scrutinee.
    pub(crate) expr: Expr,
    /// The pattern.
    pub(crate) pat: Pat,
    /// The guard.
    pub(crate) guard: Option<Expr>,
}

impl Parse for MatchesBody {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let expr: Expr = input.parse()?;
        input.parse::<Token![,]>()?;
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        let guard = if input.peek(Token![if]) {
            input.parse::<Token![if]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        Ok(MatchesBody { expr, pat, guard })
    }
}

/// One arm of `select!`: `pat = future, if cond => handler`.
pub(crate) struct RawSelectArm {
    /// The pattern.
    pub(crate) pat: Pat,
    /// The future.
    pub(crate) fut: Expr,
    /// The precondition.
    pub(crate) cond: Option<Expr>,
    /// The handler.
    pub(crate) body: Expr,
}

/// The body of `tokio::select!`.
pub(crate) struct SelectBody {
    /// `biased;`.
    pub(crate) biased: bool,
    /// The arms.
    pub(crate) arms: Vec<RawSelectArm>,
    /// The `else` handler.
    pub(crate) els: Option<Expr>,
}

fn parse_handler(input: ParseStream) -> syn::Result<Expr> {
    if input.peek(syn::token::Brace) {
        let block: syn::ExprBlock = input.parse()?;
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        Ok(Expr::Block(block))
    } else {
        let e: Expr = input.parse()?;
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        Ok(e)
    }
}

impl Parse for SelectBody {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut biased = false;
        if input.peek(syn::Ident) && input.peek2(Token![;]) {
            let ident: syn::Ident = input.parse()?;
            if ident != "biased" {
                return Err(syn::Error::new(ident.span(), "expected `biased;` or a select arm"));
            }
            input.parse::<Token![;]>()?;
            biased = true;
        }
        let mut arms = Vec::new();
        let mut els = None;
        while !input.is_empty() {
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?;
                input.parse::<Token![=>]>()?;
                els = Some(parse_handler(input)?);
                continue;
            }
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<Token![=]>()?;
            let fut = Expr::parse_without_eager_brace(input)?;
            let cond = if input.peek(Token![,]) && input.peek2(Token![if]) {
                input.parse::<Token![,]>()?;
                input.parse::<Token![if]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            input.parse::<Token![=>]>()?;
            let body = parse_handler(input)?;
            arms.push(RawSelectArm { pat, fut, cond, body });
        }
        Ok(SelectBody { biased, arms, els })
    }
}

/// The body of `tokio::pin!(a, b)`: identifiers, or `let` declarations.
pub(crate) fn pin_idents(tokens: proc_macro2::TokenStream) -> syn::Result<Vec<syn::Ident>> {
    use syn::parse::Parser;
    let list = Punctuated::<syn::Ident, Token![,]>::parse_terminated.parse2(tokens)?;
    Ok(list.into_iter().collect())
}
