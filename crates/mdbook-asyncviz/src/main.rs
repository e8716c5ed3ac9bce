//! The `mdbook-asyncviz` binary: mdBook's preprocessor protocol on stdin and stdout.
//!
//! - `mdbook-asyncviz supports <renderer>` exits 0 for `html` and 1 otherwise.
//! - `mdbook-asyncviz` reads `[context, book]` JSON from stdin and writes the book JSON with
//!   every ```` ```asyncviz ```` block replaced by a widget to stdout. Warnings go to stderr.

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [supports, renderer] if supports == "supports" => {
            if mdbook_asyncviz::supports(renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        [] => match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: mdbook-asyncviz: {e}");
                ExitCode::FAILURE
            }
        },
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "mdbook-asyncviz: an mdBook preprocessor for ```asyncviz blocks.\n\n\
usage: add `[preprocessor.asyncviz]` to book.toml; mdBook runs\n  \
mdbook-asyncviz supports <renderer>   (exit 0 for html)\n  \
mdbook-asyncviz < [context, book] JSON > book JSON";

fn run() -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_str(&input).map_err(|e| format!("stdin is not JSON: {e}"))?;
    let output = mdbook_asyncviz::preprocess(value)?;
    for warning in &output.warnings {
        eprintln!("warning: mdbook-asyncviz: {warning}");
    }
    let json =
        serde_json::to_string(&output.book).map_err(|e| format!("cannot write the book: {e}"))?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(json.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))
}
