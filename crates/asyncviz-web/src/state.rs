//! The page's state and its reducer: which program, which step, playback, the timeline's view
//! and selection, which dialog is open, and what the link asked for (theme, embed mode,
//! panels). Every change goes through [`Action`].

use crate::interpreted::{self, Ran};
use crate::shared::Shared;
use crate::source::{self, Entry, Loaded};
use asyncviz_embed::{HostCommand, Panel, PanelSet, ProgramRef, SlideGate, ViewParams};
use asyncviz_timeline::{resolve_step, AxisMode, Hit, Playback, Viewport, SPEEDS};
use asyncviz_trace::TaskId;
use std::rc::Rc;
use yew::Reducible;

/// A dialog over the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialog {
    /// None open.
    None,
    /// The keyboard help.
    Help,
    /// The program picker.
    Picker,
    /// The `<iframe>` snippet that embeds this view.
    Embed,
    /// The link contract (docs/url-contract.md).
    Docs,
}

/// The state.
pub(crate) struct AppState {
    /// Programs on offer.
    pub(crate) catalogue: Rc<Vec<Rc<Entry>>>,
    /// The program shown.
    pub(crate) loaded: Rc<Loaded>,
    /// Step and playback.
    pub(crate) playback: Playback,
    /// How the timeline's x axis is laid out.
    pub(crate) mode: AxisMode,
    /// The visible part of the timeline.
    pub(crate) view: Viewport,
    /// The selected timeline item.
    pub(crate) selection: Option<Hit>,
    /// The task the inspector shows, if the user picked one.
    pub(crate) picked_task: Option<TaskId>,
    /// Messages about a bad link.
    pub(crate) notices: Vec<String>,
    /// The open dialog.
    pub(crate) dialog: Dialog,
    /// Whether the timeline scrolls to keep the playhead in view.
    pub(crate) follow: bool,
    /// The last program a link carried in `c=`, for the editor to open whether or not it ran.
    pub(crate) link_code: Option<Shared<String>>,
    /// What the link asked for when the hash was last read (page load or `hashchange`), with
    /// its program resolved to a catalogue key or normalised code. A hash change applies only
    /// what differs from it ([`ViewParams::follow_hash_change`]).
    pub(crate) link: ViewParams,
    /// The theme the link asks for (`theme=`); the reader's toggle beats it until it changes.
    pub(crate) link_theme: asyncviz_embed::Theme,
    /// Compact chrome for an iframe (`embed=1`).
    pub(crate) embed: bool,
    /// The panels to show (`panels=`); all of them if `None`.
    pub(crate) panels: Option<PanelSet>,
    /// Whether a slide deck's `slide:stop` paused playback, so that `slide:start` resumes it.
    pub(crate) gate: SlideGate,
    /// A link's program that the interpreter is running; the page shows its code meanwhile.
    pub(crate) link_run: Option<LinkRun>,
}

/// A link's program on its way through the interpreter's worker, and what the link asked to
/// see of it once it ran.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LinkRun {
    /// The program's text.
    pub(crate) text: Rc<str>,
    /// The link's step and playback, applied when the run arrives.
    target: ViewParams,
    /// What was shown before, shown again if the program does not pass the checks.
    before: Ran,
}

/// Everything that can change the state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// Open the program and step a location hash names (bad parts become notices).
    FromHash(String),
    /// Open a program by key at step 0.
    Open(String),
    /// Show a program the interpreter ran (the reader's own), at step 0.
    ShowRun(Ran),
    /// Play or pause.
    TogglePlay,
    /// A playback timer tick.
    Tick,
    /// One event forward.
    Forward,
    /// One event back.
    Back,
    /// To the end of the next poll.
    NextPoll,
    /// To the end of the previous poll.
    PrevPoll,
    /// To step 0.
    Start,
    /// To the last step.
    End,
    /// To a step.
    Seek(usize),
    /// Set the speed (index into `SPEEDS`).
    Speed(usize),
    /// Select a timeline item (and move to its step).
    Select(Hit),
    /// Show a task in the inspector.
    PickTask(TaskId),
    /// Lay the axis out by step or by time.
    Mode(AxisMode),
    /// Set the timeline's view (pan and zoom by pointer).
    View(Viewport),
    /// Zoom by a factor around the playhead.
    Zoom(f64),
    /// Pan by a fraction of the view.
    Pan(f64),
    /// Show the whole run.
    Fit,
    /// Follow the playhead or not.
    Follow(bool),
    /// Open or close a dialog.
    Dialog(Dialog),
    /// Hide the link notices.
    DismissNotices,
    /// A pause or resume from the page that embeds this one (reveal.js).
    Host(HostCommand),
    /// The interpreter's run of a link's program.
    LinkRan {
        /// The program's text.
        text: Rc<str>,
        /// The run, prepared to show; `None` if it did not run.
        ran: Option<Ran>,
        /// Why it did not run when the interpreter itself could not be reached (the program's
        /// own errors are the editor's to show).
        unavailable: Option<String>,
    },
}

