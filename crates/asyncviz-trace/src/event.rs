//! The event vocabulary. It follows the schema in `shared/research/runtime-introspection.md` §6,
//! with names that mirror tokio's task hooks and tokio-console's waker operations.

use crate::ids::{ResourceId, TaskId, WakerId};
use serde::{Deserialize, Serialize};

/// One thing that happened, at one virtual instant.
///
/// Invariant: `seq` equals the event's index in [`crate::Trace::events`], and `t` never decreases
/// along that list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Global sequence number, the event's index in the trace.
    pub seq: u64,
    /// Virtual time in nanoseconds since the runtime started.
    pub t: u64,
    /// The worker thread this happened on. The `current_thread` runtime has one worker, 0.
    pub worker: u32,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// A place in the program's source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Loc {
    /// The source file, as the program names it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// Who did something: which task was running, or which part of the runtime acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "actor", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A task's poll was running.
    Task(TaskId),
    /// The timer driver, while it fires expired timers.
    Timer,
    /// A resource acting on its own, such as a channel being closed at shutdown.
    Resource(ResourceId),
    /// A lane of the blocking pool (`spawn_blocking`).
    Blocking(u32),
    /// The runtime itself: spawning, deferred wakes, shutdown.
    Runtime,
}

/// What kind of task this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// The future passed to `block_on` (what `#[tokio::main]` wraps `main` in).
    BlockOn,
    /// A task from `tokio::spawn`.
    Spawned,
    /// A closure from `spawn_blocking`, run on the blocking pool.
    Blocking,
}

/// Why a task entered a run queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleCause {
    /// It was just spawned.
    Spawn,
    /// A waker was woken.
    Wake,
    /// It woke itself while it was being polled and goes to the back of the queue.
    SelfWake,
    /// A deferred wake (from `yield_now` or the coop budget) was released.
    Yield,
    /// `JoinHandle::abort` asked for it to be cancelled.
    Abort,
}

/// Which queue a task entered or left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// The worker's local FIFO run queue.
    Local,
    /// The shared inject queue for wakes from outside the runtime (the blocking pool).
    Inject,
    /// The `block_on` future is not queued: a "woken" flag makes the loop poll it next.
    BlockOnFlag,
}

/// What a poll returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollResult {
    /// `Poll::Pending`.
    Pending,
    /// `Poll::Ready`.
    Ready,
    /// The poll panicked.
    Panicked,
}

/// What a wake did to the woken task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WakeEffect {
    /// The task was idle and entered a run queue.
    Scheduled,
    /// The task was already queued, so this wake merged with the earlier one.
    Coalesced,
    /// The task was running; it is re-queued when its poll returns.
    Notified,
    /// The task has finished; nothing happens.
    Ignored,
}

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminateOutcome {
    /// Its future returned `Ready`.
    Ready,
    /// It was aborted through its `JoinHandle`.
    Cancelled,
    /// Its poll panicked.
    Panicked,
    /// The runtime shut down (main returned) before it finished, so it was dropped.
    DroppedAtShutdown,
}

/// The label of an await point whose future the program did not name (a hand-written future,
/// say): prose, not code, so the page does not set it in code type.
pub const UNKNOWN_AWAIT: &str = "a future of the program";

/// Where a future's state machine is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FrameState {
    /// Created but never polled.
    Unresumed,
    /// Parked at an await point.
    Suspended {
        /// Which await point, counting from 1 in the order the task reached them.
        index: u32,
        /// What it awaits, e.g. `sleep(100 ms)`, or [`UNKNOWN_AWAIT`].
        label: String,
        /// Where in the source.
        loc: Option<Loc>,
        /// The locals the frame holds across this await, as (name, value) display pairs, where
        /// known (the interpreter knows them; compiled Rust does not).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        locals: Vec<(String, String)>,
    },
    /// Running: it is being polled right now.
    Running,
    /// Finished.
    Returned,
}

/// Which kind of resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// A `Sleep` timer entry.
    Timer,
    /// A `oneshot` channel.
    Oneshot,
    /// An `mpsc` channel.
    Mpsc,
    /// A `tokio::sync::Mutex`.
    Mutex,
    /// A `JoinHandle`'s join waker slot.
    JoinHandle,
    /// A `JoinSet`: the tasks it holds, and the waker of the task waiting in `join_next`.
    JoinSet,
    /// A `tokio::sync::Semaphore`: its free permits and its queue of waiters.
    Semaphore,
    /// A `tokio::sync::Notify`: its stored permit and its waiting `Notified` futures.
    Notify,
    /// A `tokio::sync::RwLock`: its readers, its writer and its queue.
    RwLock,
    /// The runtime's deferred-wake list (`yield_now`).
    DeferList,
    /// A resource the program defined itself.
    Custom,
}

/// Which output stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// `println!` / `print!`.
    Stdout,
    /// `eprintln!`.
    Stderr,
}

/// Why virtual time moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdvanceReason {
    /// Nothing was runnable, so the clock jumped to the next timer (tokio's paused clock).
    IdleJump,
    /// The configured per-poll cost.
    PollCost,
    /// A blocking call inside a poll kept the worker busy.
    Blocking,
}

