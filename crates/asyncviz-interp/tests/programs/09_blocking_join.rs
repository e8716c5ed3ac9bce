use std::time::Duration;

async fn sleep_then_print(timer: i32) {
    println!("Start timer {timer}.");
    std::thread::sleep(Duration::from_secs(1));
    println!("Timer {timer} done.");
}

#[tokio::main]
async fn main() {
    tokio::join!(sleep_then_print(1), sleep_then_print(2), sleep_then_print(3));
}
