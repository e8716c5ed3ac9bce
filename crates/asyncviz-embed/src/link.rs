//! Reading and writing the hash: [`parse`] and [`format()`].
//!
//! The hash is `&`-separated `key=value` pairs, percent-encoded as browsers write them. Reading
//! never fails: a value that cannot be used becomes a [`Notice`] and the default, and a key this
//! version does not know is skipped without a word, so that a link written for a later version
//! still opens here with everything this version understands.

use crate::code::{decode_code, encode_code};
use crate::notice::{shorten, Notice};
use crate::params::{
    Panel, PanelSet, ProgramRef, Theme, ViewParams, CONTRACT_VERSION, DEFAULT_SPEED, MAX_SPEED,
    MIN_SPEED,
};
use crate::percent;

/// Reads a location hash (with or without its leading `#`) into the view it asks for, plus a
/// notice for every part that could not be used. Never fails, never panics.
///
/// When a key appears twice the later value wins. When a link has both `c=` and `p=`, the
/// program in `c=` is shown.
pub fn parse(hash: &str) -> (ViewParams, Vec<Notice>) {
    let body = hash.strip_prefix('#').unwrap_or(hash).trim();
    let mut params = ViewParams::default();
    let mut notices = Vec::new();
    // Programs are resolved after the loop, so that `c=` wins over `p=` in any order.
    let mut builtin: Option<String> = None;
    let mut code: Option<Result<String, String>> = None;

    for part in body.split('&').filter(|p| !p.is_empty()) {
        let Some((key, raw)) = part.split_once('=') else {
            bare(part, &mut params, &mut builtin);
            continue;
        };
        // `c=` is base64url, where `+` is a stand-in for `-` rather than a space.
        let Some(value) = percent::decode(raw, key != "c") else {
            if is_known(key) {
                notices.push(Notice::new(
                    key,
                    format!(
                        "The link's “{key}” value “{}” has a broken %-escape, so it was ignored.",
                        shorten(raw)
                    ),
                ));
            }
            continue;
        };
        let value = value.trim();
        match key {
            "p" | "program" => {
                if looks_like_id(value) {
                    builtin = Some(value.to_string());
                } else {
                    notices.push(Notice::new(
                        "p",
                        format!(
                            "The link's program name “{}” is not a valid name, so the default program is shown.",
                            shorten(value)
                        ),
                    ));
                }
            }
            "c" => {
                code = Some(decode_code(value).map_err(|e| {
                    let mut why = e.to_string();
                    capitalize(&mut why);
                    why
                }));
            }
            "s" | "step" => match value.parse::<usize>() {
                Ok(n) => params.step = Some(n),
                Err(_) => notices.push(Notice::new(
                    "s",
                    format!(
                        "The link's step “{}” is not a whole number, so the view opens at the start.",
                        shorten(value)
                    ),
                )),
            },
            "play" => match flag(value) {
                Some(b) => params.autoplay = b,
                None => notices.push(bad_flag("play", value, "does not start playing")),
            },
            "embed" => match flag(value) {
                Some(b) => params.embed = b,
                None => notices.push(bad_flag("embed", value, "shows the full page")),
            },
            "speed" => {
                let (s, message) = speed(value);
                params.speed = s;
                notices.extend(message.map(|m| Notice::new("speed", m)));
            }
            "theme" => match Theme::from_name(&value.to_ascii_lowercase()) {
                Some(t) => params.theme = t,
                None => notices.push(Notice::new(
                    "theme",
                    format!(
                        "The link's theme “{}” is not light, dark or auto, so the page picks one.",
                        shorten(value)
                    ),
                )),
            },
            "panels" => {
                let (set, unknown) = panels(value);
                for name in unknown {
                    notices.push(Notice::new(
                        "panels",
                        format!(
                            "The link asks for a panel “{}” this page does not have (it has {}).",
                            shorten(&name),
                            panel_list()
                        ),
                    ));
                }
                if set.is_empty() {
                    params.panels = None;
                    notices.push(Notice::new(
                        "panels",
                        "The link names no panel this page has, so all panels are shown.",
                    ));
                } else {
                    params.panels = Some(set);
                }
            }
            "v" => match value.parse::<u32>() {
                Ok(v) if v >= 1 => {
                    params.version = v;
                    if v > CONTRACT_VERSION {
                        notices.push(Notice::new(
                            "v",
                            format!(
                                "This link was made for a newer version of AsyncViz (link version {v}, this page reads version {CONTRACT_VERSION}), so parts of it may be ignored."
                            ),
                        ));
                    }
                }
                _ => notices.push(Notice::new(
                    "v",
                    format!(
                        "The link's version “{}” is not a version number, so it is read as version {CONTRACT_VERSION}.",
                        shorten(value)
                    ),
                )),
            },
            // Forward compatibility: keys from later versions are skipped silently.
            _ => {}
        }
    }

    params.program = match (code, builtin) {
        (Some(Ok(source)), _) => ProgramRef::Code(source),
        (Some(Err(why)), _) => {
            notices.push(Notice::new(
                "c",
                format!("{why}, so the default program is shown instead."),
            ));
            ProgramRef::Default
        }
        (None, Some(id)) => ProgramRef::Builtin(id),
        (None, None) => ProgramRef::Default,
    };
    (params, notices)
}

