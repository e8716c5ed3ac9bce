//! The `<iframe>` an instructor pastes into a course page.

use crate::escape::escape_html;
use crate::link::format;
use crate::params::ViewParams;

/// The iframe height the page's embed mode is designed for, in CSS pixels (a 700×450 frame).
pub const DEFAULT_HEIGHT: u32 = 450;
/// The smallest height a snippet gets: below it, the controls and one lane no longer fit.
pub const MIN_HEIGHT: u32 = 240;
/// The largest height a snippet gets.
pub const MAX_HEIGHT: u32 = 2000;

/// A ready-to-paste `<iframe>` showing `params` in embed mode.
///
/// `page_url` is the AsyncViz page (any fragment on it is replaced); the snippet's fragment is
/// [`format()`] of `params` with `embed` turned on. The frame is as wide as its container and
/// `height` pixels tall (clamped to [`MIN_HEIGHT`]`..=`[`MAX_HEIGHT`]); it has a `title` for
/// screen readers (`AsyncViz` if `title` is blank), loads lazily and may write to the clipboard
/// (the page's "copy link" button). Every attribute value is HTML-escaped, so nothing in the
/// URL or title can break out of its attribute.
pub fn iframe_snippet(page_url: &str, params: &ViewParams, title: &str, height: u32) -> String {
    let base = page_url.split('#').next().unwrap_or_default();
    let embedded = ViewParams {
        embed: true,
        ..params.clone()
    };
    let src = format!("{base}#{}", format(&embedded));
    let title = match title.trim() {
        "" => "AsyncViz",
        t => t,
    };
    let height = height.clamp(MIN_HEIGHT, MAX_HEIGHT);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" \
         allow=\"clipboard-write\" style=\"width: 100%; max-width: 100%; border: 1px solid #8888; \
         border-radius: 6px;\"></iframe>",
        escape_html(&src),
        escape_html(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ProgramRef;

    #[test]
    fn a_snippet_for_a_builtin() {
        let params = ViewParams {
            program: ProgramRef::Builtin("05-sequential-await-vs-join".into()),
            step: Some(12),
            ..ViewParams::default()
        };
        expect_test::expect![[r#"<iframe src="https://example.org/asyncviz/#p=05-sequential-await-vs-join&amp;s=12&amp;embed=1" title="Sequential await vs join" width="100%" height="450" loading="lazy" allow="clipboard-write" style="width: 100%; max-width: 100%; border: 1px solid #8888; border-radius: 6px;"></iframe>"#]]
        .assert_eq(&iframe_snippet(
            "https://example.org/asyncviz/#p=old&s=1",
            &params,
            "Sequential await vs join",
            DEFAULT_HEIGHT,
        ));
    }

    #[test]
    fn everything_is_escaped_and_clamped() {
        let params = ViewParams::default();
        let s = iframe_snippet(
            "https://e.org/?a=\"><script>alert(1)</script>",
            &params,
            "\"><img src=x onerror=alert(1)>",
            5,
        );
        assert!(!s.contains("<script"), "{s}");
        assert!(!s.contains("<img"), "{s}");
        assert_eq!(s.matches('"').count() % 2, 0);
        assert!(s.contains("height=\"240\""), "{s}");
        assert!(iframe_snippet("x", &params, "  ", 99_999)
            .contains("title=\"AsyncViz\" width=\"100%\" height=\"2000\""));
    }
}
