//! The program editor's state and reducer: which draft is open, its text, the problems of the
//! last check or run, the last run's summary, and how the editor is shown.
//!
//! Drafts live in localStorage (see `hooks/use_editor.rs`), one per built-in program plus one
//! for "your program": the code a link carried or the reader ran.

use asyncviz_timeline::{Problem, RunTone};
use std::rc::Rc;
use yew::Reducible;

/// Which draft the editor holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Nothing yet (before the first program is known).
    None,
    /// A built-in program's draft, by key.
    Scenario(String),
    /// The reader's own program: code they ran, or code a link carried.
    Custom {
        /// The built-in program it started from, if it started from one in this browser; its
        /// draft follows this one, and Reset goes back to it.
        base: Option<String>,
        /// The fingerprint of the program the link (or run) had, to recognise it on reload.
        origin: u64,
    },
}

/// A share link the reader asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ShareLink {
    /// The whole address.
    pub(crate) url: String,
    /// `None` while copying, then whether the clipboard took it.
    pub(crate) copied: Option<bool>,
}

/// The editor's state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EditorState {
    /// The draft open.
    pub(crate) slot: Slot,
    /// Its text (newlines are `\n` only).
    pub(crate) text: Rc<str>,
    /// Problems from the last check or run.
    pub(crate) problems: Rc<Vec<Problem>>,
    /// The text those problems are about (they go stale as the reader types).
    pub(crate) problems_for: Rc<str>,
    /// The last run's summary, and the text that ran.
    pub(crate) status: Option<(RunTone, String, Rc<str>)>,
    /// Whether the code panel shows the editor (else the program with the playhead's marks).
    pub(crate) editing: bool,
    /// The plain textarea (no overlay, no highlighting) for screen readers and the like.
    pub(crate) plain: bool,
    /// A run is under way.
    pub(crate) running: bool,
    /// The share link shown, if any.
    pub(crate) share: Option<ShareLink>,
    /// Bumped when the textarea should take focus (the reader chose to edit).
    pub(crate) focus: u32,
}

impl EditorState {
    /// Empty, not editing.
    pub(crate) fn new(plain: bool) -> EditorState {
        EditorState {
            slot: Slot::None,
            text: Rc::from(""),
            problems: Rc::new(Vec::new()),
            problems_for: Rc::from(""),
            status: None,
            editing: false,
            plain,
            running: false,
            share: None,
            focus: 0,
        }
    }

    /// The built-in program Reset goes back to, if the draft has one.
    pub(crate) fn base(&self) -> Option<&str> {
        match &self.slot {
            Slot::Scenario(key) => Some(key),
            Slot::Custom { base, .. } => base.as_deref(),
            Slot::None => None,
        }
    }

    /// The number of error problems.
    pub(crate) fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.error).count()
    }
}

/// Everything that changes the editor.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EditorAction {
    /// Open a draft; `edit` opens the editor too (a draft that differs from what is shown).
    Open {
        /// The draft.
        slot: Slot,
        /// Its text.
        text: String,
        /// Whether to show the editor.
        edit: bool,
    },
    /// The reader changed the text.
    Edit(String),
    /// A check finished.
    Checked(Rc<str>, Vec<Problem>),
    /// A run started.
    Running,
    /// A run finished.
    Ran {
        /// The text that ran.
        text: Rc<str>,
        /// Its problems.
        problems: Vec<Problem>,
        /// Its summary.
        summary: (RunTone, String),
        /// The draft it becomes, if it ran (the reader's own program).
        slot: Option<Slot>,
        /// Whether to leave the editor for the run's view.
        leave: bool,
    },
    /// Show the editor or the program's view; `focus` moves focus into the editor.
    Editing(bool, bool),
    /// Use the plain textarea or not.
    Plain(bool),
    /// Show a message about the text, in the place of a run's summary.
    Message(RunTone, String),
    /// Show, update or hide the share link.
    Share(Option<ShareLink>),
    /// The clipboard answered for this link.
    Copied(String, bool),
}

impl Reducible for EditorState {
    type Action = EditorAction;

    fn reduce(self: Rc<Self>, action: EditorAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            EditorAction::Open { slot, text, edit } => {
                if slot == s.slot && *text == *s.text && (s.editing || !edit) {
                    return self;
                }
                if *text != *s.text {
                    s.share = None;
                }
                s.slot = slot;
                s.text = Rc::from(text);
                s.editing |= edit;
            }
            EditorAction::Edit(text) => {
                if *text == *s.text {
                    return self;
                }
                s.text = Rc::from(text);
                s.share = None;
            }
            EditorAction::Checked(text, problems) => {
                // A check of older text never replaces newer results, and a late check never
                // replaces a run's results for the same text (which include the run's errors).
                if text != s.text || text == s.problems_for {
                    return self;
                }
                s.problems = Rc::new(problems);
                s.problems_for = text;
            }
            EditorAction::Running => s.running = true,
            EditorAction::Ran {
                text,
                problems,
                summary,
                slot,
                leave,
            } => {
                s.running = false;
                if text == s.text {
                    s.problems = Rc::new(problems);
                    s.problems_for = text.clone();
                }
                s.status = Some((summary.0, summary.1, text));
                if let Some(slot) = slot {
                    s.slot = slot;
                }
                if leave {
                    s.editing = false;
                }
            }
            EditorAction::Editing(on, focus) => {
                s.editing = on;
                if on && focus {
                    s.focus += 1;
                }
            }
            EditorAction::Message(tone, message) => {
                s.status = Some((tone, message, s.text.clone()));
            }
            EditorAction::Plain(on) => s.plain = on,
            EditorAction::Share(link) => s.share = link,
            EditorAction::Copied(url, ok) => match &mut s.share {
                Some(link) if link.url == url => link.copied = Some(ok),
                _ => return self,
            },
        }
        Rc::new(s)
    }
}
