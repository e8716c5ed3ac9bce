// Differential tests of formatting: each case is formatted by Rust's own `format!` and by the
// interpreter running the same `println!`, and the outputs must be byte-identical.

use crate::support;

use asyncviz_trace::EventKind;

/// Builds a program printing every case, and the expected output from the native `format!`.
macro_rules! cases {
    ($( [$fmt:literal $(, $arg:expr)*] )*) => {{
        let mut src = String::from("#![allow(unused)]\nfn main() {\n");
        let mut expected = String::new();
        $(
            let args: Vec<&str> = vec![$(stringify!($arg)),*];
            if args.is_empty() {
                src.push_str(&format!("    println!({:?});\n", $fmt));
            } else {
                src.push_str(&format!("    println!({:?}, {});\n", $fmt, args.join(", ")));
            }
            expected.push_str(&format!($fmt $(, $arg)*));
            expected.push('\n');
        )*
        src.push_str("}\n");
        (src, expected)
    }};
}

fn interpreted(src: &str) -> String {
    let result = support::run_source(src);
    assert!(
        result.diagnostics.is_empty(),
        "diagnostics for\n{src}\n{:#?}",
        result.diagnostics
    );
    let trace = result.trace.expect("the program runs");
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Output { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn check(src: String, expected: String) {
    let got = interpreted(&src);
    for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
        assert_eq!(g, e, "case {} of\n{src}", i + 1);
    }
    assert_eq!(got, expected, "whole output of\n{src}");
}

#[test]
fn integers() {
    let (src, expected) = cases! {
        ["{}", 42] ["{}", -7] ["{:5}", 42] ["{:<5}|", 42] ["{:^5}|", 42] ["{:>5}|", -42]
        ["{:05}", 42] ["{:05}", -42] ["{:+}", 42] ["{:+05}", 7] ["{:*^9}", 123] ["{:x}", 255]
        ["{:X}", 255] ["{:#x}", 255] ["{:#010x}", 255] ["{:o}", 8] ["{:#o}", 8] ["{:b}", 5]
        ["{:#b}", 5] ["{:08b}", 5] ["{:x}", -1i8] ["{:x}", -1] ["{:x}", -1i64] ["{:.2}", 5]
        ["{:e}", 1234] ["{:E}", 1500000] ["{:?}", 42u8] ["{:5?}", 3] ["{:x?}", 255] ["{:#X?}", 255]
        ["{}", u64::MAX] ["{}", i64::MIN] ["{}", i32::MIN] ["{:>+8}", 3usize] ["{:-^7}", 0]
    };
    check(src, expected);
}

#[test]
fn floats() {
    let (src, expected) = cases! {
        ["{}", 1.0] ["{}", 1.5] ["{}", -0.0] ["{:?}", 1.0] ["{:?}", 0.1] ["{:?}", -2.5]
        ["{:.2}", 3.25159] ["{:.0}", 2.5] ["{:.0}", 3.5] ["{:8.3}", 3.25159] ["{:<8.3}|", 3.25159]
        ["{:08.2}", -1.5] ["{:+.1}", 2.0] ["{:e}", 1234.5] ["{:.2e}", 1234.5] ["{:E}", 0.00012]
        ["{}", 1e16] ["{:?}", 1e16] ["{:?}", 1e15] ["{}", 1e-7] ["{:?}", 1e-7] ["{:?}", 0.0001]
        ["{}", f64::NAN] ["{}", f64::INFINITY] ["{:08}", f64::INFINITY] ["{:?}", -f64::INFINITY]
        ["{}", 0.1 + 0.2] ["{}", 100.0 / 3.0] ["{:.3?}", 2.0] ["{:10.1?}|", 2.25]
    };
    check(src, expected);
}

#[test]
fn strings_and_chars() {
    let (src, expected) = cases! {
        ["{}", "hi"] ["{:?}", "hi"] ["{:>6}|", "hi"] ["{:<6}|", "hi"] ["{:^6}|", "hi"] ["{:*^7}", "hi"]
        ["{:.2}", "hello"] ["{:>8.3}|", "hello"] ["{:10?}|", "ab"] ["{:?}", "a\"b\n\t\\"] ["{:?}", "é ü"]
        ["{}", 'x'] ["{:?}", 'x'] ["{:?}", '\''] ["{:?}", '"'] ["{:3}|", 'x'] ["{:>3}|", 'x'] ["{:?}", '\n']
        ["{}", String::from("owned")] ["{:?}", String::from("owned")] ["{}", true] ["{:>6}|", false] ["{:?}", true]
        ["{:.1}", true] ["{{}}"] ["{{{}}}", 5] ["a{}b{}c", 1, 2] ["{0} {0} {1}", "x", "y"] ["{1} {0}", "x", "y"]
    };
    check(src, expected);
}

#[test]
fn widths_and_precisions_from_arguments() {
    // Named arguments cannot go through `cases!` (a `$x:expr` is never a named argument).
    let src = r#"fn main() {
    println!("{:1$}|", 7, 5);
    println!("{:>w$}|", "ab", w = 6);
    println!("{:.p$}", 3.25159, p = 2);
    println!("{:.*}", 3, 2.918281828);
    println!("{:>1$.2$}|", 1.23456, 10, 3);
    println!("{:w$.p$}|", "abcdef", w = 8, p = 3);
    println!("{v}", v = 5);
    println!("{v:>4}|", v = 5);
    let width = 7;
    let name = "cap";
    println!("{name:>width$}|");
    println!("{name:?} {width:03}");
}
"#;
    let width = 7;
    let name = "cap";
    let expected = [
        format!("{:1$}|", 7, 5),
        format!("{:>w$}|", "ab", w = 6),
        format!("{:.p$}", 3.25159, p = 2),
        format!("{:.*}", 3, 2.918281828),
        format!("{:>1$.2$}|", 1.23456, 10, 3),
        format!("{:w$.p$}|", "abcdef", w = 8, p = 3),
        format!("{v}", v = 5),
        format!("{v:>4}|", v = 5),
        format!("{name:>width$}|"),
        format!("{name:?} {width:03}"),
    ]
    .join("\n")
        + "\n";
    check(src.to_string(), expected);
}

