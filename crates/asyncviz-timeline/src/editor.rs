//! The program editor's model: problems (the interpreter's diagnostics) laid over highlighted
//! lines, positions in the UTF-16 offsets a browser's `<textarea>` counts in, Tab indenting and
//! Enter's auto-indent as text edits, and the one-line summary of a run.
//!
//! Nothing here knows about the browser: the web crate applies a [`TextEdit`] to its textarea
//! and renders [`Piece`]s. Every function accepts any input, including positions past the end
//! of the text and spans that are empty, reversed or on lines that do not exist.

use crate::fmt::{fmt_ns, plural};
use crate::highlight::{Token, TokenKind};
use asyncviz_trace::Outcome;

/// How many spaces Tab inserts, and Shift+Tab removes.
pub const INDENT: usize = 4;

/// Something the editor marks: a message about a span of the text.
///
/// Positions are 1-based and count characters (Unicode scalar values, as rustc and syn do);
/// `end_col` is the column just after the last character, so an empty span has
/// `col == end_col` on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, in rustc's style.
    pub message: String,
    /// Line of the first character.
    pub line: u32,
    /// Column of the first character.
    pub col: u32,
    /// Line of the last character.
    pub end_line: u32,
    /// Column just after the last character.
    pub end_col: u32,
    /// An error (the program cannot run) rather than a warning.
    pub error: bool,
}

/// A run of one line's text with one highlight kind, inside at most one problem's span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The highlight kind.
    pub kind: TokenKind,
    /// The text (never a newline).
    pub text: String,
    /// The index into the problems of the problem whose span this is, if any.
    pub problem: Option<usize>,
}

/// Splits highlighted lines (from [`crate::highlight`]) where problems' spans start and end.
///
/// Where problems overlap, errors win over warnings and then the earlier problem wins. A span
/// that is empty, or that starts past the end of its line (rustc's "expected `;`" at a line's
/// end), marks one space appended to the line, so every problem has something to underline.
/// Problems on lines that do not exist are shown on the nearest line that does.
pub fn mark_problems(lines: &[Vec<Token>], problems: &[Problem]) -> Vec<Vec<Piece>> {
    let last_line = lines.len().max(1) as u32;
    // Errors first, then in order: the first problem to claim a character keeps it.
    let mut order: Vec<usize> = (0..problems.len()).collect();
    order.sort_by_key(|&i| (!problems[i].error, i));
    lines
        .iter()
        .enumerate()
        .map(|(i, tokens)| {
            let n = i as u32 + 1;
            let chars: Vec<(TokenKind, char)> = tokens
                .iter()
                .flat_map(|t| t.text.chars().map(move |c| (t.kind, c)))
                .collect();
            let len = chars.len();
            // One slot per character plus one for the space a problem past the end may add.
            let mut owner: Vec<Option<usize>> = vec![None; len + 1];
            for &p in &order {
                if let Some((from, to)) = columns_on_line(&problems[p], n, len, last_line) {
                    for slot in owner.iter_mut().take(to).skip(from) {
                        slot.get_or_insert(p);
                    }
                }
            }
            let mut pieces: Vec<Piece> = Vec::new();
            let cells = chars
                .iter()
                .map(|&(k, c)| (k, c))
                .chain(owner[len].map(|_| (TokenKind::Plain, ' ')));
            for (at, (kind, c)) in cells.enumerate() {
                let problem = owner[at];
                match pieces.last_mut() {
                    Some(last) if last.kind == kind && last.problem == problem => last.text.push(c),
                    _ => pieces.push(Piece {
                        kind,
                        text: c.to_string(),
                        problem,
                    }),
                }
            }
            pieces
        })
        .collect()
}

/// The 0-based character range `[from, to)` a problem covers on line `n` of `len` characters,
/// where `len` itself stands for the appended space.
fn columns_on_line(p: &Problem, n: u32, len: usize, last_line: u32) -> Option<(usize, usize)> {
    let line = p.line.clamp(1, last_line);
    let end_line = p.end_line.clamp(line, last_line);
    if n < line || n > end_line {
        return None;
    }
    let from = if n == line {
        (p.col.max(1) as usize - 1).min(len)
    } else {
        0
    };
    let to = if n == end_line {
        (p.end_col.max(1) as usize - 1).min(len)
    } else {
        len
    };
    if to > from {
        Some((from, to))
    } else if n == line {
        // Empty: the character at the start, or the space after the line's end.
        Some((from, from + 1))
    } else {
        None
    }
}

