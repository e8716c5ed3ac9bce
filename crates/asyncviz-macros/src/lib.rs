//! Procedural macros for `asyncviz_executor::tokio`. There is one: `#[main]`, the stand-in for
//! `#[tokio::main]`. Instead of building a runtime and blocking on `main`, it turns
//! `async fn main() { .. }` into `fn main() -> asyncviz_executor::Program`, so the caller decides
//! how to run it (recording on or off, step by step or to the end). It also marks each `.await` in
//! `main` with its place in the source (`AwaitSite`), for tasks parked where nothing else says.

use proc_macro::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprLit, ItemFn, Lit, MetaNameValue, ReturnType, Token};

/// Marks the program's `async fn main`. Accepts tokio's arguments: `flavor = "current_thread"` or
/// `"multi_thread"`, `worker_threads = N` and `start_paused = true|false`.
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    match expand(args.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

fn expand(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    let func: ItemFn = syn::parse2(item)?;
    if func.sig.asyncness.is_none() {
        return Err(syn::Error::new_spanned(
            func.sig.fn_token,
            "the `async` keyword is missing from the function declaration",
        ));
    }
    let mut flavor = String::from("multi_thread");
    let mut workers: Option<u32> = None;
    let mut start_paused = false;
    let parsed = Punctuated::<MetaNameValue, Token![,]>::parse_terminated.parse2(args)?;
    for arg in parsed {
        let name = arg
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        let lit = match &arg.value {
            Expr::Lit(ExprLit { lit, .. }) => lit.clone(),
            other => return Err(syn::Error::new_spanned(other, "expected a literal")),
        };
        match (name.as_str(), lit) {
            ("flavor", Lit::Str(s)) => match s.value().as_str() {
                "current_thread" | "multi_thread" => flavor = s.value(),
                _ => {
                    return Err(syn::Error::new_spanned(
                        s,
                        "flavor is `current_thread` or `multi_thread`",
                    ))
                }
            },
            ("worker_threads", Lit::Int(i)) => workers = Some(i.base10_parse()?),
            ("start_paused", Lit::Bool(b)) => start_paused = b.value,
            _ => {
                return Err(syn::Error::new_spanned(
                    &arg.path,
                    "unknown or mistyped argument for #[tokio::main]",
                ))
            }
        }
    }
    let vis = &func.vis;
    let attrs = &func.attrs;
    let mut body = (*func.block).clone();
    AwaitSites.visit_block_mut(&mut body);
    let ret = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let workers = match workers {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    Ok(quote! {
        #[doc(hidden)]
        struct __AsyncvizMain;
        impl ::asyncviz_executor::instrument::MainFile for __AsyncvizMain {
            const FILE: &'static str = ::core::file!();
        }
        #(#attrs)*
        #vis fn main() -> ::asyncviz_executor::Program {
            ::asyncviz_executor::Program::new(
                #flavor,
                #workers,
                #start_paused,
                async move {
                    let result: #ret = async move #body.await;
                    ::asyncviz_executor::Termination::report(result);
                },
            )
        }
    })
}

/// Wraps what each `.await` in `main` awaits (in `async` blocks and closures inside it too) in
/// `asyncviz_executor::instrument::AwaitSite`, which carries the `.await`'s line and column in
/// its type. A task parked in a hand-written future is then shown parked at that line; a future
/// of the runtime (a timer, a channel) still names its own place. Macro calls such as `join!`
/// are left as written: their tokens are not parsed.
struct AwaitSites;

impl VisitMut for AwaitSites {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let Expr::Await(awaited) = expr {
            // `line!()` and `column!()` spanned at the `.await` name its place in the source.
            let span = awaited.await_token.span;
            let base = &awaited.base;
            let wrapped = quote_spanned! {span=>
                ::asyncviz_executor::instrument::AwaitSite::<
                    __AsyncvizMain,
                    _,
                    { ::core::line!() },
                    { ::core::column!() },
                >::new(#base)
            };
            *awaited.base = Expr::Verbatim(wrapped);
        }
    }
}
