#[tokio::main(flavor = "current_thread")]
async fn main() {
    let h = tokio::spawn(async {
        let v = vec![1, 2, 3];
        let i = 7;
        v[i]
    });
    match h.await {
        Ok(x) => println!("got {x}"),
        Err(e) => println!("task failed: panic = {}, cancelled = {}", e.is_panic(), e.is_cancelled()),
    }
    println!("main goes on");
}
