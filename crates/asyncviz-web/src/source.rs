//! Where traces come from: the built-in programs (run in the page on the instrumented
//! executor), or a synthetic trace of a chosen size in benchmark mode (`?bench=N`).

use crate::browser;
use asyncviz_timeline::{
    describe_outcome, highlight, synthetic_trace, OutcomeView, Timeline, Token, TraceIndex,
    SYNTHETIC_FILE, SYNTHETIC_SOURCE,
};
use asyncviz_trace::{Replay, Trace, CHECKPOINT_EVERY};
use std::rc::Rc;

/// One program the picker offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The key in links: the file name without `.rs`, e.g. `05-sequential-await-vs-join`.
    pub(crate) key: String,
    /// The catalogue id, e.g. `sequential-await-vs-join`.
    pub(crate) id: String,
    /// The catalogue number.
    pub(crate) number: u32,
    /// The title, with Markdown backticks.
    pub(crate) title: String,
    /// What to watch for.
    pub(crate) watch: Vec<String>,
    /// The misconception it corrects.
    pub(crate) misconception: String,
    /// Where it knowingly differs from real tokio.
    pub(crate) deviations: Vec<String>,
    /// The program's source.
    pub(crate) source: &'static str,
    /// Its file name, as trace locations name it.
    pub(crate) file: String,
    /// For synthetic benchmark programs, the number of events asked for.
    pub(crate) synthetic: Option<usize>,
}

/// Every program on offer: the built-in catalogue, or one synthetic program in bench mode.
pub(crate) fn catalogue(bench: Option<usize>) -> Vec<Rc<Entry>> {
    if let Some(n) = bench {
        return vec![Rc::new(Entry {
            key: format!("synthetic-{n}"),
            id: format!("synthetic-{n}"),
            number: 0,
            title: format!("Synthetic trace of about {n} events"),
            watch: vec![
                "A benchmark: many tasks sleeping in a loop, to measure drawing and scrubbing."
                    .into(),
            ],
            misconception: String::new(),
            deviations: vec!["No program ran: the trace is generated.".into()],
            source: SYNTHETIC_SOURCE,
            file: SYNTHETIC_FILE.into(),
            synthetic: Some(n),
        })];
    }
    asyncviz_programs::catalogue()
        .into_iter()
        .map(|s| {
            Rc::new(Entry {
                key: s.file.trim_end_matches(".rs").to_string(),
                id: s.id.to_string(),
                number: s.number,
                title: s.title,
                watch: s.watch,
                misconception: s.misconception,
                deviations: s.deviations,
                source: s.source,
                file: s.file.to_string(),
                synthetic: None,
            })
        })
        .collect()
}

/// Finds the entry a link names: by key, by id, or by number (`5`, `05`).
pub(crate) fn find<'a>(entries: &'a [Rc<Entry>], name: &str) -> Option<&'a Rc<Entry>> {
    let name = name.trim().to_ascii_lowercase();
    entries
        .iter()
        .find(|e| e.key == name || e.id == name)
        .or_else(|| {
            name.parse::<u32>()
                .ok()
                .and_then(|n| entries.iter().find(|e| e.number == n && n > 0))
        })
}

/// A program run and indexed, ready to show.
pub(crate) struct Loaded {
    /// Which program.
    pub(crate) entry: Rc<Entry>,
    /// The trace with its snapshots.
    pub(crate) replay: Replay,
    /// The trace indexed.
    pub(crate) index: TraceIndex,
    /// The trace laid out.
    pub(crate) timeline: Timeline,
    /// The source, highlighted, one entry per line.
    pub(crate) code: Vec<Vec<Token>>,
    /// How the run ended.
    pub(crate) outcome: OutcomeView,
    /// The source that ran (the built-in program's, or the user's code).
    pub(crate) source: Rc<str>,
    /// For code the interpreter ran (from the editor or a link), the program as a link's `c=`
    /// value; `None` for a built-in program.
    pub(crate) code_param: Option<Rc<str>>,
    /// The room the playback readout keeps, in characters, for the longest text it shows in
    /// this run, so its width (and the slider's beside it) stays put while the reader scrubs.
    pub(crate) readout: Readout,
}

