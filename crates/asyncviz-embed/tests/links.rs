//! Pinned links: concrete hashes, old and new, and what they must mean forever.
//!
//! The contract only grows. Links like these are printed in slides and pasted into course pages
//! that nobody will edit again, so a change that makes any of these fail breaks real links:
//! never change an expectation here, only add new ones (see docs/url-contract.md).

use asyncviz_embed::{parse, Notice, Panel, ProgramRef, Theme, ViewParams};

fn open(hash: &str) -> (ViewParams, Vec<String>) {
    let (params, notices) = parse(hash);
    (params, notices.into_iter().map(|n: Notice| n.key).collect())
}

fn builtin(id: &str) -> ProgramRef {
    ProgramRef::Builtin(id.to_string())
}

#[test]
fn the_first_links_program_and_step() {
    // What the page wrote before the contract existed (`format_hash` in asyncviz-timeline).
    assert_eq!(
        open("#p=05-sequential-await-vs-join&s=42"),
        (
            ViewParams {
                program: builtin("05-sequential-await-vs-join"),
                step: Some(42),
                ..ViewParams::default()
            },
            vec![]
        )
    );
    // Its long-key spelling and a bare program id were also read.
    assert_eq!(
        open("#program=07-spawn-without-join&step=3").0,
        ViewParams {
            program: builtin("07-spawn-without-join"),
            step: Some(3),
            ..ViewParams::default()
        }
    );
    assert_eq!(
        open("#01-hello-tokio-block-on").0.program,
        builtin("01-hello-tokio-block-on")
    );
}

#[test]
fn version_1_links() {
    assert_eq!(
        open("#p=09-select-race&s=0&play=1&speed=2&theme=dark&embed=1&panels=code,timeline&v=1"),
        (
            ViewParams {
                program: builtin("09-select-race"),
                step: Some(0),
                autoplay: true,
                speed: 2.0,
                theme: Theme::Dark,
                embed: true,
                panels: Some([Panel::Code, Panel::Timeline].into_iter().collect()),
                version: 1,
            },
            vec![]
        )
    );
    // An async main that prints "hi", compressed by `encode_code` when the contract was written.
    // (The pin is on decoding: a newer compressor may encode differently, but this must still read.)
    assert_eq!(
        open("#c=eNpLLK7MS1ZIy1PITczM09BUqOZSAIKCosy8kpw8RQ2ljEwlTWuuWi4AAtcLqA&embed=1&theme=light&panels=timeline,output,narration"),
        (
            ViewParams {
                program: ProgramRef::Code("async fn main() {\n    println!(\"hi\");\n}\n".to_string()),
                theme: Theme::Light,
                embed: true,
                panels: Some([Panel::Timeline, Panel::Output, Panel::Narration].into_iter().collect()),
                ..ViewParams::default()
            },
            vec![]
        )
    );
    // The same program as a browser writes it: `new CompressionStream("deflate")`.
    assert_eq!(
        open("#c=eJxLLK7MS1ZIy1PITczM09BUqOZSUFBQKCjKzCvJyVPUUMrIVNK05qrlAgAC1wuo")
            .0
            .program,
        ProgramRef::Code("async fn main() {\n    println!(\"hi\");\n}\n".to_string())
    );
    assert_eq!(
        open("#p=13-blocking-in-async&play&speed=0.25&theme=auto").0,
        ViewParams {
            program: builtin("13-blocking-in-async"),
            autoplay: true,
            speed: 0.25,
            ..ViewParams::default()
        }
    );
}

#[test]
fn damaged_links_open_the_default_with_notices() {
    // The compressed program above, cut off half-way, as a chat client might do.
    assert_eq!(
        open("#c=eNpLLK7MS1ZIy1PITczM09BUqOZSAIKCosy8&s=4"),
        (
            ViewParams {
                step: Some(4),
                ..ViewParams::default()
            },
            vec!["c".to_string()]
        )
    );
    assert_eq!(
        open("#p=05-sequential-await-vs-join&s=4x&theme=sepia"),
        (
            ViewParams {
                program: builtin("05-sequential-await-vs-join"),
                ..ViewParams::default()
            },
            vec!["s".to_string(), "theme".to_string()]
        )
    );
}

#[test]
fn links_from_later_versions_keep_what_this_one_knows() {
    assert_eq!(
        open("#p=05-sequential-await-vs-join&s=2&zoom=3&layout=wide&v=2"),
        (
            ViewParams {
                program: builtin("05-sequential-await-vs-join"),
                step: Some(2),
                version: 2,
                ..ViewParams::default()
            },
            vec!["v".to_string()]
        )
    );
}

#[test]
fn canonical_form_is_stable() {
    let params = ViewParams {
        program: builtin("05-sequential-await-vs-join"),
        step: Some(12),
        autoplay: true,
        speed: 0.5,
        theme: Theme::Dark,
        embed: true,
        panels: Some([Panel::Timeline, Panel::Code].into_iter().collect()),
        version: 1,
    };
    assert_eq!(
        asyncviz_embed::format(&params),
        "p=05-sequential-await-vs-join&s=12&play=1&speed=0.5&theme=dark&embed=1&panels=code,timeline"
    );
}

#[test]
fn the_contract_doc_lists_every_key_and_value() {
    let doc = asyncviz_embed::CONTRACT_DOC;
    for key in [
        "p", "c", "s", "play", "speed", "theme", "embed", "panels", "v",
    ] {
        assert!(
            doc.contains(&format!("| `{key}` |")),
            "docs/url-contract.md misses `{key}`"
        );
    }
    for panel in Panel::ALL {
        assert!(
            doc.contains(&format!("`{panel}`")),
            "docs/url-contract.md misses panel `{panel}`"
        );
    }
    for theme in Theme::ALL {
        assert!(
            doc.contains(&format!("`{theme}`")),
            "docs/url-contract.md misses theme `{theme}`"
        );
    }
}
