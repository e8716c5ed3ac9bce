fn classify(n: i32) -> &'static str {
    match n {
        i32::MIN..=-1 => "negative",
        0 => "zero",
        1 | 2 | 3 => "small",
        x if x % 2 == 0 => "even",
        _ => "odd",
    }
}

fn find(v: &[i32], target: i32) -> Option<usize> {
    for (i, x) in v.iter().enumerate() {
        if *x == target {
            return Some(i);
        }
    }
    None
}

fn main() {
    for n in [-5, 0, 2, 10, 11] {
        println!("{n}: {}", classify(n));
    }
    let mut i = 0;
    let found = loop {
        i += 1;
        if i * i > 50 {
            break i;
        }
    };
    println!("found {found}");
    'outer: for a in 0..5 {
        for b in 0..5 {
            if a * b == 6 {
                println!("a={a} b={b}");
                break 'outer;
            }
            if b > a {
                continue 'outer;
            }
        }
    }
    let mut stack = vec![1, 2, 3];
    while let Some(top) = stack.pop() {
        print!("{top} ");
    }
    println!();
    let v = vec![4, 5, 6];
    if let Some(i) = find(&v, 5) {
        println!("5 at {i}");
    }
    match find(&v, 9) {
        Some(i) => println!("9 at {i}"),
        None => println!("no 9"),
    }
    let x = 5;
    let x = x * 2;
    {
        let x = "inner";
        println!("{x}");
    }
    println!("{x}");
    let pair = (1, ("two", 3.5));
    let (a, (b, c)) = pair;
    println!("{a} {b} {c}");
    let msg = if x > 5 { "big" } else { "small" };
    println!("{msg}");
    let n @ 1..=20 = x else { panic!("out of range") };
    println!("n = {n}");
    let arr = [1, 2, 3, 4, 5];
    if let [first, .., last] = arr {
        println!("{first}..{last}");
    }
    let t = (1, 2, 3);
    let (p, ..) = t;
    println!("{p} {}", t.2);
    println!("{}", matches!(x, 10 | 20));
}
