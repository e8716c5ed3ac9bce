//! The root component: owns the state, wires hooks, handles keyboard shortcuts and lays out the
//! panels.

use crate::browser;
use crate::components::{
    CodeView, Controls, DocsDialog, Editor, EmbedDialog, Header, HelpDialog, Inspector, Lesson,
    ModeSwitch, Narration, Notices, OutcomeBanner, Output, Picker, RunQueue, TimelineView, Wakers,
};
use crate::editor_state::EditorAction;
use crate::hooks::{
    use_editor, use_hash_sync, use_host_messages, use_link_run, use_panel_turns, use_playback,
    use_reduced_motion, use_scrub_freeze, use_theme, EditorHandle, Theme,
};
use crate::shared::Shared;
use crate::state::{Action, AppState, Dialog};
use crate::step_view::{LazyView, StepView};
use asyncviz_embed::{iframe_snippet, Panel, ViewParams, DEFAULT_HEIGHT};
use asyncviz_timeline::AxisMode;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The keys the page handles, for `aria-keyshortcuts`.
const SHORTCUTS: &str = "Space , . J K Home End ? + - 0 < > T";

/// Benchmark mode: `?bench=N` shows a synthetic trace of about N events.
fn bench_size() -> Option<usize> {
    browser::query_param("bench")
        .and_then(|b| b.trim().parse::<usize>().ok())
        .map(|n| n.clamp(100, 1_000_000))
}

/// What a key press means, if the page handles it: keys with Ctrl, Meta or Alt are the
/// browser's and the system's, and the rest as [`action_for`] says for the element it went to.
fn shortcut(e: &KeyboardEvent, dialog: Dialog) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    action_for(&e.key(), &browser::target_kind(e), dialog)
}

/// What a key press means, if the page handles it. `target` is the focused element's tag and
/// type: native controls keep their own keys.
fn action_for(key: &str, target: &(String, String), dialog: Dialog) -> Option<Action> {
    let (tag, kind) = (target.0.as_str(), target.1.as_str());
    let text_entry = tag == "textarea" || tag == "select" || (tag == "input" && kind != "range");
    if text_entry {
        return None;
    }
    if dialog != Dialog::None {
        return match key {
            "Escape" => Some(Action::Dialog(Dialog::None)),
            "?" if dialog == Dialog::Help => Some(Action::Dialog(Dialog::None)),
            _ => None,
        };
    }
    let on_button = tag == "button" || tag == "a" || tag == "summary";
    Some(match key {
        " " | "Spacebar" if !on_button => Action::TogglePlay,
        "," => Action::Back,
        "." => Action::Forward,
        "j" | "J" => Action::PrevPoll,
        "k" | "K" => Action::NextPoll,
        "Home" => Action::Start,
        "End" => Action::End,
        "?" => Action::Dialog(Dialog::Help),
        "+" | "=" => Action::Zoom(1.6),
        "-" | "_" => Action::Zoom(1.0 / 1.6),
        "0" => Action::Fit,
        "<" => Action::Pan(-0.25),
        ">" => Action::Pan(0.25),
        "t" | "T" => Action::Mode(AxisMode::Time),
        "s" | "S" => Action::Mode(AxisMode::Step),
        _ => return None,
    })
}

/// What the page-level hooks ([`Page`]) read, taken when `App` renders: the theme the link asks
/// for (`use_theme`), playback's timer (`use_playback`), a link's run (`use_link_run`), and the
/// program shown, the programs on offer and a link's code (`use_editor`). Not the step, the
/// timeline's view or the selection: [`Stage`] reads those. Big values compare by address.
///
/// A page-level hook that starts reading another part of the state must add it here, or it
/// will see that part only when something listed here changes.
#[derive(Clone, Copy, PartialEq)]
struct PageSig {
    catalogue: *const Vec<Rc<crate::source::Entry>>,
    loaded: *const crate::source::Loaded,
    playing: bool,
    interval_ms: u32,
    link_theme: asyncviz_embed::Theme,
    link_code: Option<*const String>,
    link_run: Option<*const str>,
}

