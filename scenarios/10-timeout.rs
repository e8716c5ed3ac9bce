// title: Timeouts: a race against a timer, and when it cannot fire
// watch: (a) at 2000 ms the timer wins: the slow future is dropped and its 5000 ms timer is removed
// watch: (b) the inner future blocks the thread for 5 s without an `.await`: the timeout cannot act
// watch: `timeout` polls the inner future first, so (b) returns `Ok` at 7000 ms, 3000 ms past its deadline
// misconception: a timeout does not kill an operation at the deadline: it can only drop the future when the task is polled.
// deviation: `std::thread::sleep` in (b): real tokio's paused clock does not advance during it; AsyncViz charges it as virtual time on the worker

use tokio::time::{sleep, timeout, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // (a) a future that waits politely at an `.await`
    let slow = async {
        sleep(Duration::from_secs(5)).await;
        "Finally finished"
    };
    match timeout(Duration::from_secs(2), slow).await {
        Ok(message) => println!("[{:>4} ms] (a) succeeded with '{message}'", start.elapsed().as_millis()),
        Err(_) => println!("[{:>4} ms] (a) failed after 2 seconds", start.elapsed().as_millis()),
    }

    // (b) a future that blocks the thread and never reaches an `.await`
    let blocking = async {
        std::thread::sleep(Duration::from_secs(5));
        "Finally finished"
    };
    match timeout(Duration::from_secs(2), blocking).await {
        Ok(message) => println!("[{:>4} ms] (b) succeeded with '{message}'", start.elapsed().as_millis()),
        Err(_) => println!("[{:>4} ms] (b) failed after 2 seconds", start.elapsed().as_millis()),
    }
}
