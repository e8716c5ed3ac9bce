//! [`Notice`]: what the page tells the reader about a part of a link it could not use.

use std::fmt;

/// A problem with one part of a link, in plain words, and the key it concerns.
///
/// The page shows [`Notice::message`] as text (never as HTML) next to the view it opened
/// instead. The message quotes the offending value, shortened, so it is safe to show but may
/// contain anything the link did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The link key the notice is about, e.g. `s` (a bare link part gives its own text).
    pub key: String,
    /// One or two full sentences saying what was wrong and what the page does instead.
    pub message: String,
}

impl Notice {
    /// A notice about `key`.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How many characters of a bad value a notice quotes.
const QUOTE_CHARS: usize = 40;

/// `s` cut to a length that fits in a sentence, with an ellipsis if it was cut.
pub(crate) fn shorten(s: &str) -> String {
    let printable: String = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if printable.chars().count() > QUOTE_CHARS {
        printable
            .chars()
            .take(QUOTE_CHARS - 1)
            .chain(['…'])
            .collect()
    } else {
        printable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_printable() {
        assert_eq!(shorten("abc"), "abc");
        assert_eq!(shorten("a\nb"), "a\u{FFFD}b");
        let long = "x".repeat(100);
        assert_eq!(shorten(&long).chars().count(), QUOTE_CHARS);
        assert!(shorten(&long).ends_with('…'));
    }
}
