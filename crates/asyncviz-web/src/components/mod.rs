//! The page's components, one per file.

mod code_view;
mod controls;
mod docs_dialog;
mod editor;
mod embed_dialog;
mod header;
mod help;
mod inspector;
mod lesson;
mod more;
mod narration;
mod notices;
mod outcome;
mod output;
mod picker;
mod rich;
mod run_queue;
mod timeline;
mod wakers;

pub(crate) use code_view::CodeView;
pub(crate) use controls::Controls;
pub(crate) use docs_dialog::DocsDialog;
pub(crate) use editor::{Editor, ModeSwitch};
pub(crate) use embed_dialog::EmbedDialog;
pub(crate) use header::Header;
pub(crate) use help::HelpDialog;
pub(crate) use inspector::Inspector;
pub(crate) use lesson::Lesson;
pub(crate) use narration::Narration;
pub(crate) use notices::Notices;
pub(crate) use outcome::OutcomeBanner;
pub(crate) use output::Output;
pub(crate) use picker::Picker;
pub(crate) use run_queue::RunQueue;
pub(crate) use timeline::TimelineView;
pub(crate) use wakers::{rows_in as waker_rows_in, Wakers};
