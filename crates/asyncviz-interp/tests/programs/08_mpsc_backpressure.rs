use tokio::sync::mpsc;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(2);

    for id in 0..2u32 {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..3 {
                tx.send(id * 10 + i).await.unwrap();
                println!("P{id} sent {}", id * 10 + i);
            }
        });
    }
    drop(tx);

    while let Some(v) = rx.recv().await {
        println!("got {v}");
        sleep(Duration::from_millis(100)).await;
    }
    println!("all senders gone");
}
