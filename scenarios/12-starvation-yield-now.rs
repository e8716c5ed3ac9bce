// title: Starvation and `yield_now` (cooperative multitasking)
// watch: round 1: `a` and `b` each block the thread in `slow` until their first `.await`; `b` cannot start until `a` has run 60 ms
// watch: round 1: `a`'s 50 ms sleep is due at 110 ms but fires only at 510 ms, when `b` finally returns `Pending`
// watch: round 2: `yield_now` returns `Pending` once and re-queues the task, so `a` and `b` take turns; `b` is dropped before `slow("b", 350)`
// misconception: the runtime does not preempt async code: a future runs until it reaches an `.await` that returns `Pending`.
// deviation: `std::thread::sleep` in `slow`: real tokio's paused clock does not advance during it; AsyncViz charges it as virtual time on the worker
// deviation: the Rust book races `a` and `b` with `trpl::select`; here it is `tokio::select!` with `biased;`, which also polls `a` first

use tokio::task::yield_now;
use tokio::time::{sleep, Duration, Instant};

fn slow(name: &str, ms: u64, start: Instant) {
    std::thread::sleep(Duration::from_millis(ms)); // stands in for blocking or CPU work
    println!("[{:>4} ms] '{name}' ran for {ms}ms", start.elapsed().as_millis());
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    for round in 1..=2 {
        let yields = round == 2;
        println!("[{:>4} ms] round {round}, yield_now: {yields}", start.elapsed().as_millis());
        let a = async {
            for ms in [30, 10, 20] {
                slow("a", ms, start);
                if yields {
                    yield_now().await;
                }
            }
            if !yields {
                sleep(Duration::from_millis(50)).await;
            }
            println!("[{:>4} ms] 'a' finished.", start.elapsed().as_millis());
        };
        let b = async {
            for ms in [75, 10, 15, 350] {
                slow("b", ms, start);
                if yields {
                    yield_now().await;
                }
            }
            if !yields {
                sleep(Duration::from_millis(50)).await;
            }
            println!("[{:>4} ms] 'b' finished.", start.elapsed().as_millis());
        };
        tokio::select! { biased; _ = a => {}, _ = b => {} }
    }
}
