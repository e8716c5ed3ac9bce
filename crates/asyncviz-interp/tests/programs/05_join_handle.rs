use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let handle = tokio::spawn(async {
        for i in 1..4 {
            println!("hi number {i} from the first task!");
            sleep(Duration::from_millis(500)).await;
        }
        "return value"
    });

    for i in 1..3 {
        println!("hi number {i} from the second task!");
        sleep(Duration::from_millis(500)).await;
    }

    let out = handle.await.unwrap();
    println!("GOT {out}");
}
