// User input never panics: odd, hostile and broken programs give diagnostics or a trace.

use crate::support::run_with;
use asyncviz_interp::RunOptions;
use std::time::Duration;

fn small() -> RunOptions {
    RunOptions {
        max_steps: 20_000,
        max_polls: 2_000,
        max_tasks: 50,
        max_output_bytes: 16 * 1024,
        max_time: Duration::from_secs(60),
        max_events: 50_000,
        ..RunOptions::default()
    }
}

/// Runs a source and reports whether the interpreter panicked.
fn survives(source: &str) -> bool {
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || std::panic::catch_unwind(|| run_with(&source, small())).is_ok())
        .expect("a thread starts")
        .join()
        .unwrap_or(false)
}

#[test]
fn hostile_programs_give_diagnostics_or_traces() {
    let cases = [
        String::new(),
        "fn main() {".to_string(),
        "}}}}".to_string(),
        format!("fn main() {{ let x = {}1{}; }}", "(".repeat(400), ")".repeat(400)),
        format!("fn main() {{ let x = {}; }}", vec!["1"; 6000].join("+")),
        format!("fn main() {{ let x = {}; }}", vec!["1"; 300].join("+")),
        format!("fn main() {{ let v: {}i32{} = 1; }}", "Vec<".repeat(300), ">".repeat(300)),
        "fn main() { println!(\"{:99999999}\", 1); }".to_string(),
        "fn main() { let w = 100000; println!(\"{:w$}\", 1); }".to_string(),
        "const A: i32 = B; const B: i32 = A; fn main() { println!(\"{A}\"); }".to_string(),
        "fn main() { let v = vec![0u8; 100000000]; }".to_string(),
        "fn main() { let s = \"é\"; println!(\"{}\", &s[0..1]); }".to_string(),
        "fn main() { let x: u8 = 255; let y = x.max(300); println!(\"{y}\"); }".to_string(),
        "fn main() { let x = 10_000_000_000 >> 1; println!(\"{x}\"); }".to_string(),
        "fn main() { let a = [1, 2, 3]; let b = &a[2..1]; }".to_string(),
        "fn main() { let mut v = vec![1]; v.insert(5, 1); }".to_string(),
        "fn main() { let d = std::time::Duration::from_secs(u64::MAX); }".to_string(),
        "fn main() { let x = i64::MIN; let y = -x; }".to_string(),
        "fn main() { let x = i32::MIN / -1; }".to_string(),
        "fn main() { let x = 1 << 40; }".to_string(),
        "fn main() { let s = String::from(\"ab\"); let t = s.repeat(1 << 40); }".to_string(),
        "async fn f() { f().await } #[tokio::main] async fn main() { f().await }".to_string(),
        "async fn f(n: u64) -> u64 { Box::pin(f(n + 1)).await } #[tokio::main] async fn main() { f(0).await; }".to_string(),
        "#[tokio::main] async fn main() { let h = tokio::spawn(async {}); h.await.unwrap(); }".to_string(),
        "#[tokio::main] async fn main() { let f = async {}; let g = &mut f; g.await; }".to_string(),
        "#[tokio::main] async fn main() { let f = async { 1 }; tokio::pin!(f); (&mut f).await; (&mut f).await; }".to_string(),
        "#[tokio::main] async fn main() { let (tx, rx) = tokio::sync::oneshot::channel::<i32>(); tx.send(1).unwrap(); tx.send(2).unwrap(); }"
            .to_string(),
        "#[tokio::main] async fn main() { let (tx, mut rx) = tokio::sync::mpsc::channel(0); }".to_string(),
        "#[tokio::main] async fn main() { let m = std::sync::Mutex::new(0); let a = m.lock().unwrap(); let b = m.lock().unwrap(); }"
            .to_string(),
        "#[tokio::main] async fn main() { tokio::select! {} }".to_string(),
        "#[tokio::main] async fn main() { tokio::select! { _ = async {}, if false => {} } }".to_string(),
        "fn main() { let x = 5; x.await; }".to_string(),
        "fn main() { let f = |x| f(x); }".to_string(),
        "struct S { a: i32 } impl Drop for S { fn drop(&mut self) { panic!(\"boom\") } } fn main() { let s = S { a: 1 }; }"
            .to_string(),
        "struct S; impl Drop for S { fn drop(&mut self) { let t = S; } } fn main() { let s = S; }".to_string(),
        "fn main() { let v = vec![1, 2, 3]; for x in v.iter() { v.push(*x); } }".to_string(),
        "fn main() { let mut it = (0..3).map(|x| x); let z = it.zip(it); }".to_string(),
        "fn main() { let x = \u{0}; }".to_string(),
        "fn main() { 'a: loop { break 'b; } }".to_string(),
        "fn main() { let [a, b] = [1]; }".to_string(),
        "fn main() { match 5 { } }".to_string(),
    ];
    for (i, src) in cases.iter().enumerate() {
        assert!(survives(src), "case {i} panicked:\n{src}");
    }
}

/// A small deterministic generator (xorshift), so the mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Mutates the golden programs (delete, duplicate or swap characters, lines and tokens) and
/// runs each mutant: none may panic.
#[test]
fn mutated_programs_never_panic() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .expect("the programs folder exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| std::fs::read_to_string(p).expect("a program"))
        .collect();
    sources.sort();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let pieces = [
        "(", ")", "{", "}", ";", ".await", "&mut ", "*", "-", "0", "move ", "loop {", "let ", "::",
        "'a", "\"", "?",
    ];
    for round in 0..3 {
        for (n, src) in sources.iter().enumerate() {
            let mut chars: Vec<char> = src.chars().collect();
            for _ in 0..1 + round {
                let at = rng.below(chars.len());
                match rng.below(4) {
                    0 => {
                        let len = rng.below(8).min(chars.len() - at);
                        chars.drain(at..at + len);
                    }
                    1 => {
                        let piece = pieces[rng.below(pieces.len())];
                        for (k, c) in piece.chars().enumerate() {
                            chars.insert(at + k, c);
                        }
                    }
                    2 => {
                        let other = rng.below(chars.len());
                        chars.swap(at, other);
                    }
                    _ => {
                        let end = (at + rng.below(40)).min(chars.len());
                        let copy: Vec<char> = chars[at..end].to_vec();
                        let to = rng.below(chars.len());
                        for (k, c) in copy.into_iter().enumerate() {
                            chars.insert(to + k, c);
                        }
                    }
                }
            }
            let mutant: String = chars.into_iter().collect();
            assert!(survives(&mutant), "mutant {round}/{n} panicked:\n{mutant}");
        }
    }
}
