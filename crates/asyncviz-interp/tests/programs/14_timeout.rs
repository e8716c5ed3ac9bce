use tokio::time::{sleep, timeout, Duration};

async fn slow() -> &'static str {
    sleep(Duration::from_secs(5)).await;
    "Finally finished"
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    match timeout(Duration::from_secs(2), slow()).await {
        Ok(message) => println!("Succeeded with '{message}'"),
        Err(e) => println!("Failed: {e}"),
    }
    let fast = timeout(Duration::from_secs(2), async { 42 }).await;
    println!("{fast:?}");
}
