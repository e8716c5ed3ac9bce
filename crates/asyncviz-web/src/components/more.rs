//! The note under a shortened list: how many items are not shown and which, with a button to
//! show them all (a hook-free view function). Long lists are shortened so that a step lays out
//! only what a reader can take in, and nothing is left out without saying so.

use yew::prelude::*;

/// Under a shortened list: "… and 14 more timers, firing later. Show all 20". Under a list shown
/// in full that would otherwise be shortened: "Show fewer". `hidden` is how many items are left
/// out (0 when all are shown), `total` the list's length, `noun` the item's name (singular,
/// plural) and `which` says which items are left out.
pub(crate) fn more_note(
    hidden: usize,
    total: usize,
    noun: (&str, &str),
    which: &str,
    on_toggle: Callback<MouseEvent>,
) -> Html {
    if hidden == 0 {
        return html! {
            <p class="more-note" data-testid="more-note">
                <button class="linklike" onclick={on_toggle} aria-expanded="true">{"Show fewer"}</button>
            </p>
        };
    }
    let noun = if hidden == 1 { noun.0 } else { noun.1 };
    html! {
        <p class="more-note" data-testid="more-note">
            {format!("… and {hidden} more {noun}, {which}. ")}
            <button class="linklike" onclick={on_toggle} aria-expanded="false">{format!("Show all {total}")}</button>
        </p>
    }
}
