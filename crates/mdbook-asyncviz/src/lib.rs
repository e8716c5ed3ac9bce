//! `mdbook-asyncviz`: an mdBook preprocessor that turns fenced ```` ```asyncviz ```` blocks into
//! embedded AsyncViz widgets.
//!
//! A block holds a tokio program (or names a built-in one with `program=`); its info string
//! takes options such as `step=12 panels=code,timeline height=420 play`. [`rewrite_chapter`]
//! replaces each block with an `<iframe>` made by [`asyncviz_embed::iframe_snippet`], whose
//! hash carries the program compressed (`c=`), and appends a small script that keeps the
//! iframes' `theme=` in step with the book's theme. A block with a problem gets a visible
//! warning in the chapter and on stderr, never a failed build.
//!
//! [`preprocess`] applies that to every chapter of the `[context, book]` JSON that mdBook sends
//! on stdin; `main.rs` speaks the rest of mdBook's preprocessor protocol. This crate talks
//! JSON directly and does not depend on the `mdbook` library, so it works with mdBook 0.4
//! (`sections`) and 0.5 (`items`) alike.

mod book;
mod chapter;
mod config;
mod options;
mod script;
mod warning;

pub use book::{preprocess, supports, Output};
pub use chapter::{rewrite_chapter, Chapter, Rewrite};
pub use config::{Config, DEFAULT_APP};
pub use options::{parse_info, BlockOptions, KNOWN_OPTIONS};
pub use script::THEME_SCRIPT;
pub use warning::Warning;