/// The kinds of event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ev", rename_all = "snake_case")]
pub enum EventKind {
    /// A task was created.
    TaskSpawn {
        /// The new task.
        task: TaskId,
        /// The task that spawned it, if any.
        parent: Option<TaskId>,
        /// A display name.
        name: String,
        /// What kind of task.
        task_kind: TaskKind,
        /// Where it was spawned.
        loc: Option<Loc>,
    },
    /// A task entered a run queue (or, for `block_on`, its woken flag was set).
    TaskSchedule {
        /// The task.
        task: TaskId,
        /// Why.
        cause: ScheduleCause,
        /// Who caused it.
        by: Actor,
        /// The waker that was woken, if a waker did it.
        waker: Option<WakerId>,
        /// Which queue.
        queue: QueueKind,
        /// Queue length after the push.
        depth_after: u32,
    },
    /// The scheduler took a task from a run queue.
    QueuePop {
        /// The task.
        task: TaskId,
        /// Which queue.
        queue: QueueKind,
        /// Queue length after the pop.
        depth_after: u32,
    },
    /// A poll of a task began.
    PollStart {
        /// The task.
        task: TaskId,
        /// 1-based poll count for this task.
        poll_no: u32,
    },
    /// A poll of a task ended.
    PollEnd {
        /// The task.
        task: TaskId,
        /// What it returned.
        result: PollResult,
    },
    /// A combinator (`join!`, `select!`) began polling one of its children.
    ChildPollStart {
        /// The task doing the polling.
        task: TaskId,
        /// Nesting depth, 1 for a direct child of the task's future.
        depth: u32,
        /// Which branch, from 0.
        branch: u32,
        /// The combinator and branch, e.g. `join! branch 1`.
        label: String,
    },
    /// A child poll ended.
    ChildPollEnd {
        /// The task doing the polling.
        task: TaskId,
        /// Nesting depth.
        depth: u32,
        /// Which branch.
        branch: u32,
        /// What the child returned.
        result: PollResult,
    },
    /// A waker was cloned. The first waker of each poll is cloned from the task's own.
    WakerClone {
        /// Whose waker it is.
        task: TaskId,
        /// The new clone.
        waker: WakerId,
        /// The waker it was cloned from, if it was not the poll's borrowed waker.
        from: Option<WakerId>,
        /// Who cloned it.
        by: Actor,
    },
    /// A waker clone was dropped without being woken.
    WakerDrop {
        /// Whose waker it is.
        task: TaskId,
        /// The clone.
        waker: WakerId,
        /// Who dropped it.
        by: Actor,
    },
    /// A waker was woken.
    WakerWake {
        /// Whose waker it is (the task that will be woken).
        task: TaskId,
        /// The clone that was used; `None` for the poll's borrowed waker.
        waker: Option<WakerId>,
        /// `wake_by_ref` keeps the clone alive; `wake` consumes it.
        by_ref: bool,
        /// Who called wake.
        by: Actor,
        /// What it did.
        effect: WakeEffect,
    },
    /// A resource stored a waker clone in one of its slots.
    WakerStore {
        /// The clone.
        waker: WakerId,
        /// Whose waker it is.
        task: TaskId,
        /// The resource.
        resource: ResourceId,
        /// Which slot, e.g. `rx waiter`.
        slot: String,
    },
    /// A resource let go of a stored waker (to wake it or drop it).
    WakerTake {
        /// The clone.
        waker: WakerId,
        /// The resource.
        resource: ResourceId,
    },
    /// A resource was created.
    ResourceNew {
        /// The resource.
        resource: ResourceId,
        /// Its kind.
        resource_kind: ResourceKind,
        /// A display name, e.g. `sleep(100 ms)`.
        name: String,
        /// Where it was created.
        loc: Option<Loc>,
    },
    /// A resource attribute changed, e.g. a channel's queued count.
    ResourceState {
        /// The resource.
        resource: ResourceId,
        /// The attribute.
        attr: String,
        /// Its new value, as display text.
        value: String,
    },
    /// A resource was dropped.
    ResourceDrop {
        /// The resource.
        resource: ResourceId,
    },
    /// A task's state machine changed state (parked at an await point, running, returned).
    FutureState {
        /// The task.
        task: TaskId,
        /// Its new state.
        state: FrameState,
    },
    /// Where a task's future lives in memory.
    Pin {
        /// The task.
        task: TaskId,
        /// A virtual address, assigned in allocation order so traces stay deterministic.
        addr: u64,
        /// `size_of_val` of the future, in bytes.
        size: u64,
        /// Whether the future type is `Unpin`, where that is known.
        unpin: Option<bool>,
        /// Whether the future is pinned (heap-pinned tasks always are).
        pinned: bool,
        /// The previous virtual address if the future moved.
        moved_from: Option<u64>,
    },
    /// A timer entry was registered in the timer wheel (on a `Sleep`'s first poll).
    TimerRegister {
        /// The timer resource.
        timer: ResourceId,
        /// Its deadline, virtual ns.
        deadline: u64,
        /// The task that registered it.
        task: TaskId,
    },
    /// A timer's deadline passed and the driver fired it.
    TimerFire {
        /// The timer resource.
        timer: ResourceId,
    },
    /// Virtual time moved.
    TimeAdvance {
        /// From, virtual ns.
        from: u64,
        /// To, virtual ns.
        to: u64,
        /// Why.
        reason: AdvanceReason,
    },
    /// A blocking call inside a poll (such as `std::thread::sleep`) kept the worker busy.
    Block {
        /// The task whose poll blocked.
        task: TaskId,
        /// For how long, virtual ns.
        duration: u64,
        /// What blocked, e.g. `std::thread::sleep(1 s)`.
        label: String,
    },
    /// A `spawn_blocking` closure started on a blocking-pool lane.
    BlockingStart {
        /// The blocking task.
        task: TaskId,
        /// The pool lane.
        lane: u32,
        /// When it will finish, virtual ns.
        until: u64,
    },
    /// A `spawn_blocking` closure finished.
    BlockingEnd {
        /// The blocking task.
        task: TaskId,
        /// The pool lane.
        lane: u32,
    },
    /// The worker parked: nothing to run, so it waits on the driver.
    Park {
        /// Tasks in the run queue.
        ready: u32,
        /// Pending timers.
        timers: u32,
    },
    /// `JoinHandle::abort` was called.
    Abort {
        /// The task asked to stop.
        task: TaskId,
        /// Who asked.
        by: Actor,
    },
    /// A task finished.
    TaskTerminate {
        /// The task.
        task: TaskId,
        /// How.
        outcome: TerminateOutcome,
    },
    /// The program printed something.
    Output {
        /// The task that printed it, if a task was running.
        task: Option<TaskId>,
        /// Which stream.
        stream: Stream,
        /// The text, including its trailing newline if any.
        text: String,
    },
}