/// The lines that have problems, each with its problems' indices, in line order.
pub fn problem_lines(problems: &[Problem], line_count: usize) -> Vec<(u32, Vec<usize>)> {
    let last_line = line_count.max(1) as u32;
    let mut lines: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, p) in problems.iter().enumerate() {
        lines.entry(p.line.clamp(1, last_line)).or_default().push(i);
    }
    lines.into_iter().collect()
}

/// The UTF-16 offset of a 1-based line and character column, clamped to the text: a column
/// past the end of its line is the line's end, a line past the end of the text is the text's end.
pub fn offset_of(text: &str, line: u32, col: u32) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        if i as u32 + 1 == line.max(1) {
            let within: u32 = l
                .chars()
                .take(col.max(1) as usize - 1)
                .map(|c| c.len_utf16() as u32)
                .sum();
            return offset + within;
        }
        offset += utf16_len(l) + 1;
    }
    utf16_len(text)
}

/// The length of a text in UTF-16 code units, as a textarea counts it.
pub fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

/// The byte index in `text` of a UTF-16 offset, clamped to the text and moved back to the start
/// of a character if it points into one (half of a surrogate pair).
pub fn byte_index(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (b, c) in text.char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > utf16 {
            return b;
        }
        units = next;
    }
    text.len()
}

/// The 1-based line and character column of a UTF-16 offset (clamped to the text).
pub fn position_of(text: &str, utf16: u32) -> (u32, u32) {
    let before = &text[..byte_index(text, utf16)];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() as u32 + 1)
}

/// The problem whose span covers a 1-based line and column, errors first; a caret just after
/// a span's end (or on the space an empty span marks) counts as inside it.
pub fn problem_at(problems: &[Problem], line: u32, col: u32) -> Option<usize> {
    let covers = |p: &Problem| {
        let end_line = p.end_line.max(p.line);
        let after_start = line > p.line || (line == p.line && col >= p.col);
        let before_end = line < end_line || (line == end_line && col <= p.end_col.max(p.col + 1));
        after_start && before_end
    };
    let mut found: Option<usize> = None;
    for (i, p) in problems.iter().enumerate() {
        if covers(p) && found.is_none_or(|f| p.error && !problems[f].error) {
            found = Some(i);
        }
    }
    found
}

/// A change to the text: replace `[start, end)` (UTF-16 offsets) with `insert`, then select
/// `[select_start, select_end)` in the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Start of the replaced range.
    pub start: u32,
    /// End of the replaced range.
    pub end: u32,
    /// The new text for the range.
    pub insert: String,
    /// Selection start afterwards.
    pub select_start: u32,
    /// Selection end afterwards.
    pub select_end: u32,
}

impl TextEdit {
    /// Applies the edit to `text`, as the browser will (for tests and for fallbacks).
    pub fn apply(&self, text: &str) -> String {
        let (a, b) = (byte_index(text, self.start), byte_index(text, self.end));
        let (a, b) = (a.min(b), a.max(b));
        format!("{}{}{}", &text[..a], self.insert, &text[b..])
    }
}

/// Tab (or Shift+Tab with `outdent`) with the selection `[start, end)`.
///
/// Tab with the caret or a selection inside one line puts [`INDENT`] spaces in place of the
/// selection. Tab over several lines indents each of them; Shift+Tab removes up to
/// [`INDENT`] leading spaces (or one tab) from each line the selection touches. Returns `None`
/// when nothing would change (Shift+Tab on unindented lines).
pub fn indent(text: &str, start: u32, end: u32, outdent: bool) -> Option<TextEdit> {
    let (start, end) = (start.min(end), start.max(end));
    let (sb, eb) = (byte_index(text, start), byte_index(text, end));
    let multi_line = text[sb..eb].contains('\n');
    if !outdent && !multi_line {
        let spaces = " ".repeat(INDENT);
        let caret = start + INDENT as u32;
        return Some(TextEdit {
            start,
            end,
            insert: spaces,
            select_start: caret,
            select_end: caret,
        });
    }
    // Whole lines from the start of the first touched line to the end of the last. A selection
    // that ends at the very start of a line does not touch that line.
    let first = text[..sb].rfind('\n').map_or(0, |i| i + 1);
    let last_end = if eb > sb && text[..eb].ends_with('\n') {
        eb - 1
    } else {
        eb
    };
    let block_end = text[last_end..]
        .find('\n')
        .map_or(text.len(), |i| last_end + i);
    let block = &text[first..block_end];
    let mut changed = false;
    let mut out = Vec::new();
    // How the selection's ends move: what was added or removed before them on their line.
    let mut first_delta: i64 = 0;
    for (i, line) in block.split('\n').enumerate() {
        let new_line = if outdent {
            let strip = if line.starts_with('\t') {
                1
            } else {
                line.chars().take(INDENT).take_while(|&c| c == ' ').count()
            };
            changed |= strip > 0;
            if i == 0 {
                first_delta = -(strip as i64);
            }
            line[strip..].to_string()
        } else {
            changed = true;
            if i == 0 {
                first_delta = INDENT as i64;
            }
            format!("{}{line}", " ".repeat(INDENT))
        };
        out.push(new_line);
    }
    if !changed {
        return None;
    }
    let insert = out.join("\n");
    let block_start = utf16_len(&text[..first]);
    let new_block_end = block_start + utf16_len(&insert);
    let select_start = if multi_line {
        block_start
    } else {
        // One line: keep the caret where it was in the text, never before the line's start.
        (start as i64 + first_delta).max(block_start as i64) as u32
    };
    let select_end = if multi_line {
        new_block_end
    } else {
        (end as i64 + first_delta).max(block_start as i64) as u32
    };
    Some(TextEdit {
        start: block_start,
        end: utf16_len(&text[..block_end]),
        insert,
        select_start,
        select_end,
    })
}