/// Writes the canonical hash for `params`, without the leading `#`.
///
/// Keys come in a fixed order (`p` or `c`, `s`, `play`, `speed`, `theme`, `embed`, `panels`,
/// `v`) and values equal to their default are left out, so the same view always gives the same
/// string. `v` is left out too while the contract is at version 1, because a link without `v`
/// means version 1 forever; that keeps the links the page wrote before the contract existed
/// (`p=…&s=…`) exactly as they were. `parse(&format(p))` gives back `p` (with the speed clamped
/// into range, and the version set to the one this crate writes).
pub fn format(params: &ViewParams) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &params.program {
        ProgramRef::Default => {}
        ProgramRef::Builtin(id) => parts.push(format!("p={}", percent::encode(id))),
        ProgramRef::Code(source) => parts.push(format!("c={}", encode_code(source))),
    }
    if let Some(step) = params.step {
        parts.push(format!("s={step}"));
    }
    if params.autoplay {
        parts.push("play=1".into());
    }
    let speed = clamp_speed(params.speed);
    if speed != DEFAULT_SPEED {
        parts.push(format!("speed={speed}"));
    }
    if params.theme != Theme::Auto {
        parts.push(format!("theme={}", params.theme));
    }
    if params.embed {
        parts.push("embed=1".into());
    }
    if let Some(set) = params.panels.filter(|s| !s.is_empty()) {
        parts.push(format!("panels={set}"));
    }
    if CONTRACT_VERSION > 1 {
        parts.push(format!("v={CONTRACT_VERSION}"));
    }
    parts.join("&")
}

/// Keys this version reads (with their aliases), for deciding whether a broken value is worth
/// a notice.
fn is_known(key: &str) -> bool {
    matches!(
        key,
        "p" | "program"
            | "c"
            | "s"
            | "step"
            | "play"
            | "embed"
            | "speed"
            | "theme"
            | "panels"
            | "v"
    )
}

/// A part without `=`: a flag (`play`, `embed`), or a program id, as the first links were
/// written (`#05-sequential-await-vs-join`). Anything else is skipped, like an unknown key.
fn bare(part: &str, params: &mut ViewParams, builtin: &mut Option<String>) {
    match part {
        "play" => params.autoplay = true,
        "embed" => params.embed = true,
        id if builtin.is_none() && looks_like_id(id) => *builtin = Some(id.to_string()),
        _ => {}
    }
}

