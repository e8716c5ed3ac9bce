//! Synthetic traces of any size, for benchmarks and tests: `main` spawns workers that sleep in a
//! loop and then joins them. The events follow the executor's vocabulary and order (queue pop,
//! poll, timer register, waker clone and store, park, time jump, fire, wake, schedule).

use asyncviz_trace::{
    Actor, AdvanceReason, Event, EventKind, FrameState, Loc, Outcome, PollResult, QueueKind,
    ResourceId, ResourceKind, ScheduleCause, Stream, TaskId, TaskKind, TerminateOutcome, Trace,
    TraceMeta, WakeEffect, WakerId, FORMAT_VERSION,
};
use std::collections::{BTreeMap, VecDeque};

/// The program a synthetic trace pretends to run; the trace's locs point into it.
pub const SYNTHETIC_SOURCE: &str = r#"// Synthetic benchmark program: many tasks sleep in a loop.
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut handles = Vec::new();
    for i in 0..TASKS {
        handles.push(tokio::spawn(worker(i)));
    }
    for h in handles {
        h.await.unwrap();
    }
}

async fn worker(i: u64) {
    for round in 0..ROUNDS {
        sleep(Duration::from_millis(1 + i % 7)).await;
        if round % 8 == 0 {
            println!("worker {i} round {round}");
        }
    }
}
"#;

/// The file name synthetic locs use.
pub const SYNTHETIC_FILE: &str = "synthetic.rs";

struct Sim {
    events: Vec<Event>,
    t: u64,
    next_waker: u32,
    next_res: u32,
}

impl Sim {
    fn emit(&mut self, kind: EventKind) {
        let seq = self.events.len() as u64;
        self.events.push(Event {
            seq,
            t: self.t,
            worker: 0,
            kind,
        });
    }
    fn waker(&mut self) -> WakerId {
        self.next_waker += 1;
        WakerId(self.next_waker)
    }
    fn resource(&mut self) -> ResourceId {
        self.next_res += 1;
        ResourceId(self.next_res)
    }
}

fn loc(line: u32, col: u32) -> Option<Loc> {
    Some(Loc {
        file: SYNTHETIC_FILE.to_string(),
        line,
        col,
    })
}

