//! A scenario's lesson header, parsed from its file, and running a scenario by id.

use asyncviz_executor::{Builder, Program};
use asyncviz_trace::Trace;
use std::time::Duration;

/// How a scenario's run is meant to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedOutcome {
    /// `main` returns.
    Finishes,
    /// The program hangs on purpose (`// outcome: hang`): it is a lesson about a lost wakeup.
    Hangs,
}

/// One teaching scenario: its header, its source text, and how it is run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The catalogue id, such as `sequential-await-vs-join`.
    pub id: &'static str,
    /// The catalogue number, 1 to 29.
    pub number: u32,
    /// The title (`// title:`), with Markdown backticks.
    pub title: String,
    /// What to watch for in the timeline (`// watch:`), in order.
    pub watch: Vec<String>,
    /// The misconception the scenario corrects (`// misconception:`), one sentence.
    pub misconception: String,
    /// Where the program differs from real tokio or simplifies the catalogue (`// deviation:`).
    pub deviations: Vec<String>,
    /// The whole file, header included.
    pub source: &'static str,
    /// The file name inside `scenarios/`, such as `05-sequential-await-vs-join.rs`.
    pub file: &'static str,
    /// How the run should end (`// outcome: hang`, or finishes when absent).
    pub expected_outcome: ExpectedOutcome,
    /// Virtual time charged per poll, when the scenario asks for one (`// poll-cost: 10us`).
    pub poll_cost: Option<Duration>,
}

/// A scenario file: its name, its text, and its program.
type File = (&'static str, &'static str, fn() -> Program);

/// Every scenario file, in number order.
const FILES: &[File] = &[
    (
        "01-hello-tokio-block-on.rs",
        include_str!("../../../scenarios/01-hello-tokio-block-on.rs"),
        crate::s01::program,
    ),
    (
        "02-add-vs-wait-to-add.rs",
        include_str!("../../../scenarios/02-add-vs-wait-to-add.rs"),
        crate::s02::program,
    ),
    (
        "03-futures-are-lazy.rs",
        include_str!("../../../scenarios/03-futures-are-lazy.rs"),
        crate::s03::program,
    ),
    (
        "04-async-fn-state-machine.rs",
        include_str!("../../../scenarios/04-async-fn-state-machine.rs"),
        crate::s04::program,
    ),
    (
        "05-sequential-await-vs-join.rs",
        include_str!("../../../scenarios/05-sequential-await-vs-join.rs"),
        crate::s05::program,
    ),
    (
        "06-threads-vs-tasks-c10k.rs",
        include_str!("../../../scenarios/06-threads-vs-tasks-c10k.rs"),
        crate::s06::program,
    ),
    (
        "07-spawn-without-join.rs",
        include_str!("../../../scenarios/07-spawn-without-join.rs"),
        crate::s07::program,
    ),
    (
        "08-spawn-joinhandle-await.rs",
        include_str!("../../../scenarios/08-spawn-joinhandle-await.rs"),
        crate::s08::program,
    ),
    (
        "09-select-race.rs",
        include_str!("../../../scenarios/09-select-race.rs"),
        crate::s09::program,
    ),
    (
        "10-timeout.rs",
        include_str!("../../../scenarios/10-timeout.rs"),
        crate::s10::program,
    ),
    (
        "11-cancellation-by-drop.rs",
        include_str!("../../../scenarios/11-cancellation-by-drop.rs"),
        crate::s11::program,
    ),
    (
        "12-starvation-yield-now.rs",
        include_str!("../../../scenarios/12-starvation-yield-now.rs"),
        crate::s12::program,
    ),
    (
        "13-blocking-in-async.rs",
        include_str!("../../../scenarios/13-blocking-in-async.rs"),
        crate::s13::program,
    ),
    (
        "14-multi-thread-lifo-trap.rs",
        include_str!("../../../scenarios/14-multi-thread-lifo-trap.rs"),
        crate::s14::program,
    ),
    (
        "15-coop-budget-always-ready.rs",
        include_str!("../../../scenarios/15-coop-budget-always-ready.rs"),
        crate::s15::program,
    ),
    (
        "16-busy-poll-vs-waker.rs",
        include_str!("../../../scenarios/16-busy-poll-vs-waker.rs"),
        crate::s16::program,
    ),
    (
        "17-lost-wakeup-hang.rs",
        include_str!("../../../scenarios/17-lost-wakeup-hang.rs"),
        crate::s17::program,
    ),
    (
        "18-timer-future-executor.rs",
        include_str!("../../../scenarios/18-timer-future-executor.rs"),
        crate::s18::program,
    ),
    (
        "19-mini-tokio-stale-waker.rs",
        include_str!("../../../scenarios/19-mini-tokio-stale-waker.rs"),
        crate::s19::program,
    ),
    (
        "20-mpsc-backpressure.rs",
        include_str!("../../../scenarios/20-mpsc-backpressure.rs"),
        crate::s20::program,
    ),
    (
        "21-channel-never-closes.rs",
        include_str!("../../../scenarios/21-channel-never-closes.rs"),
        crate::s21::program,
    ),
    (
        "22-mutex-across-await.rs",
        include_str!("../../../scenarios/22-mutex-across-await.rs"),
        crate::s22::program,
    ),
    (
        "23-futurelock.rs",
        include_str!("../../../scenarios/23-futurelock.rs"),
        crate::s23::program,
    ),
    (
        "24-pin-self-referential.rs",
        include_str!("../../../scenarios/24-pin-self-referential.rs"),
        crate::s24::program,
    ),
    (
        "25-unpin-box-pin.rs",
        include_str!("../../../scenarios/25-unpin-box-pin.rs"),
        crate::s25::program,
    ),
    (
        "26-streams-poll-next.rs",
        include_str!("../../../scenarios/26-streams-poll-next.rs"),
        crate::s26::program,
    ),
    (
        "27-page-title-race.rs",
        include_str!("../../../scenarios/27-page-title-race.rs"),
        crate::s27::program,
    ),
    (
        "28-work-stealing-vs-thread-per-core.rs",
        include_str!("../../../scenarios/28-work-stealing-vs-thread-per-core.rs"),
        crate::s28::program,
    ),
    (
        "29-sync-async-bridge.rs",
        include_str!("../../../scenarios/29-sync-async-bridge.rs"),
        crate::s29::program,
    ),
];

