use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::time::{sleep, Duration};

async fn worker(id: u32, m: Arc<Mutex<Vec<u32>>>) {
    {
        let mut g = m.lock().await;
        g.push(id);
        println!("worker {id} pushed, len {}", g.len());
    } // the guard is dropped here, before the sleep
    sleep(Duration::from_millis(10)).await;
    println!("worker {id} done");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let m = Arc::new(Mutex::new(Vec::new()));
    tokio::join!(worker(1, m.clone()), worker(2, m.clone()));
    println!("{:?}", m.lock().await);
    let guard = m.lock().await;
    println!("try_lock while held: {}", m.try_lock().is_err());
    drop(guard);
    println!("try_lock after drop: {}", m.try_lock().is_ok());
}