impl PageSig {
    fn of(s: &AppState) -> PageSig {
        PageSig {
            catalogue: Rc::as_ptr(&s.catalogue),
            loaded: Rc::as_ptr(&s.loaded),
            playing: s.playback.playing(),
            interval_ms: s.playback.interval_ms(),
            link_theme: s.link_theme,
            link_code: s.link_code.as_ref().map(|c| Rc::as_ptr(&c.0)),
            link_run: s.link_run.as_ref().map(|r| Rc::as_ptr(&r.text)),
        }
    }
}

/// The state for [`Page`]: equal while nothing the page-level hooks read has changed, so a step
/// forward does not render them again. (A `UseReducerHandle` always reads the newest state, so
/// what it showed at a render is kept beside it.)
#[derive(Clone)]
struct PageState(UseReducerHandle<AppState>, PageSig);

impl PartialEq for PageState {
    fn eq(&self, other: &Self) -> bool {
        self.1 == other.1
    }
}

/// The state at every dispatch, for [`Stage`]: a context, so that [`Page`] between them does not
/// render again. It compares by the address of the state it was made with, which its handle keeps
/// alive (so no newer state can have that address while it is compared).
#[derive(Clone)]
struct Live(UseReducerHandle<AppState>, *const AppState);

impl PartialEq for Live {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.1, other.1)
    }
}

/// The page, in three components by how often they render:
/// - `App` owns the state and renders at every dispatch (every step), so it holds nothing else;
/// - [`Page`] holds the page-level hooks (theme, playback's timer, host messages, a link's run,
///   the editor), and renders only when something they read changes;
/// - [`Stage`] draws the page and holds what follows the step; it reads the state from context.
///
/// Before, one component held all of it, so every step ran every hook (about 45) and the browser
/// optimized one 38 KB function in the middle of a scrub.
#[component]
pub(crate) fn App() -> Html {
    let bench = *use_memo((), |_| bench_size());
    // Setting up runs once, so it stays out of the render's code, which runs on every step
    // (`apart`).
    let state =
        use_reducer(|| asyncviz_timeline::apart(|| AppState::init(bench, &browser::hash())));
    // The step now, for page-level callbacks that need it when they run (the editor's Share).
    let step = use_memo((), |_| Cell::new(0usize));
    step.set(state.playback.step());
    html! {
        <ContextProvider<Live> context={Live(state.clone(), &*state)}>
            <Page state={PageState(state.clone(), PageSig::of(&state))} {bench} step={Shared(step)} />
        </ContextProvider<Live>>
    }
}

/// [`Page`]'s props.
#[derive(Properties, PartialEq)]
struct PageProps {
    /// The state, compared by what the page-level hooks read.
    state: PageState,
    /// Benchmark mode (`?bench=N`).
    bench: Option<usize>,
    /// The step now.
    step: Shared<Cell<usize>>,
}

/// The page-level hooks.
#[component]
fn Page(props: &PageProps) -> Html {
    let state = &props.state.0;
    let (theme, toggle_theme) = use_theme(state.link_theme);
    let reduced = use_reduced_motion();
    use_playback(state);
    use_host_messages(state);
    use_link_run(state);
    let editor = use_editor(state, &props.step);
    // One callback for the page's lifetime, so children whose other props did not change skip
    // re-rendering (callbacks compare by identity).
    let dispatch = {
        let d = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };
    html! {
        <Stage {theme} on_theme={toggle_theme} {reduced} {editor} bench={props.bench} {dispatch} />
    }
}

/// [`Stage`]'s props: what [`Page`] gives it.
#[derive(Properties, PartialEq)]
struct StageProps {
    /// The theme shown.
    theme: Theme,
    /// Toggle it.
    on_theme: Callback<()>,
    /// Whether the reader asks for reduced motion.
    reduced: bool,
    /// The editor.
    editor: EditorHandle,
    /// Benchmark mode (`?bench=N`).
    bench: Option<usize>,
    /// Dispatch (the same callback for the page's lifetime).
    dispatch: Callback<Action>,
}

