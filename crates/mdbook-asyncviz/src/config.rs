//! `[preprocessor.asyncviz]` in `book.toml`.

use crate::warning::Warning;
use asyncviz_embed::{DEFAULT_HEIGHT, MAX_HEIGHT, MIN_HEIGHT};
use serde_json::Value;

/// Where the AsyncViz page is by default: `asyncviz/index.html` under the built book's root.
pub const DEFAULT_APP: &str = "asyncviz/index.html";

/// Keys mdBook itself reads from a preprocessor's table; they are not ours to check.
const MDBOOK_KEYS: [&str; 5] = ["command", "before", "after", "renderers", "optional"];

/// The preprocessor's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The AsyncViz page the iframes load (`app`): a path relative to the built book's root
    /// (each chapter gets the right number of `../`), a root-absolute path or a full URL.
    pub app: String,
    /// The iframe height for blocks without `height=` (`height`), in CSS pixels.
    pub height: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            app: DEFAULT_APP.to_string(),
            height: DEFAULT_HEIGHT,
        }
    }
}

impl Config {
    /// Reads the settings from mdBook's context JSON; bad values become warnings and defaults.
    pub fn from_context(context: &Value) -> (Config, Vec<Warning>) {
        let mut config = Config::default();
        let mut warnings = Vec::new();
        let mut warn = |message: String| {
            warnings.push(Warning {
                chapter: None,
                line: None,
                message,
            })
        };
        let Some(table) = context
            .pointer("/config/preprocessor/asyncviz")
            .and_then(Value::as_object)
        else {
            return (config, warnings);
        };
        for (key, value) in table {
            match key.as_str() {
                "app" => match value.as_str().map(str::trim) {
                    Some(app) if !app.is_empty() => config.app = app.to_string(),
                    _ => warn(format!(
                        "[preprocessor.asyncviz] app should be a path or URL, so \"{DEFAULT_APP}\" is used"
                    )),
                },
                "height" => match value.as_u64().and_then(|h| u32::try_from(h).ok()) {
                    Some(h) if (MIN_HEIGHT..=MAX_HEIGHT).contains(&h) => config.height = h,
                    _ => warn(format!(
                        "[preprocessor.asyncviz] height should be a number of pixels from {MIN_HEIGHT} to {MAX_HEIGHT}, so {DEFAULT_HEIGHT} is used"
                    )),
                },
                k if MDBOOK_KEYS.contains(&k) => {}
                k => warn(format!(
                    "[preprocessor.asyncviz] has an unknown setting \"{k}\" (known: app, height); it is ignored"
                )),
            }
        }
        (config, warnings)
    }

    /// Whether `app` is relative to the book's root, so that chapters in folders need `../`.
    pub fn app_is_relative(&self) -> bool {
        !(self.app.starts_with('/') || self.app.contains("://") || self.app.starts_with("data:"))
    }

    /// The URL of the page as seen from a chapter at `chapter_path` (e.g. `part/intro.md`).
    pub fn app_from(&self, chapter_path: Option<&str>) -> String {
        if !self.app_is_relative() {
            return self.app.clone();
        }
        let depth = chapter_path
            .map(|p| p.split(['/', '\\']).filter(|s| !s.is_empty()).count())
            .unwrap_or(1)
            .saturating_sub(1);
        format!("{}{}", "../".repeat(depth), self.app)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_settings_and_warns_about_bad_ones() {
        let ctx = json!({"config": {"preprocessor": {"asyncviz": {
            "command": "x", "app": "viz/app.html", "height": 300
        }}}});
        let (c, w) = Config::from_context(&ctx);
        assert_eq!(w, vec![]);
        assert_eq!(c.app, "viz/app.html");
        assert_eq!(c.height, 300);

        let ctx = json!({"config": {"preprocessor": {"asyncviz": {
            "app": 3, "height": 5, "colour": "red"
        }}}});
        let (c, w) = Config::from_context(&ctx);
        assert_eq!(c, Config::default());
        assert_eq!(w.len(), 3);
        assert!(
            w.iter()
                .any(|w| w.message.contains("unknown setting \"colour\"")),
            "{w:?}"
        );
        assert_eq!(Config::from_context(&json!({})).0, Config::default());
    }

    #[test]
    fn relative_apps_climb_out_of_chapter_folders() {
        let c = Config::default();
        assert_eq!(c.app_from(Some("intro.md")), "asyncviz/index.html");
        assert_eq!(c.app_from(Some("part/ch.md")), "../asyncviz/index.html");
        assert_eq!(c.app_from(Some("a\\b\\c.md")), "../../asyncviz/index.html");
        assert_eq!(c.app_from(None), "asyncviz/index.html");
        let abs = Config {
            app: "https://example.org/asyncviz/".into(),
            ..Config::default()
        };
        assert_eq!(
            abs.app_from(Some("part/ch.md")),
            "https://example.org/asyncviz/"
        );
        let rooted = Config {
            app: "/asyncviz/".into(),
            ..Config::default()
        };
        assert!(!rooted.app_is_relative());
    }
}
