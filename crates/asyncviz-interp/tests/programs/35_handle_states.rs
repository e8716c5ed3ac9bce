use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let h = tokio::spawn(async {
        sleep(Duration::from_millis(20)).await;
        7
    });
    println!("finished at start: {}", h.is_finished());
    sleep(Duration::from_millis(30)).await;
    println!("finished later: {}", h.is_finished());
    println!("{:?}", h.await);
    let slow = tokio::spawn(async {
        sleep(Duration::from_secs(1)).await;
    });
    let r = tokio::time::timeout(Duration::from_millis(10), slow).await;
    println!("timed out: {}", r.is_err());
    let handles: Vec<_> = (0..3u64)
        .map(|i| {
            tokio::spawn(async move {
                sleep(Duration::from_millis(30 - i * 10)).await;
                println!("task {i} done");
                i
            })
        })
        .collect();
    let mut results = Vec::new();
    for h in handles {
        results.push(h.await.unwrap());
    }
    println!("{results:?}");
}
