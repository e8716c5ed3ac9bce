use tokio::sync::oneshot;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = oneshot::channel::<u32>();
    drop(tx);
    match rx.await {
        Ok(v) => println!("got {v}"),
        Err(e) => println!("sender dropped: {e} / {e:?}"),
    }
    let (tx, mut rx) = oneshot::channel::<&str>();
    println!("{:?}", rx.try_recv());
    tx.send("hi").unwrap();
    println!("{:?}", rx.try_recv());
    let (tx, rx) = oneshot::channel::<u8>();
    drop(rx);
    println!("closed {} then {:?}", tx.is_closed(), tx.send(7));
}
