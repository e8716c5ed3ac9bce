// RwLock: readers share the lock; a waiting writer holds back the readers that come after it.
use std::sync::Arc;
use tokio::sync::RwLock;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let config = Arc::new(RwLock::new(String::from("v1")));
    let mut tasks = Vec::new();
    for (name, delay) in [("reader A", 0u64), ("reader B", 0), ("writer", 5), ("reader C", 10)] {
        let config = config.clone();
        tasks.push(tokio::spawn(async move {
            sleep(Duration::from_millis(delay)).await;
            if name == "writer" {
                let mut c = config.write().await;
                c.push_str("+v2");
                println!("[{:>2} ms] {name} changed it to {}", start.elapsed().as_millis(), *c);
                sleep(Duration::from_millis(20)).await;
            } else {
                let c = config.read().await;
                println!("[{:>2} ms] {name} reads {}", start.elapsed().as_millis(), *c);
                sleep(Duration::from_millis(30)).await;
            }
        }));
    }
    sleep(Duration::from_millis(12)).await;
    println!("[{:>2} ms] try_read while a writer waits: {}", start.elapsed().as_millis(), config.try_read().is_err());
    for t in tasks {
        t.await.unwrap();
    }
    let guard = config.try_write().unwrap();
    println!("[{:>2} ms] try_write when free: {}", start.elapsed().as_millis(), *guard);
}