/// Enter at the selection `[start, end)`: a newline that keeps the current line's indentation,
/// one level deeper after an opening `{`, `(` or `[` at the caret.
pub fn newline(text: &str, start: u32, end: u32) -> TextEdit {
    let (start, end) = (start.min(end), start.max(end));
    let sb = byte_index(text, start);
    let line_start = text[..sb].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..sb];
    let indent: String = before
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let opens = matches!(before.trim_end().chars().last(), Some('{' | '(' | '['));
    let extra = if opens {
        " ".repeat(INDENT)
    } else {
        String::new()
    };
    let insert = format!("\n{indent}{extra}");
    let caret = start + utf16_len(&insert);
    TextEdit {
        start,
        end,
        insert,
        select_start: caret,
        select_end: caret,
    }
}

/// Normalises text from storage, a link or a paste: `\r\n` and lone `\r` become `\n`, as a
/// textarea would make them, so lines and offsets agree with what the browser shows.
pub fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// How a run went, for the colour of its summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunTone {
    /// It ran to the end.
    Ok,
    /// It ran but did not finish well: a hang, a panic, a budget.
    Warn,
    /// It did not run.
    Error,
}

/// One sentence about a run of the user's program: whether it ran, how it ended, and where to
/// look. `outcome` is `None` when the program did not pass the checks; `errors` counts error
/// diagnostics; `events` is the trace's length.
pub fn run_summary(outcome: Option<&Outcome>, events: usize, errors: usize) -> (RunTone, String) {
    let Some(outcome) = outcome else {
        return (
            RunTone::Error,
            format!(
                "Not run: {} to fix first (underlined below). The timeline still shows the last run.",
                plural(errors.max(1), "error", "errors")
            ),
        );
    };
    let what = if events == 1 {
        "1 event".to_string()
    } else {
        format!("{} events", group_digits(events as u64))
    };
    let errors_note = if errors > 0 {
        format!(
            " It stopped at {} (underlined below).",
            plural(errors, "error", "errors")
        )
    } else {
        String::new()
    };
    match outcome {
        Outcome::Finished { t } if errors == 0 => (
            RunTone::Ok,
            format!(
                "Ran: {what}, finished at t = {}. Step through it on the timeline.",
                fmt_ns(*t)
            ),
        ),
        Outcome::Finished { t } => (
            RunTone::Warn,
            format!("Ran: {what}, ended at t = {}.{errors_note}", fmt_ns(*t)),
        ),
        Outcome::Hang { t, .. } => (
            RunTone::Warn,
            format!(
                "Ran: {what}, then hung at t = {}: no task can ever be woken. See how it ends below the timeline.{errors_note}",
                fmt_ns(*t)
            ),
        ),
        Outcome::BudgetExceeded { budget, limit } => (
            RunTone::Warn,
            format!(
                "Stopped after {} {}: the program may never end (an endless loop?). The timeline shows the {what} before it was stopped.",
                group_digits(*limit),
                budget_noun(budget)
            ),
        ),
        Outcome::Panicked { message, .. } => (
            RunTone::Warn,
            format!(
                "Ran: {what}, then panicked: {}{errors_note}",
                sentence(message)
            ),
        ),
        Outcome::Running => (
            RunTone::Warn,
            format!("Ran: {what}; the run did not end.{errors_note}"),
        ),
    }
}

