//! The picture model against hand-written fixture traces: narration at every step (golden),
//! lanes and bars, queue tokens, code marks, hit testing and the panels' descriptions.

use asyncviz_timeline::{
    code_marks, describe_outcome, hit_test, lint_message, lost_waker_stories, narrate,
    queue_tokens, synthetic_trace, task_details, waker_rows, AxisMode, BarKind, Geometry, Hit,
    LaneKind, MarkKind, OutcomeKind, Timeline, TokenPlace, TraceIndex, Viewport,
};
use asyncviz_trace::{Replay, TaskId, Trace};

fn fixture(name: &str) -> Trace {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    Trace::from_json(&text).expect("fixture parses")
}

fn transcript(trace: &Trace) -> String {
    let index = TraceIndex::new(trace);
    let replay = Replay::new(trace.clone());
    (0..=trace.events.len())
        .map(|step| format!("{step:>3} {}", narrate(trace, &index, &replay.at(step))))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn narration_of_join() {
    expect_test::expect_file!["fixtures/join.narration.txt"]
        .assert_eq(&transcript(&fixture("join")));
}

#[test]
fn narration_of_a_lost_waker() {
    expect_test::expect_file!["fixtures/lost.narration.txt"]
        .assert_eq(&transcript(&fixture("lost")));
}

#[test]
fn lanes_bars_marks_and_arrows_of_join() {
    let trace = fixture("join");
    let index = TraceIndex::new(&trace);
    let tl = Timeline::build(&trace, &index);
    let kinds: Vec<LaneKind> = tl.lanes().iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        vec![
            LaneKind::Task(TaskId(0)),
            LaneKind::Worker(0),
            LaneKind::TimerDriver
        ]
    );
    let main = &tl.lanes()[0];
    assert_eq!(main.label, "main");
    let polls: Vec<_> = main
        .bars
        .items()
        .iter()
        .map(|b| (b.first, b.last))
        .collect();
    assert_eq!(polls, vec![(3, 20), (31, 43)]);
    assert_eq!(main.children.len(), 4);
    assert_eq!(main.bands.len(), 2, "queued twice via the block_on flag");
    assert_eq!(tl.lanes()[1].bars.len(), 2, "the worker ran both polls");
    let timer_marks: Vec<_> = tl.lanes()[2].marks.items().iter().map(|m| m.kind).collect();
    assert!(matches!(
        timer_marks[0],
        MarkKind::TimerRegister {
            deadline: 1_000_000_000,
            ..
        }
    ));
    assert_eq!(
        timer_marks
            .iter()
            .filter(|k| matches!(k, MarkKind::TimerFire { .. }))
            .count(),
        2
    );
    // Two wakes, from the timer lane, both to main's second poll: one scheduled, one coalesced.
    let arrows = tl.arrows().items();
    assert_eq!(arrows.len(), 2);
    assert!(arrows
        .iter()
        .all(|a| a.from_lane == 2 && a.to_lane == 0 && a.to_seq == Some(31)));
    // Time only moves once, at the idle jump.
    assert_eq!(tl.time_jumps(), &[(0, 0), (22, 1_000_000_000)]);
    assert_eq!(index.polls_begun(31), 1);
    assert_eq!(index.polls_begun(32), 2);
    assert_eq!(index.next_poll_stop(0), Some(21));
    assert_eq!(index.next_poll_stop(21), Some(44));
    assert_eq!(index.prev_poll_stop(44), Some(21));
    assert_eq!(index.prev_poll_stop(21), None);
}

#[test]
fn queue_tokens_show_the_flag_and_coalescing() {
    let trace = fixture("join");
    let index = TraceIndex::new(&trace);
    let replay = Replay::new(trace.clone());
    let tokens = queue_tokens(&trace, &index, &replay.at(27));
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        (tokens[0].place, tokens[0].entered, tokens[0].label.as_str()),
        (TokenPlace::BlockOnFlag, true, "main")
    );
    let tokens = queue_tokens(&trace, &index, &replay.at(30));
    assert_eq!(tokens[0].coalesced, Some(2));
    let tokens = queue_tokens(&trace, &index, &replay.at(32));
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].place, TokenPlace::Running);
    assert!(queue_tokens(&trace, &index, &replay.at(23)).is_empty());
}

#[test]
fn code_marks_follow_the_current_event_and_parked_tasks() {
    let trace = fixture("join");
    let index = TraceIndex::new(&trace);
    let replay = Replay::new(trace.clone());
    let m = code_marks(&trace, &index, &replay.at(8), "fixture.rs");
    assert_eq!(m.current, Some(9), "creating the sleep");
    let m = code_marks(&trace, &index, &replay.at(21), "fixture.rs");
    assert_eq!(m.parked.get(&17), Some(&vec![TaskId(0)]));
    let m = code_marks(&trace, &index, &replay.at(32), "fixture.rs");
    assert_eq!(m.current, Some(17), "resuming where it parked");
    assert_eq!(
        code_marks(&trace, &index, &replay.at(8), "other.rs").current,
        None
    );
    assert_eq!(
        code_marks(&trace, &index, &replay.at(8), "src/fixture.rs").current,
        Some(9)
    );
}

