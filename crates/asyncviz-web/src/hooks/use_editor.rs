//! The program editor's hook: opens the right draft when the page shows another program or a
//! link brings code, saves every change to localStorage, checks the text as the reader types,
//! and runs it.

use crate::browser;
use crate::editor_state::{EditorAction, EditorState, ShareLink, Slot};
use crate::interpreted::{self, CUSTOM_KEY};
use crate::shared::Shared;
use crate::source;
use crate::state::{Action, AppState};
use asyncviz_timeline::{normalize_newlines, RunTone};
use asyncviz_trace::Outcome;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before the text is checked.
const CHECK_AFTER_MS: u32 = 250;

/// The draft of the reader's own program.
const CUSTOM_TEXT: &str = "asyncviz.code.custom";
/// `<fingerprint of the link's program, hex>\n<base program key>` for that draft.
const CUSTOM_META: &str = "asyncviz.code.custom.meta";
/// Whether the reader chose the plain textarea.
const PLAIN: &str = "asyncviz.editor.plain";

/// The storage key of a built-in program's draft.
fn draft_key(key: &str) -> String {
    format!("asyncviz.code.{key}")
}

/// The editor's state and what it can do.
#[derive(Clone, PartialEq)]
pub(crate) struct EditorHandle {
    /// The state.
    pub(crate) state: UseReducerHandle<EditorState>,
    /// Dispatch an action (the same callback for the page's lifetime).
    pub(crate) dispatch: Callback<EditorAction>,
    /// Run the text.
    pub(crate) run: Callback<()>,
    /// Put back the built-in program the draft started from.
    pub(crate) reset: Callback<()>,
    /// Make a share link and copy it.
    pub(crate) share: Callback<()>,
    /// The title of the program Reset goes back to.
    pub(crate) base_title: Rc<str>,
    /// Whether the text is a built-in program exactly as shipped.
    pub(crate) unedited: bool,
    /// Whether the timeline shows a run of exactly this text.
    pub(crate) shown: bool,
}

/// Whether a run went well enough to leave the editor for its view: it finished (or hung,
/// which the view explains best) with no error diagnostics.
fn clean(outcome: Option<&Outcome>, errors: usize) -> bool {
    errors == 0
        && matches!(
            outcome,
            Some(Outcome::Finished { .. } | Outcome::Hang { .. })
        )
}

