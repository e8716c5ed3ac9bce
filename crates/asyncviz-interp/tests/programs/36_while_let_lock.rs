use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    let q2 = queue.clone();
    let h = tokio::spawn(async move {
        sleep(Duration::from_millis(5)).await;
        // Waits until main's loop releases the lock.
        q2.lock().await.push(99);
        println!("pushed 99");
    });
    while let Some(job) = queue.lock().await.pop() {
        println!("job {job}");
        sleep(Duration::from_millis(10)).await;
    }
    h.await.unwrap();
    println!("left: {:?}", queue.lock().await);
}
