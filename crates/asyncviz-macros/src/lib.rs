//! Procedural macros for `asyncviz_executor::tokio`. There is one: `#[main]`, the stand-in for
//! `#[tokio::main]`. Instead of building a runtime and blocking on `main`, it turns
//! `async fn main() { .. }` into `fn main() -> asyncviz_executor::Program`, so the caller decides
//! how to run it (recording on or off, step by step or to the end).

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
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
    let body = &func.block;
    let ret = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let workers = match workers {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    Ok(quote! {
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
