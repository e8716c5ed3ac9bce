use tokio::time::{interval, sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mut tick = interval(Duration::from_millis(100));
    for _ in 0..3 {
        tick.tick().await;
        println!("tick at {} ms", start.elapsed().as_millis());
    }
    sleep(Duration::from_millis(250)).await;
    // Missed ticks fire at once (MissedTickBehavior::Burst), then it is back on schedule.
    for _ in 0..4 {
        tick.tick().await;
        println!("tick at {} ms", start.elapsed().as_millis());
    }
    let mut n = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                n += 1;
                println!("select tick {n} at {} ms", start.elapsed().as_millis());
                if n == 2 {
                    break;
                }
            }
            _ = sleep(Duration::from_millis(30)) => println!("timeout at {} ms", start.elapsed().as_millis()),
        }
    }
}