/// The editor, wired to the page's state. `step` is the step shown now: the page-level component
/// that holds this hook does not render again at every step (`app.rs`), so Share reads the step
/// when it is pressed.
#[hook]
pub(crate) fn use_editor(
    app: &UseReducerHandle<AppState>,
    step: &Shared<Cell<usize>>,
) -> EditorHandle {
    let editor = use_reducer(|| EditorState::new(browser::stored(PLAIN).as_deref() == Some("1")));

    // A built-in program shown: open its draft (or its source). The reader's own program keeps
    // whatever draft ran it.
    {
        let dispatch = editor.dispatcher();
        let catalogue = app.catalogue.clone();
        use_effect_with(app.key().to_string(), move |key| {
            if key != CUSTOM_KEY {
                if let Some(entry) = source::find(&catalogue, key) {
                    let draft = browser::stored(&draft_key(key))
                        .map(|t| normalize_newlines(&t))
                        .filter(|t| t != entry.source);
                    dispatch.dispatch(EditorAction::Open {
                        slot: Slot::Scenario(key.clone()),
                        edit: draft.is_some(),
                        text: draft.unwrap_or_else(|| entry.source.to_string()),
                    });
                }
            }
        });
    }

    // A link brought a program: open it, or the reader's edits of it if they were editing this
    // very program before a reload.
    {
        let dispatch = editor.dispatcher();
        let ran = app.loaded.code_param.is_some()
            && app
                .link_code
                .as_ref()
                .is_some_and(|c| *app.loaded.source == *c.as_str());
        // While the interpreter runs the link's program, whether it ran is not known yet.
        let waiting = app.link_run.is_some();
        use_effect_with((app.link_code.clone(), waiting), move |(code, waiting)| {
            if let (Some(code), false) = (code, waiting) {
                let origin = interpreted::fingerprint(code);
                let meta = browser::stored(CUSTOM_META).unwrap_or_default();
                let (fp, base) = meta.split_once('\n').unwrap_or((&meta, ""));
                let same = u64::from_str_radix(fp, 16).ok() == Some(origin);
                let draft = browser::stored(CUSTOM_TEXT)
                    .filter(|_| same)
                    .map(|t| normalize_newlines(&t));
                let base = (same && !base.is_empty()).then(|| base.to_string());
                let edit = !ran || draft.as_ref().is_some_and(|d| d != code.as_str());
                dispatch.dispatch(EditorAction::Open {
                    slot: Slot::Custom { base, origin },
                    text: draft.unwrap_or_else(|| code.to_string()),
                    edit,
                });
            }
        });
    }

    // Every change is saved: a built-in program's draft only while it differs from the
    // original, so an unedited program follows updates to the built-in one.
    {
        let catalogue = app.catalogue.clone();
        use_effect_with(
            (editor.slot.clone(), editor.text.clone()),
            move |(slot, text)| {
                let save_draft = |key: &str| {
                    let original = source::find(&catalogue, key).map(|e| e.source);
                    if original == Some(&**text) {
                        browser::forget(&draft_key(key));
                    } else {
                        browser::store(&draft_key(key), text);
                    }
                };
                match slot {
                    Slot::None => {}
                    Slot::Scenario(key) => save_draft(key),
                    Slot::Custom { base, origin } => {
                        browser::store(CUSTOM_TEXT, text);
                        let base_key = base.as_deref().unwrap_or("");
                        browser::store(CUSTOM_META, &format!("{origin:016x}\n{base_key}"));
                        if let Some(base) = base {
                            save_draft(base);
                        }
                    }
                }
            },
        );
    }

    // Checked once typing pauses, while the editor is open: a page that only shows programs
    // never starts the interpreter's worker.
    {
        let pending = use_mut_ref(|| None::<Timeout>);
        let dispatch = editor.dispatcher();
        let stale = editor.problems_for != editor.text;
        use_effect_with(
            (editor.text.clone(), stale, editor.editing),
            move |(text, stale, editing)| {
                if *stale && *editing {
                    let text = text.clone();
                    *pending.borrow_mut() = Some(Timeout::new(CHECK_AFTER_MS, move || {
                        let checked = text.clone();
                        interpreted::check_code(text.to_string(), move |problems| {
                            dispatch.dispatch(EditorAction::Checked(checked, problems));
                        });
                    }));
                }
            },
        );
    }

    // Leaving the editor puts focus on the button that comes back to it, so the keyboard is
    // never stranded on a button that disappeared.
    {
        let was = use_mut_ref(|| false);
        use_effect_with(editor.editing, move |&editing| {
            if *was.borrow() && !editing {
                browser::focus_selector("[data-testid=edit-code]");
            }
            *was.borrow_mut() = editing;
        });
    }

    use_effect_with(editor.plain, |&plain| {
        if plain {
            browser::store(PLAIN, "1");
        } else {
            browser::forget(PLAIN);
        }
    });

    let run = {
        let dispatch = editor.dispatcher();
        let app_dispatch = app.dispatcher();
        let text = editor.text.clone();
        let running = editor.running;
        let base = editor.base().map(str::to_string);
        Callback::from(move |()| {
            if running {
                return;
            }
            dispatch.dispatch(EditorAction::Running);
            let (dispatch, app_dispatch, text, base) = (
                dispatch.clone(),
                app_dispatch.clone(),
                text.clone(),
                base.clone(),
            );
            // The worker runs it; the page stays live and shows "Running…" meanwhile.
            interpreted::run_code(text.to_string(), move |run| {
                let errors = run.problems.iter().filter(|p| p.error).count();
                let leave = run
                    .ran
                    .as_ref()
                    .is_some_and(|r| clean(Some(&r.0.trace().outcome), errors));
                let slot = run.ran.as_ref().map(|_| Slot::Custom {
                    base,
                    origin: interpreted::fingerprint(&text),
                });
                if let Some(ran) = run.ran {
                    app_dispatch.dispatch(Action::ShowRun(ran));
                }
                dispatch.dispatch(EditorAction::Ran {
                    text,
                    problems: run.problems,
                    summary: run.summary,
                    slot,
                    leave,
                });
            });
        })
    };

    let default_key = app
        .catalogue
        .first()
        .map(|e| e.key.clone())
        .unwrap_or_default();
    let base_key = editor
        .base()
        .map(str::to_string)
        .unwrap_or(default_key.clone());
    let base_entry = source::find(&app.catalogue, &base_key).cloned();

    let reset = {
        let dispatch = editor.dispatcher();
        let app_dispatch = app.dispatcher();
        let shown = app.key().to_string();
        let base_entry = base_entry.clone();
        Callback::from(move |()| {
            let Some(entry) = &base_entry else { return };
            browser::forget(&draft_key(&entry.key));
            dispatch.dispatch(EditorAction::Open {
                slot: Slot::Scenario(entry.key.clone()),
                text: entry.source.to_string(),
                edit: true,
            });
            if shown != entry.key {
                app_dispatch.dispatch(Action::Open(entry.key.clone()));
            }
        })
    };

    let share = {
        let dispatch = editor.dispatcher();
        let text = editor.text.clone();
        let loaded = app.loaded.clone();
        let step = step.clone();
        Callback::from(move |()| {
            let step = step.get();
            if text.len() > asyncviz_embed::MAX_CODE_BYTES {
                dispatch.dispatch(EditorAction::Message(
                    RunTone::Error,
                    format!(
                        "The program is too long for a link (at most {} KiB).",
                        asyncviz_embed::MAX_CODE_BYTES / 1024
                    ),
                ));
                return;
            }
            // A link to the run on the timeline keeps its step; a link to edited code opens
            // at the start of its run.
            let (param, step) = match &loaded.code_param {
                Some(param) if *loaded.source == *text => (param.to_string(), step),
                _ => (asyncviz_embed::encode_code(&text), 0),
            };
            let url = format!("{}#c={param}&s={step}", browser::address_without_hash());
            dispatch.dispatch(EditorAction::Share(Some(ShareLink {
                url: url.clone(),
                copied: None,
            })));
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy_text(&url).await;
                dispatch.dispatch(EditorAction::Copied(url, ok));
            });
        })
    };

    let dispatch = {
        let d = editor.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: EditorAction| d.dispatch(a))
        }))
        .clone()
    };
    let unedited = base_entry
        .as_ref()
        .is_some_and(|e| e.source == &*editor.text && editor.base() == Some(&e.key));
    let shown = *app.loaded.source == *editor.text;
    EditorHandle {
        state: editor,
        dispatch,
        run,
        reset,
        share,
        base_title: base_entry.map_or_else(|| Rc::from(""), |e| Rc::from(e.title.as_str())),
        unedited,
        shown,
    }
}
