//! Diagnostics: what the editor underlines.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The program cannot run.
    Error,
    /// The program runs, but something deserves a look.
    Warning,
}

/// A message about a span of the source.
///
/// Positions are 1-based; `end_col` is the column just after the last character, so an empty
/// span has `col == end_col`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The message, in the style of rustc's first line.
    pub message: String,
    /// 1-based line where the span starts.
    pub line: u32,
    /// 1-based column where the span starts.
    pub col: u32,
    /// 1-based line where the span ends.
    pub end_line: u32,
    /// 1-based column just after the span's last character.
    pub end_col: u32,
    /// Error or warning.
    pub severity: Severity,
}

impl Diagnostic {
    /// An error at a span.
    pub(crate) fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            line: span.line,
            col: span.col,
            end_line: span.end_line,
            end_col: span.end_col,
            severity: Severity::Error,
        }
    }

    /// `line:col: message`, the form the golden tests use.
    pub fn render(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{}:{}: {sev}: {}", self.line, self.col, self.message)
    }
}

/// A source span with 1-based lines and columns, as carried through the lowered program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) line: u32,
    pub(crate) col: u32,
    pub(crate) end_line: u32,
    pub(crate) end_col: u32,
}

impl Span {
    /// Converts a `proc_macro2` span (0-based columns) to ours.
    pub(crate) fn from_pm2(span: proc_macro2::Span) -> Span {
        let start = span.start();
        let end = span.end();
        Span {
            line: start.line as u32,
            col: start.column as u32 + 1,
            end_line: end.line as u32,
            end_col: end.column as u32 + 1,
        }
    }

    /// The span from the start of `self` to the end of `other`.
    pub(crate) fn to(self, other: Span) -> Span {
        Span {
            end_line: other.end_line,
            end_col: other.end_col,
            ..self
        }
    }
}
