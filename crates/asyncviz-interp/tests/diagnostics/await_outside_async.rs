use tokio::time::{sleep, Duration};

fn not_async() {
    sleep(Duration::from_millis(1)).await;
}

#[tokio::main]
async fn main() {
    let f = || {
        sleep(Duration::from_millis(1)).await;
    };
    for i in 0..3 {
        let b = async {
            break;
        };
    }
}
