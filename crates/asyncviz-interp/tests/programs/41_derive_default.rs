#[derive(Debug, Default)]
struct Stats {
    count: u32,
    total: f64,
    name: String,
    seen: Vec<u8>,
    last: Option<i32>,
    ok: bool,
}
fn main() {
    let mut s = Stats::default();
    s.count += 1;
    println!("{s:?}");
}
