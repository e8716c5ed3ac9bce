//! The runtime: its state, the `current_thread` scheduling loop as a step machine, the driver
//! (virtual clock, timers, blocking pool), shutdown, and turning a run into a trace.
//!
//! The loop follows tokio's `CoreGuard::block_on` in `runtime/scheduler/current_thread/mod.rs`:
//! poll the `block_on` future when its woken flag is set, then run up to `event_interval` (61)
//! tasks, then `park_yield` (drive timers without advancing time, release deferred wakes). When
//! the run queue empties it parks: with tokio's paused clock, the clock jumps to the next timer
//! unless something woke the runtime meanwhile.

use crate::blocking::BlockingJob;
use crate::context::{enter, with_state};
use crate::coop::BUDGET;
use crate::program::Program;
use crate::recorder::{rec, Recorder};
use crate::scheduler::{CurrentThread, Scheduler};
use crate::task::{cell, ErasedTask, JoinError, JoinNotify};
use crate::time::TimerWheel;
use crate::waker::{borrowed, identify, same_task};
use asyncviz_trace::{
    lints, Actor, AdvanceReason, EventKind, FrameState, Loc, LockHolder, Outcome, PollResult,
    QueueKind, Replay, ResourceId, ResourceKind, ScheduleCause, Stream, TaskId, TaskKind,
    TaskState, TerminateOutcome, Trace, TraceMeta, WaitEdge, WakeEffect, WakerId, FORMAT_VERSION,
    HELD_BY, UNKNOWN_AWAIT,
};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// The `block_on` future's task id.
pub(crate) const MAIN: TaskId = TaskId(0);

/// tokio's `event_interval` for `current_thread`: tasks run between two driver checks.
const EVENT_INTERVAL: u32 = 61;

/// Every place where this executor knowingly differs from tokio 1.x.
pub fn deviations() -> Vec<String> {
    [
        "One worker: every program runs on tokio's current_thread scheduler, whatever flavor it asks for.",
        "Blocking calls (std::thread::sleep, spawn_blocking closures) cost virtual time; under tokio's paused clock they cost real time and the printed virtual time does not move.",
        "A spawn_blocking closure runs to completion when it is spawned; its lane then stays busy for the virtual time it blocked.",
        "select! without `biased;` picks its first branch from a seeded generator, not a thread-local random one.",
        "Tasks need not be Send: everything runs on one thread.",
        "Timers have tokio's 1 ms resolution, and fire in deadline order, then registration order.",
        "A JoinSet hears from the runtime when one of its tasks finishes; tokio tells it through a waker of each entry, which the trace does not show (the set's own stored waker is shown).",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Limits that end a run early, so a runaway program never freezes the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Task polls.
    pub max_polls: u64,
    /// Tasks spawned.
    pub max_tasks: u64,
    /// Bytes of output.
    pub max_output_bytes: u64,
    /// Virtual time.
    pub max_time: Duration,
    /// Recorded events.
    pub max_events: u64,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            max_polls: 200_000,
            max_tasks: 10_000,
            max_output_bytes: 1 << 20,
            max_time: Duration::from_secs(24 * 3600),
            max_events: 2_000_000,
        }
    }
}

impl Budget {
    /// No limits (for benchmarks and trusted programs).
    pub fn unlimited() -> Budget {
        Budget {
            max_polls: u64::MAX,
            max_tasks: u64::MAX,
            max_output_bytes: u64::MAX,
            max_time: Duration::MAX,
            max_events: u64::MAX,
        }
    }
}

/// Counters for tests and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Task polls (including the `block_on` future).
    pub polls: u64,
    /// Tasks spawned (not counting the `block_on` future).
    pub spawned: u64,
    /// Waker clones created.
    pub wakers_cloned: u64,
    /// Waker clones dropped or consumed by `wake`.
    pub wakers_dropped: u64,
    /// Wakes of any kind.
    pub wakes: u64,
}

/// Configures a [`Runtime`].
#[derive(Clone, Debug)]
pub struct Builder {
    record: bool,
    poll_cost: Duration,
    seed: u64,
    budget: Budget,
    name: String,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

impl Builder {
    /// Recording on, zero poll cost, seed 0, default budget.
    pub fn new() -> Builder {
        Builder {
            record: true,
            poll_cost: Duration::ZERO,
            seed: 0,
            budget: Budget::default(),
            name: String::new(),
        }
    }

    /// Whether to record events.
    pub fn record(mut self, on: bool) -> Builder {
        self.record = on;
        self
    }

    /// Virtual time each poll costs.
    pub fn poll_cost(mut self, d: Duration) -> Builder {
        self.poll_cost = d;
        self
    }

    /// Seed for `select!`'s branch order.
    pub fn seed(mut self, seed: u64) -> Builder {
        self.seed = seed;
        self
    }

    /// Limits for the run.
    pub fn budget(mut self, budget: Budget) -> Builder {
        self.budget = budget;
        self
    }

    /// The program's name, recorded in the trace.
    pub fn name(mut self, name: &str) -> Builder {
        self.name = name.to_string();
        self
    }