impl EventKind {
    /// The event's name as it appears in JSON, e.g. `poll_start`.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::TaskSpawn { .. } => "task_spawn",
            EventKind::TaskSchedule { .. } => "task_schedule",
            EventKind::QueuePop { .. } => "queue_pop",
            EventKind::PollStart { .. } => "poll_start",
            EventKind::PollEnd { .. } => "poll_end",
            EventKind::ChildPollStart { .. } => "child_poll_start",
            EventKind::ChildPollEnd { .. } => "child_poll_end",
            EventKind::WakerClone { .. } => "waker_clone",
            EventKind::WakerDrop { .. } => "waker_drop",
            EventKind::WakerWake { .. } => "waker_wake",
            EventKind::WakerStore { .. } => "waker_store",
            EventKind::WakerTake { .. } => "waker_take",
            EventKind::ResourceNew { .. } => "resource_new",
            EventKind::ResourceState { .. } => "resource_state",
            EventKind::ResourceDrop { .. } => "resource_drop",
            EventKind::FutureState { .. } => "future_state",
            EventKind::Pin { .. } => "pin",
            EventKind::TimerRegister { .. } => "timer_register",
            EventKind::TimerFire { .. } => "timer_fire",
            EventKind::TimeAdvance { .. } => "time_advance",
            EventKind::Block { .. } => "block",
            EventKind::BlockingStart { .. } => "blocking_start",
            EventKind::BlockingEnd { .. } => "blocking_end",
            EventKind::Park { .. } => "park",
            EventKind::Abort { .. } => "abort",
            EventKind::TaskTerminate { .. } => "task_terminate",
            EventKind::Output { .. } => "output",
        }
    }

    /// The task this event is mostly about, if any.
    pub fn task(&self) -> Option<TaskId> {
        match self {
            EventKind::TaskSpawn { task, .. }
            | EventKind::TaskSchedule { task, .. }
            | EventKind::QueuePop { task, .. }
            | EventKind::PollStart { task, .. }
            | EventKind::PollEnd { task, .. }
            | EventKind::ChildPollStart { task, .. }
            | EventKind::ChildPollEnd { task, .. }
            | EventKind::WakerClone { task, .. }
            | EventKind::WakerDrop { task, .. }
            | EventKind::WakerWake { task, .. }
            | EventKind::WakerStore { task, .. }
            | EventKind::FutureState { task, .. }
            | EventKind::Pin { task, .. }
            | EventKind::TimerRegister { task, .. }
            | EventKind::Block { task, .. }
            | EventKind::BlockingStart { task, .. }
            | EventKind::BlockingEnd { task, .. }
            | EventKind::Abort { task, .. }
            | EventKind::TaskTerminate { task, .. } => Some(*task),
            EventKind::Output { task, .. } => *task,
            EventKind::WakerTake { .. }
            | EventKind::ResourceNew { .. }
            | EventKind::ResourceState { .. }
            | EventKind::ResourceDrop { .. }
            | EventKind::TimerFire { .. }
            | EventKind::TimeAdvance { .. }
            | EventKind::Park { .. } => None,
        }
    }
}
