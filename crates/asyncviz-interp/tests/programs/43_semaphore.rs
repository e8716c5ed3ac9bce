// Semaphore: at most two downloads at once; permits go to waiters in the order they asked.
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let limit = Arc::new(Semaphore::new(2));
    let mut handles = Vec::new();
    for i in 0..5u64 {
        let limit = limit.clone();
        handles.push(tokio::spawn(async move {
            let permit = limit.acquire().await.unwrap();
            println!("[{:>3} ms] download {i} starts ({} permits free)", start.elapsed().as_millis(), limit.available_permits());
            sleep(Duration::from_millis(100 + 50 * i)).await;
            drop(permit);
            println!("[{:>3} ms] download {i} done", start.elapsed().as_millis());
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let owned = limit.clone().acquire_owned().await.unwrap();
    let other = limit.clone().try_acquire_owned().unwrap();
    match limit.try_acquire() {
        Ok(_) => println!("unexpected permit"),
        Err(e) => println!("try_acquire: {e} ({e:?})"),
    }
    drop(owned);
    other.forget();
    println!("free: {}", limit.available_permits());
    limit.add_permits(3);
    println!("free after add_permits(3): {}", limit.available_permits());
    limit.close();
    println!("closed: {}, acquire fails: {}", limit.is_closed(), limit.acquire().await.is_err());
}
