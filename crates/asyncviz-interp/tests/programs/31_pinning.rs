use std::pin::pin;
use tokio::time::{sleep, Duration};

async fn action(n: u32) -> u32 {
    sleep(Duration::from_millis(100)).await;
    n * 10
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut op = pin!(action(1));
    let mut ticks = 0;
    let out = loop {
        tokio::select! {
            v = &mut op => break v,
            _ = sleep(Duration::from_millis(30)) => ticks += 1,
        }
    };
    println!("out {out} after {ticks} ticks");

    let boxed = Box::pin(action(2));
    let moved = boxed;
    println!("boxed {}", moved.await);

    let fut = action(3);
    tokio::pin!(fut);
    println!("pinned {}", (&mut fut).await);
}
