//! Light and dark themes: follow `prefers-color-scheme` until the user picks one, remember the
//! pick in localStorage, and let an embedding page force one with `?theme=dark`.

use crate::browser;
use yew::prelude::*;

const QUERY: &str = "(prefers-color-scheme: dark)";

/// A theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// Its name, as in `data-theme`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The other theme.
    pub(crate) fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The current theme and a callback that switches to the other one (and remembers it).
#[hook]
pub(crate) fn use_theme() -> (Theme, Callback<()>) {
    let chosen = use_state(|| {
        browser::query_param("theme")
            .and_then(|t| Theme::parse(&t))
            .or_else(|| browser::stored_theme().and_then(|t| Theme::parse(&t)))
    });
    let system_dark = use_state(|| browser::media_matches(QUERY));
    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_media_change(QUERY, move |m| system_dark.set(m));
            move || drop(listener)
        });
    }
    let theme = chosen.unwrap_or(if *system_dark {
        Theme::Dark
    } else {
        Theme::Light
    });
    use_effect_with(theme, |theme| browser::set_document_theme(theme.name()));
    let toggle = {
        let chosen = chosen.clone();
        use_callback(theme, move |_: (), theme| {
            let next = theme.other();
            browser::store_theme(next.name());
            chosen.set(Some(next));
        })
    };
    (theme, toggle)
}