    /// Builds the runtime.
    pub fn build(self) -> Runtime {
        static NEXT_RUNTIME: AtomicU64 = AtomicU64::new(1);
        let runtime_id = NEXT_RUNTIME.fetch_add(1, Ordering::Relaxed);
        let mut state = State {
            runtime_id,
            now: 0,
            rec: Recorder {
                enabled: self.record,
                events: Vec::new(),
            },
            tasks: Vec::new(),
            sched: Box::new(CurrentThread::new()),
            deferred: Vec::new(),
            defer_resource: ResourceId(0),
            timers: TimerWheel::default(),
            blocking: Vec::new(),
            actor: Actor::Runtime,
            current: None,
            main_woken: false,
            did_wake: false,
            unpark_token: false,
            coop: None,
            next_waker: 1,
            next_resource: 1,
            await_note: None,
            await_note_explicit: false,
            await_site: None,
            loc_override: None,
            poll_cost: self.poll_cost.as_nanos() as u64,
            budget: self.budget,
            stats: Stats::default(),
            forced: None,
            output_bytes: 0,
            output: String::new(),
            next_vaddr: 0x1000,
            rng: self.seed ^ 0x9E37_79B9_7F4A_7C15,
            child_depth: 0,
            releasing_deferred: false,
            tick: 0,
            shutting_down: false,
        };
        let defer = state.new_resource_id();
        state.defer_resource = defer;
        rec!(
            &mut state,
            EventKind::ResourceNew {
                resource: defer,
                resource_kind: ResourceKind::DeferList,
                name: "deferred wakes".into(),
                loc: None,
            }
        );
        let meta = TraceMeta {
            program: self.name,
            flavor: "current_thread".into(),
            workers: 1,
            poll_cost_ns: self.poll_cost.as_nanos() as u64,
            seed: self.seed,
            deviations: deviations(),
        };
        Runtime {
            state: Rc::new(RefCell::new(state)),
            phase: Phase::Outer,
            outcome: None,
            meta,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    Idle,
    Queued,
    Running,
    Done,
}

/// The runtime's record of one task.
pub(crate) struct TaskSlot {
    kind: TaskKind,
    run: Run,
    /// Woken while running: re-queue when the poll returns.
    notified: bool,
    /// That wake came from the task itself.
    notified_self: bool,
    /// `abort()` was called; cancel instead of polling next time.
    cancel: bool,
    polls: u32,
    future: Option<Pin<Box<dyn ErasedTask>>>,
    join: Option<Rc<dyn JoinNotify>>,
    /// Real address of the future (to detect moves) and the virtual address shown for it.
    placement: Option<(usize, u64)>,
    /// Distinct await points seen, numbering "await N".
    await_points: Vec<(String, Option<Loc>)>,
    /// The await point last recorded (0 for none).
    last_await: u32,
    panic: Option<String>,
}

/// Where a task is parked: a label, a source position, and the frame's locals.
pub(crate) type AwaitNote = (String, Option<Loc>, Vec<(String, String)>);

/// Everything the runtime knows, behind the thread-local context.
pub(crate) struct State {
    pub(crate) runtime_id: u64,
    /// Virtual time, ns.
    pub(crate) now: u64,
    pub(crate) rec: Recorder,
    tasks: Vec<TaskSlot>,
    sched: Box<dyn Scheduler>,
    /// tokio's `Defer` list: wakes from `yield_now` and the coop budget, released LIFO at park.
    deferred: Vec<Waker>,
    defer_resource: ResourceId,
    pub(crate) timers: TimerWheel,
    pub(crate) blocking: Vec<BlockingJob>,
    /// Who is acting right now, for "who woke whom".
    pub(crate) actor: Actor,
    pub(crate) current: Option<TaskId>,
    main_woken: bool,
    /// tokio's time driver `did_wake` (test-util): a wake arrived, so don't auto-advance.
    did_wake: bool,
    /// The park token: an unpark arrived, so the next park returns at once.
    unpark_token: bool,
    pub(crate) coop: Option<u8>,
    next_waker: u32,
    next_resource: u32,
    pub(crate) await_note: Option<AwaitNote>,
    /// The note came from `instrument::await_point`, which outranks resources' own notes.
    pub(crate) await_note_explicit: bool,
    /// The innermost `.await` of the program's `main` that returned `Pending` in this poll
    /// (`instrument::AwaitSite`), as file, line and column: where the task parked if nothing it
    /// awaits noted a place.
    pub(crate) await_site: Option<(&'static str, u32, u32)>,
    /// Set by `instrument::with_caller_loc`.
    pub(crate) loc_override: Option<Loc>,
    poll_cost: u64,
    budget: Budget,
    pub(crate) stats: Stats,
    pub(crate) forced: Option<Outcome>,
    output_bytes: u64,
    output: String,
    next_vaddr: u64,
    rng: u64,
    pub(crate) child_depth: u32,
    releasing_deferred: bool,
    tick: u32,
    shutting_down: bool,
}

impl State {
    pub(crate) fn new_waker_id(&mut self) -> WakerId {
        let id = WakerId(self.next_waker);
        self.next_waker += 1;
        id
    }

    pub(crate) fn new_resource_id(&mut self) -> ResourceId {
        let id = ResourceId(self.next_resource);
        self.next_resource += 1;
        id
    }

    pub(crate) fn next_task_id(&self) -> TaskId {
        TaskId(self.tasks.len() as u32)
    }

    /// A pseudo-random number from the seeded generator (xorshift64*).
    pub(crate) fn next_random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn add_task(
        &mut self,
        task: TaskId,
        future: Pin<Box<dyn ErasedTask>>,
        name: String,
        kind: TaskKind,
        loc: Option<Loc>,
        join: Option<Rc<dyn JoinNotify>>,
    ) {
        debug_assert_eq!(task.0 as usize, self.tasks.len());
        if kind != TaskKind::BlockOn {
            self.stats.spawned += 1;
        }
        self.tasks.push(TaskSlot {
            kind,
            run: Run::Idle,
            notified: false,
            notified_self: false,
            cancel: false,
            polls: 0,
            future: Some(future),
            join,
            placement: None,
            await_points: Vec::new(),
            last_await: 0,
            panic: None,
        });
        let parent = self.current;
        rec!(
            self,
            EventKind::TaskSpawn {
                task,
                parent,
                name,
                task_kind: kind,
                loc
            }
        );
    }

    /// Queues a newly spawned task at the back, as tokio's `spawn` does.
    pub(crate) fn schedule_spawn(&mut self, task: TaskId) {
        self.tasks[task.0 as usize].run = Run::Queued;
        let by = self.actor;
        self.push(task, ScheduleCause::Spawn, by, None);
    }

    fn push(&mut self, task: TaskId, cause: ScheduleCause, by: Actor, waker: Option<WakerId>) {
        if task == MAIN {
            self.main_woken = true;
            self.did_wake = true;
            self.unpark_token = true;
            rec!(
                self,
                EventKind::TaskSchedule {
                    task,
                    cause,
                    by,
                    waker,
                    queue: QueueKind::BlockOnFlag,
                    depth_after: 1
                }
            );
            return;
        }
        let remote = matches!(by, Actor::Blocking(_));
        if remote {
            // A wake from another thread unparks the driver, as tokio's inject path does.
            self.did_wake = true;
            self.unpark_token = true;
        }
        let (queue, depth_after) = self.sched.push(task, remote);
        rec!(
            self,
            EventKind::TaskSchedule {
                task,
                cause,
                by,
                waker,
                queue,
                depth_after
            }
        );
    }

    /// A waker for `task` was woken.
    pub(crate) fn wake(&mut self, task: TaskId, waker: Option<WakerId>, by_ref: bool) {
        self.stats.wakes += 1;
        let by = self.actor;
        let cause = if self.releasing_deferred {
            ScheduleCause::Yield
        } else if by == Actor::Task(task) {
            ScheduleCause::SelfWake
        } else {
            ScheduleCause::Wake
        };
        let shutting_down = self.shutting_down;
        let main_woken = self.main_woken;
        let Some(slot) = self.tasks.get_mut(task.0 as usize) else {
            return;
        };
        let effect = if shutting_down || slot.run == Run::Done {
            WakeEffect::Ignored
        } else if task == MAIN {
            // The block_on waker only sets the woken flag (and unparks the driver).
            if main_woken {
                WakeEffect::Coalesced
            } else {
                if slot.run == Run::Idle {
                    slot.run = Run::Queued;
                }
                WakeEffect::Scheduled
            }
        } else {
            match slot.run {
                Run::Queued => WakeEffect::Coalesced,
                Run::Running => {
                    slot.notified = true;
                    slot.notified_self = by == Actor::Task(task);
                    WakeEffect::Notified
                }
                Run::Idle => {
                    slot.run = Run::Queued;
                    WakeEffect::Scheduled
                }
                Run::Done => WakeEffect::Ignored,
            }
        };
        rec!(
            self,
            EventKind::WakerWake {
                task,
                waker,
                by_ref,
                by,
                effect
            }
        );
        if effect == WakeEffect::Scheduled {
            self.push(task, cause, by, waker);
        }
    }

    /// `JoinHandle::abort`.
    pub(crate) fn abort(&mut self, task: TaskId) {
        let by = self.actor;
        let Some(slot) = self.tasks.get_mut(task.0 as usize) else {
            return;
        };
        if slot.run == Run::Done || slot.kind == TaskKind::Blocking {
            return;
        }
        rec!(self, EventKind::Abort { task, by });
        let slot = &mut self.tasks[task.0 as usize];
        slot.cancel = true;
        match slot.run {
            Run::Idle => {
                slot.run = Run::Queued;
                self.push(task, ScheduleCause::Abort, by, None);
            }
            Run::Running => slot.notified = true,
            Run::Queued | Run::Done => {}
        }
    }

    /// Program output.
    pub(crate) fn output(&mut self, text: String, stream: Stream) {
        self.output_bytes += text.len() as u64;
        if self.output_bytes > self.budget.max_output_bytes {
            if self.forced.is_none() {
                self.forced = Some(Outcome::BudgetExceeded {
                    budget: "output bytes".into(),
                    limit: self.budget.max_output_bytes,
                });
            }
            return;
        }
        self.output.push_str(&text);
        let task = self.current.or(match self.actor {
            Actor::Task(t) => Some(t),
            _ => None,
        });
        rec!(self, EventKind::Output { task, stream, text });
    }

    /// A blocking call of `ns` virtual nanoseconds.
    pub(crate) fn block(&mut self, ns: u64, label: &str) {
        if let Actor::Blocking(lane) = self.actor {
            if let Some(job) = self
                .blocking
                .iter_mut()
                .find(|j| j.lane == lane && j.running)
            {
                job.busy += ns;
            }
            return;
        }
        if let Some(task) = self.current {
            rec!(
                self,
                EventKind::Block {
                    task,
                    duration: ns,
                    label: label.to_string()
                }
            );
        }
        self.advance(self.now + ns, AdvanceReason::Blocking);
    }

    pub(crate) fn advance(&mut self, to: u64, reason: AdvanceReason) {
        if to > self.now {
            let from = self.now;
            rec!(self, EventKind::TimeAdvance { from, to, reason });
            self.now = to;
        }
    }

    /// Records where a task parked, numbering its distinct await points. An unchanged await
    /// point (a loop parking at the same place again) is not recorded again: the snapshot
    /// keeps the task's last suspension.
    fn record_suspension(&mut self, task: TaskId, note: Option<AwaitNote>) {
        let slot = &mut self.tasks[task.0 as usize];
        let (label, loc) = match &note {
            Some((label, loc, _)) => (label.as_str(), loc.as_ref()),
            None => (UNKNOWN_AWAIT, None),
        };
        let index = match slot
            .await_points
            .iter()
            .position(|(l, c)| l == label && c.as_ref() == loc)
        {
            Some(i) => i + 1,
            None => {
                slot.await_points.push((label.to_string(), loc.cloned()));
                slot.await_points.len()
            }
        } as u32;
        let locals_known = note
            .as_ref()
            .is_some_and(|(_, _, locals)| !locals.is_empty());
        if slot.last_await == index && !locals_known {
            return;
        }
        slot.last_await = index;
        let (label, loc, locals) =
            note.unwrap_or_else(|| (UNKNOWN_AWAIT.to_string(), None, Vec::new()));
        rec!(
            self,
            EventKind::FutureState {
                task,
                state: FrameState::Suspended {
                    index,
                    label,
                    loc,
                    locals
                }
            }
        );
    }

    /// A blocking task's lane time is over. Returns its panic message if its closure reported
    /// one.
    pub(crate) fn finish_blocking_task(&mut self, task: TaskId) -> Option<String> {
        let slot = self.tasks.get_mut(task.0 as usize)?;
        slot.run = Run::Done;
        slot.future = None;
        slot.panic.take()
    }

    pub(crate) fn mark_panicked(&mut self, message: String) {
        if let Some(task) = self.current {
            self.tasks[task.0 as usize].panic = Some(message);
        }
    }

    /// Records where a task's future lives, and whether it moved.
    pub(crate) fn place(&mut self, task: TaskId, addr: usize, size: usize, unpin: Option<bool>) {
        let slot = &mut self.tasks[task.0 as usize];
        let moved_from = match slot.placement {
            Some((real, _)) if real == addr => return,
            Some((_, vaddr)) => Some(vaddr),
            None => None,
        };
        let vaddr = self.next_vaddr;
        self.next_vaddr += (size as u64).max(1).div_ceil(16) * 16 + 16;
        slot.placement = Some((addr, vaddr));
        rec!(
            self,
            EventKind::Pin {
                task,
                addr: vaddr,
                size: size as u64,
                unpin,
                pinned: true,
                moved_from
            }
        );
    }

    fn check_budget(&self) -> Option<Outcome> {
        let b = &self.budget;
        let over = |budget: &str, limit: u64| {
            Some(Outcome::BudgetExceeded {
                budget: budget.into(),
                limit,
            })
        };
        if self.stats.polls > b.max_polls {
            return over("polls", b.max_polls);
        }
        if self.stats.spawned > b.max_tasks {
            return over("tasks", b.max_tasks);
        }
        if u128::from(self.now) > b.max_time.as_nanos() {
            return over(
                "virtual time (ns)",
                b.max_time.as_nanos().min(u128::from(u64::MAX)) as u64,
            );
        }
        if self.rec.events.len() as u64 > b.max_events {
            return over("events", b.max_events);
        }
        None
    }

    /// The next instant the driver has something to do: a timer or a blocking job's end.
    fn next_wake(&self) -> Option<u64> {
        let timer = self.timers.next_deadline_ns();
        let job = self
            .blocking
            .iter()
            .filter(|j| j.running)
            .map(|j| j.until())
            .min();
        match (timer, job) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn runnable_now(&self) -> bool {
        self.main_woken || !self.sched.is_empty() || !self.deferred.is_empty()
    }
}

/// tokio's `context::defer`: inside the runtime the wake is deferred until the driver has run;
/// outside it the waker is woken at once.
pub(crate) fn defer(w: &Waker) {
    let skip = with_state(|st| st.deferred.last().is_some_and(|last| same_task(last, w)));
    match skip {
        None => w.wake_by_ref(),
        Some(true) => {}
        Some(false) => {
            let clone = w.clone();
            with_state(|st| {
                if let Some((task, Some(waker))) = identify(&clone) {
                    let resource = st.defer_resource;
                    rec!(
                        st,
                        EventKind::WakerStore {
                            waker,
                            task,
                            resource,
                            slot: "deferred wake".into()
                        }
                    );
                }
                st.deferred.push(clone);
            });
        }
    }
}

/// What one call to [`Runtime::step`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Polled a task (or cancelled it, if it was aborted).
    Polled(TaskId),
    /// Ran the driver: fired timers, released deferred wakes, maybe advanced the clock.
    Parked,
    /// The run has ended; see [`Runtime::outcome`].
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// At the top of tokio's `'outer` loop: poll `block_on` if woken.
    Outer,
    /// Running up to this many more tasks before yielding to the driver.
    Batch(u32),
}

/// A single-threaded, virtual-time runtime that records what it does.
///
/// Nothing here blocks: [`step`](Runtime::step) makes one scheduling decision and returns.
pub struct Runtime {
    state: Rc<RefCell<State>>,
    phase: Phase,
    outcome: Option<Outcome>,
    meta: TraceMeta,
}

impl Default for Runtime {
    fn default() -> Runtime {
        Runtime::new()
    }
}

impl Runtime {
    /// A runtime with recording on and the default budget.
    pub fn new() -> Runtime {
        Builder::new().build()
    }

    /// Installs the `block_on` future (task 0). Call once, before stepping.
    pub fn start<F: Future<Output = ()> + 'static>(&mut self, main: F) {
        self.start_cell(cell(main, None));
    }

    fn start_cell(&mut self, main: Pin<Box<dyn ErasedTask>>) {
        let _guard = enter(&self.state);
        with_state(|st| {
            assert!(st.tasks.is_empty(), "a runtime runs one main future");
            st.add_task(MAIN, main, "main".into(), TaskKind::BlockOn, None, None);
            // tokio sets the woken flag on entering block_on so the future is polled first.
            st.tasks[0].run = Run::Queued;
            st.push(MAIN, ScheduleCause::Spawn, Actor::Runtime, None);
        });
    }

    /// Runs a program from `#[tokio::main]` to its end and returns the trace.
    pub fn run_program(mut self, program: Program) -> Trace {
        if program.flavor == "multi_thread" {
            let workers = program
                .worker_threads
                .map_or("the default number of".to_string(), |n| n.to_string());
            self.meta.deviations.insert(
                0,
                format!("This program asks for the multi_thread runtime with {workers} workers; AsyncViz runs it on one worker (current_thread)."),
            );
        }
        self.start_cell(Box::pin(crate::task::BoxedMain {
            fut: program.future,
            size: program.size,
            unpin: program.unpin,
        }));
        self.run();
        self.into_trace()
    }

    /// Runs `fut` as the main future to the end and returns its output, or `None` if the run
    /// hung, exceeded a budget or panicked.
    pub fn block_on<F: Future + 'static>(&mut self, fut: F) -> Option<F::Output>
    where
        F::Output: 'static,
    {
        let out = Rc::new(RefCell::new(None));
        let slot = out.clone();
        self.start(async move {
            let v = fut.await;
            *slot.borrow_mut() = Some(v);
        });
        self.run();
        let v = out.borrow_mut().take();
        v
    }

    /// Makes one scheduling decision.
    pub fn step(&mut self) -> Step {
        let _guard = enter(&self.state);
        self.step_entered()
    }

    /// [`step`](Runtime::step), with the runtime already entered.
    fn step_entered(&mut self) -> Step {
        if self.outcome.is_some() {
            return Step::Done;
        }
        let step = loop {
            match self.phase {
                Phase::Outer => {
                    self.phase = Phase::Batch(EVENT_INTERVAL);
                    let woken = with_state(|st| {
                        let w = std::mem::take(&mut st.main_woken);
                        if w {
                            rec!(
                                st,
                                EventKind::QueuePop {
                                    task: MAIN,
                                    queue: QueueKind::BlockOnFlag,
                                    depth_after: 0
                                }
                            );
                        }
                        w
                    })
                    .unwrap_or(false);
                    if woken {
                        self.run_task(MAIN);
                        break Step::Polled(MAIN);
                    }
                }
                Phase::Batch(0) => {
                    self.phase = Phase::Outer;
                    self.park(true);
                    break Step::Parked;
                }
                Phase::Batch(n) => {
                    let next = with_state(|st| {
                        st.tick = st.tick.wrapping_add(1);
                        let tick = st.tick;
                        let next = st.sched.pop(tick);
                        if let Some((task, queue, depth_after)) = next {
                            rec!(
                                st,
                                EventKind::QueuePop {
                                    task,
                                    queue,
                                    depth_after
                                }
                            );
                        }
                        next.map(|(t, _, _)| t)
                    })
                    .flatten();
                    match next {
                        Some(task) => {
                            self.phase = Phase::Batch(n - 1);
                            self.run_task(task);
                            break Step::Polled(task);
                        }
                        None => {
                            self.phase = Phase::Outer;
                            let has_deferred =
                                with_state(|st| !st.deferred.is_empty()).unwrap_or(false);
                            self.park(has_deferred);
                            break Step::Parked;
                        }
                    }
                }
            }
        };
        self.check_end();
        if self.outcome.is_some() {
            Step::Done
        } else {
            step
        }
    }

    /// Steps until nothing can run without time passing (or the run ends).
    pub fn run_until_stalled(&mut self) -> Step {
        loop {
            if self.outcome.is_some() {
                return Step::Done;
            }
            let runnable = self.state.borrow().runnable_now();
            if !runnable {
                return Step::Parked;
            }
            let _guard = enter(&self.state);
            self.step_entered();
        }
    }

    /// Steps to the end of the run.
    pub fn run(&mut self) -> &Outcome {
        let guard = enter(&self.state);
        while self.step_entered() != Step::Done {}
        drop(guard);
        self.outcome
            .as_ref()
            .expect("step returns Done only once an outcome is set")
    }

    /// How the run ended, if it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// Counters so far.
    pub fn stats(&self) -> Stats {
        self.state.borrow().stats
    }

    /// Live waker clones (cloned minus dropped or consumed).
    pub fn live_wakers(&self) -> u64 {
        let s = self.state.borrow().stats;
        s.wakers_cloned - s.wakers_dropped
    }

    /// Virtual time now.
    pub fn now(&self) -> Duration {
        Duration::from_nanos(self.state.borrow().now)
    }

    /// Everything printed so far.
    pub fn output(&self) -> String {
        self.state.borrow().output.clone()
    }

    /// Events recorded so far.
    pub fn event_count(&self) -> usize {
        self.state.borrow().rec.events.len()
    }

    /// Ends the run if it has not ended (dropping every task) and returns its trace.
    pub fn into_trace(mut self) -> Trace {
        if self.outcome.is_none() {
            self.outcome = Some(Outcome::Running);
        }
        let events = std::mem::take(&mut self.state.borrow_mut().rec.events);
        let mut trace = Trace {
            format: FORMAT_VERSION,
            meta: self.meta.clone(),
            events,
            outcome: self.outcome.clone().expect("set above"),
            lints: Vec::new(),
        };
        if matches!(trace.outcome, Outcome::Hang { .. }) {
            let graph = wait_for_graph(&trace);
            if let Outcome::Hang { wait_for, .. } = &mut trace.outcome {
                *wait_for = graph;
            }
        }
        trace.lints = lints(&trace);
        trace
    }

    fn check_end(&mut self) {
        let end = {
            let st = self.state.borrow();
            if let Some(forced) = &st.forced {
                Some(forced.clone())
            } else if st.tasks.first().is_some_and(|m| m.run == Run::Done) {
                let main_panic = st.tasks[0].panic.clone();
                Some(match main_panic {
                    Some(message) => Outcome::Panicked {
                        task: MAIN,
                        message,
                    },
                    None => Outcome::Finished { t: st.now },
                })
            } else {
                st.check_budget()
            }
        };
        if let Some(outcome) = end {
            if matches!(outcome, Outcome::Finished { .. } | Outcome::Panicked { .. }) {
                self.shutdown();
            }
            self.outcome = Some(outcome);
        }
    }

    /// Polls (or cancels) one task.
    fn run_task(&mut self, task: TaskId) {
        enum Prep {
            Poll(Pin<Box<dyn ErasedTask>>, u64),
            Cancel(Option<Pin<Box<dyn ErasedTask>>>),
            Skip,
        }
        let prep = with_state(|st| {
            let slot = &mut st.tasks[task.0 as usize];
            if slot.run == Run::Done {
                return Prep::Skip;
            }
            if slot.cancel {
                slot.run = Run::Done;
                st.current = Some(task);
                st.actor = Actor::Task(task);
                return Prep::Cancel(slot.future.take());
            }
            slot.run = Run::Running;
            slot.polls += 1;
            slot.notified = false;
            slot.notified_self = false;
            let poll_no = slot.polls;
            let fut = slot
                .future
                .take()
                .expect("an unfinished task has its future");
            st.current = Some(task);
            st.actor = Actor::Task(task);
            st.coop = Some(BUDGET);
            st.await_note = None;
            st.await_note_explicit = false;
            st.await_site = None;
            st.stats.polls += 1;
            rec!(st, EventKind::PollStart { task, poll_no });
            st.place(
                task,
                fut.future_addr(),
                fut.future_size(),
                fut.future_unpin(),
            );
            Prep::Poll(fut, st.poll_cost)
        })
        .expect("the runtime is entered");
        match prep {
            Prep::Skip => {}
            Prep::Cancel(fut) => {
                drop(fut);
                let join = with_state(|st| {
                    rec!(
                        st,
                        EventKind::TaskTerminate {
                            task,
                            outcome: TerminateOutcome::Cancelled
                        }
                    );
                    st.tasks[task.0 as usize].join.take()
                })
                .flatten();
                if let Some(w) = join.and_then(|j| j.finish(Some(JoinError::cancelled(task)))) {
                    w.wake();
                }
                with_state(|st| {
                    st.current = None;
                    st.actor = Actor::Runtime;
                });
            }
            Prep::Poll(mut fut, cost) => {
                let waker = borrowed(task);
                let mut cx = Context::from_waker(&waker);
                let result = fut.as_mut().poll_task(&mut cx);
                if cost > 0 {
                    with_state(|st| st.advance(st.now + cost, AdvanceReason::PollCost));
                }
                match result {
                    Poll::Ready(()) => {
                        // tokio drops the future inside the task's poll, before waking the joiner.
                        drop(fut);
                        let (join, err) = with_state(|st| {
                            let slot = &mut st.tasks[task.0 as usize];
                            slot.run = Run::Done;
                            let panic = slot.panic.clone();
                            let join = slot.join.take();
                            let (result, outcome) = match &panic {
                                Some(_) => (PollResult::Panicked, TerminateOutcome::Panicked),
                                None => (PollResult::Ready, TerminateOutcome::Ready),
                            };
                            rec!(st, EventKind::PollEnd { task, result });
                            rec!(st, EventKind::TaskTerminate { task, outcome });
                            (join, panic.map(|m| JoinError::panicked(task, m)))
                        })
                        .expect("entered");
                        if let Some(w) = join.and_then(|j| j.finish(err)) {
                            w.wake();
                        }
                        with_state(|st| {
                            st.current = None;
                            st.actor = Actor::Runtime;
                            st.coop = None;
                        });
                    }
                    Poll::Pending => {
                        with_state(|st| {
                            // A hand-written future notes nothing; the `.await` it was
                            // awaited at in `main` still says where the task parked.
                            let site = st.await_site.take();
                            let note = st.await_note.take().or_else(|| {
                                site.map(|(file, line, col)| {
                                    let loc = Loc {
                                        file: file.to_string(),
                                        line,
                                        col,
                                    };
                                    (UNKNOWN_AWAIT.to_string(), Some(loc), Vec::new())
                                })
                            });
                            let slot = &mut st.tasks[task.0 as usize];
                            slot.future = Some(fut);
                            rec!(
                                st,
                                EventKind::PollEnd {
                                    task,
                                    result: PollResult::Pending
                                }
                            );
                            if st.rec.enabled {
                                st.record_suspension(task, note);
                            }
                            let slot = &mut st.tasks[task.0 as usize];
                            if task == MAIN {
                                slot.run = if st.main_woken {
                                    Run::Queued
                                } else {
                                    Run::Idle
                                };
                            } else if slot.notified {
                                slot.notified = false;
                                slot.run = Run::Queued;
                                let by = st.actor;
                                let cause = if slot.notified_self {
                                    ScheduleCause::SelfWake
                                } else {
                                    ScheduleCause::Wake
                                };
                                st.push(task, cause, by, None);
                            } else {
                                slot.run = Run::Idle;
                            }
                            st.current = None;
                            st.actor = Actor::Runtime;
                            st.coop = None;
                        });
                    }
                }
            }
        }
    }

    /// tokio's `park` (`yield_only == false`) or `park_yield` (`true`): drive the timer (and the
    /// blocking pool), possibly advancing the paused clock, then release deferred wakes.
    fn park(&mut self, yield_only: bool) {
        let hang = with_state(|st| {
            let ready = st.sched.len() as u32;
            let timers = st.timers.len() as u32;
            rec!(st, EventKind::Park { ready, timers });
            match st.next_wake() {
                Some(when) => {
                    let wait = when.saturating_sub(st.now);
                    st.unpark_token = false;
                    if wait > 0 && !yield_only {
                        // park_thread_timeout: advance the paused clock unless something woke us.
                        if !std::mem::take(&mut st.did_wake) {
                            st.advance(when, asyncviz_trace::AdvanceReason::IdleJump);
                        }
                    }
                    false
                }
                None if yield_only => {
                    st.unpark_token = false;
                    false
                }
                None => !std::mem::take(&mut st.unpark_token),
            }
        })
        .unwrap_or(false);
        if hang {
            let t = self.state.borrow().now;
            self.outcome = Some(Outcome::Hang {
                t,
                wait_for: Vec::new(),
            });
            return;
        }
        self.fire_due();
        self.release_deferred();
    }

    /// Fires expired timers and finishes blocking jobs whose time has come.
    fn fire_due(&mut self) {
        let (timers, jobs) = with_state(|st| {
            let now = st.now;
            let fired = st.timers.expire(now);
            crate::time::record_takes(st, &fired);
            (fired, crate::blocking::take_finished(st))
        })
        .expect("entered");
        for job in jobs {
            crate::blocking::finish(job);
        }
        for (timer, waker) in timers {
            with_state(|st| {
                st.actor = Actor::Timer;
                rec!(st, EventKind::TimerFire { timer });
            });
            if let Some(w) = waker {
                w.wake();
            }
        }
        with_state(|st| st.actor = Actor::Runtime);
    }

    fn release_deferred(&mut self) {
        loop {
            let next = with_state(|st| {
                let w = st.deferred.pop()?;
                if let Some((_, Some(waker))) = identify(&w) {
                    let resource = st.defer_resource;
                    rec!(st, EventKind::WakerTake { waker, resource });
                }
                st.releasing_deferred = true;
                Some(w)
            })
            .flatten();
            match next {
                Some(w) => {
                    w.wake();
                    with_state(|st| st.releasing_deferred = false);
                }
                None => break,
            }
        }
    }

    /// Main returned: drop every unfinished task, oldest first, as the runtime's drop does.
    fn shutdown(&mut self) {
        let _guard = enter(&self.state);
        with_state(|st| st.shutting_down = true);
        let count = self.state.borrow().tasks.len();
        for i in 1..count {
            let task = TaskId(i as u32);
            let taken = with_state(|st| {
                let slot = &mut st.tasks[i];
                if slot.run == Run::Done {
                    return None;
                }
                slot.run = Run::Done;
                Some((slot.future.take(), slot.join.take(), slot.kind))
            })
            .flatten();
            if let Some((fut, join, kind)) = taken {
                drop(fut);
                with_state(|st| {
                    if kind == TaskKind::Blocking {
                        crate::blocking::end_at_shutdown(st, task);
                    }
                    rec!(
                        st,
                        EventKind::TaskTerminate {
                            task,
                            outcome: TerminateOutcome::DroppedAtShutdown
                        }
                    );
                });
                if let Some(w) = join.and_then(|j| j.finish(Some(JoinError::cancelled(task)))) {
                    drop(w);
                }
            }
        }
        let deferred = with_state(|st| std::mem::take(&mut st.deferred)).unwrap_or_default();
        drop(deferred);
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Drop task futures inside the runtime's context so their wakers and resources can
        // still find it.
        let _guard = enter(&self.state);
        let futures: Vec<_> = self
            .state
            .borrow_mut()
            .tasks
            .iter_mut()
            .map(|t| (t.future.take(), t.join.take()))
            .collect();
        drop(futures);
        let deferred = std::mem::take(&mut self.state.borrow_mut().deferred);
        drop(deferred);
    }
}

/// Builds a hang's wait-for graph from the trace: for each unfinished task, the resources
/// holding its wakers and who could trigger them.
fn wait_for_graph(trace: &Trace) -> Vec<WaitEdge> {
    let replay = Replay::new(trace.clone());
    let snap = replay.at(replay.len());
    let mut edges = Vec::new();
    for task in snap.tasks.values() {
        if matches!(task.state, TaskState::Done(_) | TaskState::Blocking) {
            continue;
        }
        let parked_at = match &task.frame {
            FrameState::Suspended { loc, .. } => loc.clone(),
            _ => None,
        };
        let held: Vec<_> = snap
            .wakers
            .values()
            .filter(|w| w.task == task.id)
            .filter_map(|w| w.holder.clone())
            .collect();
        if held.is_empty() {
            edges.push(WaitEdge {
                task: task.id,
                resource: None,
                resource_kind: None,
                resource_name: None,
                could_wake: "nobody: no live waker for this task exists, so nothing can ever wake it".into(),
                parked_at,
            });
            continue;
        }
        for (resource, slot) in held {
            let r = snap.resources.get(&resource);
            let kind = r.map(|r| r.kind);
            let attr = |name: &str| r.and_then(|r| r.attrs.get(name).cloned());
            let could_wake = match kind {
                Some(ResourceKind::Timer) => "the timer driver, at the deadline".to_string(),
                Some(ResourceKind::Oneshot) => {
                    "a send on the paired oneshot Sender, or dropping it".to_string()
                }
                Some(ResourceKind::Mpsc) if slot.contains("permit") => {
                    "the receiver taking a message (freeing capacity), or dropping the Receiver"
                        .to_string()
                }
                Some(ResourceKind::Mpsc) => {
                    "a send on one of the channel's Senders, or dropping every Sender".to_string()
                }
                Some(ResourceKind::Mutex) => {
                    match attr(HELD_BY).as_deref().and_then(LockHolder::parse) {
                        Some(LockHolder::Task(h)) => {
                            format!("{h}, which holds the lock, releasing it")
                        }
                        Some(LockHolder::HandedTo {
                            task: owner,
                            label,
                            line,
                        }) => {
                            let at = line.map_or(String::new(), |l| format!(" at line {l}"));
                            if owner == task.id {
                                format!(
                                    "polling `{label}`{at}, which the lock was handed to: a future this task owns but does not poll while it waits here"
                                )
                            } else {
                                format!(
                                    "{owner} polling `{label}`{at}, which the lock was handed to, and then releasing the lock"
                                )
                            }
                        }
                        _ => "whoever releases the lock".to_string(),
                    }
                }
                Some(ResourceKind::JoinHandle) => format!(
                    "{} finishing",
                    attr("task").unwrap_or_else(|| "the task".into())
                ),
                Some(ResourceKind::JoinSet) => "any task in the JoinSet finishing".to_string(),
                Some(ResourceKind::RwLock) => {
                    "whoever holds the lock letting go (every reader, or the writer)".to_string()
                }
                Some(ResourceKind::Notify) => {
                    "a call to `notify_one`, `notify_last` or `notify_waiters`".to_string()
                }
                Some(ResourceKind::Semaphore) => {
                    "a task returning a permit (dropping it), or `add_permits`".to_string()
                }
                Some(ResourceKind::DeferList) => "the runtime releasing deferred wakes".to_string(),
                Some(ResourceKind::Custom) | None => "whoever signals this resource".to_string(),
            };
            edges.push(WaitEdge {
                task: task.id,
                resource: Some(resource),
                resource_kind: kind,
                resource_name: r.map(|r| format!("{} ({slot})", r.name)),
                could_wake,
                parked_at: parked_at.clone(),
            });
        }
    }
    edges
}
