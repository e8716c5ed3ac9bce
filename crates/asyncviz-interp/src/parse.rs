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
        self.ir
            .main_attr
            .flavor
            .as_deref()
            .unwrap_or("multi_thread")
    }

    /// The names of the program's functions and methods, in source order.
    pub fn functions(&self) -> Vec<String> {
        self.ir.fns.iter().map(|f| f.name.to_string()).collect()
    }
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("functions", &self.functions())
            .finish()
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
    if let Some(d) = too_deep(source) {
        return Parsed {
            program: None,
            diagnostics: vec![d],
        };
    }
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(e) => {
            return Parsed {
                program: None,
                diagnostics: vec![syntax_error(&e, source)],
            };
        }
    };
    let (program, mut diagnostics) = check::lower(&file, source);
    diagnostics.sort_by_key(|d| (d.line, d.col));
    let has_error = diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error);
    Parsed {
        program: if has_error {
            None
        } else {
            Some(Program {
                ir: Rc::new(program),
            })
        },
        diagnostics,
    }
}

/// Bracket nesting deeper than this is refused before parsing.
const MAX_BRACKETS: u32 = 128;
/// Statements longer than this many tokens are refused before parsing.
const MAX_STATEMENT_TOKENS: u32 = 4000;

/// Refuses sources whose syntax trees would be too deep to parse, lower and drop on a small
/// (wasm) stack: very deep bracket nesting, or one enormous statement. A cheap lexical scan:
/// strings, chars and comments are skipped; every other character or word counts as a token.
fn too_deep(source: &str) -> Option<Diagnostic> {
    let chars: Vec<char> = source.chars().collect();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let (mut depth, mut tokens, mut angles) = (0u32, 0u32, 0u32);
    let advance = |i: &mut usize, line: &mut u32, col: &mut u32| {
        if chars[*i] == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let at = Span {
            line,
            col,
            end_line: line,
            end_col: col + 1,
        };
        match c {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    advance(&mut i, &mut line, &mut col);
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let mut nest = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        nest += 1;
                        advance(&mut i, &mut line, &mut col);
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        nest -= 1;
                        advance(&mut i, &mut line, &mut col);
                        if nest == 0 {
                            advance(&mut i, &mut line, &mut col);
                            break;
                        }
                    }
                    advance(&mut i, &mut line, &mut col);
                }
                continue;
            }
            '"' => {
                advance(&mut i, &mut line, &mut col);
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        advance(&mut i, &mut line, &mut col);
                        if i >= chars.len() {
                            break;
                        }
                    }
                    advance(&mut i, &mut line, &mut col);
                }
                tokens += 1;
            }
            '\'' => {
                // A char literal (`'x'`, `'\n'`) or a lifetime (`'a`).
                if chars.get(i + 1) == Some(&'\\') {
                    advance(&mut i, &mut line, &mut col);
                    advance(&mut i, &mut line, &mut col);
                    while i < chars.len() && chars[i] != '\'' && chars[i] != '\n' {
                        advance(&mut i, &mut line, &mut col);
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    advance(&mut i, &mut line, &mut col);
                    advance(&mut i, &mut line, &mut col);
                }
                tokens += 1;
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Some(Diagnostic::error(
                        at,
                        format!("brackets nested more than {MAX_BRACKETS} deep are not supported"),
                    ));
                }
                if c == '{' {
                    tokens = 0;
                    angles = 0;
                } else {
                    tokens += 1;
                }
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if c == '}' {
                    tokens = 0;
                } else {
                    tokens += 1;
                }
            }
            ';' => {
                tokens = 0;
                angles = 0;
            }
            ',' => tokens = 0,
            '<' => {
                // Generic arguments nest like brackets; a `<` that is a comparison only counts
                // until the end of its statement.
                angles += 1;
                tokens += 1;
                if angles > MAX_BRACKETS {
                    return Some(Diagnostic::error(
                        at,
                        format!("generics nested more than {MAX_BRACKETS} deep are not supported"),
                    ));
                }
            }
            '>' => {
                angles = angles.saturating_sub(1);
                tokens += 1;
            }
            c if c.is_alphanumeric() || c == '_' => {
                while i + 1 < chars.len() && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_')
                {
                    advance(&mut i, &mut line, &mut col);
                }
                tokens += 1;
            }
            c if c.is_whitespace() => {}
            _ => tokens += 1,
        }
        if tokens > MAX_STATEMENT_TOKENS {
            return Some(Diagnostic::error(
                at,
                format!("a statement longer than {MAX_STATEMENT_TOKENS} tokens is not supported"),
            ));
        }
        if i < chars.len() {
            advance(&mut i, &mut line, &mut col);
        }
    }
    None
}

/// A syn error as a diagnostic. Errors at the end of input carry no position; they point at the
/// end of the last line.
pub(crate) fn syntax_error(e: &syn::Error, source: &str) -> Diagnostic {
    let mut span = Span::from_pm2(e.span());
    if span.line == 0 {
        let lines: Vec<&str> = source.lines().collect();
        let line = lines.len().max(1) as u32;
        let col = lines.last().map_or(0, |l| l.chars().count()) as u32 + 1;
        span = Span {
            line,
            col,
            end_line: line,
            end_col: col,
        };
    }
    let message = e.to_string();
    if message == "expected `;`" || message == "expected `,`" {
        if let Some(moved) = end_of_previous_line(span, source) {
            span = moved;
        }
    }
    Diagnostic::error(span, message)
}

/// A missing `;` or `,` is noticed at the next token; when that token starts a line, the
/// separator belongs at the end of the code line before it, which is where rustc points too.
fn end_of_previous_line(span: Span, source: &str) -> Option<Span> {
    let lines: Vec<&str> = source.lines().collect();
    let at = lines.get(span.line.checked_sub(1)? as usize)?;
    let indent = at.chars().take_while(|c| c.is_whitespace()).count() as u32;
    if span.col != indent + 1 {
        return None;
    }
    (1..span.line).rev().find_map(|n| {
        let text = lines.get(n as usize - 1)?.trim_end();
        let code = text.trim_start();
        if code.is_empty() || code.starts_with("//") {
            return None;
        }
        let col = text.chars().count() as u32 + 1;
        Some(Span {
            line: n,
            col,
            end_line: n,
            end_col: col,
        })
    })
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
                return Err(syn::Error::new(
                    ident.span(),
                    "expected `biased;` or a select arm",
                ));
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
            arms.push(RawSelectArm {
                pat,
                fut,
                cond,
                body,
            });
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
