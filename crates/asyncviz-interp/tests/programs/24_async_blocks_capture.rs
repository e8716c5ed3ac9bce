use tokio::time::{sleep, Duration};

async fn twice(n: u32) -> u32 {
    sleep(Duration::from_millis(n as u64)).await;
    n * 2
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut log = Vec::new();
    let label = String::from("job");
    let a = async {
        log.push(1);
        twice(10).await
    };
    let r = a.await;
    log.push(r);
    println!("{label}: {log:?}");
    let handles: Vec<_> = (1..=3)
        .map(|i| {
            let name = format!("{label}-{i}");
            tokio::spawn(async move {
                let v = twice(i * 10).await;
                format!("{name}={v}")
            })
        })
        .collect();
    for h in handles {
        println!("{}", h.await.unwrap());
    }
    let fut = async move { label.len() };
    println!("{}", fut.await);
    let nested = async {
        let inner = async { 5 };
        inner.await + 1
    };
    println!("{}", nested.await);
}
