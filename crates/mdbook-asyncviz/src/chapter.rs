//! Rewriting one chapter: each ```` ```asyncviz ```` block becomes a widget.

use crate::config::Config;
use crate::options::{parse_info, BlockOptions};
use crate::script::THEME_SCRIPT;
use crate::warning::Warning;
use asyncviz_embed::{
    escape_html, iframe_snippet, ProgramRef, Theme, ViewParams, DEFAULT_SPEED, MAX_CODE_BYTES,
};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The chapter being rewritten, as mdBook describes it.
#[derive(Clone, Copy, Debug)]
pub struct Chapter<'a> {
    /// Its title, used in the iframes' default titles.
    pub name: &'a str,
    /// Its path under `src/` (e.g. `part/intro.md`); `None` for a draft chapter.
    pub path: Option<&'a str>,
    /// Its Markdown.
    pub content: &'a str,
}

/// A rewritten chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// The new Markdown.
    pub content: String,
    /// How many widgets it has.
    pub widgets: usize,
    /// Problems found, each also shown in the chapter next to its block.
    pub warnings: Vec<Warning>,
}

/// The Markdown extensions mdBook turns on, so blocks are found where mdBook will see them.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// An asyncviz block found in the Markdown.
struct Block {
    range: Range<usize>,
    info: String,
    code: String,
}

/// Replaces every fenced block whose info string starts with `asyncviz` by a widget, and adds
/// the theme script once if there is any widget. Everything else is left byte for byte,
/// including asyncviz blocks shown inside other code blocks.
pub fn rewrite_chapter(chapter: Chapter<'_>, config: &Config) -> Rewrite {
    let content = chapter.content;
    let blocks = find_blocks(content);
    let mut out = String::with_capacity(content.len());
    let mut warnings = Vec::new();
    let mut widgets = 0;
    let mut done = 0;
    for block in blocks {
        let Some((options, problems)) = parse_info(&block.info) else {
            continue;
        };
        let line = content[..block.range.start].matches('\n').count() + 1;
        let mut notes: Vec<String> = problems;
        let iframe = widget(&block, &options, chapter, config, widgets + 1, &mut notes);
        widgets += usize::from(iframe.is_some());

        out.push_str(&content[done..block.range.start]);
        out.push_str(&html(
            &notes,
            iframe.as_deref(),
            config.app_is_relative().then_some(config.app.as_str()),
        ));
        // A raw HTML block ends at a blank line; make sure one follows, so the next paragraph
        // is Markdown again.
        let rest = &content[block.range.end..];
        out.push('\n');
        if !(rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")) {
            out.push('\n');
        }
        done = block.range.end;
        warnings.extend(notes.into_iter().map(|message| Warning {
            chapter: chapter.path.map(str::to_string),
            line: Some(line),
            message,
        }));
    }
    out.push_str(&content[done..]);
    if widgets > 0 {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(THEME_SCRIPT);
        out.push('\n');
    }
    Rewrite {
        content: out,
        widgets,
        warnings,
    }
}

