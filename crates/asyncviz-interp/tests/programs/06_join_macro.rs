use tokio::time::{sleep, Duration};

async fn step(name: &str, ms: u64) -> &str {
    println!("{name} start");
    sleep(Duration::from_millis(ms)).await;
    println!("{name} done");
    name
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    step("A", 1000).await;
    step("B", 1000).await;

    let (a, b) = tokio::join!(step("A", 1000), step("B", 500));
    println!("{a} {b}");
}
