use tokio::time::{sleep, Duration};

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

struct Pair {
    left: Noisy,
    right: Noisy,
}

fn make(name: &'static str) -> Noisy {
    Noisy(name)
}

async fn holds(name: &'static str) {
    let _g = Noisy(name);
    sleep(Duration::from_millis(100)).await;
    println!("{name} finished");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    {
        let _a = Noisy("a");
        let _b = Noisy("b");
        println!("end of scope");
    }
    let x = Noisy("x");
    drop(x);
    println!("after drop(x)");
    let _ = make("temporary");
    println!("after let _");
    let _kept = make("kept");
    let v = vec![Noisy("v0"), Noisy("v1")];
    let p = Pair { left: Noisy("left"), right: Noisy("right") };
    let moved = v;
    println!("moved the vec");
    drop(moved);
    let shadow = Noisy("shadow1");
    let shadow = Noisy("shadow2");
    let _ = &shadow;
    tokio::select! {
        _ = holds("cancelled") => {}
        _ = sleep(Duration::from_millis(10)) => println!("timer won"),
    }
    holds("completed").await;
    let h = tokio::spawn(holds("aborted"));
    sleep(Duration::from_millis(1)).await;
    h.abort();
    let _ = h.await;
    drop(p);
    println!("end of main");
}