/// Every scenario, in number order.
pub fn catalogue() -> Vec<Scenario> {
    FILES
        .iter()
        .map(|&(file, source, _)| parse(file, source).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Runs the scenario `id` on a runtime built from `builder` and returns its trace, or `None`
/// if there is no such scenario. A scenario's `poll-cost` overrides the builder's, and its
/// deviations are added to the trace's.
pub fn run(id: &str, builder: Builder) -> Option<Trace> {
    let (scenario, program) = FILES.iter().find_map(|&(file, source, program)| {
        Some((parse(file, source).ok()?, program)).filter(|(s, _)| s.id == id)
    })?;
    let builder = match scenario.poll_cost {
        Some(cost) => builder.poll_cost(cost),
        None => builder,
    };
    let mut trace = builder.name(scenario.id).build().run_program(program());
    trace.meta.deviations.extend(scenario.deviations);
    Some(trace)
}

/// Parses the file name `NN-id.rs` and the header of `//` lines at the top of `source`.
fn parse(file: &'static str, source: &'static str) -> Result<Scenario, String> {
    let stem = file
        .strip_suffix(".rs")
        .ok_or_else(|| format!("{file}: not a .rs file"))?;
    let (number, id) = stem
        .split_once('-')
        .ok_or_else(|| format!("{file}: expected NN-id.rs"))?;
    let number: u32 = number
        .parse()
        .map_err(|_| format!("{file}: `{number}` is not a number"))?;
    let mut scenario = Scenario {
        id,
        number,
        title: String::new(),
        watch: Vec::new(),
        misconception: String::new(),
        deviations: Vec::new(),
        source,
        file,
        expected_outcome: ExpectedOutcome::Finishes,
        poll_cost: None,
    };
    for line in source.lines().map_while(|l| l.strip_prefix("// ")) {
        let (key, value) = line
            .split_once(": ")
            .ok_or_else(|| format!("{file}: header line `{line}` has no `key: `"))?;
        let value = value.trim().to_string();
        match key {
            "title" => scenario.title = value,
            "watch" => scenario.watch.push(value),
            "misconception" => scenario.misconception = value,
            "deviation" => scenario.deviations.push(value),
            "outcome" if value == "hang" => scenario.expected_outcome = ExpectedOutcome::Hangs,
            "poll-cost" => {
                scenario.poll_cost = Some(
                    parse_duration(&value)
                        .ok_or_else(|| format!("{file}: bad poll-cost `{value}`"))?,
                )
            }
            _ => return Err(format!("{file}: unknown header line `{line}`")),
        }
    }
    if scenario.title.is_empty() || scenario.watch.is_empty() || scenario.misconception.is_empty() {
        return Err(format!(
            "{file}: the header needs a title, at least one watch line and a misconception"
        ));
    }
    Ok(scenario)
}

/// Parses `10us`, `1ms` or `500ns`.
fn parse_duration(text: &str) -> Option<Duration> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = text[..digits].parse().ok()?;
    match &text[digits..] {
        "ns" => Some(Duration::from_nanos(n)),
        "us" => Some(Duration::from_micros(n)),
        "ms" => Some(Duration::from_millis(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_parses_and_numbers_run_from_1_to_29() {
        let all = catalogue();
        let numbers: Vec<u32> = all.iter().map(|s| s.number).collect();
        assert_eq!(numbers, (1..=29).collect::<Vec<_>>());
        for s in &all {
            assert!(
                s.misconception.ends_with('.'),
                "{}: the misconception is one sentence",
                s.file
            );
            assert!(
                s.source.contains("async fn main"),
                "{}: no `async fn main`",
                s.file
            );
        }
    }

    #[test]
    fn header_keys_are_read() {
        let s = catalogue()
            .into_iter()
            .find(|s| s.id == "lost-wakeup-hang")
            .expect("scenario 17 exists");
        assert_eq!(s.number, 17);
        assert_eq!(s.expected_outcome, ExpectedOutcome::Hangs);
        assert_eq!(s.watch.len(), 3);
        let busy = catalogue()
            .into_iter()
            .find(|s| s.id == "busy-poll-vs-waker")
            .expect("scenario 16 exists");
        assert_eq!(busy.poll_cost, Some(Duration::from_micros(50)));
    }

    #[test]
    fn a_bad_header_is_an_error() {
        assert!(parse("07-x.rs", "// title: T\n// oops\nfn main() {}").is_err());
        assert!(parse("x.rs", "// title: T\n").is_err());
        assert!(parse("07-x.rs", "// title: T\n// misconception: m.\n").is_err());
        assert_eq!(parse_duration("10us"), Some(Duration::from_micros(10)));
        assert_eq!(parse_duration("10 s"), None);
    }
}