/// The narrowest view, in events, one can zoom to.
const MIN_SPAN_STEPS: f64 = 6.0;

fn min_span(loaded: &Loaded, mode: AxisMode) -> f64 {
    match mode {
        AxisMode::Step => MIN_SPAN_STEPS,
        AxisMode::Time => (loaded.timeline.end_time() as f64 / 1e6).max(1_000.0),
    }
}

fn initial_view(loaded: &Loaded, mode: AxisMode) -> Viewport {
    let mut view = Viewport::fit(loaded.timeline.extent(mode), min_span(loaded, mode));
    // Long runs open zoomed to their start, so bars are readable; the rest is a scroll away.
    if mode == AxisMode::Step && loaded.timeline.len() > 160 {
        view.show(0.0, 120.0);
    }
    view
}

impl AppState {
    /// The state for a page load: the program and step from the hash, or the first program.
    pub(crate) fn init(bench: Option<usize>, hash: &str) -> AppState {
        let catalogue = Rc::new(source::catalogue(bench));
        let first = catalogue
            .first()
            .cloned()
            .expect("the catalogue is never empty");
        let loaded = Rc::new(source::load(&first));
        let mode = AxisMode::Step;
        let view = initial_view(&loaded, mode);
        let mut state = AppState {
            catalogue,
            playback: Playback::new(loaded.timeline.len(), 0),
            loaded,
            mode,
            view,
            selection: None,
            picked_task: None,
            notices: Vec::new(),
            dialog: Dialog::None,
            follow: true,
            link_code: None,
            link: ViewParams::default(),
            link_theme: asyncviz_embed::Theme::Auto,
            embed: false,
            panels: None,
            gate: SlideGate::new(),
            link_run: None,
        };
        state.link.program = state.current().program;
        if bench.is_none() {
            state.apply_hash(hash);
        }
        state
    }

    /// The key of the program shown.
    pub(crate) fn key(&self) -> &str {
        &self.loaded.entry.key
    }

    /// Whether a panel is shown (`panels=`).
    pub(crate) fn shows(&self, panel: Panel) -> bool {
        self.panels.is_none_or(|set| set.contains(panel))
    }

    /// The view shown now, in the terms of the link contract.
    pub(crate) fn current(&self) -> ViewParams {
        ViewParams {
            program: match self.loaded.code_param {
                Some(_) => ProgramRef::Code(self.loaded.source.to_string()),
                None => ProgramRef::Builtin(self.key().to_string()),
            },
            ..self.view_params()
        }
    }

    /// The view shown now, but for the program (left as `ProgramRef::Default`), which is cheap
    /// to make: [`AppState::format_shown`] fills the program in.
    pub(crate) fn view_params(&self) -> ViewParams {
        ViewParams {
            program: ProgramRef::Default,
            step: Some(self.playback.step()),
            autoplay: self.playback.playing(),
            speed: SPEEDS
                .get(self.playback.speed_index())
                .map_or(asyncviz_embed::DEFAULT_SPEED, |&s| s as f32),
            theme: self.link_theme,
            embed: self.embed,
            panels: self.panels,
            version: asyncviz_embed::CONTRACT_VERSION,
        }
    }

    /// The canonical hash (`asyncviz_embed::format`) of `params` for the program shown, whatever
    /// `params.program` says. Code keeps the compressed form it got when it ran, so writing the
    /// hash on every step never compresses the program again.
    pub(crate) fn format_shown(&self, params: ViewParams) -> String {
        match &self.loaded.code_param {
            None => asyncviz_embed::format(&ViewParams {
                program: ProgramRef::Builtin(self.key().to_string()),
                ..params
            }),
            Some(code) => {
                // `c` is the first key of the canonical form, so the rest follows it unchanged.
                let rest = asyncviz_embed::format(&ViewParams {
                    program: ProgramRef::Default,
                    ..params
                });
                if rest.is_empty() {
                    format!("c={code}")
                } else {
                    format!("c={code}&{rest}")
                }
            }
        }
    }

    /// The hash the page writes for itself: the view shown, with the link's autoplay (a reload
    /// starts the way the link did, not wherever playback happened to be).
    pub(crate) fn own_hash(&self) -> String {
        self.format_shown(ViewParams {
            autoplay: self.link.autoplay,
            ..self.view_params()
        })
    }

