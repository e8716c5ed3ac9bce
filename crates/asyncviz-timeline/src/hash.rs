//! The URL hash: `#p=05-sequential-await-vs-join&s=42` names the program and the step, so a
//! reload or a shared link opens the same view. Parsing never fails; problems become messages.

/// What a hash asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HashRequest {
    /// The program id, if given.
    pub program: Option<String>,
    /// The step, if given and a number.
    pub step: Option<usize>,
    /// What could not be understood, in plain words.
    pub problems: Vec<String>,
}

/// Parses a location hash, with or without its leading `#`.
pub fn parse_hash(hash: &str) -> HashRequest {
    let body = hash.strip_prefix('#').unwrap_or(hash).trim();
    let mut req = HashRequest::default();
    if body.is_empty() {
        return req;
    }
    for part in body.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let value = percent_decode(value);
        match key {
            "p" | "program" => match value {
                Some(v) if !v.trim().is_empty() => req.program = Some(v.trim().to_string()),
                _ => req.problems.push(format!(
                    "the link's program “{}” is not a valid name",
                    shorten(part)
                )),
            },
            "s" | "step" => match value.as_deref().map(str::trim).map(str::parse::<usize>) {
                Some(Ok(n)) => req.step = Some(n),
                _ => req.problems.push(format!(
                    "the link's step “{}” is not a number",
                    shorten(&value.unwrap_or_default())
                )),
            },
            _ => {
                if !part.contains('=') && req.program.is_none() && looks_like_id(part) {
                    // A bare `#05-sequential-await-vs-join` names a program.
                    req.program = Some(part.to_string());
                } else {
                    req.problems.push(format!(
                        "the link part “{}” is not understood",
                        shorten(part)
                    ));
                }
            }
        }
    }
    req
}

/// Formats the hash for a program and step (without the leading `#`).
pub fn format_hash(program: &str, step: usize) -> String {
    format!("p={}&s={step}", percent_encode(program))
}

/// A request checked against what exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The program to show.
    pub program: String,
    /// Messages to show the user about what was wrong with the link.
    pub notices: Vec<String>,
}

/// Picks the program: the requested one if it exists, else `default`, with a notice.
pub fn resolve_program(req: &HashRequest, known: &[&str], default: &str) -> Resolved {
    let mut notices: Vec<String> = req.problems.iter().map(|p| capital(p) + ".").collect();
    let program = match &req.program {
        Some(p) if known.contains(&p.as_str()) => p.clone(),
        Some(p) => {
            notices.push(format!(
                "There is no built-in program “{}”, so “{default}” is shown instead.",
                shorten(p)
            ));
            default.to_string()
        }
        None => default.to_string(),
    };
    Resolved { program, notices }
}

/// Clamps a requested step to a trace of `len` events, with a notice if it was out of range.
pub fn resolve_step(step: Option<usize>, len: usize) -> (usize, Option<String>) {
    match step {
        None => (0, None),
        Some(s) if s <= len => (s, None),
        Some(s) => (
            len,
            Some(format!(
                "Step {s} is past the end of this run ({len} steps), so it opens at the end."
            )),
        ),
    }
}

fn looks_like_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        s.chars().take(39).chain(['…']).collect()
    } else {
        s.to_string()
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Decodes `%XX` escapes and `+`; `None` if the escapes are malformed or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let h = format_hash("05-sequential-await-vs-join", 42);
        assert_eq!(h, "p=05-sequential-await-vs-join&s=42");
        let req = parse_hash(&format!("#{h}"));
        assert_eq!(req.program.as_deref(), Some("05-sequential-await-vs-join"));
        assert_eq!(req.step, Some(42));
        assert!(req.problems.is_empty());
        assert_eq!(
            parse_hash(&format_hash("a b/c", 1)).program.as_deref(),
            Some("a b/c")
        );
    }

    #[test]
    fn garbage_is_a_message_never_a_panic() {
        for h in [
            "",
            "#",
            "#&&&",
            "#s=",
            "#s=-1",
            "#s=99999999999999999999999",
            "#p=%zz",
            "#p=%E2%82",
            "#💥",
            "#p==&s==",
            "#x=1",
        ] {
            let req = parse_hash(h);
            let r = resolve_program(&req, &["a"], "a");
            assert_eq!(r.program, "a", "{h}");
        }
        let req = parse_hash("#s=abc&p=nope");
        assert_eq!(req.step, None);
        let r = resolve_program(&req, &["a", "b"], "a");
        assert_eq!(r.program, "a");
        assert_eq!(
            r.notices,
            vec![
                "The link's step “abc” is not a number.".to_string(),
                "There is no built-in program “nope”, so “a” is shown instead.".to_string()
            ]
        );
        assert_eq!(parse_hash("#b").program.as_deref(), Some("b"));
    }

    #[test]
    fn steps_are_clamped_with_a_notice() {
        assert_eq!(resolve_step(Some(5), 10), (5, None));
        assert_eq!(resolve_step(None, 10), (0, None));
        let (s, notice) = resolve_step(Some(11), 10);
        assert_eq!(s, 10);
        assert!(notice.unwrap().contains("past the end"));
    }
}
