//! The program editor: a transparent textarea over the highlighted program, so the reader types
//! into a real text field while seeing colours, line numbers and the problems underlined (the
//! message shows on hover, at the caret, and in a list that moves the caret to the problem).
//! Run, Reset and Copy link sit above it; a plain textarea replaces it for screen readers.
//!
//! The textarea is exactly as large as the highlighted text under it, so it never scrolls on
//! its own: the panel scrolls both together, and every character stays over its colour.

use super::code_view::class_of;
use super::rich::rich;
use crate::browser;
use crate::editor_state::{EditorAction, Slot};
use crate::hooks::EditorHandle;
use crate::interpreted::FILE_NAME;
use asyncviz_timeline::{
    highlight, indent, mark_problems, newline, offset_of, position_of, problem_at, problem_lines,
    Piece, Problem, RunTone, TextEdit,
};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The editor's line height in CSS pixels (`--ed-lh` in www/editor.css), for scrolling the plain
/// textarea to a line.
const LINE_PX: f64 = 20.0;

/// Props for [`ModeSwitch`].
#[derive(Properties, PartialEq)]
pub(crate) struct ModeSwitchProps {
    /// Whether the editor is shown.
    pub(crate) editing: bool,
    /// Called with `true` for the editor, `false` for the program's view.
    pub(crate) on_change: Callback<bool>,
}

/// The code panel's Watch / Edit switch.
#[component]
pub(crate) fn ModeSwitch(props: &ModeSwitchProps) -> Html {
    let watch = props.on_change.reform(|_: MouseEvent| false);
    let edit = props.on_change.reform(|_: MouseEvent| true);
    html! {
        <div class="mode-switch" role="group" aria-label="Code panel">
            <button type="button" class="mode-btn" aria-pressed={(!props.editing).to_string()} onclick={watch}
                data-testid="watch-code" title="The program with the running line and parked tasks at each step">
                {"Watch"}
            </button>
            <button type="button" class="mode-btn" aria-pressed={props.editing.to_string()} onclick={edit}
                data-testid="edit-code" title="Change the program and run it">
                <span aria-hidden="true">{"✎ "}</span>{"Edit"}
            </button>
        </div>
    }
}

/// Props for [`Editor`].
#[derive(Properties, PartialEq)]
pub(crate) struct EditorProps {
    /// The editor's state and actions.
    pub(crate) editor: EditorHandle,
}

/// A problem's message shown next to its underline.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Tip {
    problem: usize,
    left: f64,
    top: f64,
    max_width: f64,
}

/// The editor's elements a tip is placed with.
#[derive(Clone, PartialEq)]
struct Frame {
    body: NodeRef,
    scroller: NodeRef,
    gutter: NodeRef,
}

/// A tip under problem `i`'s first underline, kept inside the visible part of the editor (the
/// underline may be far to the right of a narrow screen).
fn tip_for(frame: &Frame, i: usize, message: &str) -> Option<Tip> {
    let body = frame.body.cast::<Element>()?;
    let el = body
        .query_selector(&format!("[data-problem=\"{i}\"]"))
        .ok()??;
    let (left, top, _, height) = browser::box_within(&el, &body);
    // The visible part of the body, in its own coordinates: right of the sticky gutter, inside
    // the scroller.
    let (visible_left, visible_right) = match (
        frame.scroller.cast::<Element>(),
        frame.gutter.cast::<Element>(),
    ) {
        (Some(scroller), Some(gutter)) => {
            let (sx, _, sw, _) = browser::box_within(&scroller, &body);
            let (_, _, gw, _) = browser::box_within(&gutter, &body);
            (sx + gw, sx + sw)
        }
        _ => (0.0, f64::INFINITY),
    };
    let max_width = (visible_right - visible_left - 16.0).clamp(120.0, 420.0);
    // About 7 px per character of the 13 px tip font, plus padding.
    let width = (message.chars().count() as f64 * 7.0 + 24.0).min(max_width);
    let left = left
        .min(visible_right - width - 8.0)
        .max(visible_left + 4.0);
    Some(Tip {
        problem: i,
        left,
        top: top + height + 2.0,
        max_width,
    })
}