/// Whether `s` can be a built-in program id: ASCII letters, digits, `-` and `_`.
fn looks_like_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn bad_flag(key: &str, value: &str, instead: &str) -> Notice {
    Notice::new(
        key,
        format!(
            "The link's “{key}” value “{}” is not 1 or 0, so the page {instead}.",
            shorten(value)
        ),
    )
}

/// Reads a speed such as `2`, `0.5` or `2x`. Out-of-range speeds are clamped and anything
/// else is normal speed, each with a message.
fn speed(value: &str) -> (f32, Option<String>) {
    let number = value.strip_suffix(['x', 'X']).unwrap_or(value);
    match decimal(number) {
        Some(s) => {
            let clamped = clamp_speed(s);
            let message = (clamped != s).then(|| {
                format!(
                    "The link's speed {s} is outside {MIN_SPEED}× to {MAX_SPEED}×, so it plays at {clamped}×."
                )
            });
            (clamped, message)
        }
        _ => (
            DEFAULT_SPEED,
            Some(format!(
                "The link's speed “{}” is not a number, so it plays at normal speed.",
                shorten(value)
            )),
        ),
    }
}

/// A plain decimal number: an optional sign, digits and at most one point (`2`, `0.25`, `.5`,
/// `-1`). Exponents, `inf` and `NaN` are not speeds. This and not `str::parse::<f32>`: std's
/// float parser would be the only one in the page's wasm, about 2 KiB of its download, for a
/// number that only ever needs a few digits. Digits past the ninth count as zeros, which
/// only ever matters for speeds far outside the range they are clamped to.
fn decimal(text: &str) -> Option<f32> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // Each part as an integer of at most nine significant digits, then scaled.
    let value = |s: &str| -> (f32, i32) {
        let kept = &s[..s.len().min(9)];
        let n = kept.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        (n as f32, (s.len() - kept.len()) as i32)
    };
    let (w, w_dropped) = value(whole);
    let (f, _) = value(fraction);
    let f_len = fraction.len().min(9) as i32;
    let magnitude = w * 10f32.powi(w_dropped) + f / 10f32.powi(f_len);
    // Hundreds of digits overflow to infinity: not a number, as std's parser would say.
    magnitude
        .is_finite()
        .then_some(if negative { -magnitude } else { magnitude })
}

fn clamp_speed(s: f32) -> f32 {
    if s.is_nan() {
        DEFAULT_SPEED
    } else {
        s.clamp(MIN_SPEED, MAX_SPEED)
    }
}

/// The panels a comma list names, and the names it has that are not panels.
fn panels(value: &str) -> (PanelSet, Vec<String>) {
    let mut set = PanelSet::empty();
    let mut unknown = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Panel::from_name(&name.to_ascii_lowercase()) {
            Some(p) => set.insert(p),
            None => unknown.push(name.to_string()),
        }
    }
    (set, unknown)
}

fn panel_list() -> String {
    Panel::ALL.map(Panel::name).join(", ")
}

