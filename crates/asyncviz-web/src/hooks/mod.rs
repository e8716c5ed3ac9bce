//! Hooks: the only places besides event handlers where the page talks to the browser.

mod use_editor;
mod use_flip;
mod use_hash_sync;
mod use_host_messages;
mod use_link_run;
mod use_panel_turns;
mod use_playback;
mod use_reduced_motion;
mod use_scrub_freeze;
mod use_theme;

pub(crate) use use_editor::{use_editor, EditorHandle};
pub(crate) use use_flip::use_flip;
pub(crate) use use_hash_sync::use_hash_sync;
pub(crate) use use_host_messages::use_host_messages;
pub(crate) use use_link_run::use_link_run;
pub(crate) use use_panel_turns::use_panel_turns;
pub(crate) use use_playback::use_playback;
pub(crate) use use_reduced_motion::use_reduced_motion;
pub(crate) use use_scrub_freeze::use_scrub_freeze;
pub(crate) use use_theme::{use_theme, Theme};
