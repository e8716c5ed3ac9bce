//! The script a chapter with widgets gets: it keeps each iframe's `theme=` in step with the
//! book's theme.

/// Maps mdBook's theme class on `<html>` (`light`, `rust` → `light`; `coal`, `navy`, `ayu` →
/// `dark`) to the `theme=` of every AsyncViz iframe, and follows theme switches with a
/// `MutationObserver`. It also points an app given relative to the book's root
/// (`data-asyncviz-app` on the widget) at mdBook's `path_to_root`, so that the widgets load from `print.html` as well as from the chapter.
///
/// The iframe only sees its hash change, so it switches theme without reloading or losing the
/// reader's step (see `ViewParams::follow_hash_change` in `asyncviz-embed`). It runs once per
/// page even when several chapters are printed together, and never throws.
pub const THEME_SCRIPT: &str = r##"<script>
(function () {
  if (window.__asyncvizTheme) return;
  window.__asyncvizTheme = true;
  var DARK = ["coal", "navy", "ayu"];
  function theme() {
    var classes = document.documentElement.classList;
    for (var i = 0; i < DARK.length; i++) if (classes.contains(DARK[i])) return "dark";
    return "light";
  }
  function apply() {
    var t = theme();
    var root = typeof path_to_root === "string" ? path_to_root : null;
    var widgets = document.querySelectorAll(".asyncviz-embed");
    for (var i = 0; i < widgets.length; i++) {
      var frame = widgets[i].querySelector("iframe");
      if (!frame) continue;
      var src = frame.getAttribute("src") || "";
      var at = src.indexOf("#");
      if (at < 0) continue;
      var base = src.slice(0, at);
      var app = widgets[i].getAttribute("data-asyncviz-app");
      if (app && root !== null) base = root + app;
      var parts = src.slice(at + 1).split("&").filter(function (p) { return p.indexOf("theme=") !== 0; });
      var k = 0;
      while (k < parts.length && !/^(embed|panels|v)=/.test(parts[k])) k++;
      parts.splice(k, 0, "theme=" + t);
      var next = base + "#" + parts.join("&");
      if (next !== src) frame.setAttribute("src", next);
    }
  }
  apply();
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
})();
</script>"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_one_html_block() {
        // A blank line would end mdBook's raw HTML block and turn the rest into text.
        assert!(!THEME_SCRIPT.contains("\n\n"));
        assert!(THEME_SCRIPT.starts_with("<script>") && THEME_SCRIPT.ends_with("</script>"));
        for theme in ["coal", "navy", "ayu"] {
            assert!(THEME_SCRIPT.contains(&format!("\"{theme}\"")));
        }
    }
}
