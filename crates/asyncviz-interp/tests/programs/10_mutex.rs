use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();
    for i in 0..3 {
        let c = Arc::clone(&counter);
        handles.push(tokio::spawn(async move {
            let mut g = c.lock().await;
            *g += 1;
            println!("task {i} holds the lock, count = {}", *g);
            sleep(Duration::from_millis(10)).await;
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    println!("final = {}", *counter.lock().await);
}
