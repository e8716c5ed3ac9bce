//! The info string of an ```` ```asyncviz ```` block: `asyncviz step=12 panels=code,timeline
//! height=420 play`.

use asyncviz_embed::{Panel, PanelSet, MAX_HEIGHT, MAX_SPEED, MIN_HEIGHT, MIN_SPEED};

/// The options a block may have, for messages.
pub const KNOWN_OPTIONS: [&str; 7] = [
    "program", "step", "panels", "play", "speed", "height", "title",
];

/// What a block's info string asked for. Options not given are `None` (or `false`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockOptions {
    /// `program=<id>`: show a built-in program instead of the block's code.
    pub program: Option<String>,
    /// `step=<n>`: open at this step.
    pub step: Option<usize>,
    /// `panels=<a,b>`: show only these panels.
    pub panels: Option<PanelSet>,
    /// `play` or `play=1`: start playing when the widget opens.
    pub play: bool,
    /// `speed=<x>`: playback speed, 0.25 to 4.
    pub speed: Option<f32>,
    /// `height=<px>`: the iframe's height.
    pub height: Option<u32>,
    /// `title="…"`: the iframe's title, which screen readers announce.
    pub title: Option<String>,
}

/// Reads an info string. `None` if the block is not an asyncviz block (its first word is not
/// `asyncviz`); otherwise the options and a message for each option that was not understood
/// (that option is then left out).
pub fn parse_info(info: &str) -> Option<(BlockOptions, Vec<String>)> {
    let mut words = split_words(info).into_iter();
    if words.next().as_deref() != Some("asyncviz") {
        return None;
    }
    let mut options = BlockOptions::default();
    let mut problems = Vec::new();
    for word in words {
        let (key, value) = match word.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (word.as_str(), None),
        };
        let mut bad = |expected: &str| {
            problems.push(format!(
                "the option `{word}` should be {expected}, so it was ignored"
            ))
        };
        match (key, value) {
            ("program", Some(id)) if is_id(id) => options.program = Some(id.to_string()),
            ("program", _) => {
                bad("`program=<built-in id>`, e.g. `program=05-sequential-await-vs-join`")
            }
            ("step", Some(v)) => match v.parse() {
                Ok(n) => options.step = Some(n),
                Err(_) => bad("`step=<whole number>`"),
            },
            ("panels", Some(v)) => {
                let mut set = PanelSet::empty();
                let mut unknown = Vec::new();
                for name in v.split(',').filter(|n| !n.is_empty()) {
                    match Panel::from_name(name) {
                        Some(p) => set.insert(p),
                        None => unknown.push(name),
                    }
                }
                if !unknown.is_empty() || set.is_empty() {
                    bad(&format!(
                        "a comma list of {}",
                        Panel::ALL.map(Panel::name).join(", ")
                    ));
                } else {
                    options.panels = Some(set);
                }
            }
            ("play", None) | ("play", Some("1" | "true")) => options.play = true,
            ("play", Some("0" | "false")) => options.play = false,
            ("play", _) => bad("`play`, `play=1` or `play=0`"),
            ("speed", Some(v)) => match v.trim_end_matches('x').parse::<f32>() {
                Ok(s) if (MIN_SPEED..=MAX_SPEED).contains(&s) => options.speed = Some(s),
                _ => bad(&format!("`speed=<number from {MIN_SPEED} to {MAX_SPEED}>`")),
            },
            ("height", Some(v)) => match v.trim_end_matches("px").parse::<u32>() {
                Ok(h) if (MIN_HEIGHT..=MAX_HEIGHT).contains(&h) => options.height = Some(h),
                _ => bad(&format!(
                    "`height=<pixels from {MIN_HEIGHT} to {MAX_HEIGHT}>`"
                )),
            },
            ("title", Some(t)) if !t.trim().is_empty() => options.title = Some(t.to_string()),
            ("title", _) => bad("`title=\"<text>\"`"),
            (key, _) if KNOWN_OPTIONS.contains(&key) => bad("`key=value`"),
            _ => problems.push(format!(
                "the option `{word}` is not known, so it was ignored (known options: {})",
                KNOWN_OPTIONS.join(", ")
            )),
        }
    }
    Some((options, problems))
}

/// Splits at whitespace outside double quotes, and drops the quotes: `title="A b" play` gives
/// `title=A b` and `play`.
fn split_words(info: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in info.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_asyncviz_blocks() {
        assert_eq!(parse_info("rust"), None);
        assert_eq!(parse_info(""), None);
        assert_eq!(parse_info("asyncvizz"), None);
        assert_eq!(parse_info("rust,asyncviz"), None);
        assert_eq!(
            parse_info("asyncviz"),
            Some((BlockOptions::default(), vec![]))
        );
    }

    #[test]
    fn reads_every_option() {
        let (o, p) = parse_info(
            "asyncviz step=12 panels=timeline,code height=420px play speed=2x title=\"Join, twice\" program=05-x",
        )
        .expect("an asyncviz block");
        assert_eq!(p, Vec::<String>::new());
        assert_eq!(
            o,
            BlockOptions {
                program: Some("05-x".into()),
                step: Some(12),
                panels: Some([Panel::Code, Panel::Timeline].into_iter().collect()),
                play: true,
                speed: Some(2.0),
                height: Some(420),
                title: Some("Join, twice".into()),
            }
        );
    }

    #[test]
    fn bad_and_unknown_options_are_reported_and_dropped() {
        let (o, p) = parse_info(
            "asyncviz step=x panels=code,nope height=5 speed=9 play=maybe colour=red title= program=../x theme",
        )
        .expect("an asyncviz block");
        assert_eq!(o, BlockOptions::default());
        expect_test::expect![[r#"
            the option `step=x` should be `step=<whole number>`, so it was ignored
            the option `panels=code,nope` should be a comma list of code, timeline, queue, wakers, pin, output, narration, so it was ignored
            the option `height=5` should be `height=<pixels from 240 to 2000>`, so it was ignored
            the option `speed=9` should be `speed=<number from 0.25 to 4>`, so it was ignored
            the option `play=maybe` should be `play`, `play=1` or `play=0`, so it was ignored
            the option `colour=red` is not known, so it was ignored (known options: program, step, panels, play, speed, height, title)
            the option `title=` should be `title="<text>"`, so it was ignored
            the option `program=../x` should be `program=<built-in id>`, e.g. `program=05-sequential-await-vs-join`, so it was ignored
            the option `theme` is not known, so it was ignored (known options: program, step, panels, play, speed, height, title)
        "#]]
        .assert_eq(&(p.join("\n") + "\n"));
    }

    #[test]
    fn words_split_outside_quotes() {
        assert_eq!(
            split_words("  a \"b c\" d=\"e f\"  "),
            vec!["a", "b c", "d=e f"]
        );
        assert_eq!(split_words("a \"\""), vec!["a", ""]);
    }
}
