//! Quick end-to-end checks of the tokio-compatible API.

use asyncviz_executor::tokio;
use asyncviz_executor::{Builder, Runtime};
use std::cell::RefCell;
use std::rc::Rc;
use tokio::time::{sleep, Duration, Instant};

fn log() -> (Rc<RefCell<Vec<String>>>, impl Fn(String) + Clone) {
    let l = Rc::new(RefCell::new(Vec::new()));
    let l2 = l.clone();
    (l, move |s: String| {
        l2.borrow_mut().push(format!(
            "{} {}",
            Instant::now().as_nanos_since_start() / 1_000_000,
            s
        ))
    })
}

#[test]
fn spawn_sleep_join() {
    let (l, out) = log();
    let mut rt = Runtime::new();
    rt.block_on(async move {
        let o = out.clone();
        let h = tokio::spawn(async move {
            sleep(Duration::from_millis(100)).await;
            o("task done".into());
            7
        });
        out("spawned".into());
        let v = h.await.unwrap();
        out(format!("joined {v}"));
        let (a, b) = tokio::join!(sleep(Duration::from_millis(50)), async { 3 });
        out(format!("join {a:?} {b}"));
        tokio::select! {
            _ = sleep(Duration::from_millis(10)) => out("select sleep".into()),
            _ = sleep(Duration::from_millis(20)) => out("select other".into()),
        }
        let r =
            tokio::time::timeout(Duration::from_millis(5), sleep(Duration::from_millis(50))).await;
        out(format!("timeout {r:?}"));
    });
    assert_eq!(
        *l.borrow(),
        vec![
            "0 spawned",
            "100 task done",
            "100 joined 7",
            "150 join () 3",
            "160 select sleep",
            "165 timeout Err(Elapsed(()))"
        ]
    );
    assert_eq!(rt.live_wakers(), 0);
}

#[test]
fn yield_interleaving() {
    let (l, out) = log();
    let mut rt = Runtime::new();
    rt.block_on(async move {
        let mut hs = Vec::new();
        for name in ["a", "b"] {
            let o = out.clone();
            hs.push(tokio::spawn(async move {
                for i in 0..3 {
                    o(format!("{name}{i}"));
                    tokio::task::yield_now().await;
                }
            }));
        }
        for h in hs {
            h.await.unwrap();
        }
    });
    println!("{:?}", l.borrow());
}

#[test]
fn channels_and_mutex() {
    let (l, out) = log();
    let trace = Builder::new()
        .build()
        .run_program(asyncviz_executor::Program::new(
            "current_thread",
            None,
            true,
            async move {
                let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(2);
                let o = out.clone();
                let prod = tokio::spawn(async move {
                    for i in 0..5 {
                        tx.send(i).await.unwrap();
                        o(format!("sent {i}"));
                    }
                });
                while let Some(v) = rx.recv().await {
                    out(format!("got {v}"));
                    sleep(Duration::from_millis(10)).await;
                }
                prod.await.unwrap();
                let m = Rc::new(tokio::sync::Mutex::new(0));
                let mut hs = vec![];
                for i in 0..4 {
                    let m = m.clone();
                    let o = out.clone();
                    hs.push(tokio::spawn(async move {
                        let mut g = m.lock().await;
                        *g += 1;
                        o(format!("locker {i} has {}", *g));
                        sleep(Duration::from_millis(5)).await;
                    }));
                }
                for h in hs {
                    h.await.unwrap();
                }
                let (otx, orx) = tokio::sync::oneshot::channel();
                tokio::spawn(async move {
                    sleep(Duration::from_millis(1)).await;
                    otx.send(42).unwrap();
                });
                out(format!("oneshot {:?}", orx.await));
            },
        ));
    println!("{:#?}", l.borrow());
    println!("{:?} events {}", trace.outcome, trace.events.len());
    println!("{:#?}", trace.lints);
}
