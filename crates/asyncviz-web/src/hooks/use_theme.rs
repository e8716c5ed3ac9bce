//! Light and dark themes: follow `prefers-color-scheme` until the user picks one, remember the
//! pick in localStorage, and let a link force one with `#theme=dark` (or the older
//! `?theme=dark`). The link's theme beats a remembered pick; a pick made while the page is open
//! beats the link until the link's theme changes (a book switching themes under its widgets).

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

/// The theme a link's `theme=` forces, if any (`auto` forces none).
fn forced(link: asyncviz_embed::Theme) -> Option<Theme> {
    match link {
        asyncviz_embed::Theme::Light => Some(Theme::Light),
        asyncviz_embed::Theme::Dark => Some(Theme::Dark),
        asyncviz_embed::Theme::Auto => None,
    }
}

/// The current theme and a callback that switches to the other one (and remembers it). `link`
/// is the theme the link asks for.
#[hook]
pub(crate) fn use_theme(link: asyncviz_embed::Theme) -> (Theme, Callback<()>) {
    let remembered = use_memo((), |_| {
        browser::query_param("theme")
            .and_then(|t| Theme::parse(&t))
            .or_else(|| browser::stored_theme().and_then(|t| Theme::parse(&t)))
    });
    // Picked with the toggle since the link's theme last changed.
    let chosen = use_state_eq(|| None::<Theme>);
    {
        let chosen = chosen.clone();
        use_effect_with(link, move |_| chosen.set(None));
    }
    let system_dark = use_state(|| browser::media_matches(QUERY));
    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_media_change(QUERY, move |m| system_dark.set(m));
            move || drop(listener)
        });
    }
    let theme = chosen
        .or(forced(link))
        .or(*remembered)
        .unwrap_or(if *system_dark {
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
