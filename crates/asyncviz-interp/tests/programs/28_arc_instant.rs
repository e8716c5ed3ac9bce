use std::sync::Arc;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let data = Arc::new(vec![1, 2, 3]);
    let d2 = Arc::clone(&data);
    println!("count = {}", Arc::strong_count(&data));
    let h = tokio::spawn(async move {
        sleep(Duration::from_millis(250)).await;
        d2.iter().sum::<i32>()
    });
    println!("sum = {}", h.await.unwrap());
    println!("count = {}", Arc::strong_count(&data));
    let e = start.elapsed();
    println!("elapsed {:?} = {} ms", e, e.as_millis());
    let deadline = start + Duration::from_secs(1);
    tokio::time::sleep_until(deadline).await;
    println!("at {} ms", start.elapsed().as_millis());
    println!("{}", Duration::from_millis(1500).as_secs_f64());
}