/// The panels drawn in the page's first frame; the others mount right after it.
const FIRST_FRAME_PANELS: [Panel; 2] = [Panel::Narration, Panel::Timeline];

/// When the other panels mount if the page gets no animation frame before, in ms.
const PANELS_WITHOUT_FRAME_MS: u32 = 500;

/// The page's DOM, and what follows the step.
#[component]
fn Stage(props: &StageProps) -> Html {
    // `App` always provides it.
    let Some(Live(state, _)) = use_context::<Live>() else {
        return Html::default();
    };
    let StageProps {
        theme,
        on_theme,
        reduced,
        editor,
        bench,
        dispatch,
    } = props;
    let (theme, reduced, bench) = (*theme, *reduced, *bench);
    use_hash_sync(&state, bench.is_none());
    let root = use_node_ref();

    // The first frame shows the header, the playback bar with the narration, and the timeline.
    // The other panels mount in a task of their own right after that frame: building, styling
    // and laying them out in the same frame held its picture back (BENCHMARKS.md, session 17).
    // None of them sits above the timeline, so nothing it shows moves when they arrive. A page
    // that gets no frames (a background tab, an iframe the browser throttles off screen) mounts
    // them after `PANELS_WITHOUT_FRAME_MS` instead, so its DOM is whole for printing, finding
    // and assistive technology.
    // `_eq`: whichever of the two ways comes second sets the same value and renders nothing.
    let panels_due = use_state_eq(|| false);
    let panels_asked = use_mut_ref(|| false);
    if !panels_asked.replace(true) {
        let setter = panels_due.setter();
        let mount = move || setter.set(true);
        let after_frame = mount.clone();
        browser::next_frame(move || browser::later(after_frame));
        gloo_timers::callback::Timeout::new(PANELS_WITHOUT_FRAME_MS, mount).forget();
    }
    let panels_due = *panels_due;

    // Focus the page on load so shortcuts work at once, but never steal focus from a host page.
    {
        let root = root.clone();
        use_effect_with((), move |_| {
            if !browser::is_embedded() {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    browser::focus(&el);
                }
            }
        });
    }

    // Closing a dialog (button, backdrop or Escape) gives focus back to the widget, so
    // shortcuts keep working.
    {
        let root = root.clone();
        let was_open = use_mut_ref(|| false);
        use_effect_with(state.dialog, move |dialog| {
            let open = *dialog != Dialog::None;
            if *was_open.borrow() && !open {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    browser::focus(&el);
                }
            }
            *was_open.borrow_mut() = open;
        });
    }

    let step = state.playback.step();
    // Animations play for single steps (stepping, playback); jumps and scrubbing change state
    // instantly, so a fast hand on the slider never waits for motion.
    let stepwise = {
        let last = use_mut_ref(|| (state.key().to_string(), step));
        let mut last = last.borrow_mut();
        let same_program = last.0 == state.key();
        let single = same_program && last.1.abs_diff(step) == 1;
        if last.1 != step || !same_program {
            *last = (state.key().to_string(), step);
        }
        single
    };
    let loaded = Shared(state.loaded.clone());
    // The replay's snapshots are made after the first paint has been shown, in small slices.
    use_effect_with(loaded.clone(), |loaded| {
        crate::source::fill_snapshots_soon(&loaded.0)
    });
    // The step's view is computed when a panel first reads it: a frame with a slider move renders
    // only the playback bar and the timeline (the panels follow in frames without a move), and
    // then nothing does. The benchmark reads how long it took in the frame (0: not computed).
    let view = use_memo(
        (loaded.clone(), step, state.picked_task),
        |(loaded, step, picked)| {
            browser::expose_number("__asyncvizComputeMs", 0.0);
            let (loaded, step, picked) = (loaded.clone(), *step, *picked);
            LazyView::new(Box::new(move || {
                let started = browser::now_ms();
                // A function of its own, not inlined into this component's render (`apart`).
                let view = asyncviz_timeline::apart(|| StepView::compute(&loaded, step, picked));
                browser::expose_number("__asyncvizComputeMs", browser::now_ms() - started);
                view
            }))
        },
    );
    let view = Shared(view);
    // What the playback bar and the timeline show of the step, read without the view.
    let event_name = loaded
        .trace()
        .event_at_step(step)
        .map_or("start", |e| e.kind.name());
    let polls_begun = loaded.index.polls_begun(step);
    // While the scrubber is dragged, panels off screen keep the view they showed when the drag
    // began, and follow when it ends. Those on screen follow in the frames between the hand's
    // moves (`use_panel_turns`): a frame with a move renders the playback bar and the timeline;
    // a frame without one brings the code and the narration up to date, or once they are, one
    // panel below the timeline, taking turns.
    let freeze = use_scrub_freeze();
    let on_screen = |area: &str| freeze.on_screen(area) == Some(true);
    let [code_view, narration_view, queue_view, inspector_view, wakers_view, output_view] =
        use_panel_turns(
            &view,
            &freeze,
            [
                on_screen("area-code"),
                // The narration sits in the playback bar, which is always on screen.
                true,
                on_screen("area-queue"),
                on_screen("area-inspector"),
                on_screen("area-wakers"),
                on_screen("area-output"),
            ],
            2,
        );
    // The narration's list of the events before this one, made only while it is open (never in
    // an embedded frame, which does not show it). The reader's choice outlives a reload.
    let earlier_open =
        use_state(|| browser::stored(browser::EARLIER_KEY).as_deref() == Some("open"));
    let earlier_shown = *earlier_open && !state.embed;
    let earlier = use_memo(
        (loaded.clone(), narration_view.step, earlier_shown),
        |(loaded, step, open)| {
            if *open {
                crate::step_view::earlier_sentences(loaded, *step)
            } else {
                Vec::new()
            }
        },
    );
    let toggle_earlier = {
        let open = earlier_open.clone();
        Callback::from(move |()| {
            browser::store(browser::EARLIER_KEY, if *open { "closed" } else { "open" });
            open.set(!*open);
        })
    };
    // The output draws fewer lines while a drag goes on with it on screen.
    let output_dragged = freeze.on_screen("area-output") == Some(true);
    // And the wakers card only the rows that can be in view.
    let wakers_fit = freeze
        .seen_px("area-wakers")
        .map(crate::components::waker_rows_in);

    let onkeydown = {
        let dispatch = dispatch.clone();
        let dialog = state.dialog;
        Callback::from(move |e: KeyboardEvent| {
            if let Some(action) = shortcut(&e, dialog) {
                // Handled keys never reach a host page: no scrolling, no host shortcuts.
                e.prevent_default();
                e.stop_propagation();
                dispatch.emit(action);
            }
        })
    };

    // A focused button that goes away with the step ("Go to the end" at the end, a step link in
    // the narration's list) leaves the focus on the document's body, outside the widget, where
    // its keys would no longer work. A key pressed there brings the focus back and is handled.
    {
        let dispatch = dispatch.clone();
        let root = root.clone();
        use_effect_with(state.dialog, move |&dialog| {
            let listener = browser::on_window("keydown", move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if browser::target_kind(e).0 != "body" {
                    return;
                }
                if let Some(action) = shortcut(e, dialog) {
                    e.prevent_default();
                    if let Some(el) = root.cast::<web_sys::Element>() {
                        browser::focus(&el);
                    }
                    dispatch.emit(action);
                }
            });
            move || drop(listener)
        });
    }

    let entry = state.loaded.entry.clone();
    let len = state.playback.len();
    let at_end = state.playback.at_end();
    let close_dialog = dispatch.reform(|_: ()| Action::Dialog(Dialog::None));

    // Links to this view: full size (embed mode's "Open ↗") and as an iframe snippet (the Embed
    // dialog). Each is made only while it is shown.
    let page_url = use_memo((), |_| browser::address_without_hash());
    let full_link: Rc<str> = if state.embed {
        let hash = state.format_shown(ViewParams {
            embed: false,
            autoplay: false,
            ..state.view_params()
        });
        Rc::from(format!("{page_url}#{hash}"))
    } else {
        Rc::from("")
    };
    let embed_view = (state.dialog == Dialog::Embed).then(|| ViewParams {
        autoplay: false,
        theme: asyncviz_embed::Theme::Auto,
        embed: true,
        ..state.current()
    });
    // The full-page link and the iframe's title, made only while the Embed dialog is open (the
    // link changes at every step).
    let embed_page = embed_view.is_some().then(|| {
        let link = state.format_shown(ViewParams {
            autoplay: false,
            theme: asyncviz_embed::Theme::Auto,
            ..state.view_params()
        });
        (link, format!("AsyncViz: {}", entry.title.replace('`', "")))
    });
    let embed_links = use_memo(
        (embed_view, embed_page, page_url.clone()),
        |(view, page, url)| {
            let (view, (link, title)) = view.as_ref().zip(page.as_ref())?;
            Some((
                iframe_snippet(url, view, title, DEFAULT_HEIGHT),
                format!("{url}#{link}"),
            ))
        },
    );
    let shows = |panel| state.shows(panel) && (panels_due || FIRST_FRAME_PANELS.contains(&panel));

    html! {
        <div
            class={classes!("app", reduced.then_some("reduced-motion"), state.embed.then_some("embed"))}
            ref={root}
            tabindex="0"
            {onkeydown}
            aria-keyshortcuts={SHORTCUTS}
            data-testid="app"
            data-program={entry.key.clone()}
            data-step={step.to_string()}
            data-len={len.to_string()}
            data-playing={state.playback.playing().to_string()}
            data-at-end={at_end.to_string()}
            data-theme-name={theme.name()}
            data-embed={state.embed.to_string()}
            data-panels={if panels_due { "all" } else { "first" }}
            data-running-link={state.link_run.is_some().to_string()}
            aria-busy={state.link_run.is_some().to_string()}
        >
            <Header
                entry={entry.clone()}
                {theme}
                on_theme={on_theme.clone()}
                on_action={dispatch.clone()}
                bench={bench.is_some()}
                embed={state.embed}
                {full_link}
            />
            <Notices notices={state.notices.clone()} on_action={dispatch.clone()} />
            <section class="player" aria-label="Playback">
                <Controls
                    playback={state.playback}
                    time={state.loaded.timeline.time_at_step(step)}
                    event={event_name}
                    readout={state.loaded.readout}
                    on_action={dispatch.clone()}
                    on_scrub_move={freeze.moved.clone()}
                    on_scrub_end={freeze.released.clone()}
                />
                if shows(Panel::Narration) {
                    <Narration
                        text={narration_view.narration.clone()}
                        step={narration_view.step}
                        step_chars={state.loaded.readout.step}
                        open={earlier_shown}
                        {earlier}
                        on_toggle={toggle_earlier}
                        on_action={dispatch.clone()}
                    />
                }
            </section>
            <main class="layout">
                if !state.embed && panels_due {
                    <div class="area-lesson">
                        <Lesson entry={entry.clone()} />
                    </div>
                }
                if shows(Panel::Code) {
                    <div class="area-code">
                        if editor.state.editing && bench.is_none() {
                            <Editor editor={editor.clone()} />
                        } else {
                            <CodeView loaded={loaded.clone()} marks={code_view.marks.clone()} at_end={code_view.step == len}>
                                if bench.is_none() {
                                    <ModeSwitch editing={false} on_change={editor.dispatch.reform(|on| EditorAction::Editing(on, true))} />
                                }
                            </CodeView>
                        }
                    </div>
                }
                if shows(Panel::Timeline) {
                    <div class="area-timeline">
                        <TimelineView
                            loaded={loaded.clone()}
                            {step}
                            mode={state.mode}
                            viewport={state.view}
                            selection={state.selection}
                            follow={state.follow}
                            theme={theme.name()}
                            {polls_begun}
                            on_action={dispatch.clone()}
                        />
                    </div>
                }
                if shows(Panel::Queue) {
                    <div class="area-queue">
                        <RunQueue tokens={queue_view.tokens.clone()} timers={queue_view.timers.clone()} blocking={queue_view.blocking.clone()} animate={!reduced && stepwise} />
                    </div>
                }
                if shows(Panel::Pin) {
                    <div class="area-inspector">
                        <Inspector tasks={inspector_view.tasks.clone()} inspected={inspector_view.inspected.clone()} on_action={dispatch.clone()} />
                    </div>
                }
                if shows(Panel::Wakers) {
                    <div class="area-wakers">
                        <Wakers wakers={wakers_view.wakers.clone()} lost={wakers_view.lost.clone()} on_action={dispatch.clone()} fit={wakers_fit} />
                    </div>
                }
                if shows(Panel::Output) {
                    <div class="area-output">
                        <Output output={output_view.output.clone()} printed_now={output_view.printed_now} dragged={output_dragged} />
                    </div>
                }
                if panels_due {
                    <div class="area-outcome">
                        <OutcomeBanner loaded={loaded.clone()} {at_end} on_action={dispatch.clone()} />
                    </div>
                }
            </main>
            if !state.embed && panels_due {
                <footer class="footer">
                    <p>
                        {"Virtual time, deterministic runs: every program here is real tokio code running on AsyncViz's instrumented executor. "}
                        <button class="linklike" onclick={dispatch.reform(|_| Action::Dialog(Dialog::Help))}>{"Keyboard shortcuts (?)"}</button>
                        {" · "}
                        <button class="linklike" onclick={dispatch.reform(|_| Action::Dialog(Dialog::Docs))} data-testid="docs-button">{"Links and embedding"}</button>
                    </p>
                </footer>
            }
            if state.dialog == Dialog::Help {
                <HelpDialog on_close={close_dialog.clone()} />
            }
            if state.dialog == Dialog::Picker {
                <Picker
                    entries={Shared(state.catalogue.clone())}
                    current={entry.key.clone()}
                    on_action={dispatch.clone()}
                    on_close={close_dialog.clone()}
                />
            }
            if let Some((snippet, link)) = (*embed_links).clone() {
                <EmbedDialog {snippet} {link} on_close={close_dialog.clone()} />
            }
            if state.dialog == Dialog::Docs {
                <DocsDialog on_close={close_dialog} />
            }
            // The widget's focus ring: four thin strips at the edges of the view (style.css).
            <div class="focus-ring" aria-hidden="true"><span></span><span></span><span></span><span></span></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> (String, String) {
        ("div".into(), String::new())
    }

    #[test]
    fn shortcuts_map_to_actions_and_respect_native_controls() {
        assert_eq!(
            action_for(" ", &plain(), Dialog::None),
            Some(Action::TogglePlay)
        );
        assert_eq!(
            action_for(".", &plain(), Dialog::None),
            Some(Action::Forward)
        );
        assert_eq!(
            action_for("k", &plain(), Dialog::None),
            Some(Action::NextPoll)
        );
        assert_eq!(
            action_for("ArrowLeft", &plain(), Dialog::None),
            None,
            "bare arrows are left to the page"
        );
        assert_eq!(
            action_for(" ", &("button".into(), String::new()), Dialog::None),
            None
        );
        assert_eq!(
            action_for(".", &("input".into(), "range".into()), Dialog::None),
            Some(Action::Forward)
        );
        assert_eq!(
            action_for(".", &("input".into(), "text".into()), Dialog::None),
            None
        );
        assert_eq!(action_for(".", &plain(), Dialog::Help), None);
        assert_eq!(
            action_for("Escape", &plain(), Dialog::Picker),
            Some(Action::Dialog(Dialog::None))
        );
    }
}
