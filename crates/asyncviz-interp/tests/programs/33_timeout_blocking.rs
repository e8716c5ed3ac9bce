use std::time::Duration;
use tokio::time::timeout;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let blocking = async {
        std::thread::sleep(Duration::from_secs(5));
        "Finally finished"
    };
    // The inner future never yields, so the timer cannot interrupt it.
    println!("{:?}", timeout(Duration::from_secs(2), blocking).await);
}
