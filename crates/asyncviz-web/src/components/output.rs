//! The program's output up to the current step.

use std::rc::Rc;
use yew::prelude::*;

/// The most output lines drawn at once.
const SHOWN_LINES: usize = 300;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct OutputProps {
    /// The output so far.
    pub(crate) output: Rc<String>,
    /// Whether the current event printed (its line is highlighted).
    pub(crate) printed_now: bool,
}

/// The output card.
#[component]
pub(crate) fn Output(props: &OutputProps) -> Html {
    let v = props;
    let lines: Vec<&str> = v.output.lines().collect();
    let n = lines.len();
    // Long outputs show their tail: the lines that matter at this step, at a cost that does
    // not grow with the run.
    let hidden = n.saturating_sub(SHOWN_LINES);
    html! {
        <section class="card output-card" aria-labelledby="output-h">
            <div class="card-head">
                <h2 id="output-h" class="card-title">{"Output"}</h2>
                <span class="card-sub">{format!("{n} line{} so far", if n == 1 { "" } else { "s" })}</span>
            </div>
            <pre class="output" data-testid="output" data-lines={n.to_string()}>
                if lines.is_empty() {
                    <span class="output-empty">{"Nothing printed yet."}</span>
                }
                if hidden > 0 {
                    <span class="output-empty">{format!("… {hidden} earlier lines\n")}</span>
                }
                { for lines.iter().enumerate().skip(hidden).map(|(i, l)| {
                    let fresh = v.printed_now && i + 1 == n;
                    html! { <span class={classes!("out-line", fresh.then_some("out-fresh"))}>{l.to_string()}{"\n"}</span> }
                }) }
            </pre>
        </section>
    }
}
