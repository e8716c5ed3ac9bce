use tokio::sync::oneshot;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx1, rx1) = oneshot::channel();
    let (tx2, rx2) = oneshot::channel();

    tokio::spawn(async move {
        sleep(Duration::from_millis(300)).await;
        let r = tx1.send("one");
        println!("S1 send result: {r:?}");
    });
    tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        let _ = tx2.send("two");
    });

    tokio::select! {
        val = rx1 => println!("rx1 completed first with {val:?}"),
        val = rx2 => println!("rx2 completed first with {val:?}"),
    }
    sleep(Duration::from_millis(500)).await;
}
