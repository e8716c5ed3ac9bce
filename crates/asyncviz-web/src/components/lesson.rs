//! The lesson: what to watch for, the misconception, and where the run differs from tokio.

use super::rich::rich;
use crate::source::Entry;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct LessonProps {
    /// The program.
    pub(crate) entry: Rc<Entry>,
}

/// The lesson card.
#[component]
pub(crate) fn Lesson(props: &LessonProps) -> Html {
    let e = &props.entry;
    html! {
        <section class="card lesson" aria-labelledby="lesson-h">
            <h2 id="lesson-h" class="card-title">{"What to watch for"}</h2>
            <ul class="watch" data-testid="watch">
                { for e.watch.iter().map(|w| html! { <li>{rich(w)}</li> }) }
            </ul>
            if !e.misconception.is_empty() {
                <p class="misconception"><span class="tag">{"Myth"}</span>{rich(&e.misconception)}</p>
            }
            if !e.deviations.is_empty() {
                <details class="deviations">
                    <summary>{format!("Where this differs from real tokio ({})", e.deviations.len())}</summary>
                    <ul>{ for e.deviations.iter().map(|d| html! { <li>{rich(d)}</li> }) }</ul>
                </details>
            }
        </section>
    }
}
