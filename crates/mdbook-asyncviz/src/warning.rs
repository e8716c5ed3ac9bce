//! [`Warning`]: a problem with a block or the configuration, shown to the book's author.

use std::fmt;

/// Something the author should fix; the build goes on regardless.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The chapter's source path, if the warning is about a chapter.
    pub chapter: Option<String>,
    /// The 1-based line in the chapter the block starts on, if known.
    pub line: Option<usize>,
    /// What is wrong and what was done instead, as a sentence.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.chapter, self.line) {
            (Some(c), Some(l)) => write!(f, "{c}:{l}: {}", self.message),
            (Some(c), None) => write!(f, "{c}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}