    /// A link's program in the terms `current()` uses: a built-in by its catalogue key (links
    /// may also use the id or number), code with `\n` line ends, the default program by key.
    fn resolve_program(&self, params: &mut ViewParams, notices: &mut Vec<String>) {
        if let ProgramRef::Builtin(name) = &params.program {
            if let Some(entry) = source::find(&self.catalogue, name) {
                params.program = ProgramRef::Builtin(entry.key.clone());
            }
        }
        let keys: Vec<&str> = self.catalogue.iter().map(|e| e.key.as_str()).collect();
        notices.extend(params.check_program(&keys).map(|n| n.message));
        params.program = match std::mem::take(&mut params.program) {
            ProgramRef::Code(text) => {
                ProgramRef::Code(asyncviz_timeline::normalize_newlines(&text))
            }
            ProgramRef::Default => ProgramRef::Builtin(
                self.catalogue
                    .first()
                    .map(|e| e.key.clone())
                    .unwrap_or_default(),
            ),
            builtin => builtin,
        };
    }

    fn open(&mut self, entry: &Rc<Entry>) {
        if entry.key != self.loaded.entry.key {
            self.loaded = Rc::new(source::load(entry));
        }
        self.reset_view();
    }

    /// Shows a run prepared elsewhere (the interpreter's), at step 0.
    fn show(&mut self, loaded: Rc<Loaded>) {
        self.loaded = loaded;
        self.reset_view();
    }

    fn reset_view(&mut self) {
        self.playback = Playback::new(self.loaded.timeline.len(), 0);
        self.view = initial_view(&self.loaded, self.mode);
        self.selection = None;
        self.picked_task = None;
    }

    /// Follows a location hash: on page load, and on `hashchange` (a reader editing the address,
    /// a host page rewriting the iframe's `src`). A new program starts over from the link; for
    /// the same program only the keys that changed since the hash was last read are applied, so
    /// a book switching `theme=` keeps the reader's step.
    fn apply_hash(&mut self, hash: &str) {
        let (mut after, found) = asyncviz_embed::parse(hash);
        let mut notices: Vec<String> = found.into_iter().map(|n| n.message).collect();
        self.resolve_program(&mut after, &mut notices);
        let before = std::mem::replace(&mut self.link, after.clone());
        let now = self.current();
        let target = if after.program == now.program {
            now.follow_hash_change(&before, &after)
        } else {
            after
        };
        let mut waiting = false;
        match &target.program {
            // A program carried in the link (`c=`) runs in the interpreter, as the editor's do.
            // The run arrives later (`Action::LinkRan`); its code shows at once.
            ProgramRef::Code(text) => {
                let shown = self.loaded.code_param.is_some() && *self.loaded.source == **text;
                if !shown {
                    let before = self
                        .link_run
                        .take()
                        .map_or_else(|| Ran(self.loaded.clone()), |r| r.before);
                    self.show(interpreted::placeholder(text));
                    self.link_run = Some(LinkRun {
                        text: Rc::from(text.as_str()),
                        target: target.clone(),
                        before,
                    });
                    waiting = true;
                }
                if self.link_code.as_deref().map(String::as_str) != Some(text.as_str()) {
                    self.link_code = Some(Shared(Rc::new(text.clone())));
                }
            }
            ProgramRef::Builtin(key) => {
                self.link_run = None;
                if let Some(entry) = source::find(&self.catalogue, key).cloned() {
                    if entry.key != self.loaded.entry.key {
                        self.open(&entry);
                    }
                }
            }
            ProgramRef::Default => {}
        }
        self.playback.pause();
        if !waiting {
            notices.extend(self.follow_link_playback(&target));
        }
        self.link_theme = target.theme;
        self.embed = target.embed;
        self.panels = target.panels;
        self.notices = notices;
        self.follow_playhead(true);
    }

    /// Goes to the link's step, speed and autoplay on the program shown; returns a notice if
    /// the step is past the end.
    fn follow_link_playback(&mut self, target: &ViewParams) -> Option<String> {
        let (step, notice) = resolve_step(target.step, self.loaded.timeline.len());
        self.playback.pause();
        self.playback.seek(step);
        self.playback.set_speed(target.speed_index(&SPEEDS));
        if target.autoplay && !self.playback.at_end() {
            self.playback.toggle();
        }
        notice
    }

