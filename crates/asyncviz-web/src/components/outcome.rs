//! How the run ends (finished, hangs with its wait-for story, budget exceeded) and its lints.

use super::rich::rich;
use crate::shared::Shared;
use crate::source::Loaded;
use crate::state::Action;
use asyncviz_timeline::{group_lints, join_and, lint_title, OutcomeKind};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct OutcomeProps {
    /// The program.
    pub(crate) loaded: Shared<Loaded>,
    /// Whether the step is the last.
    pub(crate) at_end: bool,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

/// The outcome card.
#[component]
pub(crate) fn OutcomeBanner(props: &OutcomeProps) -> Html {
    let o = &props.loaded.outcome;
    let (kind, icon) = match o.kind {
        OutcomeKind::Finished => ("finished", "✓"),
        OutcomeKind::Hang => ("hang", "⚠"),
        OutcomeKind::Budget => ("budget", "⏱"),
        OutcomeKind::Panicked => ("panicked", "✗"),
        OutcomeKind::Running => ("running", "…"),
    };
    let lints = use_memo(props.loaded.clone(), |loaded| {
        group_lints(&loaded.index, &loaded.trace().lints)
    });
    let count = props.loaded.trace().lints.len();
    html! {
        <section
            class={classes!("card", "outcome", format!("outcome-{kind}"), props.at_end.then_some("outcome-reached"))}
            aria-labelledby="outcome-h"
            data-testid="outcome"
            data-outcome={kind}
            data-at-end={props.at_end.to_string()}
        >
            <div class="outcome-main">
                <span class="outcome-icon" aria-hidden="true">{icon}</span>
                <div>
                    <h2 id="outcome-h" class="outcome-title">{o.title.clone()}</h2>
                    <p class="outcome-when">
                        { if props.at_end { "This is where the run ends." } else { "How this run ends." } }
                    </p>
                </div>
                if !props.at_end {
                    <button class="chip" onclick={props.on_action.reform(|_| Action::End)}>{"Go to the end"}</button>
                }
            </div>
            if !o.details.is_empty() {
                <ul class="outcome-story">{ for o.details.iter().map(|d| html! { <li>{rich(d)}</li> }) }</ul>
            }
            if !lints.is_empty() {
                <h3 class="sub-title">{format!("Lints ({count})")}</h3>
                <ul class="lints" data-testid="lints">
                    { for lints.iter().map(|g| {
                        let n = g.steps.len();
                        let also = (!g.also.is_empty()).then(|| format!("The same for {}.", join_and(&g.also)));
                        let steps = g.steps.iter().flatten().enumerate().map(|(i, &step)| html! {
                            <>
                                {if i == 0 { " See " } else { ", " }}
                                <button class="history-link" aria-label={format!("see #{step}")} onclick={props.on_action.reform(move |_| Action::Seek(step))}>{format!("#{step}")}</button>
                            </>
                        });
                        html! {
                            <li class="lint" data-count={n.to_string()}>
                                <b>{lint_title(g.kind)}</b>
                                if n > 1 {
                                    {" "}<span class="lint-count">{format!("×{n}")}</span>
                                }
                                {" "}{rich(&g.message)}
                                if let Some(also) = also {
                                    {" "}{rich(&also)}
                                }
                                { for steps }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