#[test]
fn debug_of_containers() {
    let (src, expected) = cases! {
        ["{:?}", vec![1, 2, 3]] ["{:?}", Vec::<i32>::new()] ["{:?}", [1, 2]] ["{:?}", (1, "a", 'c')]
        ["{:?}", (1,)] ["{:?}", ()] ["{:?}", Some(5)] ["{:?}", None::<i32>] ["{:?}", Some("x")]
        ["{:?}", Ok::<i32, String>(3)] ["{:?}", Err::<i32, &str>("bad")] ["{:?}", vec![Some(1), None]]
        ["{:?}", vec!["a", "b"]] ["{:?}", vec![String::from("s")]] ["{:?}", (vec![1], Some((2, 'z')))]
        ["{:5?}", vec![1, 2]] ["{:<3?}|", Some(7)] ["{:05?}", Some(-5)] ["{:x?}", vec![255, 10]]
        ["{:.1?}", vec![1.0, 2.25]] ["{:?}", vec![vec![1], vec![]]] ["{:?}", 0..3] ["{:?}", 1..=4]
        ["{:5?}|", None::<i32>] ["{:>8?}|", ()]
    };
    check(src, expected);
}

#[test]
fn pretty_debug() {
    let (src, expected) = cases! {
        ["{:#?}", vec![1, 2]] ["{:#?}", Vec::<i32>::new()] ["{:#?}", (1, "a")] ["{:#?}", (1,)]
        ["{:#?}", Some(Some(3))] ["{:#?}", vec![(1, "a"), (2, "b")]] ["{:#?}", Ok::<Vec<i32>, ()>(vec![1])]
        ["{:#x?}", vec![255]] ["{:#?}", None::<i32>] ["{:#?}", vec![Some(vec![1, 2])]]
    };
    check(src, expected);
}

#[test]
fn durations() {
    use std::time::Duration;
    let (src, expected) = cases! {
        ["{:?}", Duration::from_millis(1500)] ["{:?}", Duration::from_secs(2)] ["{:?}", Duration::from_micros(1)]
        ["{:?}", Duration::from_nanos(1_000_000_123)] ["{:?}", Duration::from_secs(0)] ["{:?}", Duration::from_millis(100)]
        ["{:.2?}", Duration::from_millis(1234)] ["{:>10?}|", Duration::from_millis(1500)] ["{:10?}|", Duration::from_millis(1500)]
        ["{:+?}", Duration::from_millis(1500)] ["{:*^12.1?}", Duration::from_secs(3)] ["{:?}", Duration::from_micros(1500)]
        ["{:?}", Duration::from_secs(3600)] ["{:?}", Duration::new(5, 30)] ["{:?}", Some(Duration::from_millis(5))]
    };
    check(
        src.replace("fn main", "use std::time::Duration;\nfn main"),
        expected,
    );
}
