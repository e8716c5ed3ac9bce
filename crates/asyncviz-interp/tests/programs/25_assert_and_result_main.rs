#[derive(Debug)]
struct MyError {
    code: i32,
}

fn check(n: i32) -> Result<i32, MyError> {
    if n < 0 {
        Err(MyError { code: n })
    } else {
        Ok(n)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), MyError> {
    assert!(1 + 1 == 2);
    assert_eq!(check(3).unwrap(), 3);
    println!("checks passed");
    let v = check(-4)?;
    println!("never {v}");
    Ok(())
}