    /// The interpreter's run of the link's program arrived: show it at the link's step, or
    /// go back to what was shown and say why.
    fn link_ran(&mut self, text: &str, ran: Option<Ran>, unavailable: Option<String>) -> bool {
        let Some(pending) = self.link_run.take_if(|r| &*r.text == text) else {
            return false;
        };
        match ran {
            Some(ran) => {
                self.show(ran.0);
                let notice = self.follow_link_playback(&pending.target);
                self.notices.extend(notice);
            }
            None => {
                self.show(pending.before.0);
                self.notices.push(match unavailable {
                    Some(why) => format!(
                        "The link's program did not run because {why}; it is open in the editor, and “{}” is shown instead.",
                        self.loaded.entry.key
                    ),
                    None => format!(
                    "The link's program did not pass the interpreter's checks, so it did not run: it is open in the editor with its errors underlined, and “{}” is shown instead.",
                    self.loaded.entry.key
                ),
                });
            }
        }
        self.follow_playhead(true);
        true
    }

    fn follow_playhead(&mut self, center: bool) {
        if !self.follow {
            return;
        }
        let x = self.loaded.timeline.x_step(self.playback.step(), self.mode);
        if center {
            if x > self.view.end() || x < self.view.start() {
                self.view.center_on(x);
            }
        } else {
            self.view.ensure_visible(x, 0.12);
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = AppState {
            catalogue: self.catalogue.clone(),
            loaded: self.loaded.clone(),
            playback: self.playback,
            mode: self.mode,
            view: self.view,
            selection: self.selection,
            picked_task: self.picked_task,
            notices: self.notices.clone(),
            dialog: self.dialog,
            follow: self.follow,
            link_code: self.link_code.clone(),
            link: self.link.clone(),
            link_theme: self.link_theme,
            embed: self.embed,
            panels: self.panels,
            gate: self.gate,
            link_run: self.link_run.clone(),
        };
        let before = s.playback.step();
        let index = &self.loaded.index;
        match action {
            Action::FromHash(hash) => s.apply_hash(&hash),
            Action::Open(key) => {
                if let Some(entry) = source::find(&s.catalogue, &key).cloned() {
                    s.link_run = None;
                    s.open(&entry);
                    s.notices.clear();
                }
                s.dialog = Dialog::None;
            }
            Action::ShowRun(ran) => {
                s.link_run = None;
                s.show(ran.0);
                s.notices.clear();
            }
            Action::TogglePlay => {
                s.gate.reader_acted();
                s.playback.toggle();
            }
            Action::Host(command) => {
                let playing = s.playback.playing();
                match s.gate.on(command, playing) {
                    // Resuming at the end would start over, which no slide change asked for.
                    Some(play) if play != playing && !(play && s.playback.at_end()) => {
                        s.playback.toggle()
                    }
                    // The gate changed (or not) but playback stays: keep the gate's memory.
                    _ if s.gate != self.gate => {}
                    _ => return self,
                }
            }
            Action::Tick => {
                if !s.playback.tick() {
                    return self;
                }
            }
            Action::Forward => s.playback.forward(),
            Action::Back => s.playback.back(),
            Action::NextPoll => s.playback.next_poll(index),
            Action::PrevPoll => s.playback.prev_poll(index),
            Action::Start => {
                s.playback.pause();
                s.playback.seek(0);
            }
            Action::End => {
                s.playback.pause();
                s.playback.seek(s.playback.len());
            }
            Action::Seek(step) => s.playback.seek(step),
            Action::Speed(i) => s.playback.set_speed(i),
            Action::Select(hit) => {
                s.selection = Some(hit);
                if let Some(task) = hit.task(&s.loaded.timeline) {
                    s.picked_task = Some(task);
                }
                s.playback.pause();
                s.playback.seek(hit.step(&s.loaded.timeline));
            }
            Action::PickTask(task) => s.picked_task = Some(task),
            Action::Mode(mode) => {
                if mode != s.mode {
                    s.mode = mode;
                    s.view =
                        Viewport::fit(s.loaded.timeline.extent(mode), min_span(&s.loaded, mode));
                    s.follow_playhead(true);
                }
            }
            Action::View(view) => {
                s.view = view;
            }
            Action::Zoom(factor) => {
                let x = s.loaded.timeline.x_step(s.playback.step(), s.mode);
                let anchor = ((x - s.view.start()) / s.view.span()).clamp(0.0, 1.0);
                s.view.zoom(factor, anchor);
            }
            Action::Pan(fraction) => s.view.pan(fraction),
            Action::Fit => {
                s.view = Viewport::fit(
                    s.loaded.timeline.extent(s.mode),
                    min_span(&s.loaded, s.mode),
                )
            }
            Action::Follow(on) => {
                s.follow = on;
                s.follow_playhead(true);
            }
            Action::Dialog(d) => s.dialog = d,
            Action::DismissNotices => s.notices.clear(),
            Action::LinkRan {
                text,
                ran,
                unavailable,
            } => {
                if !s.link_ran(&text, ran, unavailable) {
                    return self;
                }
            }
        }
        if s.playback.step() != before {
            s.follow_playhead(false);
        }
        Rc::new(s)
    }
}
