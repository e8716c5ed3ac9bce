#[tokio::main]
async fn main() {
    println!("spinning");
    let mut n: u64 = 0;
    loop {
        n += 1;
    }
}