#[test]
fn panels_describe_tasks_wakers_and_the_outcome() {
    let trace = fixture("join");
    let index = TraceIndex::new(&trace);
    let replay = Replay::new(trace.clone());
    let snap = replay.at(21);
    let d = task_details(&index, &snap, TaskId(0)).unwrap();
    assert_eq!(d.variant, "Suspended(1)");
    assert_eq!(d.frame_line, Some(17));
    assert_eq!(
        d.locals,
        vec![("start".to_string(), "Instant(0 ms)".to_string())]
    );
    assert_eq!(d.pin[0], ("Address".to_string(), "0x1000".to_string()));
    let rows = waker_rows(&trace, &index, &snap);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].holder, "`sleep(1000 ms)` · timer entry");
    assert_eq!(
        rows[0].history.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        vec![10, 11]
    );
    let o = describe_outcome(&trace, &index);
    assert_eq!(
        (o.kind, o.title.as_str()),
        (OutcomeKind::Finished, "Finished at t = 1 s")
    );

    let lost = fixture("lost");
    let index = TraceIndex::new(&lost);
    let replay = Replay::new(lost.clone());
    let stories = lost_waker_stories(&index, &replay.at(lost.events.len()));
    assert_eq!(
        stories,
        vec![(TaskId(1), "Task 1 (forgetful) is Pending and no one holds its waker, so nothing can ever wake it. It is parked at `Forgetful` (line 6).".to_string())]
    );
    let o = describe_outcome(&lost, &index);
    assert_eq!(o.kind, OutcomeKind::Hang);
    assert_eq!(o.details.len(), 2);
    assert!(
        o.details[1]
            .starts_with("Task 1 (forgetful) is Pending at line 6 and no one holds its waker"),
        "{}",
        o.details[1]
    );
    // The lint names the task the way the story does, not by its bare id.
    let messages: Vec<String> = asyncviz_trace::lints(&lost)
        .iter()
        .map(|l| lint_message(&index, l))
        .collect();
    assert!(
        messages.contains(&"Task 1 (forgetful) is Pending and no one holds its waker, so nothing can ever wake it.".to_string()),
        "{messages:?}"
    );
}

#[test]
fn hit_testing_finds_bars_arrows_and_places() {
    let trace = fixture("join");
    let index = TraceIndex::new(&trace);
    let tl = Timeline::build(&trace, &index);
    let vp = Viewport::fit(tl.extent(AxisMode::Step), 8.0);
    let g = Geometry {
        width: 1000.0,
        height: 200.0,
        gutter: 100.0,
        axis_h: 30.0,
        lane_h: 30.0,
        first_lane: 0,
        mode: AxisMode::Step,
    };
    // 900 px for 45 events: 20 px per event. Main's first poll covers seqs 3..=20.
    let bar = tl.lanes()[0].bars.items()[0];
    let r = g.bar_rect(&tl, &vp, 0, &bar);
    assert_eq!((r.x, r.w), (160.5, 359.0));
    let hit = hit_test(&tl, &vp, &g, r.x + r.w / 2.0, r.y + r.h / 2.0, true).unwrap();
    assert_eq!(hit, Hit::Bar { lane: 0, bar: 0 });
    assert_eq!(hit.step(&tl), 21, "selecting a poll shows its end");
    assert_eq!(hit.task(&tl), Some(TaskId(0)));
    assert!(matches!(
        tl.lanes()[0].bars.items()[0].kind,
        BarKind::Poll { .. }
    ));
    // The middle of the first wake arrow.
    let c = g.arrow_curve(&tl, &vp, &tl.arrows().items()[0]);
    let (mx, my) = c.at(0.5);
    assert_eq!(
        hit_test(&tl, &vp, &g, mx, my, true),
        Some(Hit::Arrow { arrow: 0 })
    );
    assert_eq!(Hit::Arrow { arrow: 0 }.step(&tl), 26);
    // Empty space on the axis means a place in time.
    assert_eq!(
        hit_test(&tl, &vp, &g, 100.0 + 200.0, 10.0, true),
        Some(Hit::Place {
            lane: None,
            step: 10
        })
    );
    assert_eq!(
        hit_test(&tl, &vp, &g, 50.0, 50.0, true),
        None,
        "the gutter is not the plot"
    );
    // Time mode: both polls are at distinct times, the x axis is nanoseconds.
    let g = Geometry {
        mode: AxisMode::Time,
        ..g
    };
    let vp = Viewport::fit(tl.extent(AxisMode::Time), 1000.0);
    let r = g.bar_rect(&tl, &vp, 0, &bar);
    assert_eq!(
        r.w,
        asyncviz_timeline::BAR_MIN_PX,
        "a zero-time poll keeps a minimum width"
    );
}

#[test]
fn every_step_of_a_big_synthetic_trace_narrates_and_lays_out() {
    let trace = synthetic_trace(5_000);
    let index = TraceIndex::new(&trace);
    let tl = Timeline::build(&trace, &index);
    let replay = Replay::new(trace.clone());
    for step in 0..=trace.events.len() {
        let snap = replay.at(step);
        assert!(!narrate(&trace, &index, &snap).is_empty());
        let _ = queue_tokens(&trace, &index, &snap);
        let _ = code_marks(&trace, &index, &snap, "synthetic.rs");
    }
    let bars: usize = tl
        .lanes()
        .iter()
        .filter(|l| matches!(l.kind, LaneKind::Task(_)))
        .map(|l| l.bars.len())
        .sum();
    assert_eq!(bars, index.polls().len());
}
