use std::time::Duration;
use tokio::task;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let h = task::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(500));
        6 * 7
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!("main is free while the blocking job runs");
    let v = h.await.unwrap();
    println!("blocking result {v}");
}
