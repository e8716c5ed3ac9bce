// title: Hello, Tokio: what `#[tokio::main]` really does
// watch: `main` is polled exactly once, on the thread that called `block_on`, and returns `Ready` at once
// watch: no task is spawned and no waker is cloned: the run queue stays empty the whole time
// misconception: `async fn main` is not a built-in event loop: the macro builds a runtime and calls `block_on` on the body.
// deviation: real tokio starts 2 worker threads here that stay parked; AsyncViz runs it on one worker for now (the output is the same)

async fn say_hello() {
    println!("hello, world!");
}

// What the attribute produces, roughly:
// fn main() {
//     tokio::runtime::Builder::new_multi_thread()
//         .worker_threads(2)
//         .enable_all()
//         .build()
//         .unwrap()
//         .block_on(async {
//             say_hello().await;
//         })
// }
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    say_hello().await;
}
