use tokio::time::{sleep, Duration};

async fn say_world() {
    println!("world");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let op = say_world(); // nothing printed: futures are lazy
    println!("hello");
    op.await;

    let _ = say_world(); // never awaited: prints nothing

    let h = tokio::spawn(say_world()); // spawned tasks start without .await
    sleep(Duration::from_millis(10)).await;
    h.await.unwrap();
    println!("done");
}
