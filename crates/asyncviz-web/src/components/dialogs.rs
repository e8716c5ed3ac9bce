//! The dialog open over the page, if any: keyboard help, the program picker, the Embed dialog or
//! the link contract.
//!
//! A component of its own so that the root's render, which runs at every step, holds none of the
//! dialogs' markup: this renders again only when what it shows changes.

use super::{DocsDialog, EmbedDialog, HelpDialog, Picker};
use crate::shared::Shared;
use crate::source::Entry;
use crate::state::{Action, Dialog};
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct DialogsProps {
    /// The open dialog.
    pub(crate) dialog: Dialog,
    /// The programs on offer (the picker).
    pub(crate) entries: Shared<Vec<Rc<Entry>>>,
    /// The key of the program shown (the picker marks it).
    pub(crate) current: AttrValue,
    /// The Embed dialog's `<iframe>` snippet and full-page link, made only while it is open.
    pub(crate) embed: Option<Rc<(String, String)>>,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

/// The open dialog.
#[component]
pub(crate) fn Dialogs(props: &DialogsProps) -> Html {
    let on_close = props.on_action.reform(|_: ()| Action::Dialog(Dialog::None));
    match props.dialog {
        Dialog::None => Html::default(),
        Dialog::Help => html! { <HelpDialog {on_close} /> },
        Dialog::Picker => html! {
            <Picker
                entries={props.entries.clone()}
                current={props.current.to_string()}
                on_action={props.on_action.clone()}
                {on_close}
            />
        },
        Dialog::Embed => match props.embed.as_deref() {
            Some((snippet, link)) => html! {
                <EmbedDialog snippet={snippet.clone()} link={link.clone()} {on_close} />
            },
            None => Html::default(),
        },
        Dialog::Docs => html! { <DocsDialog {on_close} /> },
    }
}