fn capitalize(s: &mut String) {
    if let Some(first) = s.get(..1) {
        let upper = first.to_ascii_uppercase();
        s.replace_range(..1, &upper);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hashes_are_the_default_view() {
        for h in ["", "#", "#&&", "  "] {
            assert_eq!(parse(h), (ViewParams::default(), vec![]), "{h:?}");
        }
    }

    #[test]
    fn reads_every_key() {
        let source = "async fn main() {}";
        let hash = format!(
            "#c={}&s=7&play=1&speed=0.5&theme=dark&embed=1&panels=timeline,code&v=1",
            encode_code(source)
        );
        let (p, notices) = parse(&hash);
        assert_eq!(notices, vec![]);
        assert_eq!(
            p,
            ViewParams {
                program: ProgramRef::Code(source.into()),
                step: Some(7),
                autoplay: true,
                speed: 0.5,
                theme: Theme::Dark,
                embed: true,
                panels: Some([Panel::Code, Panel::Timeline].into_iter().collect()),
                version: 1,
            }
        );
    }

    #[test]
    fn format_is_canonical_and_round_trips() {
        let p = ViewParams {
            program: ProgramRef::Builtin("05-sequential-await-vs-join".into()),
            step: Some(42),
            autoplay: true,
            speed: 2.0,
            theme: Theme::Light,
            embed: true,
            panels: Some([Panel::Output, Panel::Code].into_iter().collect()),
            version: 1,
        };
        let h = format(&p);
        assert_eq!(
            h,
            "p=05-sequential-await-vs-join&s=42&play=1&speed=2&theme=light&embed=1&panels=code,output"
        );
        assert_eq!(parse(&h), (p, vec![]));
        assert_eq!(format(&ViewParams::default()), "");
        // What the page wrote before the contract existed, unchanged.
        let old = ViewParams {
            program: ProgramRef::Builtin("07-spawn-without-join".into()),
            step: Some(43),
            ..ViewParams::default()
        };
        assert_eq!(format(&old), "p=07-spawn-without-join&s=43");
        let code = ViewParams {
            program: ProgramRef::Code("fn main() {}\n".into()),
            speed: 100.0,
            ..ViewParams::default()
        };
        let h = format(&code);
        assert!(h.starts_with("c=") && h.ends_with("&speed=4"), "{h}");
        assert_eq!(parse(&h).0.program, code.program);
    }

    #[test]
    fn bare_parts_are_flags_or_a_program() {
        let (p, n) = parse("#05-sequential-await-vs-join&play&embed");
        assert_eq!(n, vec![]);
        assert_eq!(
            p.program,
            ProgramRef::Builtin("05-sequential-await-vs-join".into())
        );
        assert!(p.autoplay && p.embed);
        assert!(parse("#play=&embed=").0.autoplay);
    }

    #[test]
    fn unknown_keys_are_skipped_silently() {
        let (p, n) = parse("#p=a&future=%zz&x&💥&s=3");
        assert_eq!(n, vec![]);
        assert_eq!(p.program, ProgramRef::Builtin("a".into()));
        assert_eq!(p.step, Some(3));
    }

    #[test]
    fn code_wins_over_a_builtin() {
        let c = encode_code("x");
        for h in [format!("c={c}&p=a"), format!("p=a&c={c}")] {
            assert_eq!(parse(&h).0.program, ProgramRef::Code("x".into()), "{h}");
        }
    }

    #[test]
    fn later_values_win() {
        assert_eq!(parse("s=1&s=2").0.step, Some(2));
        assert_eq!(parse("theme=dark&theme=light").0.theme, Theme::Light);
    }

    #[test]
    fn bad_values_become_notices_and_defaults() {
        let (p, n) =
            parse("#p=../etc&s=-1&play=maybe&speed=fast&theme=coal&embed=2&panels=code,nope&v=x");
        assert_eq!(
            p,
            ViewParams {
                panels: Some([Panel::Code].into_iter().collect()),
                ..ViewParams::default()
            }
        );
        let keys: Vec<&str> = n.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(
            keys,
            ["p", "s", "play", "speed", "theme", "embed", "panels", "v"]
        );
        expect_test::expect![[r#"
            The link's program name “../etc” is not a valid name, so the default program is shown.
            The link's step “-1” is not a whole number, so the view opens at the start.
            The link's “play” value “maybe” is not 1 or 0, so the page does not start playing.
            The link's speed “fast” is not a number, so it plays at normal speed.
            The link's theme “coal” is not light, dark or auto, so the page picks one.
            The link's “embed” value “2” is not 1 or 0, so the page shows the full page.
            The link asks for a panel “nope” this page does not have (it has code, timeline, queue, wakers, pin, output, narration).
            The link's version “x” is not a version number, so it is read as version 1.
        "#]]
        .assert_eq(&(n.iter().map(|n| n.message.as_str()).collect::<Vec<_>>().join("\n") + "\n"));
    }

    #[test]
    fn out_of_range_speeds_are_clamped() {
        let (p, n) = parse("speed=10");
        assert_eq!(p.speed, MAX_SPEED);
        assert_eq!(
            n[0].message,
            "The link's speed 10 is outside 0.25× to 4×, so it plays at 4×."
        );
        assert_eq!(parse("speed=0.1").0.speed, MIN_SPEED);
        assert_eq!(parse("speed=2x").0.speed, 2.0);
        assert_eq!(parse("speed=NaN").0.speed, DEFAULT_SPEED);
        assert_eq!(parse("speed=inf").0.speed, DEFAULT_SPEED);
        assert_eq!(parse("speed=.5").0.speed, 0.5);
        assert_eq!(parse("speed=0.25").0.speed, 0.25);
        assert_eq!(parse("speed=1.5X").0.speed, 1.5);
        assert_eq!(parse("speed=-1").0.speed, MIN_SPEED);
        assert_eq!(parse("speed=12345678901234567890").0.speed, MAX_SPEED);
        let huge = "9".repeat(400);
        for not_a_speed in ["", ".", "1e2", "1.2.3", "--1", "2 x", "0x10", &huge] {
            let (p, n) = parse(&format!("speed={not_a_speed}"));
            assert_eq!(p.speed, DEFAULT_SPEED, "{not_a_speed}");
            assert!(
                n[0].message.contains("not a number"),
                "{not_a_speed}: {:?}",
                n[0].message
            );
        }
    }

    #[test]
    fn a_damaged_program_says_so_and_opens_the_default() {
        let c = encode_code("async fn main() { println!(\"hi\"); }");
        let cut = &c[..c.len() / 2];
        let (p, n) = parse(&format!("#c={cut}&s=4"));
        assert_eq!(p.program, ProgramRef::Default);
        assert_eq!(p.step, Some(4));
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].key, "c");
        assert!(
            n[0].message.starts_with("The link's program is")
                && n[0]
                    .message
                    .ends_with("so the default program is shown instead."),
            "{}",
            n[0].message
        );
        // Not even a built-in named next to it is used: the author meant the code.
        assert_eq!(
            parse(&format!("#p=a&c={cut}")).0.program,
            ProgramRef::Default
        );
    }

    #[test]
    fn empty_panels_show_everything() {
        let (p, n) = parse("panels=,");
        assert_eq!(p.panels, None);
        assert_eq!(n.len(), 1);
        assert_eq!(
            parse("panels=CODE, Output")
                .0
                .panels
                .map(|s| s.to_string())
                .as_deref(),
            Some("code,output")
        );
    }

    #[test]
    fn newer_versions_are_read_with_a_notice() {
        let (p, n) = parse("p=a&v=2&zoom=3");
        assert_eq!(p.version, 2);
        assert_eq!(p.program, ProgramRef::Builtin("a".into()));
        assert!(n[0].message.contains("newer version"));
        assert_eq!(parse("v=0").1.len(), 1);
    }

    #[test]
    fn broken_escapes_on_known_keys_are_reported() {
        let (p, n) = parse("p=%E2%82&s=%zz");
        assert_eq!(p, ViewParams::default());
        assert_eq!(n.len(), 2);
        assert!(n[0].message.contains("broken %-escape"));
    }

    #[test]
    fn percent_encoded_ids_and_plus_signs() {
        assert_eq!(
            parse("p=05%2Dx").0.program,
            ProgramRef::Builtin("05-x".into())
        );
        // `+` in `c=` is base64's `+`, read as base64url's `-`.
        let c = encode_code("let a = 1;");
        let plus = c.replace('-', "+");
        assert_eq!(
            parse(&format!("c={plus}")).0.program,
            ProgramRef::Code("let a = 1;".into())
        );
    }
}
