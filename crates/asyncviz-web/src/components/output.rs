//! The program's output up to the current step.

use std::rc::Rc;
use yew::prelude::*;

/// The most output lines drawn at once: about ten heights of the card's scroll box (it shows some
/// twelve lines), so scrolling back reads plenty while a frame never lays out more.
const SHOWN_LINES: usize = 120;
/// The most output lines drawn while the slider is dragged: a little more than the scroll box
/// shows, so a frame lays out what a reader can see and not ten boxes of lines they cannot
/// scroll to with their hand on the slider. The full tail comes back when the drag ends.
const SHOWN_WHILE_DRAGGED: usize = 16;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct OutputProps {
    /// The output so far.
    pub(crate) output: Rc<String>,
    /// Whether the current event printed (its line is highlighted).
    pub(crate) printed_now: bool,
    /// Whether the slider is being dragged (fewer lines are drawn meanwhile).
    pub(crate) dragged: bool,
}

/// The output card.
#[component]
pub(crate) fn Output(props: &OutputProps) -> Html {
    let v = props;
    let lines: Vec<&str> = v.output.lines().collect();
    let n = lines.len();
    // Long outputs show their tail: the lines that matter at this step, at a cost that does
    // not grow with the run.
    let shown = if v.dragged {
        SHOWN_WHILE_DRAGGED
    } else {
        SHOWN_LINES
    };
    let hidden = n.saturating_sub(shown);
    let fresh = (v.printed_now && n > 0).then(|| lines[n - 1]);
    // Lines before the fresh one are one text node: a step that shifts the tail changes one
    // node's text instead of rewriting a node per line.
    let settled: String = lines[hidden..n - usize::from(fresh.is_some())]
        .iter()
        .flat_map(|l| [*l, "\n"])
        .collect();
    html! {
        <section class="card output-card" aria-labelledby="output-h">
            <div class="card-head">
                <h2 id="output-h" class="card-title">{"Output"}</h2>
                <span class="card-sub">{format!("{n} line{} so far", if n == 1 { "" } else { "s" })}</span>
            </div>
            // The box keeps its newest line in view, like a terminal (a `column-reverse` scroller
            // around one block: style.css), unless the reader scrolls back.
            <pre class="output" data-testid="output" data-lines={n.to_string()}><div class="output-lines">
                if lines.is_empty() {
                    <span class="output-empty">{"Nothing printed yet."}</span>
                }
                if hidden > 0 {
                    <span class="output-empty">{format!("… {hidden} earlier lines\n")}</span>
                }
                {settled}
                if let Some(line) = fresh {
                    <span class="out-line out-fresh">{line}{"\n"}</span>
                }
            </div></pre>
        </section>
    }
}
