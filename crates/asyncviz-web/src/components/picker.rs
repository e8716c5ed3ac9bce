//! The program picker: every built-in program with its title and what to watch for.

use super::rich::rich;
use crate::browser;
use crate::shared::Shared;
use crate::source::Entry;
use crate::state::Action;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct PickerProps {
    /// The programs.
    pub(crate) entries: Shared<Vec<Rc<Entry>>>,
    /// The key shown now.
    pub(crate) current: String,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
    /// Close without choosing.
    pub(crate) on_close: Callback<()>,
}

/// The picker dialog.
#[component]
pub(crate) fn Picker(props: &PickerProps) -> Html {
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with((), move |_| {
            if let Some(list) = list_ref.cast::<web_sys::Element>() {
                let current = list
                    .query_selector("[aria-current=\"true\"]")
                    .ok()
                    .flatten();
                let first = list.query_selector("button").ok().flatten();
                if let Some(el) = current.or(first) {
                    browser::focus(&el);
                    browser::scroll_within(&list, &el);
                }
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let backdrop = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" onclick={backdrop}>
            <div class="dialog dialog-wide" role="dialog" aria-modal="true" aria-labelledby="picker-h" data-testid="picker" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="dialog-head">
                    <h2 id="picker-h">{"Choose a program"}</h2>
                    <button class="icon-button" onclick={close} aria-label="Close">{"×"}</button>
                </div>
                <ul class="programs" ref={list_ref}>
                    { for props.entries.iter().map(|e| {
                        let key = e.key.clone();
                        let current = e.key == props.current;
                        html! {
                            <li>
                                <button
                                    class="program-card"
                                    aria-current={current.then_some("true")}
                                    onclick={props.on_action.reform(move |_| Action::Open(key.clone()))}
                                    data-testid="program-card"
                                    data-key={e.key.clone()}
                                >
                                    <span class="program-card-num">{format!("{:02}", e.number)}</span>
                                    <span class="program-card-body">
                                        <span class="program-card-title">{rich(&e.title)}</span>
                                        { for e.watch.iter().take(2).map(|w| html! { <span class="program-card-watch">{rich(w)}</span> }) }
                                    </span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </div>
    }
}
