// Atomics and `std::sync::Mutex` shared by tasks: fine when the lock is never held across an `.await`.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let hits = Arc::new(AtomicU64::new(0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..3u64 {
        let (hits, log) = (hits.clone(), log.clone());
        handles.push(tokio::spawn(async move {
            sleep(Duration::from_millis(10 * (3 - i))).await;
            hits.fetch_add(i + 1, Ordering::SeqCst);
            log.lock().unwrap().push(i);
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    println!("hits {}", hits.load(Ordering::SeqCst));
    println!("order {:?}", log.lock().unwrap());
}