fn piece_html(p: &Piece, problems: &[Problem]) -> Html {
    let mut class = Classes::new();
    let kind = class_of(p.kind);
    if !kind.is_empty() {
        class.push(kind);
    }
    match p.problem {
        Some(i) => {
            let error = problems.get(i).is_none_or(|p| p.error);
            class.push("eprob");
            class.push(if error { "eprob-error" } else { "eprob-warn" });
            html! { <span {class} data-problem={i.to_string()}>{p.text.clone()}</span> }
        }
        None if class.is_empty() => html! { {p.text.clone()} },
        None => html! { <span {class}>{p.text.clone()}</span> },
    }
}

/// Replaces part of the textarea's text the way typing would (keeping undo), then selects.
fn apply(area: &HtmlTextAreaElement, edit: &TextEdit, on_text: &Callback<String>) {
    if !browser::insert_text(area, edit.start, edit.end, &edit.insert) {
        let text = edit.apply(&area.value());
        area.set_value(&text);
        on_text.emit(text);
    }
    browser::select(area, edit.select_start, edit.select_end);
}

/// The editor panel.
#[component]
pub(crate) fn Editor(props: &EditorProps) -> Html {
    let handle = &props.editor;
    let ed = &handle.state;
    let area = use_node_ref();
    let plain_area = use_node_ref();
    let body = use_node_ref();
    let scroller = use_node_ref();
    let gutter_ref = use_node_ref();
    let frame = Frame {
        body: body.clone(),
        scroller: scroller.clone(),
        gutter: gutter_ref.clone(),
    };
    let share_input = use_node_ref();
    let tip = use_state(|| None::<Tip>);
    // Escape, then Tab, leaves the editor (Tab alone indents): no keyboard trap.
    let escaped = use_mut_ref(|| false);

    let text = ed.text.clone();
    let problems = ed.problems.clone();
    let lines = use_memo((text.clone(), problems.clone()), |(text, problems)| {
        mark_problems(&highlight(text), problems)
    });

    // Focus comes to the editor when the reader chose to edit.
    {
        let (area, plain_area) = (area.clone(), plain_area.clone());
        use_effect_with(ed.focus, move |&focus| {
            if focus > 0 {
                if let Some(el) = area
                    .cast::<Element>()
                    .or_else(|| plain_area.cast::<Element>())
                {
                    browser::focus(&el);
                }
            }
        });
    }

    // A link the clipboard refused is selected, ready for Ctrl+C.
    {
        let share_input = share_input.clone();
        let refused = ed.share.as_ref().is_some_and(|s| s.copied == Some(false));
        use_effect_with(refused, move |&refused| {
            if refused {
                if let Some(input) = share_input.cast::<HtmlInputElement>() {
                    browser::select_all(&input);
                }
            }
        });
    }

    // Tips are positioned from the rendered underlines, so they go when the text changes.
    {
        let tip = tip.clone();
        use_effect_with((text.clone(), problems.clone()), move |_| tip.set(None));
    }

    let on_text = {
        let d = ed.dispatcher();
        Callback::from(move |t: String| d.dispatch(EditorAction::Edit(t)))
    };
    let oninput = {
        let on_text = on_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_text.emit(area.value());
            }
        })
    };

    let run = handle.run.clone();
    let onkeydown = {
        let escaped = escaped.clone();
        let run = run.clone();
        let on_text = on_text.clone();
        let plain = ed.plain;
        Callback::from(move |e: KeyboardEvent| {
            // Keys typed here are the editor's: never the page's playback shortcuts.
            e.stop_propagation();
            let key = e.key();
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), key == "Escape");
            let command = e.ctrl_key() || e.meta_key();
            if key == "Enter" && command {
                e.prevent_default();
                run.emit(());
                return;
            }
            if plain || e.alt_key() || command {
                return;
            }
            let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let (start, end) = browser::selection(&area);
            let edit = match key.as_str() {
                "Tab" if !was_escaped => indent(&area.value(), start, end, e.shift_key()),
                "Enter" if !e.shift_key() => Some(newline(&area.value(), start, end)),
                _ => return,
            };
            e.prevent_default();
            if let Some(edit) = edit {
                apply(&area, &edit, &on_text);
            }
        })
    };

    // The message of the problem under the pointer or at the caret.
    let onmousemove = {
        let (tip, frame, problems) = (tip.clone(), frame.clone(), problems.clone());
        Callback::from(move |e: MouseEvent| {
            let under =
                browser::attribute_under(e.client_x() as f64, e.client_y() as f64, "data-problem")
                    .and_then(|v| v.parse::<usize>().ok());
            if under != tip.map(|t| t.problem) {
                tip.set(under.and_then(|i| tip_for(&frame, i, &problems.get(i)?.message)));
            }
        })
    };
    let caret_tip = {
        let (tip, frame, problems) = (tip.clone(), frame.clone(), problems.clone());
        Callback::from(move |area: HtmlTextAreaElement| {
            let (start, _) = browser::selection(&area);
            let (line, col) = position_of(&area.value(), start);
            let at = problem_at(&problems, line, col);
            if at != tip.map(|t| t.problem) {
                tip.set(at.and_then(|i| tip_for(&frame, i, &problems.get(i)?.message)));
            }
        })
    };
    let onkeyup = {
        let caret_tip = caret_tip.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                caret_tip.emit(area);
            }
        })
    };
    let onclick = {
        let caret_tip = caret_tip.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                caret_tip.emit(area);
            }
        })
    };

    // A problem in the list puts the caret at it and scrolls it into view.
    let goto = {
        let (area, plain_area, body, scroller, tip, frame) = (
            area.clone(),
            plain_area.clone(),
            body.clone(),
            scroller.clone(),
            tip.clone(),
            frame.clone(),
        );
        let problems = problems.clone();
        Callback::from(move |i: usize| {
            let Some(p) = problems.get(i) else { return };
            let target = area
                .cast::<HtmlTextAreaElement>()
                .or_else(|| plain_area.cast::<HtmlTextAreaElement>());
            let Some(target) = target else { return };
            let at = offset_of(&target.value(), p.line, p.col);
            browser::focus(&target);
            browser::select(&target, at, at);
            let line_el = body.cast::<Element>().and_then(|b| {
                b.query_selector(&format!("[data-eline=\"{}\"]", p.line.max(1)))
                    .ok()
                    .flatten()
            });
            match (scroller.cast::<Element>(), line_el) {
                (Some(container), Some(line)) => browser::scroll_within(&container, &line),
                _ => {
                    // The plain textarea scrolls itself.
                    let top = (f64::from(p.line.max(1)) - 1.0) * LINE_PX
                        - f64::from(target.client_height()) / 2.0;
                    target.set_scroll_top(top.max(0.0) as i32);
                }
            }
            tip.set(tip_for(&frame, i, &p.message));
        })
    };

    let d = &handle.dispatch;
    let to_view = d.reform(|on: bool| EditorAction::Editing(on, false));
    let on_plain = d.reform(|e: Event| {
        let on = e
            .target_dyn_into::<HtmlInputElement>()
            .is_some_and(|i| i.checked());
        EditorAction::Plain(on)
    });
    let hide_share = d.reform(|_: MouseEvent| EditorAction::Share(None));

    // One line about where things stand.
    let (tone, status): (&str, String) = if ed.running {
        ("busy", "Running your program…".into())
    } else if let Some((tone, message, _)) = ed.status.as_ref().filter(|s| s.2 == text) {
        match tone {
            RunTone::Ok => ("ok", message.clone()),
            RunTone::Warn => ("warn", message.clone()),
            RunTone::Error if handle.unedited && ed.errors() > 0 => (
                "error",
                "Not run: the interpreter cannot run this built-in program (the reason is listed below), so the timeline still shows its compiled run.".into(),
            ),
            RunTone::Error => ("error", message.clone()),
        }
    } else if handle.unedited && ed.errors() > 0 {
        ("info", "This built-in program runs compiled: it uses Rust the interpreter does not support (listed below), so the timeline shows the compiled run. Edit it and press Run to try your own version.".into())
    } else if handle.shown {
        (
            "info",
            "This is the program on the timeline. Change it and press Run.".into(),
        )
    } else {
        (
            "info",
            "Edited: press Run (Ctrl+Enter) to see your version on the timeline.".into(),
        )
    };

    let stale = ed.problems_for != text;
    let line_count = lines.len().max(1);
    let by_line = problem_lines(&problems, line_count);
    let gutter = (1..=line_count).map(|n| {
        let here = by_line
            .iter()
            .find(|(l, _)| *l as usize == n)
            .map(|(_, ps)| ps.as_slice())
            .unwrap_or(&[]);
        let error = here.iter().any(|&i| problems[i].error);
        let class = classes!(
            "egut",
            (!here.is_empty()).then_some(if error { "egut-error" } else { "egut-warn" })
        );
        let title = (!here.is_empty()).then(|| {
            here.iter()
                .map(|&i| problems[i].message.clone())
                .collect::<Vec<_>>()
                .join("\n")
        });
        html! { <div {class} {title}>{n}</div> }
    });
    let last = lines.len().saturating_sub(1);
    let layer = lines.iter().enumerate().map(|(i, pieces)| {
        html! {
            <span class="eline" data-eline={(i + 1).to_string()}>
                { for pieces.iter().map(|p| piece_html(p, &problems)) }
                // The last line always has a character, so an empty last line keeps its height.
                { if i == last { " " } else { "\n" } }
            </span>
        }
    });

    let file = match &ed.slot {
        Slot::Scenario(key) => format!("{key}.rs"),
        _ => format!("{FILE_NAME} · your program"),
    };
    let describedby = if problems.is_empty() {
        "editor-status editor-keys"
    } else {
        "editor-status editor-problems editor-keys"
    };
    let tip_html = tip.and_then(|t| {
        let p = problems.get(t.problem)?;
        Some(html! {
            <div class={classes!("editor-tip", (!p.error).then_some("editor-tip-warn"))} role="tooltip" data-testid="editor-tip"
                style={format!("left: {:.0}px; top: {:.0}px; max-width: {:.0}px", t.left, t.top, t.max_width)}>
                {rich(&p.message)}
            </div>
        })
    });

    html! {
        <section class="card code-card editor-card" aria-labelledby="editor-h" data-testid="editor">
            <div class="card-head">
                <h2 id="editor-h" class="card-title">{"Program"}</h2>
                <span class="card-sub">{file}</span>
                <ModeSwitch editing={true} on_change={to_view} />
            </div>
            <div class="editor-toolbar">
                <button type="button" class="ed-btn ed-btn-run" onclick={run.reform(|_| ())} disabled={ed.running}
                    data-testid="run-code" title="Run the program (Ctrl+Enter)" aria-keyshortcuts="Control+Enter">
                    <span aria-hidden="true">{"▶ "}</span>{ if ed.running { "Running…" } else { "Run" } }
                </button>
                <button type="button" class="ed-btn" onclick={handle.reset.reform(|_| ())} disabled={handle.unedited}
                    data-testid="reset-code" title={format!("Put back the original “{}”", handle.base_title.replace('`', ""))}>
                    {"Reset"}
                </button>
                <button type="button" class="ed-btn" onclick={handle.share.reform(|_| ())} data-testid="copy-link"
                    title="Copy a link that carries this program">
                    {"Copy link"}
                </button>
                <label class="ed-check" title="A plain text field: no colours or overlay, Tab moves focus">
                    <input type="checkbox" checked={ed.plain} onchange={on_plain} data-testid="plain-toggle" />
                    {" Plain text"}
                </label>
            </div>
            <p id="editor-status" class={classes!("editor-status", format!("editor-status-{tone}"))} role="status"
                data-testid="editor-status" data-tone={tone}>
                {rich(&status)}
            </p>
            if let Some(share) = &ed.share {
                <div class="editor-share" data-testid="share">
                    <label for="share-url" class="sr-only">{"Share link"}</label>
                    <input id="share-url" class="share-url" type="text" readonly=true value={share.url.clone()}
                        ref={share_input} data-testid="share-url" onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() { i.select(); }
                        })} />
                    <span class="share-msg" data-testid="share-msg" data-copied={share.copied.map(|c| c.to_string())}>
                        { match share.copied {
                            None => "Copying…",
                            Some(true) => "Link copied.",
                            Some(false) => "The clipboard is not available here: the link is selected, press Ctrl+C (⌘C) to copy it.",
                        } }
                    </span>
                    <button type="button" class="share-close" onclick={hide_share} aria-label="Hide the link">{"×"}</button>
                </div>
            }
            if ed.plain {
                <div class="editor-plain-wrap">
                    <label for="editor-plain" class="editor-plain-label">{"Program source (Rust)"}</label>
                    <textarea id="editor-plain" class="editor-plain" ref={plain_area} value={text.to_string()}
                        rows={(line_count + 1).clamp(8, 30).to_string()} {oninput} {onkeydown}
                        spellcheck="false" autocomplete="off" autocapitalize="off" autocorrect="off"
                        aria-describedby={describedby} data-testid="editor-plain" />
                </div>
            } else {
                <div class="editor-scroll" ref={scroller}>
                    <div class="editor-grid">
                        <div class="editor-gutter" aria-hidden="true" ref={gutter_ref}>{ for gutter }</div>
                        <div class="editor-body" ref={body} onmouseleave={{
                            let tip = tip.clone();
                            Callback::from(move |_: MouseEvent| tip.set(None))
                        }}>
                            <pre class="editor-layer" aria-hidden="true" data-testid="editor-layer"><code>{ for layer }</code></pre>
                            <textarea class="editor-input" ref={area} value={text.to_string()} wrap="off"
                                {oninput} {onkeydown} {onkeyup} {onclick} {onmousemove}
                                spellcheck="false" autocomplete="off" autocapitalize="off" autocorrect="off"
                                aria-label="Program source (Rust)" aria-describedby={describedby}
                                aria-invalid={(ed.errors() > 0).to_string()} data-testid="editor-input" />
                            { tip_html.unwrap_or_default() }
                        </div>
                    </div>
                </div>
            }
            if !problems.is_empty() {
                <div id="editor-problems" class={classes!("editor-problems", stale.then_some("editor-problems-stale"))} data-testid="problems">
                    <h3 class="sub-title">{format!("Problems ({})", problems.len())}</h3>
                    <ul class="problem-list">
                        { for problems.iter().enumerate().map(|(i, p)| {
                            let goto = goto.clone();
                            html! {
                                <li>
                                    <button type="button" class="problem-link" onclick={Callback::from(move |_| goto.emit(i))}
                                        data-testid="problem" data-line={p.line.to_string()} data-col={p.col.to_string()}>
                                        <span class={classes!("problem-sev", if p.error { "problem-sev-error" } else { "problem-sev-warn" })}>
                                            { if p.error { "error" } else { "warning" } }
                                        </span>
                                        <span class="problem-pos">{format!("{}:{}", p.line, p.col)}</span>
                                        <span class="problem-msg">{rich(&p.message)}</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }
            <p id="editor-keys" class="editor-keys">
                { if ed.plain {
                    "Ctrl+Enter runs. Problems are listed below the text; choose one to move the caret to it."
                } else {
                    "Ctrl+Enter runs · Tab indents, Shift+Tab outdents · Esc then Tab leaves the editor"
                } }
            </p>
        </section>
    }
}
