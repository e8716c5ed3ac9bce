//! The checker: lowers syn's tree into [`crate::ir`], resolving names, and collects every
//! diagnostic for unsupported constructs and unknown names in one pass, so the editor can
//! show them all at once. Lowering never stops at an error: the faulty node becomes
//! [`ExprKind::Error`] and the walk goes on.

use crate::diagnostic::{Diagnostic, Span};
use crate::format;
use crate::ir::*;
use crate::names::{self, PathKind};
use crate::parse;
use crate::value::{make_int, IntTy, Value};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use syn::spanned::Spanned;

/// Lowers a parsed file. Returns the program (meaningful only without errors) and diagnostics.
pub(crate) fn lower(file: &syn::File, source: &str) -> (Program, Vec<Diagnostic>) {
    let mut l = Lowerer::new(source);
    l.file(file);
    let program = Program {
        fns: l
            .fns
            .into_iter()
            .map(|f| f.unwrap_or_else(|| Rc::new(placeholder_fn())))
            .collect(),
        structs: l.structs,
        consts: l.consts.into_iter().flatten().collect(),
        main: l.main,
        main_attr: l.main_attr,
    };
    (program, l.diags)
}

fn placeholder_fn() -> FnDef {
    FnDef {
        name: Rc::from("?"),
        short_name: Rc::from("?"),
        params: Vec::new(),
        self_mode: None,
        ret: Ty::Infer,
        is_async: false,
        body: Block {
            stmts: Vec::new(),
            tail: None,
            scope: Vec::new(),
            has_await: false,
        },
        layout: Layout::default(),
        span: Span::default(),
    }
}

fn sp<T: Spanned>(t: &T) -> Span {
    Span::from_pm2(t.span())
}

/// Source text by span, for await labels and `assert!` messages.
struct SourceText<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceText<'a> {
    fn new(source: &'a str) -> SourceText<'a> {
        SourceText {
            lines: source.split('\n').collect(),
        }
    }

    fn text(&self, span: Span) -> String {
        if span.line == 0 || span.line as usize > self.lines.len() {
            return String::new();
        }
        let mut out = String::new();
        for line_no in span.line..=span.end_line.min(self.lines.len() as u32) {
            let line = self.lines[line_no as usize - 1];
            let chars: Vec<char> = line.chars().collect();
            let from = if line_no == span.line {
                span.col as usize - 1
            } else {
                0
            };
            let to = if line_no == span.end_line {
                (span.end_col as usize - 1).min(chars.len())
            } else {
                chars.len()
            };
            if from <= to {
                if line_no != span.line {
                    out.push('\n');
                }
                out.extend(&chars[from..to]);
            }
        }
        out
    }

    /// The text on one line, whitespace collapsed, cut to `max` characters.
    fn label(&self, span: Span, max: usize) -> String {
        let text = self.text(span);
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.chars().count() > max {
            let cut: String = collapsed.chars().take(max - 1).collect();
            format!("{cut}…")
        } else {
            collapsed
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Fn,
    AsyncFn,
    Closure,
    Async,
    Const,
}

struct FrameCtx {
    kind: FrameKind,
    is_move: bool,
    scopes: Vec<Vec<(String, u32)>>,
    names: Vec<Rc<str>>,
    captures: Vec<Capture>,
    captured: Vec<(String, u32)>,
    /// The index in `loops` where this frame's loops start.
    loop_base: usize,
}

impl FrameCtx {
    fn alloc(&mut self, name: &str) -> u32 {
        self.names.push(Rc::from(name));
        self.names.len() as u32 - 1
    }

    fn find(&self, name: &str) -> Option<u32> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, slot)) = scope.iter().rev().find(|(n, _)| n == name) {
                return Some(*slot);
            }
        }
        self.captured
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
    }
}

/// An enum: its variants (each lowered as a struct definition) and the methods they share.
struct EnumInfo {
    variants: Vec<(String, StructId)>,
}

struct LoopCtx {
    label: Option<String>,
    id: LoopId,
}

/// What a path in expression position means.
enum Resolved {
    Local(VarRef),
    Fn(FnId),
    Const(ConstId),
    Struct(StructId),
    Builtin(Builtin),
    Value(Value),
    Error,
}

struct Lowerer<'a> {
    src: SourceText<'a>,
    diags: Vec<Diagnostic>,
    fn_ids: HashMap<String, FnId>,
    struct_ids: HashMap<String, StructId>,
    const_ids: HashMap<String, ConstId>,
    uses: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    fns: Vec<Option<Rc<FnDef>>>,
    structs: Vec<Rc<StructDef>>,
    consts: Vec<Option<ConstDef>>,
    frames: Vec<FrameCtx>,
    loops: Vec<LoopCtx>,
    next_loop: u32,
    self_ty: Option<StructId>,
    /// The enum an `impl` block is for, so `Self::Variant` resolves.
    self_enum: Option<String>,
    enums: HashMap<String, EnumInfo>,
    enum_names: HashSet<String>,
    /// Enums whose variants are imported with `use Enum::*`.
    enum_globs: Vec<String>,
    user_methods: HashSet<String>,
    or_bindings: Option<Vec<(String, u32)>>,
    main: Option<FnId>,
    main_attr: MainAttr,
    /// The function being lowered, for naming its async blocks as the compiler does.
    fn_name: String,
    /// How deep `expr` is nested right now.
    depth: u32,
    too_deep_reported: bool,
}

/// Expression trees deeper than this are refused.
const MAX_EXPR_DEPTH: u32 = 160;

fn expr(kind: ExprKind, span: Span, has_await: bool) -> Expr {
    Expr {
        kind,
        span,
        has_await,
    }
}

fn error_expr(span: Span) -> Expr {
    expr(ExprKind::Error, span, false)
}