/// The longest texts the readout shows for a run, in characters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Readout {
    /// The step number (the run's length is the largest).
    pub(crate) step: usize,
    /// The virtual time, as `fmt_ns` writes it.
    pub(crate) time: usize,
    /// The event's name (`start` before the first).
    pub(crate) event: usize,
}

impl Readout {
    fn of(trace: &Trace, timeline: &Timeline) -> Readout {
        Readout {
            step: trace.events.len().to_string().len(),
            time: timeline.widest_time(),
            event: timeline.widest_event(),
        }
    }
}

impl Loaded {
    /// The trace.
    pub(crate) fn trace(&self) -> &Trace {
        self.replay.trace()
    }
}

/// Runs (or generates) a program's trace and prepares everything the page shows.
pub(crate) fn load(entry: &Rc<Entry>) -> Loaded {
    // Performance marks let the benchmark report where loading time goes.
    browser::mark("asyncviz-load");
    let trace = match entry.synthetic {
        Some(n) => synthetic_trace(n),
        None => asyncviz_programs::run(&entry.id, asyncviz_executor::Builder::new())
            .unwrap_or_else(|| empty_trace(&entry.id)),
    };
    prepare(entry, trace, Rc::from(entry.source), None)
}

/// Indexes and lays out a trace of `source`, for [`load`] and for code the interpreter ran
/// (`code_param` is then the program as a link's `c=` value). The replay's snapshots are made
/// later, as steps are asked for and by [`fill_snapshots_later`].
pub(crate) fn prepare(
    entry: &Rc<Entry>,
    trace: Trace,
    source: Rc<str>,
    code_param: Option<Rc<str>>,
) -> Loaded {
    browser::mark("asyncviz-trace");
    let index = TraceIndex::new(&trace);
    let timeline = Timeline::build(&trace, &index);
    browser::mark("asyncviz-layout");
    let outcome = describe_outcome(&trace, &index);
    let readout = Readout::of(&trace, &timeline);
    let replay = Replay::new(trace);
    browser::mark("asyncviz-replay");
    Loaded {
        entry: entry.clone(),
        replay,
        index,
        timeline,
        code: highlight(&source),
        outcome,
        source,
        code_param,
        readout,
    }
}

/// How long one background slice of replaying may run, in ms: short enough that a frame or a
/// reader's input waiting behind it is barely delayed.
const FILL_SLICE_MS: f64 = 3.0;

/// Starts [`fill_snapshots_later`] at the second animation frame from now: after the first paint
/// and the frame that shows it, which its slices would otherwise compete with for the CPU (on a
/// 2-core machine the first slice delayed that frame by up to 17 ms). A page in a background tab
/// gets no frames and makes its snapshots as steps are asked for.
pub(crate) fn fill_snapshots_soon(loaded: &Rc<Loaded>) {
    let loaded = Rc::downgrade(loaded);
    browser::next_frame(move || {
        browser::next_frame(move || {
            if let Some(loaded) = loaded.upgrade() {
                fill_snapshots_later(&loaded);
            }
        });
    });
}

/// Makes the replay's snapshots in the background, a slice per task, so scrubbing never waits
/// for them later ([`Replay::new`] makes none, so the first paint does not either). Stops when
/// they are all made or when the program is no longer shown.
pub(crate) fn fill_snapshots_later(loaded: &Rc<Loaded>) {
    let loaded = Rc::downgrade(loaded);
    browser::later(move || {
        let Some(loaded) = loaded.upgrade() else {
            return;
        };
        let until = browser::now_ms() + FILL_SLICE_MS;
        loop {
            if loaded.replay.fill(CHECKPOINT_EVERY) {
                browser::mark("asyncviz-snapshots-filled");
                return;
            }
            if browser::now_ms() >= until {
                break;
            }
        }
        fill_snapshots_later(&loaded);
    });
}

/// A trace with no events, for a program that has not run (or could not).
pub(crate) fn empty_trace(id: &str) -> Trace {
    Trace {
        format: asyncviz_trace::FORMAT_VERSION,
        meta: asyncviz_trace::TraceMeta {
            program: id.to_string(),
            ..Default::default()
        },
        events: Vec::new(),
        outcome: asyncviz_trace::Outcome::Running,
        lints: Vec::new(),
    }
}
