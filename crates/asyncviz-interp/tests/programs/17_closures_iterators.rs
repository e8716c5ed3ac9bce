fn apply<F: Fn(i32) -> i32>(f: F, x: i32) -> i32 {
    f(x)
}

fn main() {
    let k = 10;
    let add_k = |x| x + k;
    println!("{}", apply(add_k, 5));
    let mut count = 0;
    let mut inc = || {
        count += 1;
        count
    };
    inc();
    inc();
    println!("count = {count}");
    let mut total = 0;
    let mut acc = move |x: i32| {
        total += x;
        total
    };
    println!("{} {}", acc(1), acc(2));
    println!("outer total still {total}");

    let v = vec![5, 3, 8, 1];
    let doubled: Vec<i32> = v.iter().map(|x| x * 2).collect();
    println!("{doubled:?}");
    let evens: Vec<_> = v.iter().filter(|x| **x % 2 == 0).collect();
    println!("{evens:?}");
    let sum: i32 = v.iter().sum();
    println!("sum {sum} max {:?} min {:?}", v.iter().max(), v.iter().min());
    for (i, x) in v.iter().enumerate() {
        print!("{i}:{x} ");
    }
    println!();
    let names = ["a", "b", "c"];
    for (n, x) in names.iter().zip(v.iter()) {
        print!("{n}{x} ");
    }
    println!();
    let rev: Vec<i32> = (1..=5).rev().collect();
    println!("{rev:?}");
    let stepped: Vec<i32> = (0..10).step_by(3).collect();
    println!("{stepped:?}");
    println!("{}", (1..=4).map(|x| x * x).fold(0, |a, b| a + b));
    println!("{:?}", v.iter().position(|&x| x == 8));
    println!("{}", v.iter().any(|&x| x > 7));
    println!("{}", v.iter().all(|&x| x > 0));
    let mut sorted = v.clone();
    sorted.sort();
    println!("{sorted:?} {v:?}");
    let words = vec!["hello", "async", "world"];
    println!("{}", words.join(" "));
    let s: String = "abc".chars().rev().collect();
    println!("{s}");
    let lens: Vec<usize> = words.iter().map(|w| w.len()).collect();
    println!("{lens:?} {}", lens.iter().count());
    let mut it = v.iter();
    println!("{:?} {:?}", it.next(), it.next());
}
