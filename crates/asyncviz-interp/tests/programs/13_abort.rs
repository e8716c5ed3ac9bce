use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let h = tokio::spawn(async {
        sleep(Duration::from_secs(10)).await;
        println!("never printed");
    });
    sleep(Duration::from_millis(100)).await;
    h.abort();
    let err = h.await.unwrap_err();
    println!("cancelled: {}", err.is_cancelled());
    println!("{err}");
}
