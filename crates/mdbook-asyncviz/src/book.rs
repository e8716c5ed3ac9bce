//! mdBook's side of the conversation: which renderers we support, and the `[context, book]`
//! JSON in, book JSON out.

use crate::chapter::{rewrite_chapter, Chapter};
use crate::config::Config;
use crate::warning::Warning;
use serde_json::Value;

/// Whether the preprocessor works for a renderer: only `html` shows iframes.
pub fn supports(renderer: &str) -> bool {
    renderer == "html"
}

/// The result of preprocessing a book.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The book JSON to hand back to mdBook.
    pub book: Value,
    /// How many widgets the book has.
    pub widgets: usize,
    /// Everything the author should hear about, in chapter order.
    pub warnings: Vec<Warning>,
}

/// Rewrites every chapter of the book in mdBook's preprocessor input (`[context, book]`).
///
/// Fails only if the input is not that shape, which means mdBook and this preprocessor do not
/// speak the same protocol; problems in the book itself are warnings.
pub fn preprocess(input: Value) -> Result<Output, String> {
    let Value::Array(mut pair) = input else {
        return Err("expected mdBook's [context, book] JSON array on stdin".into());
    };
    if pair.len() != 2 {
        return Err(format!(
            "expected mdBook's [context, book] JSON array on stdin, got {} elements",
            pair.len()
        ));
    }
    let mut book = pair.pop().expect("two elements");
    let context = pair.pop().expect("two elements");
    if !book.is_object() {
        return Err("the book in mdBook's input is not a JSON object".into());
    }
    let (config, mut warnings) = Config::from_context(&context);
    let mut widgets = 0;
    walk(&mut book, &config, &mut widgets, &mut warnings);
    Ok(Output {
        book,
        widgets,
        warnings,
    })
}

/// Visits every `{"Chapter": {…}}` wherever it is (`items` in mdBook 0.5, `sections` in 0.4,
/// `sub_items` below), so that the shape of the surrounding JSON does not matter.
fn walk(value: &mut Value, config: &Config, widgets: &mut usize, warnings: &mut Vec<Warning>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get_mut("Chapter") {
                let rewrite = chapter
                    .get("content")
                    .and_then(Value::as_str)
                    .map(|content| {
                        rewrite_chapter(
                            Chapter {
                                name: chapter.get("name").and_then(Value::as_str).unwrap_or(""),
                                path: chapter.get("path").and_then(Value::as_str),
                                content,
                            },
                            config,
                        )
                    });
                if let Some(r) = rewrite {
                    *widgets += r.widgets;
                    warnings.extend(r.warnings);
                    chapter.insert("content".into(), Value::String(r.content));
                }
            }
            for child in map.values_mut() {
                walk(child, config, widgets, warnings);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, config, widgets, warnings);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chapter(name: &str, path: &str, content: &str, sub: Vec<Value>) -> Value {
        json!({"Chapter": {
            "name": name, "content": content, "number": [1], "sub_items": sub,
            "path": path, "source_path": path, "parent_names": []
        }})
    }

    #[test]
    fn rewrites_nested_chapters_in_both_book_shapes() {
        let nested = chapter(
            "Inner",
            "part/inner.md",
            "```asyncviz program=a\n```\n",
            vec![],
        );
        let outer = chapter("Outer", "outer.md", "# Outer\n", vec![nested]);
        for key in ["items", "sections"] {
            let input = json!([
                {"root": "/b", "config": {"preprocessor": {"asyncviz": {"app": "viz.html"}}}, "renderer": "html", "mdbook_version": "0.5.4"},
                {key: [outer.clone(), "Separator", {"PartTitle": "Part"}]}
            ]);
            let out = preprocess(input).expect("valid input");
            assert_eq!(out.widgets, 1, "{key}");
            let inner = out.book[key][0]["Chapter"]["sub_items"][0]["Chapter"]["content"]
                .as_str()
                .expect("content");
            assert!(
                inner.contains("src=\"../viz.html#p=a&amp;embed=1\""),
                "{inner}"
            );
            assert_eq!(
                out.book[key][0]["Chapter"]["content"].as_str(),
                Some("# Outer\n")
            );
            assert_eq!(out.book[key][1], json!("Separator"));
        }
    }

    #[test]
    fn warnings_name_the_chapter() {
        let input = json!([{}, {"items": [chapter("C", "c.md", "```asyncviz nope\nfn main() {}\n```\n", vec![])]}]);
        let out = preprocess(input).expect("valid input");
        assert_eq!(out.warnings.len(), 1);
        assert_eq!(out.warnings[0].chapter.as_deref(), Some("c.md"));
        assert_eq!(out.warnings[0].line, Some(1));
    }

    #[test]
    fn the_wrong_shape_is_an_error_not_a_panic() {
        for bad in [
            json!({}),
            json!([]),
            json!([1, 2, 3]),
            json!([{}, 1]),
            json!(null),
        ] {
            assert!(preprocess(bad).is_err());
        }
        assert!(supports("html"));
        assert!(!supports("markdown"));
    }
}
