use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(async {
        for i in 1..10 {
            println!("hi number {i} from the first task!");
            sleep(Duration::from_millis(500)).await;
        }
    });

    for i in 1..5 {
        println!("hi number {i} from the second task!");
        sleep(Duration::from_millis(500)).await;
    }
}
