// JoinSet: results in the order tasks finish, `join_all`, aborting, and dropping the set.
use tokio::task::JoinSet;
use tokio::time::{sleep, Duration, Instant};

async fn fetch(i: u64, ms: u64) -> u64 {
    sleep(Duration::from_millis(ms)).await;
    i * 10
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = JoinSet::new();
    for (i, ms) in [30u64, 10, 20].into_iter().enumerate() {
        set.spawn(fetch(i as u64, ms));
    }
    println!("[{:>3} ms] {} tasks in the set", start.elapsed().as_millis(), set.len());
    while let Some(res) = set.join_next().await {
        println!("[{:>3} ms] got {}, {} left", start.elapsed().as_millis(), res.unwrap(), set.len());
    }
    println!("[{:>3} ms] empty: {}", start.elapsed().as_millis(), set.is_empty());

    let mut set2 = JoinSet::new();
    for i in 0..3u64 {
        set2.spawn(async move {
            sleep(Duration::from_millis(5 * (3 - i))).await;
            i
        });
    }
    let all = set2.join_all().await;
    println!("[{:>3} ms] join_all {:?}", start.elapsed().as_millis(), all);

    let mut set3: JoinSet<()> = JoinSet::new();
    set3.spawn(async {
        sleep(Duration::from_millis(100)).await;
        println!("never printed");
    });
    set3.abort_all();
    match set3.join_next().await {
        Some(Err(e)) => println!("[{:>3} ms] cancelled: {}", start.elapsed().as_millis(), e.is_cancelled()),
        _ => println!("unexpected"),
    }
    println!("try_join_next on an empty set: {:?}", set3.try_join_next().is_none());

    let mut set4 = JoinSet::new();
    for i in 0..2u64 {
        set4.spawn(async move {
            println!("[{:>3} ms] set4 task {i} starts", start.elapsed().as_millis());
            sleep(Duration::from_millis(10)).await;
            println!("set4 task {i} ends (never: the set is dropped first)");
        });
    }
    tokio::task::yield_now().await;
    drop(set4);
    sleep(Duration::from_millis(50)).await;

    let mut set5 = JoinSet::new();
    set5.spawn(async { 7u64 });
    while let Some(Ok((id, v))) = set5.join_next_with_id().await {
        println!("[{:>3} ms] with id: {} (the id is a number: {})", start.elapsed().as_millis(), v, id.to_string().parse::<u64>().is_ok());
    }
    let mut set6 = JoinSet::new();
    for i in 0..3u64 {
        set6.spawn(async move { sleep(Duration::from_millis(1000)).await; i });
    }
    set6.shutdown().await;
    println!("[{:>3} ms] shut down: {} left", start.elapsed().as_millis(), set6.len());
}
