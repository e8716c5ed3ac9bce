use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};
use tokio::time::{sleep, timeout, Duration, Instant};

#[derive(Debug, Clone)]
struct Job {
    id: u32,
    name: String,
}

impl Job {
    fn new(id: u32) -> Self {
        Job { id, name: format!("job-{id}") }
    }
}

const LIMIT: usize = 3;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel(LIMIT);
    let shared = Arc::new(Mutex::new(Vec::new()));
    let (otx, orx) = oneshot::channel::<u32>();
    tokio::spawn(async move {
        tx.send(Job::new(1)).await.unwrap();
        otx.send(7).unwrap();
    });
    while let Some(job) = rx.recv().await {
        shared.lock().await.push(job.id);
    }
    let _ = timeout(Duration::from_millis(10), sleep(Duration::from_millis(5))).await;
    println!("{:?} {:?} {:?}", orx.await, shared.lock().await, start.elapsed());
}
