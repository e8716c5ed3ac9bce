//! A small Rust tokenizer for syntax highlighting. It never fails: anything it does not know is
//! plain text, and an unterminated string or comment runs to the end of the source.

/// What a piece of source text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Spaces, punctuation and anything unrecognised.
    Plain,
    /// A keyword such as `async`, `fn`, `let`, `await`.
    Keyword,
    /// A type name: capitalised identifiers and primitive types.
    Type,
    /// An identifier that is called: `sleep(`.
    Function,
    /// Any other identifier.
    Ident,
    /// A macro invocation, including its `!`: `println!`.
    Macro,
    /// A string, byte-string, raw-string or char literal.
    Str,
    /// A number literal, with its suffix.
    Number,
    /// A comment, line or block (including doc comments).
    Comment,
    /// A lifetime or label: `'a`, `'static`.
    Lifetime,
    /// An attribute: `#[tokio::main]`.
    Attribute,
}

/// One highlighted piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its text (never containing a newline).
    pub text: String,
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "union",
    "unsafe", "use", "where", "while", "yield",
];

const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

/// Splits source into lines of tokens. Line `i` of the result is line `i + 1` of the source.
pub fn highlight(src: &str) -> Vec<Vec<Token>> {
    let chars: Vec<char> = src.chars().collect();
    let mut lines: Vec<Vec<Token>> = vec![Vec::new()];
    let mut i = 0;
    while i < chars.len() {
        let (kind, end) = scan(&chars, i);
        let end = end.max(i + 1).min(chars.len());
        push(&mut lines, kind, &chars[i..end]);
        i = end;
    }
    lines
}

/// Adds text to the lines, splitting at newlines and merging with a previous token of the same kind.
fn push(lines: &mut Vec<Vec<Token>>, kind: TokenKind, text: &[char]) {
    let mut part = String::new();
    for &c in text {
        if c == '\n' {
            flush(lines, kind, &mut part);
            lines.push(Vec::new());
        } else if c != '\r' {
            part.push(c);
        }
    }
    flush(lines, kind, &mut part);
}

fn flush(lines: &mut [Vec<Token>], kind: TokenKind, part: &mut String) {
    if part.is_empty() {
        return;
    }
    let line = lines.last_mut().expect("lines always has a current line");
    match line.last_mut() {
        Some(last) if last.kind == kind && kind == TokenKind::Plain => last.text.push_str(part),
        _ => line.push(Token {
            kind,
            text: std::mem::take(part),
        }),
    }
    part.clear();
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Scans one token starting at `i`; returns its kind and end index.
fn scan(s: &[char], i: usize) -> (TokenKind, usize) {
    let at = |k: usize| s.get(k).copied().unwrap_or('\0');
    let c = s[i];
    if c == '/' && at(i + 1) == '/' {
        let mut j = i;
        while j < s.len() && s[j] != '\n' {
            j += 1;
        }
        return (TokenKind::Comment, j);
    }
    if c == '/' && at(i + 1) == '*' {
        let mut depth = 0;
        let mut j = i;
        while j < s.len() {
            if s[j] == '/' && at(j + 1) == '*' {
                depth += 1;
                j += 2;
            } else if s[j] == '*' && at(j + 1) == '/' {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    break;
                }
            } else {
                j += 1;
            }
        }
        return (TokenKind::Comment, j);
    }
    if c == '#' && (at(i + 1) == '[' || (at(i + 1) == '!' && at(i + 2) == '[')) {
        let mut depth = 0;
        let mut j = i + 1;
        while j < s.len() {
            match s[j] {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                '\n' => break,
                _ => {}
            }
            j += 1;
        }
        return (TokenKind::Attribute, j);
    }
    // Raw strings: r"..", r#".."#, br#".."#, cr"..".
    let raw_at = if c == 'r' {
        Some(i + 1)
    } else if (c == 'b' || c == 'c') && at(i + 1) == 'r' {
        Some(i + 2)
    } else {
        None
    };
    if let Some(mut j) = raw_at {
        let mut hashes = 0;
        while at(j) == '#' {
            hashes += 1;
            j += 1;
        }
        if at(j) == '"' && (hashes > 0 || at(j) == '"') {
            j += 1;
            while j < s.len() {
                if s[j] == '"' && (0..hashes).all(|h| at(j + 1 + h) == '#') {
                    return (TokenKind::Str, j + 1 + hashes);
                }
                j += 1;
            }
            return (TokenKind::Str, j);
        }
    }
    if c == '"' || ((c == 'b' || c == 'c') && at(i + 1) == '"') {
        let mut j = if c == '"' { i + 1 } else { i + 2 };
        while j < s.len() {
            match s[j] {
                '\\' => j += 2,
                '"' => return (TokenKind::Str, j + 1),
                _ => j += 1,
            }
        }
        return (TokenKind::Str, j);
    }
    if c == 'b' && at(i + 1) == '\'' {
        return (TokenKind::Str, char_literal_end(s, i + 1));
    }
    if c == '\'' {
        let next = at(i + 1);
        if next == '\\' || (next != '\0' && at(i + 2) == '\'') {
            return (TokenKind::Str, char_literal_end(s, i));
        }
        if is_ident_start(next) {
            let mut j = i + 1;
            while j < s.len() && is_ident_char(s[j]) {
                j += 1;
            }
            return (TokenKind::Lifetime, j);
        }
        return (TokenKind::Plain, i + 1);
    }
    if c.is_ascii_digit() {
        let mut j = i;
        while j < s.len() {
            let d = s[j];
            if d.is_ascii_alphanumeric() || d == '_' || (d == '.' && at(j + 1).is_ascii_digit()) {
                j += 1;
            } else {
                break;
            }
        }
        return (TokenKind::Number, j);
    }
    if is_ident_start(c) {
        let mut j = i;
        while j < s.len() && is_ident_char(s[j]) {
            j += 1;
        }
        let word: String = s[i..j].iter().collect();
        if at(j) == '!' && at(j + 1) != '=' && !KEYWORDS.contains(&word.as_str()) {
            return (TokenKind::Macro, j + 1);
        }
        let kind = if KEYWORDS.contains(&word.as_str()) {
            TokenKind::Keyword
        } else if PRIMITIVES.contains(&word.as_str()) || c.is_uppercase() {
            TokenKind::Type
        } else if at(j) == '(' || (at(j) == ':' && at(j + 1) == ':' && at(j + 2) == '<') {
            TokenKind::Function
        } else {
            TokenKind::Ident
        };
        return (kind, j);
    }
    // Plain: a run of characters that cannot start any other token.
    let mut j = i + 1;
    while j < s.len() {
        let d = s[j];
        if d == '\n'
            || d == '"'
            || d == '\''
            || d == '/'
            || d == '#'
            || d.is_ascii_digit()
            || is_ident_start(d)
        {
            break;
        }
        j += 1;
    }
    (TokenKind::Plain, j)
}

