//! The program's output up to the current step.

use crate::shared::Shared;
use crate::step_view::StepView;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct OutputProps {
    /// The step's view.
    pub(crate) view: Shared<StepView>,
}

/// The output card.
#[component]
pub(crate) fn Output(props: &OutputProps) -> Html {
    let v = &props.view;
    let lines: Vec<&str> = v.output.lines().collect();
    let n = lines.len();
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
                { for lines.iter().enumerate().map(|(i, l)| {
                    let fresh = v.printed_now && i + 1 == n;
                    html! { <span class={classes!("out-line", fresh.then_some("out-fresh"))}>{l.to_string()}{"\n"}</span> }
                }) }
            </pre>
        </section>
    }
}
