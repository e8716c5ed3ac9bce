//! The AsyncViz link contract: what the `#…` part of a page URL means, as code.
//!
//! A link names a program (a built-in id with `p=`, or the program's text compressed into the
//! link with `c=`), the step to open at, whether to play and how fast, the theme, embed mode and
//! which panels to show. [`parse`] reads a hash into [`ViewParams`] and never fails: anything it
//! cannot use becomes a [`Notice`] for the reader and a default value. [`format()`] writes the
//! canonical hash back. [`encode_code`] and [`decode_code`] compress a program for `c=`;
//! [`iframe_snippet`] writes the `<iframe>` an instructor pastes into a course page;
//! [`host_command`] and [`SlideGate`] read the pause/resume messages a slide deck (reveal.js)
//! sends into an embedded page.
//!
//! The contract only ever grows: a link that once opened a view keeps opening it. The pinned
//! links in `tests/links.rs` hold us to that, and `docs/url-contract.md` at the repository root
//! describes it for people. This crate is pure (no browser, no clock, no I/O) and builds for
//! `wasm32-unknown-unknown`; the web crate and the `mdbook-asyncviz` preprocessor both use it.

/// The link contract for people (`docs/url-contract.md`), for the page's docs view.
pub const CONTRACT_DOC: &str = include_str!("../../../docs/url-contract.md");

mod code;
mod escape;
mod host;
mod link;
mod notice;
mod params;
mod percent;
mod snippet;

pub use code::{decode_code, encode_code, LinkError, MAX_CODE_BYTES, MAX_ENCODED_CHARS};
pub use escape::escape_html;
pub use host::{host_command, origin_of, origin_trusted, HostCommand, SlideGate};
pub use link::{format, parse};
pub use notice::Notice;
pub use params::{
    Panel, PanelSet, ProgramRef, Theme, ViewParams, CONTRACT_VERSION, DEFAULT_SPEED, MAX_SPEED,
    MIN_SPEED,
};
pub use snippet::{iframe_snippet, DEFAULT_HEIGHT, MAX_HEIGHT, MIN_HEIGHT};