/// A trace of roughly `target_events` events (at least a few hundred).
pub fn synthetic_trace(target_events: usize) -> Trace {
    let tasks = (target_events / 400).clamp(4, 32) as u32;
    let rounds = (target_events / (tasks as usize * 14)).max(1) as u32;
    let mut sim = Sim {
        // A run comes out a few percent over its target (about 103k events for 100k); reserving
        // too little would copy the whole trace once more at the end.
        events: Vec::with_capacity(target_events + target_events / 8 + 64),
        t: 0,
        next_waker: 0,
        next_res: 0,
    };
    let main = TaskId(0);
    sim.emit(EventKind::TaskSpawn {
        task: main,
        parent: None,
        name: "main".into(),
        task_kind: TaskKind::BlockOn,
        loc: loc(4, 1),
    });
    sim.emit(EventKind::TaskSchedule {
        task: main,
        cause: ScheduleCause::Spawn,
        by: Actor::Runtime,
        waker: None,
        queue: QueueKind::BlockOnFlag,
        depth_after: 0,
    });

    let mut queue: VecDeque<TaskId> = VecDeque::new();
    let mut main_woken = true;
    let mut polls: BTreeMap<TaskId, u32> = BTreeMap::new();
    let mut done_rounds: BTreeMap<TaskId, u32> = BTreeMap::new();
    let mut finished: BTreeMap<TaskId, bool> = BTreeMap::new();
    let mut timer_of: BTreeMap<TaskId, ResourceId> = BTreeMap::new();
    // Pending timers by (deadline, registration order): timer, task, waker.
    let mut timers: BTreeMap<(u64, u64), (ResourceId, TaskId, WakerId)> = BTreeMap::new();
    let mut handles: Vec<(TaskId, ResourceId)> = Vec::new();
    let mut joining = 0usize;
    let mut main_waiting_on: Option<(TaskId, ResourceId, WakerId)> = None;
    let mut reg = 0u64;

    // One scheduler tick per call (`hot::repeat` says why it is a closure).
    crate::hot::repeat(&mut || {
        let (task, is_main) = if main_woken {
            main_woken = false;
            sim.emit(EventKind::QueuePop {
                task: main,
                queue: QueueKind::BlockOnFlag,
                depth_after: 0,
            });
            (main, true)
        } else if let Some(t) = queue.pop_front() {
            sim.emit(EventKind::QueuePop {
                task: t,
                queue: QueueKind::Local,
                depth_after: queue.len() as u32,
            });
            (t, false)
        } else if let Some((&(deadline, _), _)) = timers.iter().next() {
            sim.emit(EventKind::Park {
                ready: 0,
                timers: timers.len() as u32,
            });
            let from = sim.t;
            sim.t = deadline;
            sim.emit(EventKind::TimeAdvance {
                from,
                to: deadline,
                reason: AdvanceReason::IdleJump,
            });
            while let Some(entry) = timers.first_entry() {
                if entry.key().0 > sim.t {
                    break;
                }
                let (timer, task, waker) = entry.remove();
                sim.emit(EventKind::TimerFire { timer });
                sim.emit(EventKind::WakerTake {
                    waker,
                    resource: timer,
                });
                sim.emit(EventKind::WakerWake {
                    task,
                    waker: Some(waker),
                    by_ref: false,
                    by: Actor::Timer,
                    effect: WakeEffect::Scheduled,
                });
                queue.push_back(task);
                sim.emit(EventKind::TaskSchedule {
                    task,
                    cause: ScheduleCause::Wake,
                    by: Actor::Timer,
                    waker: Some(waker),
                    queue: QueueKind::Local,
                    depth_after: queue.len() as u32,
                });
            }
            return true;
        } else {
            return false;
        };

        let poll_no = polls.entry(task).or_insert(0);
        *poll_no += 1;
        let poll_no = *poll_no;
        sim.emit(EventKind::PollStart { task, poll_no });
        if poll_no == 1 {
            sim.emit(EventKind::Pin {
                task,
                addr: 0x1000 + task.0 as u64 * 0x200,
                size: if is_main { 320 } else { 96 },
                unpin: Some(false),
                pinned: true,
                moved_from: None,
            });
        }
        sim.emit(EventKind::FutureState {
            task,
            state: FrameState::Running,
        });

        if is_main {
            if poll_no == 1 {
                for k in 1..=tasks {
                    let child = TaskId(k);
                    sim.emit(EventKind::TaskSpawn {
                        task: child,
                        parent: Some(main),
                        name: format!("worker {}", k - 1),
                        task_kind: TaskKind::Spawned,
                        loc: loc(8, 22),
                    });
                    let handle = sim.resource();
                    sim.emit(EventKind::ResourceNew {
                        resource: handle,
                        resource_kind: ResourceKind::JoinHandle,
                        name: format!("JoinHandle<task {k}>"),
                        loc: loc(8, 22),
                    });
                    queue.push_back(child);
                    sim.emit(EventKind::TaskSchedule {
                        task: child,
                        cause: ScheduleCause::Spawn,
                        by: Actor::Task(main),
                        waker: None,
                        queue: QueueKind::Local,
                        depth_after: queue.len() as u32,
                    });
                    handles.push((child, handle));
                }
            } else if let Some((_, handle, _)) = main_waiting_on.take() {
                sim.emit(EventKind::ResourceDrop { resource: handle });
                joining += 1;
            }
            while joining < handles.len()
                && finished.get(&handles[joining].0).copied().unwrap_or(false)
            {
                sim.emit(EventKind::ResourceDrop {
                    resource: handles[joining].1,
                });
                joining += 1;
            }
            if joining >= handles.len() {
                sim.emit(EventKind::FutureState {
                    task,
                    state: FrameState::Returned,
                });
                sim.emit(EventKind::PollEnd {
                    task,
                    result: PollResult::Ready,
                });
                sim.emit(EventKind::TaskTerminate {
                    task,
                    outcome: TerminateOutcome::Ready,
                });
                return false;
            }
            let (child, handle) = handles[joining];
            let w = sim.waker();
            sim.emit(EventKind::WakerClone {
                task: main,
                waker: w,
                from: None,
                by: Actor::Task(main),
            });
            sim.emit(EventKind::WakerStore {
                waker: w,
                task: main,
                resource: handle,
                slot: "join waker".into(),
            });
            sim.emit(EventKind::FutureState {
                task,
                state: FrameState::Suspended {
                    index: 1,
                    label: format!("JoinHandle<task {}>", child.0),
                    loc: loc(11, 17),
                    locals: Vec::new(),
                },
            });
            sim.emit(EventKind::PollEnd {
                task,
                result: PollResult::Pending,
            });
            main_waiting_on = Some((child, handle, w));
            return true;
        }

        if let Some(old) = timer_of.remove(&task) {
            sim.emit(EventKind::ResourceDrop { resource: old });
        }
        let round = done_rounds.entry(task).or_insert(0);
        if poll_no > 1 {
            if (*round).is_multiple_of(8) {
                sim.emit(EventKind::Output {
                    task: Some(task),
                    stream: Stream::Stdout,
                    text: format!("worker {} round {}\n", task.0 - 1, *round),
                });
            }
            *round += 1;
        }
        if *round >= rounds {
            sim.emit(EventKind::FutureState {
                task,
                state: FrameState::Returned,
            });
            if let Some((waited, handle, w)) = main_waiting_on {
                if waited == task {
                    sim.emit(EventKind::WakerTake {
                        waker: w,
                        resource: handle,
                    });
                    sim.emit(EventKind::WakerWake {
                        task: main,
                        waker: Some(w),
                        by_ref: false,
                        by: Actor::Task(task),
                        effect: WakeEffect::Scheduled,
                    });
                    sim.emit(EventKind::TaskSchedule {
                        task: main,
                        cause: ScheduleCause::Wake,
                        by: Actor::Task(task),
                        waker: Some(w),
                        queue: QueueKind::BlockOnFlag,
                        depth_after: 0,
                    });
                    main_woken = true;
                }
            }
            sim.emit(EventKind::PollEnd {
                task,
                result: PollResult::Ready,
            });
            sim.emit(EventKind::TaskTerminate {
                task,
                outcome: TerminateOutcome::Ready,
            });
            finished.insert(task, true);
            return true;
        }
        let ms = 1 + (task.0 as u64 - 1) % 7;
        let timer = sim.resource();
        sim.emit(EventKind::ResourceNew {
            resource: timer,
            resource_kind: ResourceKind::Timer,
            name: format!("sleep({ms} ms)"),
            loc: loc(17, 9),
        });
        let deadline = sim.t + ms * 1_000_000;
        sim.emit(EventKind::TimerRegister {
            timer,
            deadline,
            task,
        });
        let w = sim.waker();
        sim.emit(EventKind::WakerClone {
            task,
            waker: w,
            from: None,
            by: Actor::Task(task),
        });
        sim.emit(EventKind::WakerStore {
            waker: w,
            task,
            resource: timer,
            slot: "timer entry".into(),
        });
        sim.emit(EventKind::FutureState {
            task,
            state: FrameState::Suspended {
                index: 1,
                label: format!("sleep({ms} ms)"),
                loc: loc(17, 9),
                locals: vec![("round".into(), round.to_string())],
            },
        });
        sim.emit(EventKind::PollEnd {
            task,
            result: PollResult::Pending,
        });
        timer_of.insert(task, timer);
        reg += 1;
        timers.insert((deadline, reg), (timer, task, w));
        true
    });

    // The generated runs have no lints (every waker is held, nothing blocks; a test checks that
    // `lints` finds none), so the benchmark does not pay for a second pass to compute them.
    Trace {
        format: FORMAT_VERSION,
        meta: TraceMeta {
            program: format!("synthetic-{target_events}"),
            flavor: "current_thread".into(),
            workers: 1,
            poll_cost_ns: 0,
            seed: 0,
            deviations: vec!["A synthetic trace made for benchmarks; no program ran.".into()],
        },
        events: sim.events,
        outcome: Outcome::Finished { t: sim.t },
        lints: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_trace::{lints, Replay};

    #[test]
    fn sizes_and_a_clean_end() {
        for n in [1_000, 10_000] {
            let trace = synthetic_trace(n);
            let len = trace.events.len();
            assert!(len > n * 8 / 10 && len < n * 13 / 10, "{n} -> {len}");
            assert!(matches!(trace.outcome, Outcome::Finished { .. }));
            assert!(lints(&trace).is_empty(), "{:?}", lints(&trace));
            let replay = Replay::new(trace);
            let end = replay.at(len);
            assert!(end.run_queue.is_empty() && end.wakers.is_empty() && end.timers.is_empty());
        }
    }
}
