//! Messages from the page that embeds AsyncViz: reveal.js's pause and resume.
//!
//! reveal.js posts the string `"slide:stop"` into every iframe of a slide it leaves and
//! `"slide:start"` into those of a slide it shows (`postMessage(…, "*")`). An embedded page
//! pauses on the first and resumes on the second, but only if the message comes from the window
//! that embeds it, from that window's origin, and is exactly one of those strings. Anything else
//! (another origin, an object, a longer string) is ignored without a trace.

/// What the embedding page asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostCommand {
    /// The slide holding this frame was left: stop playing.
    Pause,
    /// The slide holding this frame is shown: play again if [`SlideGate`] says so.
    Resume,
}

/// The command a message's data names, if it is a string of exactly the expected shape.
///
/// `data` is `None` when the message's data was not a string.
pub fn host_command(data: Option<&str>) -> Option<HostCommand> {
    match data? {
        "slide:stop" => Some(HostCommand::Pause),
        "slide:start" => Some(HostCommand::Resume),
        _ => None,
    }
}

/// Whether a message's `origin` is the embedding page's.
///
/// `parent_origin` is what the page knows of its parent's origin (the first entry of
/// `location.ancestorOrigins`, else the origin of `document.referrer`); when it knows nothing,
/// nothing is trusted. Pages opened from `file://` have the opaque origin `"null"` on both
/// sides and match each other; the web crate must also check that the message's `source` is
/// `window.parent`, which an origin alone cannot prove.
pub fn origin_trusted(origin: &str, parent_origin: Option<&str>) -> bool {
    match parent_origin {
        Some(parent) => !origin.is_empty() && origin == parent,
        None => false,
    }
}

/// The origin (`scheme://host[:port]`) of an absolute URL such as `document.referrer`, or `None`
/// if it has none (empty, relative, or an opaque scheme such as `data:`). `file:` URLs give
/// `"null"`, as browsers report them in `MessageEvent.origin`.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    if scheme == "file" {
        return Some("null".to_string());
    }
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials are never part of an origin.
    let host_port = authority
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if host_port.is_empty() {
        return None;
    }
    let default_port = if scheme == "http" { ":80" } else { ":443" };
    let host_port = host_port.strip_suffix(default_port).unwrap_or(&host_port);
    Some(format!("{scheme}://{host_port}"))
}

/// Remembers whether playback was paused by the slide deck, so that `slide:start` resumes only
/// what `slide:stop` paused (a reader who paused by hand stays paused).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlideGate {
    paused_by_host: bool,
}

impl SlideGate {
    /// A gate that has paused nothing.
    pub fn new() -> SlideGate {
        SlideGate::default()
    }

    /// Handles a command given whether the page is playing now; returns whether it should play
    /// afterwards, or `None` to leave playback as it is.
    #[must_use]
    pub fn on(&mut self, command: HostCommand, playing: bool) -> Option<bool> {
        match command {
            HostCommand::Pause if playing => {
                self.paused_by_host = true;
                Some(false)
            }
            HostCommand::Pause => None,
            HostCommand::Resume if self.paused_by_host => {
                self.paused_by_host = false;
                Some(true)
            }
            HostCommand::Resume => None,
        }
    }

    /// Forgets a pending resume: the reader pressed play or pause themselves.
    pub fn reader_acted(&mut self) {
        self.paused_by_host = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_strings_are_commands() {
        assert_eq!(host_command(Some("slide:stop")), Some(HostCommand::Pause));
        assert_eq!(host_command(Some("slide:start")), Some(HostCommand::Resume));
        for bad in [
            "",
            "slide:start ",
            "SLIDE:STOP",
            "{\"method\":\"play\"}",
            "slide:startx",
        ] {
            assert_eq!(host_command(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(host_command(None), None);
    }

    #[test]
    fn origins_must_match_the_parent() {
        assert!(origin_trusted(
            "https://deck.example",
            Some("https://deck.example")
        ));
        assert!(!origin_trusted(
            "https://evil.example",
            Some("https://deck.example")
        ));
        assert!(!origin_trusted("https://deck.example", None));
        assert!(origin_trusted("null", Some("null")));
        assert!(!origin_trusted("", Some("")));
    }

    #[test]
    fn origins_of_referrers() {
        assert_eq!(
            origin_of("https://Deck.example/talk/index.html?x#3").as_deref(),
            Some("https://deck.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:4175/embed.html").as_deref(),
            Some("http://127.0.0.1:4175")
        );
        assert_eq!(
            origin_of("https://u:p@e.org:443/").as_deref(),
            Some("https://e.org")
        );
        assert_eq!(
            origin_of("file:///home/me/book/index.html").as_deref(),
            Some("null")
        );
        for none in [
            "",
            "/relative",
            "data:text/html,hi",
            "about:blank",
            "ftp://x/",
            "https:///x",
        ] {
            assert_eq!(origin_of(none), None, "{none:?}");
        }
    }

    #[test]
    fn resumes_only_what_it_paused() {
        let mut gate = SlideGate::new();
        // Leaving a slide that plays pauses it; coming back resumes it.
        assert_eq!(gate.on(HostCommand::Pause, true), Some(false));
        assert_eq!(gate.on(HostCommand::Resume, false), Some(true));
        // A paused widget stays paused across slide changes.
        assert_eq!(gate.on(HostCommand::Pause, false), None);
        assert_eq!(gate.on(HostCommand::Resume, false), None);
        // The reader's own pause cancels a pending resume.
        assert_eq!(gate.on(HostCommand::Pause, true), Some(false));
        gate.reader_acted();
        assert_eq!(gate.on(HostCommand::Resume, false), None);
    }
}
