//! The runner prints exactly the program's output, and points at mistakes with file:line:col.

use std::process::Command;

fn asyncviz(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_asyncviz"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("the binary runs")
}

#[test]
fn a_builtin_program_prints_exactly_its_output() {
    let out = asyncviz(&["run", "sequential-await-vs-join"]);
    assert!(out.status.success());
    let expected = asyncviz_golden("sequential-await-vs-join");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    assert!(out.stderr.is_empty());
}

#[test]
fn a_file_is_interpreted_with_the_same_output() {
    let out = asyncviz(&["run", "scenarios/05-sequential-await-vs-join.rs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        asyncviz_golden("sequential-await-vs-join")
    );
}

#[test]
fn the_trace_option_writes_json() {
    let path = std::env::temp_dir().join(format!("asyncviz-cli-test-{}.json", std::process::id()));
    let out = asyncviz(&[
        "run",
        "timeout",
        "--trace",
        path.to_str().expect("utf-8 temp path"),
    ]);
    assert!(out.status.success());
    let json = std::fs::read_to_string(&path).expect("the trace was written");
    std::fs::remove_file(&path).ok();
    let trace = asyncviz_trace::Trace::from_json(&json).expect("it is a trace");
    assert_eq!(trace.output(), String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_syntax_error_points_at_file_line_col() {
    let path = std::env::temp_dir().join(format!("asyncviz-cli-bad-{}.rs", std::process::id()));
    std::fs::write(
        &path,
        "#[tokio::main]\nasync fn main() {\n    let x = 1 +;\n}\n",
    )
    .expect("temp file");
    let out = asyncviz(&["run", path.to_str().expect("utf-8 temp path")]);
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{}:3:", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("error"), "{stderr}");
}

#[test]
fn a_hang_is_reported_on_stderr_with_its_story() {
    let out = asyncviz(&["run", "lost-wakeup-hang"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hangs"), "{stderr}");
}

#[test]
fn an_unknown_program_is_a_clear_error() {
    let out = asyncviz(&["run", "no-such-program"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("asyncviz list"));
}

fn asyncviz_golden(id: &str) -> String {
    let path = format!(
        "{}/../asyncviz-programs/tests/golden/{id}.out",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("the programs crate keeps a golden output per scenario")
}