/// A message as the end of a sentence: trimmed, with a full stop unless it has its own.
fn sentence(message: &str) -> String {
    let m = message.trim();
    if m.ends_with(['.', '!', '?']) {
        m.to_string()
    } else {
        format!("{m}.")
    }
}

/// The budget's name as a noun phrase after a number: `2,000,000 evaluation steps`.
fn budget_noun(budget: &str) -> String {
    match budget {
        "steps" => "evaluation steps".to_string(),
        "polls" => "task polls".to_string(),
        "tasks" => "spawned tasks".to_string(),
        "events" => "recorded events".to_string(),
        "output" | "output_bytes" => "bytes of output".to_string(),
        "time" => "ns of virtual time".to_string(),
        "depth" => "nested calls".to_string(),
        other => format!("units of its {other} budget"),
    }
}

/// `2000000` as `2,000,000`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::highlight;

    fn problem(line: u32, col: u32, end_line: u32, end_col: u32) -> Problem {
        Problem {
            message: "m".into(),
            line,
            col,
            end_line,
            end_col,
            error: true,
        }
    }

    /// A line's pieces as `text` for plain, `[i:text]` for problem `i`'s span.
    fn show(pieces: &[Piece]) -> String {
        let mut runs: Vec<(Option<usize>, String)> = Vec::new();
        for p in pieces {
            match runs.last_mut() {
                Some((problem, text)) if *problem == p.problem => text.push_str(&p.text),
                _ => runs.push((p.problem, p.text.clone())),
            }
        }
        runs.into_iter()
            .map(|(problem, text)| match problem {
                Some(i) => format!("[{i}:{text}]"),
                None => text,
            })
            .collect()
    }

    #[test]
    fn problems_split_tokens_and_keep_the_text() {
        let src = "fn main() {\n    let x = 1\n}\n";
        let lines = highlight(src);
        let marked = mark_problems(&lines, &[problem(2, 9, 2, 14)]);
        assert_eq!(marked.len(), lines.len());
        assert_eq!(show(&marked[1]), "    let [0:x = 1]");
        // Without problems, the text is exactly the highlighted text.
        for (pieces, tokens) in mark_problems(&lines, &[]).iter().zip(&lines) {
            let a: String = pieces.iter().map(|p| p.text.as_str()).collect();
            let b: String = tokens.iter().map(|t| t.text.as_str()).collect();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn empty_and_past_the_end_spans_get_a_space_to_underline() {
        let lines = highlight("let x = 1\nfoo");
        let marked = mark_problems(&lines, &[problem(1, 10, 1, 10), problem(2, 1, 2, 1)]);
        assert_eq!(show(&marked[0]), "let x = 1[0: ]");
        assert_eq!(show(&marked[1]), "[1:f]oo");
    }

    #[test]
    fn multi_line_spans_and_overlaps() {
        let lines = highlight("ab\ncd\nef");
        let mut warning = problem(1, 1, 1, 3);
        warning.error = false;
        let marked = mark_problems(&lines, &[warning, problem(1, 2, 3, 2)]);
        assert_eq!(show(&marked[0]), "[0:a][1:b]");
        assert_eq!(show(&marked[1]), "[1:cd]");
        assert_eq!(show(&marked[2]), "[1:e]f");
    }

    #[test]
    fn nonsense_positions_never_panic() {
        let lines = highlight("ab\n\ncd");
        for p in [
            problem(0, 0, 0, 0),
            problem(99, 99, 99, 99),
            problem(2, 5, 1, 1),
            problem(3, 9, 3, 2),
            problem(u32::MAX, u32::MAX, u32::MAX, u32::MAX),
        ] {
            let marked = mark_problems(&lines, std::slice::from_ref(&p));
            assert_eq!(marked.len(), 3);
            assert!(marked
                .iter()
                .flatten()
                .any(|piece| piece.problem == Some(0)));
        }
        assert_eq!(
            mark_problems(&[], &[problem(1, 1, 1, 1)]),
            Vec::<Vec<Piece>>::new()
        );
        assert_eq!(
            problem_lines(&[problem(0, 1, 1, 1), problem(7, 1, 7, 1)], 3),
            vec![(1, vec![0]), (3, vec![1])]
        );
    }

    #[test]
    fn offsets_count_utf16_like_a_textarea() {
        let text = "a😀b\nxé\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 1, 3), 3, "the emoji is two UTF-16 units");
        assert_eq!(offset_of(text, 1, 99), 4);
        assert_eq!(offset_of(text, 2, 2), 6);
        assert_eq!(offset_of(text, 3, 1), 8);
        assert_eq!(offset_of(text, 9, 1), utf16_len(text));
        assert_eq!(
            byte_index(text, 2),
            1,
            "inside the surrogate pair moves back"
        );
        assert_eq!(byte_index(text, 3), 5);
        assert_eq!(byte_index(text, 999), text.len());
    }

    #[test]
    fn positions_and_the_problem_under_the_caret() {
        let text = "ab\nc😀d";
        assert_eq!(position_of(text, 0), (1, 1));
        assert_eq!(position_of(text, 3), (2, 1));
        assert_eq!(position_of(text, 6), (2, 3));
        assert_eq!(position_of(text, 99), (2, 4));
        let mut warning = problem(2, 1, 2, 3);
        warning.error = false;
        let problems = [warning, problem(2, 2, 2, 2), problem(1, 2, 1, 3)];
        assert_eq!(problem_at(&problems, 2, 1), Some(0));
        assert_eq!(problem_at(&problems, 2, 2), Some(1), "errors win");
        assert_eq!(problem_at(&problems, 2, 3), Some(1));
        assert_eq!(problem_at(&problems, 1, 3), Some(2), "just after the end");
        assert_eq!(problem_at(&problems, 1, 1), None);
        assert_eq!(problem_at(&problems, 3, 1), None);
    }

    #[test]
    fn tab_inserts_four_spaces_and_indents_lines() {
        let text = "fn f() {\nx\ny\n}";
        let e = indent(text, 9, 9, false).expect("an edit");
        assert_eq!(e.apply(text), "fn f() {\n    x\ny\n}");
        assert_eq!((e.select_start, e.select_end), (13, 13));
        // Lines 2 and 3 selected (up to the start of line 4, which is not touched).
        let e = indent(text, 9, 13, false).expect("an edit");
        let indented = e.apply(text);
        assert_eq!(indented, "fn f() {\n    x\n    y\n}");
        assert_eq!((e.select_start, e.select_end), (9, 20));
        let e = indent(&indented, 9, 20, true).expect("an edit");
        assert_eq!(e.apply(&indented), text);
        // Shift+Tab with the caret inside an indented line keeps the caret on its character.
        let e = indent(&indented, 13, 13, true).expect("an edit");
        assert_eq!(e.apply(&indented), "fn f() {\nx\n    y\n}");
        assert_eq!(e.select_start, 9);
        assert_eq!(indent(text, 9, 9, true), None, "nothing to outdent");
        assert!(indent("", 5, 0, true).is_none());
    }

    #[test]
    fn enter_keeps_indentation() {
        let text = "async fn main() {\n    let v = vec![";
        let e = newline(text, utf16_len(text), utf16_len(text));
        assert_eq!(e.insert, "\n        ");
        let e = newline(text, 17, 17);
        assert_eq!(e.insert, "\n    ");
        assert_eq!(newline("x", 0, 0).insert, "\n");
    }

    #[test]
    fn summaries_say_what_happened() {
        let (tone, s) = run_summary(None, 0, 2);
        assert_eq!(tone, RunTone::Error);
        assert!(s.starts_with("Not run: 2 errors"), "{s}");
        let (tone, s) = run_summary(Some(&Outcome::Finished { t: 1_500_000 }), 12, 0);
        assert_eq!(tone, RunTone::Ok);
        assert_eq!(
            s,
            "Ran: 12 events, finished at t = 1.5 ms. Step through it on the timeline."
        );
        let (tone, s) = run_summary(
            Some(&Outcome::BudgetExceeded {
                budget: "steps".into(),
                limit: 2_000_000,
            }),
            7,
            0,
        );
        assert_eq!(tone, RunTone::Warn);
        assert!(
            s.starts_with("Stopped after 2,000,000 evaluation steps: the program may never end"),
            "{s}"
        );
        let (_, s) = run_summary(
            Some(&Outcome::Panicked {
                task: asyncviz_trace::TaskId(0),
                message: "boom".into(),
            }),
            1,
            1,
        );
        assert_eq!(
            s,
            "Ran: 1 event, then panicked: boom. It stopped at 1 error (underlined below)."
        );
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(1234567), "1,234,567");
    }
}
