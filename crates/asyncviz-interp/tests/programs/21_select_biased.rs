use tokio::sync::mpsc;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(async move {
        for i in 0..3 {
            tx.send(i).await.unwrap();
            sleep(Duration::from_millis(50)).await;
        }
    });
    let mut done = false;
    let mut count = 0;
    loop {
        tokio::select! {
            biased;
            Some(v) = rx.recv(), if !done => {
                println!("got {v}");
                count += 1;
            }
            _ = sleep(Duration::from_millis(80)) => {
                println!("tick");
                done = count >= 3;
            }
            else => {
                println!("all disabled");
                break;
            }
        }
        if done {
            break;
        }
    }
    let sleep = sleep(Duration::from_millis(100));
    tokio::pin!(sleep);
    let mut n = 0;
    loop {
        tokio::select! {
            _ = &mut sleep => {
                println!("deadline after {n} yields");
                break;
            }
            _ = tokio::task::yield_now() => n += 1,
        }
        if n > 3 {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
}
