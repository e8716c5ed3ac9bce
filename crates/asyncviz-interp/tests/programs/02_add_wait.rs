use tokio::time::{sleep, Duration};

// An async function, but it doesn't need to wait for anything.
async fn add(a: u32, b: u32) -> u32 {
    a + b
}

async fn wait_to_add(a: u32, b: u32) -> u32 {
    sleep(Duration::from_millis(1000)).await;
    a + b
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(async {
        for i in 0..3 {
            println!("tick {i}");
            sleep(Duration::from_millis(400)).await;
        }
    });
    let x = add(15, 3).await;
    println!("add -> {x}");
    let y = wait_to_add(15, 3).await;
    println!("wait_to_add -> {y}");
}
