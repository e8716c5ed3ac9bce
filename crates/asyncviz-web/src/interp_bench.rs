//! The interpreter benchmark page (`?bench=interp`): interpreted polls per second in the
//! browser, against the same program compiled and run on the same executor.
//!
//! The workload is the one `cargo bench -p asyncviz-interp --bench interp` measures natively:
//! 1,000 tasks that each `yield_now().await` 100 times, 101,000 task polls per run, with event
//! recording off and on. Every run happens in the interpreter's Web Worker, where the page's
//! programs run too; the compiled baseline is linked into the worker for this. The variants
//! take turns (so a change in the machine's load hits them alike), one run per request: a
//! warm-up round, then [`RUNS`] measured rounds; the median is reported. The results are shown
//! in a table and exposed as `window.__asyncvizInterpBench` (JSON) for
//! `tests/browser/bench-interp.mjs`.

use crate::browser::{self, interpreter};
use asyncviz_interp::protocol::{Answer, Job};
use asyncviz_interp::{BENCH_POLLS as POLLS, BENCH_TASKS as TASKS, BENCH_YIELDS as YIELDS};
use yew::prelude::*;

/// Runs per variant.
const RUNS: usize = 7;

/// The variants, in the order they run and are shown.
const VARIANTS: [(&str, bool, bool); 4] = [
    ("compiled, recording off (baseline)", false, false),
    ("interpreted, recording off", true, false),
    ("compiled, recording on", false, true),
    ("interpreted, recording on", true, true),
];

/// One variant's timings so far, in ms.
#[derive(Clone, Debug, Default, PartialEq)]
struct Samples(Vec<f64>);

impl Samples {
    fn median(&self) -> Option<f64> {
        let mut s = self.0.clone();
        s.sort_by(f64::total_cmp);
        s.get(s.len() / 2).copied()
    }
}

/// Runs the benchmark and shows its results.
#[component]
pub(crate) fn InterpBench() -> Html {
    let results = use_state(|| vec![Samples::default(); VARIANTS.len()]);
    let done = use_state(|| 0usize);
    {
        // One run per tick, the variants in turn; round 0 warms up and is not recorded.
        let (results, done) = (results.clone(), done.clone());
        use_effect_with(*done, move |&k| {
            let total = VARIANTS.len() * (RUNS + 1);
            if k < total {
                let (round, variant) = (k / VARIANTS.len(), k % VARIANTS.len());
                let (_, interpreted, record) = VARIANTS[variant];
                let job = Job::Bench {
                    interpreted,
                    record,
                };
                interpreter::submit(job, move |answer| {
                    let ms = match answer {
                        Ok(Answer::Timed(ms)) => ms,
                        _ => f64::NAN,
                    };
                    if round > 0 {
                        let mut next = (*results).clone();
                        next[variant].0.push(ms);
                        results.set(next);
                    }
                    done.set(k + 1);
                });
            } else {
                publish(&results);
            }
        });
    }
    let baseline = results[0].median();
    html! {
        <main class="interp-bench" data-testid="interp-bench">
            <h1>{"Interpreter benchmark"}</h1>
            <p>{format!(
                "{TASKS} tasks that each yield {YIELDS} times: {POLLS} task polls per run; the variants take turns, a warm-up round and then {RUNS} runs each, median. \
                 Every run happens in the interpreter's Web Worker; the baseline is the same program compiled into the worker, on the same executor."
            )}</p>
            <table>
                <thead><tr><th>{"variant"}</th><th>{"ms per run"}</th><th>{"polls per second"}</th><th>{"time vs baseline"}</th></tr></thead>
                <tbody>
                    { for VARIANTS.iter().zip(results.iter()).map(|((name, _, _), s)| {
                        let m = s.median();
                        html! {
                            <tr>
                                <td>{*name}</td>
                                <td>{m.map_or_else(|| "…".to_string(), |m| format!("{m:.1}"))}</td>
                                <td>{m.map_or_else(|| "…".to_string(), |m| format!("{:.0}", POLLS as f64 / (m / 1000.0)))}</td>
                                <td>{match (m, baseline) { (Some(m), Some(b)) => format!("{:.2}×", m / b), _ => "…".to_string() }}</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </main>
    }
}

/// Sets `window.__asyncvizInterpBench` to the results as JSON.
fn publish(results: &[Samples]) {
    let rows: Vec<String> = VARIANTS
        .iter()
        .zip(results)
        .map(|((name, interpreted, record), s)| {
            let median = s.median().unwrap_or(f64::NAN);
            format!(
                "{{\"variant\":\"{name}\",\"interpreted\":{interpreted},\"recording\":{record},\"median_ms\":{median:.3},\"polls\":{POLLS},\"polls_per_s\":{:.0},\"samples_ms\":[{}]}}",
                POLLS as f64 / (median / 1000.0),
                s.0.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    browser::expose_string("__asyncvizInterpBench", &format!("[{}]", rows.join(",")));
}