impl<'a> Lowerer<'a> {
    fn new(source: &'a str) -> Lowerer<'a> {
        Lowerer {
            src: SourceText::new(source),
            diags: Vec::new(),
            fn_ids: HashMap::new(),
            struct_ids: HashMap::new(),
            const_ids: HashMap::new(),
            uses: HashMap::new(),
            globs: Vec::new(),
            fns: Vec::new(),
            structs: Vec::new(),
            consts: Vec::new(),
            frames: Vec::new(),
            loops: Vec::new(),
            next_loop: 0,
            self_ty: None,
            self_enum: None,
            enums: HashMap::new(),
            enum_names: HashSet::new(),
            enum_globs: Vec::new(),
            user_methods: HashSet::new(),
            or_bindings: None,
            main: None,
            main_attr: MainAttr::default(),
            fn_name: String::new(),
            depth: 0,
            too_deep_reported: false,
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    // ----- items -----

    fn file(&mut self, file: &syn::File) {
        for attr in &file.attrs {
            if !attr.path().is_ident("allow")
                && !attr.path().is_ident("warn")
                && !attr.path().is_ident("deny")
            {
                self.error(sp(attr), "crate attributes are not supported");
            }
        }
        // Enum names first, so `use Enum::*;` can be told from a crate import.
        for item in &file.items {
            if let syn::Item::Enum(e) = item {
                self.enum_names.insert(e.ident.to_string());
            }
        }
        // First pass: names, so items may be used before they are defined.
        for item in &file.items {
            self.declare_item(item);
        }
        // Then the methods of impl blocks, which need the structs.
        for item in &file.items {
            if let syn::Item::Impl(imp) = item {
                self.declare_impl(imp);
            }
        }
        // Second pass: bodies.
        for item in &file.items {
            self.lower_item(item);
        }
        match self.fn_ids.get("main").copied() {
            Some(id) => self.main = Some(id),
            None => {
                let end = self.src.lines.len() as u32;
                self.error(
                    Span {
                        line: 1,
                        col: 1,
                        end_line: end.max(1),
                        end_col: 1,
                    },
                    "`main` function not found in crate",
                );
            }
        }
    }

    fn declare_item(&mut self, item: &syn::Item) {
        match item {
            syn::Item::Use(u) => self.use_tree(&u.tree, Vec::new()),
            syn::Item::Fn(f) => {
                let name = f.sig.ident.to_string();
                if self.fn_ids.contains_key(&name) {
                    self.error(
                        sp(&f.sig.ident),
                        format!("the name `{name}` is defined multiple times"),
                    );
                    return;
                }
                self.fn_ids.insert(name, self.fns.len() as FnId);
                self.fns.push(None);
            }
            syn::Item::Struct(s) => {
                let name = s.ident.to_string();
                let derives = self.derives(&s.attrs);
                let def = self.struct_def(&name, &s.fields, derives, Default::default(), None);
                self.struct_ids.insert(name, self.structs.len() as StructId);
                self.structs.push(Rc::new(def));
            }
            syn::Item::Enum(e) => {
                let name = e.ident.to_string();
                if self.enums.contains_key(&name) || self.struct_ids.contains_key(&name) {
                    self.error(
                        sp(&e.ident),
                        format!("the name `{name}` is defined multiple times"),
                    );
                    return;
                }
                let derives = self.derives(&e.attrs);
                let methods: MethodTable = Default::default();
                let mut variants = Vec::new();
                for (i, v) in e.variants.iter().enumerate() {
                    if let Some((_, d)) = &v.discriminant {
                        self.error(sp(d), "explicit enum discriminants are not supported");
                    }
                    let vname = v.ident.to_string();
                    let def = self.struct_def(
                        &vname,
                        &v.fields,
                        derives,
                        methods.clone(),
                        Some((Rc::from(name.as_str()), i as u32)),
                    );
                    variants.push((vname, self.structs.len() as StructId));
                    self.structs.push(Rc::new(def));
                }
                self.enums.insert(name, EnumInfo { variants });
            }
            syn::Item::Const(c) => {
                self.const_ids
                    .insert(c.ident.to_string(), self.consts.len() as ConstId);
                self.consts.push(None);
            }
            syn::Item::Static(s) => {
                if matches!(s.mutability, syn::StaticMutability::Mut(_)) {
                    self.error(sp(&s.ident), "`static mut` is not supported");
                }
                self.const_ids
                    .insert(s.ident.to_string(), self.consts.len() as ConstId);
                self.consts.push(None);
            }
            syn::Item::Impl(imp) => {
                if let Some((_, path, _)) = &imp.trait_ {
                    let tr = path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if tr != "Drop" {
                        let span = Span::from_pm2(imp.impl_token.span).to(sp(&imp.self_ty));
                        self.error(
                            span,
                            format!("trait impls are not supported (`impl {tr} for ...`); this scenario runs compiled"),
                        );
                    }
                    return;
                }
                for it in &imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        self.user_methods.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Trait(t) => {
                self.error(sp(&t.ident), "traits are not supported by the interpreter")
            }
            syn::Item::Mod(m) => {
                self.error(sp(&m.ident), "modules are not supported by the interpreter")
            }
            syn::Item::Macro(m) => self.error(
                sp(&m.mac.path),
                "`macro_rules!` is not supported by the interpreter",
            ),
            syn::Item::Type(t) => self.error(
                sp(&t.ident),
                "type aliases are not supported by the interpreter",
            ),
            syn::Item::Union(u) => self.error(sp(&u.ident), "unions are not supported"),
            syn::Item::ExternCrate(e) => self.error(sp(e), "`extern crate` is not supported"),
            syn::Item::ForeignMod(f) => self.error(sp(&f.abi), "`extern` blocks are not supported"),
            syn::Item::TraitAlias(t) => self.error(sp(&t.ident), "trait aliases are not supported"),
            other => self.error(sp(other), "this item is not supported by the interpreter"),
        }
    }

    fn struct_def(
        &mut self,
        name: &str,
        fields: &syn::Fields,
        derives: Derives,
        methods: MethodTable,
        variant: Option<(Rc<str>, u32)>,
    ) -> StructDef {
        let (names, unit, tuple): (Vec<Rc<str>>, bool, bool) = match fields {
            syn::Fields::Named(named) => (
                named
                    .named
                    .iter()
                    .filter_map(|f| f.ident.as_ref())
                    .map(|i| Rc::from(i.to_string()))
                    .collect(),
                false,
                false,
            ),
            syn::Fields::Unit => (Vec::new(), true, false),
            syn::Fields::Unnamed(un) => (
                (0..un.unnamed.len())
                    .map(|i| Rc::from(i.to_string()))
                    .collect(),
                false,
                true,
            ),
        };
        let field_tys = fields.iter().map(|f| self.ty(&f.ty)).collect();
        StructDef {
            name: Rc::from(name),
            fields: names,
            field_tys,
            derives,
            methods,
            variant,
            drop_fn: Default::default(),
            unit,
            tuple,
        }
    }

    /// The struct or enum variant a path names: `S`, `Self`, `E::V`, `Self::V`.
    fn struct_by_path(&self, segs: &[String]) -> Option<StructId> {
        match segs {
            [one] if one == "Self" => self
                .self_ty
                .filter(|id| self.structs[*id as usize].variant.is_none()),
            [one] => self.struct_ids.get(one).copied().or_else(|| {
                // A variant imported with `use Enum::V` or `use Enum::*`.
                if let Some(full) = self.uses.get(one) {
                    if full.len() == 2 && self.enums.contains_key(&full[0]) {
                        return self.struct_by_path(full);
                    }
                }
                self.enum_globs.iter().find_map(|e| {
                    self.enums
                        .get(e)?
                        .variants
                        .iter()
                        .find(|(n, _)| n == one)
                        .map(|(_, id)| *id)
                })
            }),
            [e, v] => {
                let enum_name = if e == "Self" {
                    self.self_enum.as_deref()?
                } else {
                    e.as_str()
                };
                let info = self.enums.get(enum_name)?;
                info.variants
                    .iter()
                    .find(|(n, _)| n == v)
                    .map(|(_, id)| *id)
            }
            _ => None,
        }
    }

    fn derives(&mut self, attrs: &[syn::Attribute]) -> Derives {
        let mut d = Derives::default();
        for attr in attrs {
            if attr.path().is_ident("derive") {
                let res = attr.parse_nested_meta(|meta| {
                    let name = meta
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    match name.as_str() {
                        "Debug" => d.debug = true,
                        "Clone" => d.clone = true,
                        "Copy" => d.copy = true,
                        "PartialEq" | "Eq" => d.eq = true,
                        "PartialOrd" | "Ord" => d.ord = true,
                        "Default" => d.default = true,
                        "Hash" => {}
                        _ => self.diags.push(Diagnostic::error(
                            sp(&meta.path),
                            format!("`#[derive({name})]` is not supported"),
                        )),
                    }
                    Ok(())
                });
                if let Err(e) = res {
                    self.error(Span::from_pm2(e.span()), e.to_string());
                }
            } else if !attr.path().is_ident("allow") && !attr.path().is_ident("doc") {
                self.error(
                    sp(attr),
                    "this attribute is not supported by the interpreter",
                );
            }
        }
        d
    }

    fn use_tree(&mut self, tree: &syn::UseTree, prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut prefix = prefix;
                if prefix.is_empty() && self.enum_names.contains(&p.ident.to_string()) {
                    // `use Enum::{A, B}` / `use Enum::*`: variants by their bare names.
                    let enum_name = p.ident.to_string();
                    self.use_enum(&p.tree, &enum_name);
                    return;
                }
                if prefix.is_empty() {
                    let root = p.ident.to_string();
                    if !matches!(
                        root.as_str(),
                        "std" | "core" | "alloc" | "tokio" | "crate" | "self" | "super"
                    ) {
                        self.error(
                            sp(&p.ident),
                            format!("crate `{root}` is not available in the interpreter (only `std` and `tokio`)"),
                        );
                        return;
                    }
                    if matches!(root.as_str(), "crate" | "self" | "super") {
                        // Paths into this file name its own items, which are visible anyway.
                        return;
                    }
                }
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix);
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        self.uses.insert(last, prefix);
                    }
                    return;
                }
                let mut full = prefix;
                full.push(name.clone());
                self.check_use_path(&full, sp(&n.ident));
                self.uses.insert(name, full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix;
                full.push(r.ident.to_string());
                self.check_use_path(&full, sp(&r.ident));
                self.uses.insert(r.rename.to_string(), full);
            }
            syn::UseTree::Glob(_) => self.globs.push(prefix),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, prefix.clone());
                }
            }
        }
    }

    fn use_enum(&mut self, tree: &syn::UseTree, enum_name: &str) {
        match tree {
            syn::UseTree::Glob(_) => self.enum_globs.push(enum_name.to_string()),
            syn::UseTree::Name(n) => {
                self.uses.insert(
                    n.ident.to_string(),
                    vec![enum_name.to_string(), n.ident.to_string()],
                );
            }
            syn::UseTree::Rename(r) => {
                self.uses.insert(
                    r.rename.to_string(),
                    vec![enum_name.to_string(), r.ident.to_string()],
                );
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_enum(t, enum_name);
                }
            }
            syn::UseTree::Path(p) => self.error(sp(&p.ident), "this import is not supported"),
        }
    }

    fn check_use_path(&mut self, full: &[String], span: Span) {
        let p = names::normalize(full);
        if let PathKind::Unsupported(msg) = names::lookup(&p) {
            // Importing a module of unsupported items is fine; using one is not. Types such as
            // `std::task::Poll` are only reported where used, except the well-known ones.
            if p.starts_with("std::collections") {
                self.error(span, msg);
            }
        }
    }

    fn lower_item(&mut self, item: &syn::Item) {
        match item {
            syn::Item::Fn(f) => {
                let Some(&id) = self.fn_ids.get(&f.sig.ident.to_string()) else {
                    return;
                };
                if self.fns[id as usize].is_some() {
                    return;
                }
                let is_main = f.sig.ident == "main";
                if is_main {
                    self.main_attrs(f);
                }
                for attr in &f.attrs {
                    let p = attr.path();
                    let path: Vec<String> =
                        p.segments.iter().map(|s| s.ident.to_string()).collect();
                    let ok = (is_main && (path == ["tokio", "main"] || path == ["main"]))
                        || p.is_ident("allow")
                        || p.is_ident("inline")
                        || p.is_ident("must_use")
                        || p.is_ident("doc");
                    if !ok {
                        self.error(
                            sp(attr),
                            format!(
                                "the attribute `#[{}]` is not supported here",
                                path.join("::")
                            ),
                        );
                    }
                }
                let def = self.function(&f.sig, &f.block, None, f.sig.ident.to_string());
                self.fns[id as usize] = Some(Rc::new(def));
            }
            syn::Item::Const(c) => {
                let id = self.const_ids[&c.ident.to_string()];
                let def = self.const_def(&c.ident, &c.ty, &c.expr);
                self.consts[id as usize] = Some(def);
            }
            syn::Item::Static(s) => {
                let id = self.const_ids[&s.ident.to_string()];
                let def = self.const_def(&s.ident, &s.ty, &s.expr);
                self.consts[id as usize] = Some(def);
            }
            syn::Item::Impl(imp) if self.impl_ok(imp) => self.impl_block(imp),
            _ => {}
        }
    }

    fn const_def(&mut self, ident: &syn::Ident, ty: &syn::Type, e: &syn::Expr) -> ConstDef {
        let ty = self.ty(ty);
        self.push_frame(FrameKind::Const, false);
        let e = self.expr(e);
        let frame = self.pop_frame();
        let _ = ident;
        ConstDef {
            ty,
            expr: e,
            layout: Layout { names: frame.names },
        }
    }

    fn main_attrs(&mut self, f: &syn::ItemFn) {
        for attr in &f.attrs {
            let path: Vec<String> = attr
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if path != ["tokio", "main"] && path != ["main"] {
                continue;
            }
            self.main_attr.present = true;
            if matches!(attr.meta, syn::Meta::Path(_)) {
                continue;
            }
            let mut attr_errors = Vec::new();
            let res = attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
                match key.as_str() {
                    "flavor" => {
                        let s: syn::LitStr = meta.value()?.parse()?;
                        let v = s.value();
                        if v != "current_thread" && v != "multi_thread" {
                            attr_errors.push((sp(&s), format!("no such runtime flavor `{v}`: the runtime flavors are `current_thread` and `multi_thread`")));
                        }
                        self.main_attr.flavor = Some(v);
                    }
                    "worker_threads" => {
                        let n: syn::LitInt = meta.value()?.parse()?;
                        let v: u32 = n.base10_parse()?;
                        if v == 0 {
                            attr_errors.push((sp(&n), "`worker_threads` may not be 0".to_string()));
                        }
                        self.main_attr.worker_threads = Some(v);
                    }
                    "start_paused" => {
                        let b: syn::LitBool = meta.value()?.parse()?;
                        self.main_attr.start_paused = b.value;
                    }
                    "crate" => {
                        let _: syn::LitStr = meta.value()?.parse()?;
                    }
                    _ => attr_errors.push((sp(&meta.path), format!("unknown `#[tokio::main]` argument `{key}`"))),
                }
                Ok(())
            });
            if let Err(e) = res {
                self.error(Span::from_pm2(e.span()), e.to_string());
            }
            for (s, m) in attr_errors {
                self.error(s, m);
            }
        }
        if self.main_attr.worker_threads.is_some()
            && self.main_attr.flavor.as_deref() == Some("current_thread")
        {
            self.error(
                sp(&f.sig.ident),
                "the `worker_threads` option requires the `multi_thread` runtime flavor",
            );
        }
        if f.sig.asyncness.is_some() && !self.main_attr.present {
            self.error(
                sp(&f.sig.ident),
                "`main` function is not allowed to be `async` (add `#[tokio::main]`)",
            );
        }
        if f.sig.asyncness.is_none() && self.main_attr.present {
            self.error(
                sp(&f.sig.ident),
                "the `async` keyword is missing from the function declaration",
            );
        }
        if !f.sig.inputs.is_empty() {
            self.error(
                sp(&f.sig.inputs),
                "`main` function has wrong type: it takes no arguments",
            );
        }
    }

    /// Whether an impl block is one the interpreter runs: inherent, or `Drop`.
    fn impl_ok(&self, imp: &syn::ItemImpl) -> bool {
        match &imp.trait_ {
            None => true,
            Some((_, path, _)) => path.segments.last().is_some_and(|s| s.ident == "Drop"),
        }
    }

    fn impl_struct(&self, imp: &syn::ItemImpl) -> Option<StructId> {
        let name = self.impl_name(imp)?;
        if let Some(info) = self.enums.get(&name) {
            // The variants share one method table: any of them stands for the enum.
            return info.variants.first().map(|(_, id)| *id);
        }
        self.struct_ids.get(&name).copied()
    }

    fn impl_name(&self, imp: &syn::ItemImpl) -> Option<String> {
        match &*imp.self_ty {
            syn::Type::Path(p) if p.qself.is_none() => {
                p.path.segments.last().map(|s| s.ident.to_string())
            }
            _ => None,
        }
    }

    /// Gives each method of an impl block its id, before any body is lowered, so methods may
    /// be called from code above the impl block.
    fn declare_impl(&mut self, imp: &syn::ItemImpl) {
        if !self.impl_ok(imp) {
            return;
        }
        let is_drop = imp.trait_.is_some();
        let Some(sid) = self.impl_struct(imp) else {
            let what = if is_drop {
                "`impl Drop`"
            } else {
                "inherent impls"
            };
            self.error(
                sp(&imp.self_ty),
                format!("{what} are only supported for structs defined in this file"),
            );
            return;
        };
        for item in &imp.items {
            match item {
                syn::ImplItem::Fn(f) => {
                    let id = self.fns.len() as FnId;
                    self.fns.push(None);
                    let mname = f.sig.ident.to_string();
                    let def = self.structs[sid as usize].clone();
                    if is_drop && def.variant.is_some() {
                        self.error(
                            sp(&imp.self_ty),
                            "`impl Drop` is only supported for structs",
                        );
                        continue;
                    }
                    if is_drop {
                        let ok = mname == "drop"
                            && f.sig.inputs.len() == 1
                            && matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_some());
                        if !ok {
                            self.error(
                                sp(&f.sig.ident),
                                "`impl Drop` must contain exactly `fn drop(&mut self)`",
                            );
                        }
                        if def.drop_fn.get().is_some() {
                            self.error(
                                sp(&imp.self_ty),
                                format!(
                                    "conflicting implementations of trait `Drop` for `{}`",
                                    def.name
                                ),
                            );
                        }
                        def.drop_fn.set(Some(id));
                        continue;
                    }
                    if def.method(&mname).is_some() {
                        self.error(
                            sp(&f.sig.ident),
                            format!("duplicate definitions with name `{mname}`"),
                        );
                    }
                    def.methods.borrow_mut().push((Rc::from(mname), id));
                }
                other => self.error(sp(other), "only methods are supported in impl blocks"),
            }
        }
    }

    fn impl_block(&mut self, imp: &syn::ItemImpl) {
        let Some(sid) = self.impl_struct(imp) else {
            return;
        };
        let is_drop = imp.trait_.is_some();
        let is_enum = self.structs[sid as usize].variant.is_some();
        let prev = self.self_ty.replace(sid);
        let this_enum = if is_enum { self.impl_name(imp) } else { None };
        let prev_enum = std::mem::replace(&mut self.self_enum, this_enum);
        for item in &imp.items {
            if let syn::ImplItem::Fn(f) = item {
                let def = self.structs[sid as usize].clone();
                let mname = f.sig.ident.to_string();
                let id = if is_drop {
                    def.drop_fn.get()
                } else {
                    def.method(&mname)
                };
                let Some(id) = id else { continue };
                if self.fns[id as usize].is_some() {
                    continue;
                }
                let sname: Rc<str> = match &def.variant {
                    Some((e, _)) => e.clone(),
                    None => def.name.clone(),
                };
                let fdef = self.function(&f.sig, &f.block, Some(sid), format!("{sname}::{mname}"));
                self.fns[id as usize] = Some(Rc::new(fdef));
            }
        }
        self.self_ty = prev;
        self.self_enum = prev_enum;
    }

    fn function(
        &mut self,
        sig: &syn::Signature,
        block: &syn::Block,
        owner: Option<StructId>,
        name: String,
    ) -> FnDef {
        if sig.constness.is_some() {
            // `const fn` runs like any other function.
        }
        if let Some(u) = &sig.unsafety {
            self.error(sp(u), "`unsafe fn` is not supported");
        }
        if let Some(v) = &sig.variadic {
            self.error(sp(v), "variadic functions are not supported");
        }
        for gp in &sig.generics.params {
            if let syn::GenericParam::Const(c) = gp {
                self.error(sp(&c.ident), "const generics are not supported");
            }
        }
        let is_async = sig.asyncness.is_some();
        self.fn_name = sig.ident.to_string();
        let ret = match &sig.output {
            syn::ReturnType::Default => Ty::Infer,
            syn::ReturnType::Type(_, t) => self.ty(t),
        };
        self.push_frame(
            if is_async {
                FrameKind::AsyncFn
            } else {
                FrameKind::Fn
            },
            false,
        );
        let mut params = Vec::new();
        let mut self_mode = None;
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    if owner.is_none() {
                        self.error(
                            sp(r),
                            "`self` parameter is only allowed in associated functions",
                        );
                    }
                    self_mode = Some(match (&r.reference, &r.mutability) {
                        (Some(_), Some(_)) => SelfMode::RefMut,
                        (Some(_), None) => SelfMode::Ref,
                        (None, _) => SelfMode::Value,
                    });
                    let slot = self.declare("self");
                    params.push(Param {
                        pat: Pat::Bind(slot, BindMode::Value, None),
                        ty: Ty::Infer,
                    });
                }
                syn::FnArg::Typed(pt) => {
                    let ty = self.ty(&pt.ty);
                    let pat = self.pat(&pt.pat);
                    params.push(Param { pat, ty });
                }
            }
        }
        let body = self.block(block);
        let frame = self.pop_frame();
        let short: &str = name.rsplit("::").next().unwrap_or(&name);
        FnDef {
            short_name: Rc::from(short),
            name: Rc::from(name.as_str()),
            params,
            self_mode,
            ret,
            is_async,
            body,
            layout: Layout { names: frame.names },
            span: sp(&sig.ident),
        }
    }

    // ----- types -----

    fn ty(&mut self, t: &syn::Type) -> Ty {
        match t {
            syn::Type::Path(p) => {
                if let Some(q) = &p.qself {
                    self.error(
                        sp(&q.ty),
                        "qualified paths (`<T as Trait>::X`) are not supported",
                    );
                    return Ty::Infer;
                }
                let Some(last) = p.path.segments.last() else {
                    return Ty::Infer;
                };
                let name = last.ident.to_string();
                let args: Vec<Ty> = match &last.arguments {
                    syn::PathArguments::AngleBracketed(a) => a
                        .args
                        .iter()
                        .map(|ga| match ga {
                            syn::GenericArgument::Type(t) => self.ty(t),
                            syn::GenericArgument::AssocType(at) => {
                                self.ty(&at.ty);
                                Ty::Infer
                            }
                            _ => Ty::Infer,
                        })
                        .collect(),
                    syn::PathArguments::Parenthesized(pa) => {
                        for i in &pa.inputs {
                            self.ty(i);
                        }
                        Vec::new()
                    }
                    syn::PathArguments::None => Vec::new(),
                };
                let arg = |i: usize| Box::new(args.get(i).cloned().unwrap_or(Ty::Infer));
                if let Some(ity) = IntTy::from_name(&name) {
                    return Ty::Int(ity);
                }
                match name.as_str() {
                    "f64" => Ty::Float,
                    "bool" => Ty::Bool,
                    "f32" => {
                        self.error(
                            sp(t),
                            "`f32` is not supported by the interpreter; use `f64`",
                        );
                        Ty::Infer
                    }
                    "i128" | "u128" => {
                        self.error(
                            sp(t),
                            format!("`{name}` is not supported by the interpreter"),
                        );
                        Ty::Infer
                    }
                    "Vec" => Ty::Vec(arg(0)),
                    "String" => Ty::String,
                    "Option" => Ty::Option(arg(0)),
                    "Result" => Ty::Result(arg(0), arg(1)),
                    "Box" | "Arc" | "Rc" | "Pin" => Ty::Wrap(arg(0)),
                    "HashMap" | "HashSet" | "BTreeMap" | "BTreeSet" | "VecDeque" => {
                        self.error(
                            sp(t),
                            format!("`{name}` is not supported by the interpreter (only `Vec`)"),
                        );
                        Ty::Infer
                    }
                    "Cell" | "RefCell" => {
                        self.error(
                            sp(t),
                            format!("`{name}` is not supported by the interpreter"),
                        );
                        Ty::Infer
                    }
                    _ => Ty::Infer,
                }
            }
            syn::Type::Reference(r) => Ty::Wrap(Box::new(self.ty(&r.elem))),
            syn::Type::Tuple(tt) => {
                if tt.elems.is_empty() {
                    Ty::Infer
                } else {
                    Ty::Tuple(tt.elems.iter().map(|t| self.ty(t)).collect())
                }
            }
            syn::Type::Array(a) => Ty::Array(Box::new(self.ty(&a.elem))),
            syn::Type::Slice(s) => Ty::Array(Box::new(self.ty(&s.elem))),
            syn::Type::Paren(p) => self.ty(&p.elem),
            syn::Type::Group(g) => self.ty(&g.elem),
            syn::Type::ImplTrait(_)
            | syn::Type::Infer(_)
            | syn::Type::Never(_)
            | syn::Type::BareFn(_) => Ty::Infer,
            syn::Type::TraitObject(to) => {
                for b in &to.bounds {
                    if let syn::TypeParamBound::Trait(tb) = b {
                        let name = tb
                            .path
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default();
                        let ok = matches!(
                            name.as_str(),
                            "Error"
                                | "Future"
                                | "Fn"
                                | "FnMut"
                                | "FnOnce"
                                | "Send"
                                | "Sync"
                                | "Debug"
                                | "Display"
                                | "Unpin"
                        );
                        if !ok {
                            self.error(sp(t), "trait objects are not supported");
                            break;
                        }
                    }
                }
                Ty::Infer
            }
            syn::Type::Ptr(_) => {
                self.error(sp(t), "raw pointers are not supported");
                Ty::Infer
            }
            _ => {
                self.error(sp(t), "this type is not supported by the interpreter");
                Ty::Infer
            }
        }
    }

    // ----- frames and scopes -----

    fn push_frame(&mut self, kind: FrameKind, is_move: bool) {
        self.frames.push(FrameCtx {
            kind,
            is_move,
            scopes: vec![Vec::new()],
            names: Vec::new(),
            captures: Vec::new(),
            captured: Vec::new(),
            loop_base: self.loops.len(),
        });
    }

    fn pop_frame(&mut self) -> FrameCtx {
        self.frames
            .pop()
            .expect("frames are pushed and popped in pairs")
    }

    fn frame(&mut self) -> &mut FrameCtx {
        self.frames
            .last_mut()
            .expect("lowering happens inside a frame")
    }

    fn push_scope(&mut self) {
        self.frame().scopes.push(Vec::new());
    }

    fn pop_scope(&mut self) -> Vec<u32> {
        let scope = self
            .frame()
            .scopes
            .pop()
            .expect("scopes are pushed and popped in pairs");
        scope.into_iter().map(|(_, s)| s).collect()
    }

    fn declare(&mut self, name: &str) -> u32 {
        if let Some(map) = &self.or_bindings {
            if let Some((_, slot)) = map.iter().find(|(n, _)| n == name) {
                return *slot;
            }
        }
        let f = self.frame();
        let slot = f.alloc(name);
        f.scopes
            .last_mut()
            .expect("a frame has a scope")
            .push((name.to_string(), slot));
        slot
    }

    fn lookup(&mut self, name: &str) -> Option<VarRef> {
        let top = self.frames.len().checked_sub(1)?;
        self.lookup_in(top, name)
    }

    fn lookup_in(&mut self, fi: usize, name: &str) -> Option<VarRef> {
        if let Some(slot) = self.frames[fi].find(name) {
            return Some(VarRef { depth: 0, slot });
        }
        if fi == 0
            || matches!(
                self.frames[fi].kind,
                FrameKind::Fn | FrameKind::AsyncFn | FrameKind::Const
            )
        {
            return None;
        }
        let outer = self.lookup_in(fi - 1, name)?;
        if self.frames[fi].is_move {
            let f = &mut self.frames[fi];
            let slot = f.alloc(name);
            f.captures.push(Capture {
                from: outer,
                to: slot,
            });
            f.captured.push((name.to_string(), slot));
            Some(VarRef { depth: 0, slot })
        } else {
            Some(VarRef {
                depth: outer.depth + 1,
                slot: outer.slot,
            })
        }
    }

    /// The locals of the current frame, innermost binding per name, for await points.
    fn visible_locals(&self) -> Vec<(Rc<str>, u32)> {
        let f = self.frames.last().expect("inside a frame");
        let mut out: Vec<(Rc<str>, u32)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for scope in f.scopes.iter().rev() {
            for (n, s) in scope.iter().rev() {
                if seen.insert(n.as_str()) {
                    out.push((f.names[*s as usize].clone(), *s));
                }
            }
        }
        for (n, s) in &f.captured {
            if seen.insert(n.as_str()) {
                out.push((f.names[*s as usize].clone(), *s));
            }
        }
        out.sort_by_key(|(_, s)| *s);
        out
    }

    fn in_async(&self) -> bool {
        matches!(
            self.frames.last().map(|f| f.kind),
            Some(FrameKind::AsyncFn | FrameKind::Async)
        )
    }

    // ----- blocks and statements -----

    fn block(&mut self, b: &syn::Block) -> Block {
        self.push_scope();
        let mut stmts = Vec::new();
        let mut tail = None;
        let n = b.stmts.len();
        for (i, s) in b.stmts.iter().enumerate() {
            let last = i + 1 == n;
            match s {
                syn::Stmt::Expr(e, None) if last => {
                    tail = Some(Box::new(self.expr(e)));
                }
                syn::Stmt::Macro(m) if last && m.semi_token.is_none() && !is_stmt_macro(&m.mac) => {
                    tail = Some(Box::new(self.macro_expr(&m.mac)));
                }
                _ => self.stmt(s, &mut stmts),
            }
        }
        let scope = self.pop_scope();
        let has_await =
            stmts.iter().any(Stmt::has_await) || tail.as_ref().is_some_and(|t| t.has_await);
        Block {
            stmts,
            tail,
            scope,
            has_await,
        }
    }

    fn stmt(&mut self, s: &syn::Stmt, out: &mut Vec<Stmt>) {
        match s {
            syn::Stmt::Local(local) => {
                let (pat_syn, ty) = match &local.pat {
                    syn::Pat::Type(pt) => (&*pt.pat, self.ty(&pt.ty)),
                    p => (p, Ty::Infer),
                };
                let init = local.init.as_ref().map(|i| self.expr(&i.expr));
                // The pattern's names come into scope after the initializer.
                let els = match local.init.as_ref().and_then(|i| i.diverge.as_ref()) {
                    Some((_, e)) => match &**e {
                        syn::Expr::Block(b) => Some(Box::new(self.block(&b.block))),
                        other => {
                            self.error(sp(other), "expected a block after `else`");
                            None
                        }
                    },
                    None => None,
                };
                let pat = self.pat(pat_syn);
                if els.is_none() && !pat.irrefutable() {
                    self.error(
                        sp(pat_syn),
                        "refutable pattern in local binding (use `let ... else` or `if let`)",
                    );
                }
                let has_await = init.as_ref().is_some_and(|e| e.has_await)
                    || els.as_ref().is_some_and(|b| b.has_await);
                out.push(Stmt::Let {
                    pat,
                    ty,
                    init,
                    els,
                    has_await,
                    span: sp(local),
                });
            }
            syn::Stmt::Expr(e, _) => {
                let e = self.expr(e);
                out.push(Stmt::Expr(e));
            }
            syn::Stmt::Macro(m) => {
                if is_pin_macro(&m.mac, self) {
                    self.pin_stmt(&m.mac, out);
                } else {
                    let e = self.macro_expr(&m.mac);
                    out.push(Stmt::Expr(e));
                }
            }
            syn::Stmt::Item(item) => match item {
                syn::Item::Use(u) => self.use_tree(&u.tree, Vec::new()),
                other => self.error(
                    sp(other),
                    "items inside function bodies are not supported; move them to the top level",
                ),
            },
        }
    }

    /// `tokio::pin!(a, b);` rebinds each name to a pinned reference to the old variable.
    fn pin_stmt(&mut self, mac: &syn::Macro, out: &mut Vec<Stmt>) {
        let span = sp(mac);
        let idents = match parse::pin_idents(mac.tokens.clone()) {
            Ok(ids) => ids,
            Err(_) => {
                self.error(span, "`tokio::pin!` takes variable names; `tokio::pin!(let x = ...)` is not supported");
                return;
            }
        };
        for id in idents {
            let name = id.to_string();
            let Some(var) = self.lookup(&name) else {
                self.error(sp(&id), format!("cannot find value `{name}` in this scope"));
                continue;
            };
            let var_e = expr(ExprKind::Var(var, Rc::from(name.as_str())), sp(&id), false);
            let init = expr(
                ExprKind::Pin(Box::new(expr(
                    ExprKind::Ref(true, Box::new(var_e)),
                    span,
                    false,
                ))),
                span,
                false,
            );
            let slot = self.declare(&name);
            out.push(Stmt::Let {
                pat: Pat::Bind(slot, BindMode::Value, None),
                ty: Ty::Infer,
                init: Some(init),
                els: None,
                has_await: false,
                span,
            });
        }
    }

    // ----- expressions -----

    fn expr(&mut self, e: &syn::Expr) -> Expr {
        // The evaluator recurses along the tree too: refuse trees deeper than it can walk.
        if self.depth >= MAX_EXPR_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.error(
                    sp(e),
                    format!("expressions nested more than {MAX_EXPR_DEPTH} deep are not supported"),
                );
            }
            return error_expr(sp(e));
        }
        self.depth += 1;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &syn::Expr) -> Expr {
        let span = sp(e);
        match e {
            syn::Expr::Lit(l) => self.lit_expr(&l.lit, span),
            syn::Expr::Path(p) => {
                if let Some(q) = &p.qself {
                    self.error(
                        sp(&q.ty),
                        "qualified paths (`<T as Trait>::X`) are not supported",
                    );
                    return error_expr(span);
                }
                match self.resolve_path(&p.path, span) {
                    Resolved::Local(v) => {
                        let name = p.path.segments[0].ident.to_string();
                        expr(ExprKind::Var(v, Rc::from(name.as_str())), span, false)
                    }
                    Resolved::Fn(id) => expr(ExprKind::FnRef(id), span, false),
                    Resolved::Const(id) => expr(ExprKind::Const(id), span, false),
                    Resolved::Value(v) => expr(ExprKind::Lit(v), span, false),
                    Resolved::Builtin(b) => expr(ExprKind::BuiltinRef(b), span, false),
                    Resolved::Struct(id) => {
                        if self.structs[id as usize].unit {
                            expr(ExprKind::StructLit(id, Vec::new(), None), span, false)
                        } else {
                            self.error(
                                span,
                                format!(
                                    "expected value, found struct `{}`",
                                    self.structs[id as usize].name
                                ),
                            );
                            error_expr(span)
                        }
                    }
                    Resolved::Error => error_expr(span),
                }
            }
            syn::Expr::Paren(p) => self.expr(&p.expr),
            syn::Expr::Group(g) => self.expr(&g.expr),
            syn::Expr::Block(b) => {
                if let Some(l) = &b.label {
                    self.error(sp(l), "labeled blocks are not supported");
                }
                let block = self.block(&b.block);
                let aw = block.has_await;
                expr(ExprKind::Block(Box::new(block)), span, aw)
            }
            syn::Expr::Unsafe(u) => {
                self.error(sp(&u.unsafe_token), "`unsafe` blocks are not supported");
                error_expr(span)
            }
            syn::Expr::Call(c) => self.call(c, span),
            syn::Expr::MethodCall(m) => self.method_call(m, span),
            syn::Expr::Macro(m) => self.macro_expr(&m.mac),
            syn::Expr::Field(f) => {
                let base = self.expr(&f.base);
                let field = match &f.member {
                    syn::Member::Named(id) => Field::Named(Rc::from(id.to_string())),
                    syn::Member::Unnamed(ix) => Field::Index(ix.index),
                };
                let aw = base.has_await;
                expr(ExprKind::Field(Box::new(base), field), span, aw)
            }
            syn::Expr::Index(ix) => {
                let base = self.expr(&ix.expr);
                let index = self.expr(&ix.index);
                let aw = base.has_await || index.has_await;
                // Rust reports index panics of `Vec` and slices at the bracket.
                let bracket = Span::from_pm2(ix.bracket_token.span.open());
                let mut e = expr(ExprKind::Index(Box::new(base), Box::new(index)), span, aw);
                e.span = Span {
                    line: bracket.line,
                    col: bracket.col,
                    ..span
                };
                e
            }
            syn::Expr::Unary(u) => {
                // Fold negative literals so `-2147483648` is a valid `i32`.
                if let (
                    syn::UnOp::Neg(_),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(li),
                        ..
                    }),
                ) = (&u.op, &*u.expr)
                {
                    return self.int_lit(li, true, span);
                }
                if let (
                    syn::UnOp::Neg(_),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Float(lf),
                        ..
                    }),
                ) = (&u.op, &*u.expr)
                {
                    let mut e = self.float_lit(lf, span);
                    if let ExprKind::Lit(Value::Float(x)) = &mut e.kind {
                        *x = -*x;
                    }
                    return e;
                }
                let inner = self.expr(&u.expr);
                let aw = inner.has_await;
                let kind = match u.op {
                    syn::UnOp::Deref(_) => ExprKind::Deref(Box::new(inner)),
                    syn::UnOp::Not(_) => ExprKind::Unary(UnOp::Not, Box::new(inner)),
                    syn::UnOp::Neg(_) => ExprKind::Unary(UnOp::Neg, Box::new(inner)),
                    _ => {
                        self.error(span, "this operator is not supported");
                        return error_expr(span);
                    }
                };
                expr(kind, span, aw)
            }
            syn::Expr::Binary(b) => self.binary(b, span),
            syn::Expr::Assign(a) => {
                if let syn::Expr::Infer(_) = &*a.left {
                    // `_ = expr;` evaluates and drops.
                    let value = self.expr(&a.right);
                    let aw = value.has_await;
                    return expr(
                        ExprKind::Assign(Box::new(error_expr(sp(&a.left))), Box::new(value)),
                        span,
                        aw,
                    );
                }
                if matches!(
                    &*a.left,
                    syn::Expr::Tuple(_) | syn::Expr::Array(_) | syn::Expr::Struct(_)
                ) {
                    self.error(
                        sp(&a.left),
                        "destructuring assignment is not supported; use `let`",
                    );
                    return error_expr(span);
                }
                let value = self.expr(&a.right);
                let place = self.place_expr(&a.left);
                let aw = place.has_await || value.has_await;
                expr(ExprKind::Assign(Box::new(place), Box::new(value)), span, aw)
            }
            syn::Expr::Reference(r) => {
                let inner = self.expr(&r.expr);
                let aw = inner.has_await;
                expr(
                    ExprKind::Ref(r.mutability.is_some(), Box::new(inner)),
                    span,
                    aw,
                )
            }
            syn::Expr::If(i) => self.if_expr(i, span),
            syn::Expr::While(w) => {
                let id = self.push_loop(w.label.as_ref());
                let (cond, scope, body) = self.cond_and_block(&w.cond, &w.body);
                self.loops.pop();
                let aw = cond.has_await() || body.has_await;
                expr(
                    ExprKind::While(id, Box::new(cond), Box::new(body), scope),
                    span,
                    aw,
                )
            }
            syn::Expr::Loop(lp) => {
                let id = self.push_loop(lp.label.as_ref());
                let body = self.block(&lp.body);
                self.loops.pop();
                let aw = body.has_await;
                expr(ExprKind::Loop(id, Box::new(body)), span, aw)
            }
            syn::Expr::ForLoop(f) => {
                let iter = self.expr(&f.expr);
                let id = self.push_loop(f.label.as_ref());
                self.push_scope();
                let pat = self.pat(&f.pat);
                if !pat.irrefutable() {
                    self.error(sp(&f.pat), "refutable pattern in `for` loop binding");
                }
                let body = self.block(&f.body);
                let scope = self.pop_scope();
                self.loops.pop();
                let aw = iter.has_await || body.has_await;
                expr(
                    ExprKind::For(id, pat, Box::new(iter), Box::new(body), scope),
                    span,
                    aw,
                )
            }
            syn::Expr::Match(m) => {
                let scrut = self.expr(&m.expr);
                let mut aw = scrut.has_await;
                let mut arms = Vec::new();
                for arm in &m.arms {
                    self.push_scope();
                    let pat = self.pat(&arm.pat);
                    let guard = arm.guard.as_ref().map(|(_, g)| self.expr(g));
                    let body = self.expr(&arm.body);
                    let scope = self.pop_scope();
                    aw |= guard.as_ref().is_some_and(|g| g.has_await) || body.has_await;
                    arms.push(Arm {
                        pat,
                        guard,
                        body,
                        scope,
                    });
                }
                expr(ExprKind::Match(Box::new(scrut), arms), span, aw)
            }
            syn::Expr::Break(b) => {
                let Some(id) = self.loop_target(b.label.as_ref(), span, "break") else {
                    return error_expr(span);
                };
                let value = b.expr.as_ref().map(|v| Box::new(self.expr(v)));
                let aw = value.as_ref().is_some_and(|v| v.has_await);
                expr(ExprKind::Break(id, value), span, aw)
            }
            syn::Expr::Continue(c) => {
                let Some(id) = self.loop_target(c.label.as_ref(), span, "continue") else {
                    return error_expr(span);
                };
                expr(ExprKind::Continue(id), span, false)
            }
            syn::Expr::Return(r) => {
                if matches!(self.frames.last().map(|f| f.kind), Some(FrameKind::Const)) {
                    self.error(span, "`return` is not allowed in a constant");
                }
                let value = r.expr.as_ref().map(|v| Box::new(self.expr(v)));
                let aw = value.as_ref().is_some_and(|v| v.has_await);
                expr(ExprKind::Return(value), span, aw)
            }
            syn::Expr::Try(t) => {
                let inner = self.expr(&t.expr);
                let aw = inner.has_await;
                let mut e = expr(ExprKind::Try(Box::new(inner)), span, aw);
                e.span = Span {
                    line: sp(&t.question_token).line,
                    col: sp(&t.question_token).col,
                    ..span
                };
                e
            }
            syn::Expr::Tuple(t) => {
                if t.elems.is_empty() {
                    return expr(ExprKind::Lit(Value::Unit), span, false);
                }
                let items: Vec<Expr> = t.elems.iter().map(|x| self.expr(x)).collect();
                let aw = items.iter().any(|x| x.has_await);
                expr(ExprKind::Tuple(items), span, aw)
            }
            syn::Expr::Array(a) => {
                let items: Vec<Expr> = a.elems.iter().map(|x| self.expr(x)).collect();
                let aw = items.iter().any(|x| x.has_await);
                expr(ExprKind::Array(items), span, aw)
            }
            syn::Expr::Repeat(r) => {
                let item = self.expr(&r.expr);
                let n = self.expr(&r.len);
                let aw = item.has_await || n.has_await;
                expr(ExprKind::ArrayRepeat(Box::new(item), Box::new(n)), span, aw)
            }
            syn::Expr::Range(r) => {
                let start = r.start.as_ref().map(|x| Box::new(self.expr(x)));
                let end = r.end.as_ref().map(|x| Box::new(self.expr(x)));
                let aw = start.as_ref().is_some_and(|x| x.has_await)
                    || end.as_ref().is_some_and(|x| x.has_await);
                expr(
                    ExprKind::Range(start, end, matches!(r.limits, syn::RangeLimits::Closed(_))),
                    span,
                    aw,
                )
            }
            syn::Expr::Struct(s) => self.struct_lit(s, span),
            syn::Expr::Closure(c) => self.closure(c, span),
            syn::Expr::Async(a) => {
                let is_move = a.capture.is_some();
                self.push_frame(FrameKind::Async, is_move);
                let body = self.block(&a.block);
                let frame = self.pop_frame();
                let name = format!("async block in {}", self.fn_name);
                let def = AsyncDef {
                    body,
                    layout: Layout { names: frame.names },
                    captures: if is_move { Some(frame.captures) } else { None },
                    name: Rc::from(name),
                };
                expr(ExprKind::Async(Rc::new(def)), span, false)
            }
            syn::Expr::Await(a) => {
                if !self.in_async() {
                    self.error(
                        sp(&a.await_token),
                        "`await` is only allowed inside `async` functions and blocks",
                    );
                }
                let inner = self.expr(&a.base);
                let label = self.src.label(sp(&a.base), 48);
                let aw_span = sp(&a.await_token);
                let info = AwaitInfo {
                    label: Rc::from(label),
                    at: aw_span,
                    locals: self.visible_locals(),
                };
                let mut e = expr(ExprKind::Await(Box::new(inner), Rc::new(info)), span, true);
                e.span = Span {
                    end_line: aw_span.end_line,
                    end_col: aw_span.end_col,
                    ..span
                };
                e
            }
            syn::Expr::Cast(c) => {
                let inner = self.expr(&c.expr);
                let ty = self.ty(&c.ty);
                let cast = match ty {
                    Ty::Int(t) => CastTy::Int(t),
                    Ty::Float => CastTy::Float,
                    _ => {
                        let name = self.src.label(sp(&c.ty), 40);
                        if name == "char" {
                            CastTy::Char
                        } else {
                            self.error(sp(&c.ty), format!("casting to `{name}` is not supported"));
                            return error_expr(span);
                        }
                    }
                };
                let aw = inner.has_await;
                expr(ExprKind::Cast(Box::new(inner), cast), span, aw)
            }
            syn::Expr::Let(l) => {
                self.error(
                    sp(l),
                    "`let` expressions are only supported directly in `if` and `while` conditions",
                );
                error_expr(span)
            }
            syn::Expr::Infer(_) => {
                self.error(
                    span,
                    "`_` can only be used on the left of an assignment here",
                );
                error_expr(span)
            }
            syn::Expr::Const(_) => {
                self.error(span, "`const` blocks are not supported");
                error_expr(span)
            }
            syn::Expr::TryBlock(_) => {
                self.error(span, "`try` blocks are not supported");
                error_expr(span)
            }
            syn::Expr::Yield(_) => {
                self.error(span, "`yield` is not supported");
                error_expr(span)
            }
            syn::Expr::RawAddr(_) => {
                self.error(span, "raw pointers are not supported");
                error_expr(span)
            }
            _ => {
                self.error(span, "this expression is not supported by the interpreter");
                error_expr(span)
            }
        }
    }

    /// The left side of an assignment: a place.
    fn place_expr(&mut self, e: &syn::Expr) -> Expr {
        let lowered = self.expr(e);
        if !is_place(&lowered) {
            self.error(sp(e), "invalid left-hand side of assignment");
        }
        lowered
    }

    fn lit_expr(&mut self, lit: &syn::Lit, span: Span) -> Expr {
        match lit {
            syn::Lit::Int(li) => self.int_lit(li, false, span),
            syn::Lit::Float(lf) => self.float_lit(lf, span),
            syn::Lit::Str(s) => expr(ExprKind::Lit(Value::Str(Rc::from(s.value()))), span, false),
            syn::Lit::Char(c) => expr(ExprKind::Lit(Value::Char(c.value())), span, false),
            syn::Lit::Bool(b) => expr(ExprKind::Lit(Value::Bool(b.value)), span, false),
            syn::Lit::Byte(b) => expr(
                ExprKind::Lit(Value::Int(b.value() as i64, IntTy::U8)),
                span,
                false,
            ),
            _ => {
                self.error(span, "this kind of literal is not supported");
                error_expr(span)
            }
        }
    }

    fn int_value(&mut self, li: &syn::LitInt, neg: bool, span: Span) -> Option<Value> {
        let suffix = li.suffix();
        let ty = if suffix.is_empty() {
            IntTy::Lit
        } else if let Some(t) = IntTy::from_name(suffix) {
            t
        } else if suffix == "f64" {
            let v: f64 = li.base10_digits().parse().unwrap_or(0.0);
            return Some(Value::Float(if neg { -v } else { v }));
        } else {
            self.error(span, format!("the suffix `{suffix}` is not supported"));
            return None;
        };
        // syn keeps the sign of a negative literal in a pattern in its digits.
        let (digits, neg) = match li.base10_digits().strip_prefix('-') {
            Some(d) => (d, !neg),
            None => (li.base10_digits(), neg),
        };
        let Ok(mag) = digits.parse::<u128>() else {
            self.error(span, "integer literal is too large");
            return None;
        };
        let v = if neg { -(mag as i128) } else { mag as i128 };
        // An unsuffixed literal too big for `i32` can only be valid Rust if inference gives it
        // a 64-bit type: take `i64` (or `u64` above its range).
        let ty = if ty == IntTy::Lit && make_int(v, IntTy::I32).is_none() {
            IntTy::I64
        } else {
            ty
        };
        let check_ty = ty;
        match make_int(v, check_ty) {
            Some(Value::Int(bits, _)) => Some(Value::Int(bits, ty)),
            _ => {
                if ty == IntTy::Lit && v >= 0 && v <= u64::MAX as i128 {
                    return Some(Value::Int(v as u64 as i64, IntTy::U64));
                }
                self.error(
                    span,
                    format!("literal out of range for `{}`", check_ty.name()),
                );
                None
            }
        }
    }

    fn int_lit(&mut self, li: &syn::LitInt, neg: bool, span: Span) -> Expr {
        match self.int_value(li, neg, span) {
            Some(v) => expr(ExprKind::Lit(v), span, false),
            None => error_expr(span),
        }
    }

    fn float_lit(&mut self, lf: &syn::LitFloat, span: Span) -> Expr {
        if lf.suffix() == "f32" {
            self.error(span, "`f32` is not supported by the interpreter; use `f64`");
            return error_expr(span);
        }
        match lf.base10_digits().parse::<f64>() {
            Ok(v) => expr(ExprKind::Lit(Value::Float(v)), span, false),
            Err(_) => {
                self.error(span, "invalid float literal");
                error_expr(span)
            }
        }
    }

    fn path_segments(&self, path: &syn::Path) -> Vec<String> {
        let mut segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(full) = self.uses.get(&segs[0]) {
            let mut v = full.clone();
            v.extend(segs.drain(1..));
            segs = v;
        }
        segs
    }

    fn resolve_path(&mut self, path: &syn::Path, span: Span) -> Resolved {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() == 1 && path.leading_colon.is_none() {
            let name = &segs[0];
            if let Some(v) = self.lookup(name) {
                return Resolved::Local(v);
            }
            if let Some(&id) = self.fn_ids.get(name) {
                return Resolved::Fn(id);
            }
            if let Some(&id) = self.const_ids.get(name) {
                return Resolved::Const(id);
            }
            if let Some(id) = self.struct_by_path(&segs) {
                return Resolved::Struct(id);
            }
            if name == "self" {
                self.error(span, "`self` is only available in methods");
                return Resolved::Error;
            }
            if name == "Self" {
                if let Some(id) = self.struct_by_path(&segs) {
                    return Resolved::Struct(id);
                }
            }
        }
        // `E::Variant` and `Self::Variant`.
        if segs.len() == 2 {
            if let Some(id) = self.struct_by_path(&segs) {
                return Resolved::Struct(id);
            }
        }
        // `Self::new`, `Counter::new`, `Shape::unit`: associated functions of our types.
        if segs.len() == 2 {
            let owner = if segs[0] == "Self" {
                self.self_ty
            } else {
                self.struct_ids.get(&segs[0]).copied().or_else(|| {
                    self.enums
                        .get(&segs[0])
                        .and_then(|e| e.variants.first().map(|(_, id)| *id))
                })
            };
            if let Some(sid) = owner {
                if let Some(id) = self.structs[sid as usize].method(&segs[1]) {
                    return Resolved::Fn(id);
                }
                if segs[1] == "default" && self.structs[sid as usize].derives.default {
                    return Resolved::Builtin(Builtin::DefaultOf(sid));
                }
                let owner_name = match &self.structs[sid as usize].variant {
                    Some((e, _)) => e.to_string(),
                    None => self.structs[sid as usize].name.to_string(),
                };
                self.error(
                    span,
                    format!("no function, variant or associated item named `{}` found for `{owner_name}`", segs[1]),
                );
                return Resolved::Error;
            }
        }
        let full = self.path_segments(path);
        let norm = names::normalize(&full);
        match names::lookup(&norm) {
            PathKind::Builtin(b) => return Resolved::Builtin(b),
            PathKind::Value(v) => return Resolved::Value(v),
            PathKind::Unsupported(msg) => {
                self.error(span, msg);
                return Resolved::Error;
            }
            PathKind::Namespace => {
                self.error(
                    span,
                    format!("expected value, found module or type `{}`", segs.join("::")),
                );
                return Resolved::Error;
            }
            PathKind::Unknown => {}
        }
        for glob in self.globs.clone() {
            let mut full = glob.clone();
            full.extend(segs.iter().cloned());
            match names::lookup(&names::normalize(&full)) {
                PathKind::Builtin(b) => return Resolved::Builtin(b),
                PathKind::Value(v) => return Resolved::Value(v),
                _ => {}
            }
        }
        if segs.len() == 1 {
            self.error(
                span,
                format!("cannot find value `{}` in this scope", segs[0]),
            );
        } else {
            self.error(
                span,
                format!(
                    "failed to resolve: `{}` is not supported by the interpreter",
                    segs.join("::")
                ),
            );
        }
        Resolved::Error
    }

    fn push_loop(&mut self, label: Option<&syn::Label>) -> LoopId {
        let id = self.next_loop;
        self.next_loop += 1;
        self.loops.push(LoopCtx {
            label: label.map(|l| l.name.ident.to_string()),
            id,
        });
        id
    }

    fn loop_target(
        &mut self,
        label: Option<&syn::Lifetime>,
        span: Span,
        what: &str,
    ) -> Option<LoopId> {
        let base = self.frames.last().map_or(0, |f| f.loop_base);
        let kind = self.frames.last().map(|f| f.kind);
        let found = match label {
            None => self.loops[base..].last().map(|l| l.id),
            Some(lt) => {
                let name = lt.ident.to_string();
                self.loops[base..]
                    .iter()
                    .rev()
                    .find(|l| l.label.as_deref() == Some(&name))
                    .map(|l| l.id)
            }
        };
        if found.is_none() {
            let inside = match kind {
                Some(FrameKind::Async) if !self.loops.is_empty() => " inside of an `async` block",
                Some(FrameKind::Closure) if !self.loops.is_empty() => " inside of a closure",
                _ => " outside of a loop",
            };
            match label {
                Some(lt) if inside == " outside of a loop" => {
                    self.error(span, format!("use of undeclared label `'{}`", lt.ident))
                }
                _ => self.error(span, format!("`{what}`{inside}")),
            }
        }
        found
    }

    fn if_expr(&mut self, i: &syn::ExprIf, span: Span) -> Expr {
        let (cond, scope, then) = self.cond_and_block(&i.cond, &i.then_branch);
        let els = i.else_branch.as_ref().map(|(_, e)| Box::new(self.expr(e)));
        let aw = cond.has_await() || then.has_await || els.as_ref().is_some_and(|e| e.has_await);
        expr(
            ExprKind::If(Box::new(cond), Box::new(then), els, scope),
            span,
            aw,
        )
    }

    fn cond_and_block(&mut self, cond: &syn::Expr, body: &syn::Block) -> (Cond, Vec<u32>, Block) {
        match cond {
            syn::Expr::Let(l) => {
                let scrut = self.expr(&l.expr);
                self.push_scope();
                let pat = self.pat(&l.pat);
                let block = self.block(body);
                let scope = self.pop_scope();
                (Cond::Let(pat, scrut), scope, block)
            }
            other => {
                if contains_let(other) {
                    self.error(sp(other), "`let` chains are not supported");
                }
                let c = self.expr(other);
                let block = self.block(body);
                (Cond::Bool(c), Vec::new(), block)
            }
        }
    }

    fn binary(&mut self, b: &syn::ExprBinary, span: Span) -> Expr {
        use syn::BinOp as S;
        let (op, assign) = match b.op {
            S::Add(_) => (BinOp::Add, false),
            S::Sub(_) => (BinOp::Sub, false),
            S::Mul(_) => (BinOp::Mul, false),
            S::Div(_) => (BinOp::Div, false),
            S::Rem(_) => (BinOp::Rem, false),
            S::And(_) => (BinOp::And, false),
            S::Or(_) => (BinOp::Or, false),
            S::BitXor(_) => (BinOp::BitXor, false),
            S::BitAnd(_) => (BinOp::BitAnd, false),
            S::BitOr(_) => (BinOp::BitOr, false),
            S::Shl(_) => (BinOp::Shl, false),
            S::Shr(_) => (BinOp::Shr, false),
            S::Eq(_) => (BinOp::Eq, false),
            S::Lt(_) => (BinOp::Lt, false),
            S::Le(_) => (BinOp::Le, false),
            S::Ne(_) => (BinOp::Ne, false),
            S::Ge(_) => (BinOp::Ge, false),
            S::Gt(_) => (BinOp::Gt, false),
            S::AddAssign(_) => (BinOp::Add, true),
            S::SubAssign(_) => (BinOp::Sub, true),
            S::MulAssign(_) => (BinOp::Mul, true),
            S::DivAssign(_) => (BinOp::Div, true),
            S::RemAssign(_) => (BinOp::Rem, true),
            S::BitXorAssign(_) => (BinOp::BitXor, true),
            S::BitAndAssign(_) => (BinOp::BitAnd, true),
            S::BitOrAssign(_) => (BinOp::BitOr, true),
            S::ShlAssign(_) => (BinOp::Shl, true),
            S::ShrAssign(_) => (BinOp::Shr, true),
            _ => {
                self.error(span, "this operator is not supported");
                return error_expr(span);
            }
        };
        if assign {
            let value = self.expr(&b.right);
            let place = self.place_expr(&b.left);
            let aw = place.has_await || value.has_await;
            return expr(
                ExprKind::AssignOp(op, Box::new(place), Box::new(value)),
                span,
                aw,
            );
        }
        let l = self.expr(&b.left);
        let r = self.expr(&b.right);
        let aw = l.has_await || r.has_await;
        expr(ExprKind::Binary(op, Box::new(l), Box::new(r)), span, aw)
    }

    fn args(
        &mut self,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) -> (Vec<Expr>, bool) {
        let v: Vec<Expr> = args.iter().map(|a| self.expr(a)).collect();
        let aw = v.iter().any(|a| a.has_await);
        (v, aw)
    }

    fn call(&mut self, c: &syn::ExprCall, span: Span) -> Expr {
        let (args, aw) = self.args(&c.args);
        let callee = match &*c.func {
            syn::Expr::Path(p) if p.qself.is_none() => {
                match self.resolve_path(&p.path, sp(&c.func)) {
                    Resolved::Local(v) => {
                        let name = p.path.segments[0].ident.to_string();
                        Callee::Value(Box::new(expr(
                            ExprKind::Var(v, Rc::from(name.as_str())),
                            sp(&c.func),
                            false,
                        )))
                    }
                    Resolved::Fn(id) => {
                        let f_params = self.fn_param_count(id);
                        if let Some(n) = f_params {
                            if n != args.len() {
                                self.error(
                                    span,
                                    format!(
                                        "this function takes {n} argument{} but {} were supplied",
                                        if n == 1 { "" } else { "s" },
                                        args.len()
                                    ),
                                );
                            }
                        }
                        Callee::Fn(id)
                    }
                    Resolved::Builtin(b) => Callee::Builtin(b),
                    Resolved::Struct(id) => {
                        let def = self.structs[id as usize].clone();
                        if !def.tuple {
                            self.error(
                                span,
                                format!(
                                    "`{}` is not a tuple struct; use `{} {{ ... }}`",
                                    def.name, def.name
                                ),
                            );
                            return error_expr(span);
                        }
                        if def.fields.len() != args.len() {
                            self.error(
                                span,
                                format!(
                                    "this struct takes {} fields but {} were supplied",
                                    def.fields.len(),
                                    args.len()
                                ),
                            );
                        }
                        let fields = args
                            .into_iter()
                            .enumerate()
                            .map(|(i, a)| (i as u32, a))
                            .collect();
                        return expr(ExprKind::StructLit(id, fields, None), span, aw);
                    }
                    Resolved::Const(_) | Resolved::Value(_) => {
                        self.error(span, "expected function, found a constant");
                        return error_expr(span);
                    }
                    Resolved::Error => return error_expr(span),
                }
            }
            other => {
                let f = self.expr(other);
                if f.has_await {
                    self.error(
                        sp(other),
                        "awaiting inside a callee expression is not supported",
                    );
                }
                Callee::Value(Box::new(f))
            }
        };
        expr(ExprKind::Call(callee, args), span, aw)
    }

    fn fn_param_count(&self, id: FnId) -> Option<usize> {
        self.fns
            .get(id as usize)
            .and_then(|f| f.as_ref())
            .map(|f| f.params.len())
    }

    fn method_call(&mut self, m: &syn::ExprMethodCall, span: Span) -> Expr {
        let recv = self.expr(&m.receiver);
        let (args, aw) = self.args(&m.args);
        let name = m.method.to_string();
        if !names::KNOWN_METHODS.contains(&name.as_str()) && !self.user_methods.contains(&name) {
            self.error(
                sp(&m.method),
                format!("the method `{name}` is not supported by the interpreter"),
            );
        }
        let turbofish = match &m.turbofish {
            Some(t) => match t.args.first() {
                Some(syn::GenericArgument::Type(ty)) => self.ty(ty),
                _ => Ty::Infer,
            },
            None => Ty::Infer,
        };
        let aw = aw || recv.has_await;
        expr(
            ExprKind::MethodCall {
                recv: Box::new(recv),
                method: Rc::from(name),
                args,
                name_span: sp(&m.method),
                turbofish,
            },
            span,
            aw,
        )
    }

    fn struct_lit(&mut self, s: &syn::ExprStruct, span: Span) -> Expr {
        if s.qself.is_some() {
            self.error(span, "qualified paths are not supported");
            return error_expr(span);
        }
        let segs: Vec<String> = s
            .path
            .segments
            .iter()
            .map(|x| x.ident.to_string())
            .collect();
        let name = segs.join("::");
        let Some(id) = self.struct_by_path(&segs) else {
            self.error(
                sp(&s.path),
                format!("cannot find struct `{name}` in this scope"),
            );
            return error_expr(span);
        };
        let def = self.structs[id as usize].clone();
        let mut fields = Vec::new();
        let mut aw = false;
        let mut seen = HashSet::new();
        for fv in &s.fields {
            let fname = match &fv.member {
                syn::Member::Named(i) => i.to_string(),
                syn::Member::Unnamed(ix) => ix.index.to_string(),
            };
            let value = self.expr(&fv.expr);
            aw |= value.has_await;
            match def.field(&fname) {
                Some(ix) => {
                    if !seen.insert(ix) {
                        self.error(
                            sp(&fv.member),
                            format!("field `{fname}` specified more than once"),
                        );
                    }
                    fields.push((ix, value));
                }
                None => self.error(
                    sp(&fv.member),
                    format!("struct `{}` has no field named `{fname}`", def.name),
                ),
            }
        }
        let rest = s.rest.as_ref().map(|r| Box::new(self.expr(r)));
        if rest.is_none() {
            let missing: Vec<String> = (0..def.fields.len() as u32)
                .filter(|i| !seen.contains(i))
                .map(|i| format!("`{}`", def.fields[i as usize]))
                .collect();
            if !missing.is_empty() {
                self.error(
                    span,
                    format!(
                        "missing field{} {} in initializer of `{}`",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", "),
                        def.name
                    ),
                );
            }
        }
        aw |= rest.as_ref().is_some_and(|r| r.has_await);
        expr(ExprKind::StructLit(id, fields, rest), span, aw)
    }

    fn closure(&mut self, c: &syn::ExprClosure, span: Span) -> Expr {
        if c.asyncness.is_some() {
            self.error(
                span,
                "async closures are not supported; use a closure returning an `async move` block",
            );
            return error_expr(span);
        }
        let is_move = c.capture.is_some();
        self.push_frame(FrameKind::Closure, is_move);
        let mut params = Vec::new();
        let mut param_tys = Vec::new();
        for input in &c.inputs {
            match input {
                syn::Pat::Type(pt) => {
                    param_tys.push(self.ty(&pt.ty));
                    params.push(self.pat(&pt.pat));
                }
                p => {
                    param_tys.push(Ty::Infer);
                    params.push(self.pat(p));
                }
            }
        }
        let body = self.expr(&c.body);
        let frame = self.pop_frame();
        let def = ClosureDef {
            params,
            param_tys,
            body,
            layout: Layout { names: frame.names },
            captures: if is_move { Some(frame.captures) } else { None },
        };
        expr(ExprKind::Closure(Rc::new(def)), span, false)
    }

    // ----- patterns -----

    fn pat(&mut self, p: &syn::Pat) -> Pat {
        match p {
            syn::Pat::Wild(_) => Pat::Wild,
            syn::Pat::Ident(pi) => {
                let name = pi.ident.to_string();
                if pi.subpat.is_none() && pi.by_ref.is_none() && pi.mutability.is_none() {
                    // A lone identifier may name a constant, a unit struct or `None`.
                    if let Some(&id) = self.const_ids.get(&name) {
                        return Pat::Const(id);
                    }
                    if let Some(id) = self.struct_by_path(std::slice::from_ref(&name)) {
                        if self.structs[id as usize].unit {
                            return Pat::Struct(id, Vec::new());
                        }
                    }
                    if name == "None" {
                        return Pat::Variant(Variant::None, None);
                    }
                }
                let mode = match (&pi.by_ref, &pi.mutability) {
                    (Some(_), Some(_)) => BindMode::RefMut,
                    (Some(_), None) => BindMode::Ref,
                    _ => BindMode::Value,
                };
                let sub = pi.subpat.as_ref().map(|(_, s)| Box::new(self.pat(s)));
                let slot = self.declare(&name);
                Pat::Bind(slot, mode, sub)
            }
            syn::Pat::Lit(l) => match self.const_value(&syn::Expr::Lit(l.clone())) {
                Some(v) => Pat::Lit(v),
                None => Pat::Error,
            },
            syn::Pat::Range(r) => {
                let lo = r.start.as_ref().and_then(|e| self.const_value(e));
                let hi = r.end.as_ref().and_then(|e| self.const_value(e));
                Pat::Range(lo, hi, matches!(r.limits, syn::RangeLimits::Closed(_)))
            }
            syn::Pat::Tuple(t) => {
                let mut rest = None;
                let mut items = Vec::new();
                for (i, e) in t.elems.iter().enumerate() {
                    if let syn::Pat::Rest(_) = e {
                        rest = Some(i);
                    } else {
                        items.push(self.pat(e));
                    }
                }
                Pat::Tuple(items, rest)
            }
            syn::Pat::TupleStruct(ts) => {
                let segs = self.path_segments(&ts.path);
                let norm = names::normalize(&segs);
                let variant = match norm.as_str() {
                    "Some" => Some(Variant::Some),
                    "Ok" => Some(Variant::Ok),
                    "Err" => Some(Variant::Err),
                    _ => None,
                };
                if let Some(v) = variant {
                    if ts.elems.len() != 1 {
                        self.error(
                            sp(p),
                            format!(
                                "this pattern has {} fields, but the variant has 1 field",
                                ts.elems.len()
                            ),
                        );
                        return Pat::Error;
                    }
                    let inner = self.pat(&ts.elems[0]);
                    return Pat::Variant(v, Some(Box::new(inner)));
                }
                let raw: Vec<String> = ts
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                if let Some(id) = self.struct_by_path(&raw) {
                    if self.structs[id as usize].tuple {
                        let fields = ts
                            .elems
                            .iter()
                            .enumerate()
                            .map(|(i, e)| (i as u32, self.pat(e)))
                            .collect();
                        return Pat::Struct(id, fields);
                    }
                }
                self.error(
                    sp(&ts.path),
                    format!(
                        "cannot find tuple struct or variant `{}` in this scope",
                        segs.join("::")
                    ),
                );
                Pat::Error
            }
            syn::Pat::Path(pp) => {
                let segs = self.path_segments(&pp.path);
                let norm = names::normalize(&segs);
                if norm == "None" {
                    return Pat::Variant(Variant::None, None);
                }
                if segs.len() == 1 {
                    if let Some(&id) = self.const_ids.get(&segs[0]) {
                        return Pat::Const(id);
                    }
                }
                let raw: Vec<String> = pp
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                if let Some(id) = self.struct_by_path(&raw) {
                    return Pat::Struct(id, Vec::new());
                }
                match names::lookup(&norm) {
                    PathKind::Value(v) => Pat::Lit(v),
                    _ => {
                        self.error(
                            sp(p),
                            format!(
                                "cannot find unit struct, unit variant or constant `{}`",
                                segs.join("::")
                            ),
                        );
                        Pat::Error
                    }
                }
            }
            syn::Pat::Struct(ps) => {
                let raw: Vec<String> = ps
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                let name = raw.join("::");
                let Some(id) = self.struct_by_path(&raw) else {
                    self.error(
                        sp(&ps.path),
                        format!("cannot find struct `{name}` in this scope"),
                    );
                    return Pat::Error;
                };
                let def = self.structs[id as usize].clone();
                let mut fields = Vec::new();
                for fp in &ps.fields {
                    let fname = match &fp.member {
                        syn::Member::Named(i) => i.to_string(),
                        syn::Member::Unnamed(ix) => ix.index.to_string(),
                    };
                    let sub = self.pat(&fp.pat);
                    match def.field(&fname) {
                        Some(ix) => fields.push((ix, sub)),
                        None => self.error(
                            sp(&fp.member),
                            format!(
                                "struct `{}` does not have a field named `{fname}`",
                                def.name
                            ),
                        ),
                    }
                }
                Pat::Struct(id, fields)
            }
            syn::Pat::Or(o) => {
                let first = self.pat(&o.cases[0]);
                let bound: Vec<(String, u32)> =
                    self.frame().scopes.last().cloned().unwrap_or_default();
                let prev = self.or_bindings.replace(bound);
                let mut alts = vec![first];
                for c in o.cases.iter().skip(1) {
                    alts.push(self.pat(c));
                }
                self.or_bindings = prev;
                Pat::Or(alts)
            }
            syn::Pat::Reference(r) => Pat::Ref(Box::new(self.pat(&r.pat))),
            syn::Pat::Paren(pp) => self.pat(&pp.pat),
            syn::Pat::Type(pt) => {
                self.ty(&pt.ty);
                self.pat(&pt.pat)
            }
            syn::Pat::Slice(s) => {
                let mut before = Vec::new();
                let mut after = Vec::new();
                let mut rest: Option<Option<u32>> = None;
                for e in &s.elems {
                    let is_rest = match e {
                        syn::Pat::Rest(_) => {
                            rest = Some(None);
                            true
                        }
                        syn::Pat::Ident(pi)
                            if matches!(
                                pi.subpat.as_ref().map(|(_, p)| &**p),
                                Some(syn::Pat::Rest(_))
                            ) =>
                        {
                            let slot = self.declare(&pi.ident.to_string());
                            rest = Some(Some(slot));
                            true
                        }
                        _ => false,
                    };
                    if is_rest {
                        continue;
                    }
                    let lowered = self.pat(e);
                    if rest.is_some() {
                        after.push(lowered);
                    } else {
                        before.push(lowered);
                    }
                }
                Pat::Slice(before, rest, after)
            }
            syn::Pat::Rest(_) => {
                self.error(sp(p), "`..` patterns are not allowed here");
                Pat::Error
            }
            _ => {
                self.error(sp(p), "this pattern is not supported by the interpreter");
                Pat::Error
            }
        }
    }

    /// The value of a literal (or negated literal) in a pattern.
    fn const_value(&mut self, e: &syn::Expr) -> Option<Value> {
        let span = sp(e);
        match e {
            syn::Expr::Lit(l) => match &l.lit {
                syn::Lit::Int(li) => self.int_value(li, false, span),
                other => match self.lit_expr(other, span).kind {
                    ExprKind::Lit(v) => Some(v),
                    _ => None,
                },
            },
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => match &*u.expr {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(li),
                    ..
                }) => self.int_value(li, true, span),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Float(lf),
                    ..
                }) => lf
                    .base10_digits()
                    .parse::<f64>()
                    .ok()
                    .map(|v| Value::Float(-v)),
                _ => {
                    self.error(span, "expected a literal in this pattern");
                    None
                }
            },
            syn::Expr::Path(p) => match self.resolve_path(&p.path, span) {
                Resolved::Value(v) => Some(v),
                _ => {
                    self.error(
                        span,
                        "range patterns may only use literals and std constants here",
                    );
                    None
                }
            },
            _ => {
                self.error(span, "expected a literal in this pattern");
                None
            }
        }
    }

    // ----- macros -----

    fn macro_name(&self, mac: &syn::Macro) -> String {
        let segs = self.path_segments(&mac.path);
        let norm = names::normalize(&segs);
        norm.trim_start_matches("std::").to_string()
    }

    fn macro_expr(&mut self, mac: &syn::Macro) -> Expr {
        let span = sp(mac);
        let name = self.macro_name(mac);
        match name.as_str() {
            "println" | "print" | "eprintln" | "eprint" => {
                let target = if name.starts_with('e') {
                    PrintTarget::Stderr
                } else {
                    PrintTarget::Stdout
                };
                let newline = name.ends_with("ln");
                if mac.tokens.is_empty() {
                    let fmt = Rc::new(format::FormatStr { pieces: Vec::new() });
                    return expr(
                        ExprKind::Print(
                            target,
                            newline,
                            FormatArgs {
                                fmt,
                                args: Vec::new(),
                            },
                        ),
                        span,
                        false,
                    );
                }
                match self.format_args(mac, span) {
                    Some(fa) => {
                        let aw = fa.args.iter().any(|a| a.has_await);
                        expr(ExprKind::Print(target, newline, fa), span, aw)
                    }
                    None => error_expr(span),
                }
            }
            "format" => match self.format_args(mac, span) {
                Some(fa) => {
                    let aw = fa.args.iter().any(|a| a.has_await);
                    expr(ExprKind::Format(fa), span, aw)
                }
                None => error_expr(span),
            },
            "panic" | "unreachable" | "todo" | "unimplemented" => {
                let prefix: &str = match name.as_str() {
                    "panic" => "",
                    "unreachable" => "internal error: entered unreachable code",
                    "todo" => "not yet implemented",
                    _ => "not implemented",
                };
                if mac.tokens.is_empty() {
                    let msg = if name == "panic" {
                        "explicit panic"
                    } else {
                        prefix
                    };
                    return expr(ExprKind::Panic(None, Rc::from(msg)), span, false);
                }
                match self.format_args(mac, span) {
                    Some(fa) => {
                        let aw = fa.args.iter().any(|a| a.has_await);
                        expr(ExprKind::Panic(Some(fa), Rc::from(prefix)), span, aw)
                    }
                    None => error_expr(span),
                }
            }
            "assert" => {
                let items = match parse::comma_exprs(mac.tokens.clone()) {
                    Ok(items) if !items.is_empty() => items,
                    Ok(_) => {
                        self.error(span, "the `assert!` macro takes at least 1 argument");
                        return error_expr(span);
                    }
                    Err(e) => {
                        self.error(Span::from_pm2(e.span()), e.to_string());
                        return error_expr(span);
                    }
                };
                let cond_text = self.src.label(sp(&items[0]), 200);
                let cond = self.expr(&items[0]);
                let msg = if items.len() > 1 {
                    self.format_from_exprs(&items[1..], span)
                } else {
                    None
                };
                let aw = cond.has_await
                    || msg
                        .as_ref()
                        .is_some_and(|m| m.args.iter().any(|a| a.has_await));
                expr(
                    ExprKind::Assert(Box::new(cond), Rc::from(cond_text), msg),
                    span,
                    aw,
                )
            }
            "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => {
                let items = match parse::comma_exprs(mac.tokens.clone()) {
                    Ok(items) if items.len() >= 2 => items,
                    Ok(_) => {
                        self.error(
                            span,
                            format!("the `{name}!` macro takes at least 2 arguments"),
                        );
                        return error_expr(span);
                    }
                    Err(e) => {
                        self.error(Span::from_pm2(e.span()), e.to_string());
                        return error_expr(span);
                    }
                };
                let l = self.expr(&items[0]);
                let r = self.expr(&items[1]);
                let msg = if items.len() > 2 {
                    self.format_from_exprs(&items[2..], span)
                } else {
                    None
                };
                let aw = l.has_await
                    || r.has_await
                    || msg
                        .as_ref()
                        .is_some_and(|m| m.args.iter().any(|a| a.has_await));
                expr(
                    ExprKind::AssertEq(Box::new(l), Box::new(r), name.ends_with("ne"), msg),
                    span,
                    aw,
                )
            }
            "debug_assert" => {
                let items = parse::comma_exprs(mac.tokens.clone()).unwrap_or_default();
                if items.is_empty() {
                    self.error(span, "the `debug_assert!` macro takes at least 1 argument");
                    return error_expr(span);
                }
                let cond_text = self.src.label(sp(&items[0]), 200);
                let cond = self.expr(&items[0]);
                let msg = if items.len() > 1 {
                    self.format_from_exprs(&items[1..], span)
                } else {
                    None
                };
                let aw = cond.has_await;
                expr(
                    ExprKind::Assert(Box::new(cond), Rc::from(cond_text), msg),
                    span,
                    aw,
                )
            }
            "vec" => match syn::parse2::<parse::VecBody>(mac.tokens.clone()) {
                Ok(parse::VecBody::List(items)) => {
                    let items: Vec<Expr> = items.iter().map(|x| self.expr(x)).collect();
                    let aw = items.iter().any(|x| x.has_await);
                    expr(ExprKind::VecLit(items), span, aw)
                }
                Ok(parse::VecBody::Repeat(x, n)) => {
                    let x = self.expr(&x);
                    let n = self.expr(&n);
                    let aw = x.has_await || n.has_await;
                    expr(ExprKind::VecRepeat(Box::new(x), Box::new(n)), span, aw)
                }
                Err(e) => {
                    self.error(Span::from_pm2(e.span()), e.to_string());
                    error_expr(span)
                }
            },
            "matches" => match syn::parse2::<parse::MatchesBody>(mac.tokens.clone()) {
                Ok(body) => {
                    let scrut = self.expr(&body.expr);
                    self.push_scope();
                    let pat = self.pat(&body.pat);
                    let guard = body.guard.as_ref().map(|g| Box::new(self.expr(g)));
                    let scope = self.pop_scope();
                    let aw = scrut.has_await || guard.as_ref().is_some_and(|g| g.has_await);
                    expr(
                        ExprKind::Matches(Box::new(scrut), pat, guard, scope),
                        span,
                        aw,
                    )
                }
                Err(e) => {
                    self.error(Span::from_pm2(e.span()), e.to_string());
                    error_expr(span)
                }
            },
            "tokio::join" | "join" => {
                if !self.in_async() {
                    self.error(
                        span,
                        "`join!` can only be used inside `async` functions and blocks",
                    );
                }
                match parse::comma_exprs(mac.tokens.clone()) {
                    Ok(items) => {
                        let items: Vec<Expr> = items.iter().map(|x| self.expr(x)).collect();
                        expr(ExprKind::Join(items), span, true)
                    }
                    Err(e) => {
                        self.error(Span::from_pm2(e.span()), e.to_string());
                        error_expr(span)
                    }
                }
            }
            "tokio::select" | "select" => self.select(mac, span),
            "pin::pin" | "pin" => match syn::parse2::<syn::Expr>(mac.tokens.clone()) {
                Ok(inner) => {
                    let e = self.expr(&inner);
                    let aw = e.has_await;
                    expr(ExprKind::Pin(Box::new(e)), span, aw)
                }
                Err(e) => {
                    self.error(Span::from_pm2(e.span()), e.to_string());
                    error_expr(span)
                }
            },
            "tokio::pin" => {
                self.error(
                    span,
                    "`tokio::pin!` is a statement: use it on its own line, as `tokio::pin!(fut);`",
                );
                error_expr(span)
            }
            "tokio::try_join" | "try_join" => {
                self.error(
                    span,
                    "`tokio::try_join!` is not supported by the interpreter; use `tokio::join!`",
                );
                error_expr(span)
            }
            "write" | "writeln" => {
                self.error(
                    span,
                    format!("`{name}!` is not supported by the interpreter"),
                );
                error_expr(span)
            }
            other => {
                self.error(
                    sp(&mac.path),
                    format!("the macro `{other}!` is not supported by the interpreter"),
                );
                error_expr(span)
            }
        }
    }

    fn format_args(&mut self, mac: &syn::Macro, span: Span) -> Option<FormatArgs> {
        match parse::comma_exprs(mac.tokens.clone()) {
            Ok(items) if items.is_empty() => {
                self.error(span, "requires at least a format string argument");
                None
            }
            Ok(items) => self.format_from_exprs(&items, span),
            Err(e) => {
                self.error(Span::from_pm2(e.span()), e.to_string());
                None
            }
        }
    }

    fn format_from_exprs(&mut self, items: &[syn::Expr], span: Span) -> Option<FormatArgs> {
        let lit = match &items[0] {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.clone(),
            other => {
                self.error(sp(other), "format argument must be a string literal");
                return None;
            }
        };
        let mut positional = Vec::new();
        let mut named: Vec<String> = Vec::new();
        let mut named_exprs = Vec::new();
        for a in &items[1..] {
            if let syn::Expr::Assign(asg) = a {
                if let syn::Expr::Path(p) = &*asg.left {
                    if let Some(id) = p.path.get_ident() {
                        named.push(id.to_string());
                        named_exprs.push(&*asg.right);
                        continue;
                    }
                }
            }
            if !named.is_empty() {
                self.error(sp(a), "positional arguments cannot follow named arguments");
                return None;
            }
            positional.push(a);
        }
        let resolved = match format::parse_format(&lit.value(), positional.len(), &named) {
            Ok(r) => r,
            Err(e) => {
                self.error(sp(&lit), e.message);
                return None;
            }
        };
        let mut args: Vec<Expr> = Vec::new();
        for a in positional {
            args.push(self.expr(a));
        }
        for a in named_exprs {
            args.push(self.expr(a));
        }
        let lit_span = sp(&lit);
        for name in &resolved.captures {
            match self.lookup(name) {
                Some(v) => args.push(expr(
                    ExprKind::Var(v, Rc::from(name.as_str())),
                    lit_span,
                    false,
                )),
                None => {
                    if let Some(&id) = self.const_ids.get(name) {
                        args.push(expr(ExprKind::Const(id), lit_span, false));
                    } else {
                        self.error(
                            lit_span,
                            format!("cannot find value `{name}` in this scope"),
                        );
                        args.push(error_expr(lit_span));
                    }
                }
            }
        }
        let _ = span;
        Some(FormatArgs {
            fmt: Rc::new(resolved.fmt),
            args,
        })
    }

    fn select(&mut self, mac: &syn::Macro, span: Span) -> Expr {
        if !self.in_async() {
            self.error(
                span,
                "`select!` can only be used inside `async` functions and blocks",
            );
        }
        let body = match syn::parse2::<parse::SelectBody>(mac.tokens.clone()) {
            Ok(b) => b,
            Err(e) => {
                self.error(Span::from_pm2(e.span()), e.to_string());
                return error_expr(span);
            }
        };
        if body.arms.is_empty() {
            self.error(span, "`select!` needs at least one branch");
            return error_expr(span);
        }
        if body.arms.len() > 64 {
            self.error(span, "`select!` supports at most 64 branches");
            return error_expr(span);
        }
        let mut arms = Vec::new();
        for arm in &body.arms {
            let fut = self.expr(&arm.fut);
            let cond = arm.cond.as_ref().map(|c| self.expr(c));
            self.push_scope();
            let pat = self.pat(&arm.pat);
            let handler = self.expr(&arm.body);
            let scope = self.pop_scope();
            arms.push(SelectArm {
                pat,
                fut,
                cond,
                body: handler,
                scope,
            });
        }
        let els = body.els.as_ref().map(|e| self.expr(e));
        let label = format!("select! ({} branches)", arms.len());
        let info = AwaitInfo {
            label: Rc::from(label),
            at: span,
            locals: self.visible_locals(),
        };
        expr(
            ExprKind::Select(
                Rc::new(SelectDef {
                    biased: body.biased,
                    arms,
                    els,
                }),
                Rc::new(info),
            ),
            span,
            true,
        )
    }
}

fn is_place(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Var(..) | ExprKind::Deref(_) | ExprKind::Error => true,
        ExprKind::Field(b, _) | ExprKind::Index(b, _) => {
            is_place(b) || matches!(b.kind, ExprKind::MethodCall { .. } | ExprKind::Call(..))
        }
        _ => false,
    }
}

fn contains_let(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Let(_) => true,
        syn::Expr::Binary(b) => contains_let(&b.left) || contains_let(&b.right),
        syn::Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}

/// Macros that are statements by nature (their value is `()`), so a trailing one without a
/// semicolon is still a statement.
fn is_stmt_macro(mac: &syn::Macro) -> bool {
    let last = mac
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    matches!(last.as_str(), "println" | "print" | "eprintln" | "eprint")
        || (last == "pin" && mac.path.segments.len() == 2 && mac.path.segments[0].ident == "tokio")
}

fn is_pin_macro(mac: &syn::Macro, l: &Lowerer<'_>) -> bool {
    l.macro_name(mac) == "tokio::pin"
}