/// Every fenced code block with its byte range, info string and text, in order. Blocks inside
/// other blocks are text, so they are not found.
fn find_blocks(content: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                open = Some(Block {
                    range,
                    info: info.to_string(),
                    code: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(block) = open.as_mut() {
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

/// The iframe for a block, or `None` (with a note saying why) if there is nothing to show.
fn widget(
    block: &Block,
    options: &BlockOptions,
    chapter: Chapter<'_>,
    config: &Config,
    number: usize,
    notes: &mut Vec<String>,
) -> Option<String> {
    let has_code = !block.code.trim().is_empty();
    let program = match (&options.program, has_code) {
        (Some(id), code) => {
            if code {
                notes.push(format!(
                    "the block has both `program={id}` and code; the built-in program is shown and the code is ignored"
                ));
            }
            ProgramRef::Builtin(id.clone())
        }
        (None, true) if block.code.len() > MAX_CODE_BYTES => {
            notes.push(format!(
                "the program is {} bytes long, more than the {} KiB a link can carry, so it is not shown",
                block.code.len(),
                MAX_CODE_BYTES / 1024
            ));
            return None;
        }
        (None, true) => ProgramRef::Code(block.code.clone()),
        (None, false) => {
            notes.push(
                "the block is empty: put a tokio program in it, or name a built-in one with `program=<id>`"
                    .to_string(),
            );
            return None;
        }
    };
    let params = ViewParams {
        program,
        step: options.step,
        autoplay: options.play,
        speed: options.speed.unwrap_or(DEFAULT_SPEED),
        theme: Theme::Auto,
        embed: true,
        panels: options.panels,
        ..ViewParams::default()
    };
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("AsyncViz example {number}: {}", chapter.name));
    let height = options.height.unwrap_or(config.height);
    Some(iframe_snippet(
        &config.app_from(chapter.path),
        &params,
        &title,
        height,
    ))
}

/// A widget as one line of HTML: the warnings, then the iframe.
fn html(notes: &[String], iframe: Option<&str>, root_relative_app: Option<&str>) -> String {
    let mut out = String::from("<div class=\"asyncviz-embed\"");
    if let Some(app) = root_relative_app {
        out.push_str(&format!(" data-asyncviz-app=\"{}\"", escape_html(app)));
    }
    out.push('>');
    for note in notes {
        out.push_str(&format!(
            "<p class=\"asyncviz-warning\" role=\"note\" style=\"border-left: 4px solid #d55e00; \
             padding: 0.4em 0.8em; margin: 0.5em 0;\"><strong>asyncviz:</strong> {}</p>",
            escape_html(note)
        ));
    }
    out.push_str(iframe.unwrap_or_default());
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    const CHAPTER: &str = r#"# Awaiting in order

Two sleeps, one after the other:

```asyncviz step=3 panels=code,timeline height=420 play
#[tokio::main]
async fn main() {
    println!("<b>hi</b>");
}
```
Text right after the block stays Markdown.

```rust
fn not_touched() {}
```

````markdown
```asyncviz
shown as an example, not run
```
````

- In a list:
  ```asyncviz program=05-sequential-await-vs-join title="Built in"
  ```

```asyncviz colour=red
async fn main() {}
```

```asyncviz
```
"#;

    fn rewrite(path: &str, content: &str) -> Rewrite {
        rewrite_chapter(
            Chapter {
                name: "Awaiting <in> order",
                path: Some(path),
                content,
            },
            &Config::default(),
        )
    }

    #[test]
    fn golden_chapter() {
        let r = rewrite("part/awaiting.md", CHAPTER);
        assert_eq!(r.widgets, 3);
        expect![[r##"
            # Awaiting in order

            Two sleeps, one after the other:

            <div class="asyncviz-embed" data-asyncviz-app="asyncviz/index.html"><iframe src="../asyncviz/index.html#c=eNoBPgDB_yNbdG9raW86Om1haW5dCmFzeW5jIGZuIG1haW4oKSB7CiAgICBwcmludGxuISgiPGI-aGk8L2I-Iik7Cn0KeyASsw&amp;s=3&amp;play=1&amp;embed=1&amp;panels=code,timeline" title="AsyncViz example 1: Awaiting &lt;in&gt; order" width="100%" height="420" loading="lazy" allow="clipboard-write" style="width: 100%; max-width: 100%; border: 1px solid #8888; border-radius: 6px;"></iframe></div>

            Text right after the block stays Markdown.

            ```rust
            fn not_touched() {}
            ```

            ````markdown
            ```asyncviz
            shown as an example, not run
            ```
            ````

            - In a list:
              <div class="asyncviz-embed" data-asyncviz-app="asyncviz/index.html"><iframe src="../asyncviz/index.html#p=05-sequential-await-vs-join&amp;embed=1" title="Built in" width="100%" height="450" loading="lazy" allow="clipboard-write" style="width: 100%; max-width: 100%; border: 1px solid #8888; border-radius: 6px;"></iframe></div>


            <div class="asyncviz-embed" data-asyncviz-app="asyncviz/index.html"><p class="asyncviz-warning" role="note" style="border-left: 4px solid #d55e00; padding: 0.4em 0.8em; margin: 0.5em 0;"><strong>asyncviz:</strong> the option `colour=red` is not known, so it was ignored (known options: program, step, panels, play, speed, height, title)</p><iframe src="../asyncviz/index.html#c=eNpLLK7MS1ZIy1PITczM09BUqK7lAgBELwZL&amp;embed=1" title="AsyncViz example 3: Awaiting &lt;in&gt; order" width="100%" height="450" loading="lazy" allow="clipboard-write" style="width: 100%; max-width: 100%; border: 1px solid #8888; border-radius: 6px;"></iframe></div>


            <div class="asyncviz-embed" data-asyncviz-app="asyncviz/index.html"><p class="asyncviz-warning" role="note" style="border-left: 4px solid #d55e00; padding: 0.4em 0.8em; margin: 0.5em 0;"><strong>asyncviz:</strong> the block is empty: put a tokio program in it, or name a built-in one with `program=&lt;id&gt;`</p></div>


        "##]]
        .assert_eq(
            r.content
                .strip_suffix(&format!("{THEME_SCRIPT}\n"))
                .expect("the script at the end"),
        );
        let w: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
        expect![[r#"
            part/awaiting.md:27: the option `colour=red` is not known, so it was ignored (known options: program, step, panels, play, speed, height, title)
            part/awaiting.md:31: the block is empty: put a tokio program in it, or name a built-in one with `program=<id>`
        "#]]
        .assert_eq(&(w.join("\n") + "\n"));
    }

    #[test]
    fn renders_as_raw_html_followed_by_markdown() {
        let r = rewrite("a.md", CHAPTER);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&r.content, markdown_options()));
        assert_eq!(html.matches("<iframe src=").count(), 3, "{html}");
        assert!(
            html.contains("<p>Text right after the block stays Markdown.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<code class=\"language-markdown\">```asyncviz"),
            "{html}"
        );
        assert!(html.contains("<script>\n(function () {"), "{html}");
        // The program's own markup is inside the compressed link, never in the page.
        assert!(!html.contains("<b>hi</b>"));
    }

    #[test]
    fn the_code_in_the_link_is_the_code_in_the_block() {
        let r = rewrite("a.md", CHAPTER);
        let src = r
            .content
            .split("src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("an iframe");
        let hash = src.split_once('#').expect("a hash").1.replace("&amp;", "&");
        let (params, notices) = asyncviz_embed::parse(&hash);
        assert_eq!(notices, vec![]);
        assert_eq!(
            params.program,
            ProgramRef::Code(
                "#[tokio::main]\nasync fn main() {\n    println!(\"<b>hi</b>\");\n}\n".into()
            )
        );
        assert!(src.starts_with("asyncviz/index.html#"), "{src}");
    }

    #[test]
    fn chapters_without_blocks_are_untouched() {
        let text = "# Plain\n\n```rust\nfn main() {}\n```\n";
        let r = rewrite("a.md", text);
        assert_eq!(r.content, text);
        assert_eq!(r.widgets, 0);
        // A block with only warnings gets no script either.
        let r = rewrite("a.md", "```asyncviz\n```\n");
        assert_eq!(r.widgets, 0);
        assert!(!r.content.contains("<script>"));
    }

    #[test]
    fn a_block_at_the_very_end_without_a_newline() {
        let r = rewrite("a.md", "```asyncviz\nasync fn main() {}\n```");
        assert_eq!(r.widgets, 1);
        assert!(r.content.starts_with("<div class=\"asyncviz-embed\""));
        assert!(r.content.contains("</div>\n\n<script>"), "{}", r.content);
    }

    #[test]
    fn oversized_programs_are_refused() {
        let big = format!("```asyncviz\n{}\n```\n", "x".repeat(MAX_CODE_BYTES + 1));
        let r = rewrite("a.md", &big);
        assert_eq!(r.widgets, 0);
        assert!(r.warnings[0].message.contains("more than the 64 KiB"));
    }

    #[test]
    fn absolute_apps_are_used_as_given() {
        let config = Config {
            app: "https://example.org/asyncviz/".into(),
            ..Config::default()
        };
        let r = rewrite_chapter(
            Chapter {
                name: "x",
                path: Some("deep/er/x.md"),
                content: "```asyncviz program=a\n```\n",
            },
            &config,
        );
        assert!(
            r.content
                .contains("src=\"https://example.org/asyncviz/#p=a"),
            "{}",
            r.content
        );
        assert!(!r.content.contains("data-asyncviz-app="));
    }
}