/// The end of a char literal whose opening quote is at `q`.
fn char_literal_end(s: &[char], q: usize) -> usize {
    let mut j = q + 1;
    while j < s.len() && j < q + 12 {
        match s[j] {
            '\\' => j += 2,
            '\'' => return j + 1,
            '\n' => return j,
            _ => j += 1,
        }
    }
    j.min(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str) -> String {
        highlight(src)
            .iter()
            .map(|line| {
                line.iter()
                    .filter(|t| t.kind != TokenKind::Plain)
                    .map(|t| format!("{:?}({})", t.kind, t.text))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn tokens_of_a_tokio_program() {
        let src = "#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    // wait\n    sleep(Duration::from_millis(100)).await;\n    println!(\"done {}\", 1_000u64);\n}\n";
        expect_test::expect![[r#"
            Attribute(#[tokio::main(flavor = "current_thread")])
            Keyword(async) Keyword(fn) Function(main)
            Comment(// wait)
            Function(sleep) Type(Duration) Function(from_millis) Number(100) Keyword(await)
            Macro(println!) Str("done {}") Number(1_000u64)

        "#]]
        .assert_eq(&show(src));
    }

    #[test]
    fn lifetimes_chars_raw_strings_and_ranges() {
        let src = "fn f<'a>(x: &'a str) -> char { let c = '\\n'; let q = 'x'; let r = r#\"a\"b\"#; for i in 0..10 {} 1.5 }";
        expect_test::expect![[r##"Keyword(fn) Ident(f) Lifetime('a) Ident(x) Lifetime('a) Type(str) Type(char) Keyword(let) Ident(c) Str('\n') Keyword(let) Ident(q) Str('x') Keyword(let) Ident(r) Str(r#"a"b"#) Keyword(for) Ident(i) Keyword(in) Number(0) Number(10) Number(1.5)"##]]
        .assert_eq(&show(src));
    }

    #[test]
    fn multi_line_comments_and_strings_keep_line_numbers() {
        let src = "/* one\n two */ let s = \"a\nb\";\nlet x = 1;";
        let lines = highlight(src);
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[1][0],
            Token {
                kind: TokenKind::Comment,
                text: " two */".into()
            }
        );
        assert_eq!(
            lines[2][0],
            Token {
                kind: TokenKind::Str,
                text: "b\"".into()
            }
        );
        assert_eq!(
            lines[3][0],
            Token {
                kind: TokenKind::Keyword,
                text: "let".into()
            }
        );
    }

    #[test]
    fn never_panics_on_unterminated_input() {
        for src in [
            "\"abc", "/* x", "r#\"abc", "'", "b'", "#[", "'\\", "1.", "x!",
        ] {
            let text: String = highlight(src)
                .iter()
                .flatten()
                .map(|t| t.text.as_str())
                .collect();
            assert_eq!(text, src);
        }
    }
}
