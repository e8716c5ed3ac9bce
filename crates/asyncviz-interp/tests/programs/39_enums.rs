use tokio::time::{sleep, Duration};

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Light {
    Red,
    Yellow,
    Green,
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Circle(f64),
    Rect { w: f64, h: f64 },
    Empty,
}

impl Shape {
    fn area(&self) -> f64 {
        match self {
            Shape::Circle(r) => 3.0 * r * r,
            Shape::Rect { w, h } => w * h,
            Shape::Empty => 0.0,
        }
    }

    fn unit() -> Self {
        Self::Rect { w: 1.0, h: 1.0 }
    }
}

impl Light {
    fn next(self) -> Light {
        match self {
            Light::Red => Light::Green,
            Light::Green => Light::Yellow,
            Light::Yellow => Light::Red,
        }
    }
}

#[derive(Debug)]
enum State {
    Start,
    Waiting { ticks: u32 },
    Done(String),
}

use State::*;

async fn step(s: State) -> State {
    sleep(Duration::from_millis(10)).await;
    match s {
        Start => Waiting { ticks: 0 },
        Waiting { ticks } if ticks < 2 => Waiting { ticks: ticks + 1 },
        Waiting { .. } => Done("finished".to_string()),
        Done(m) => Done(m),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut l = Light::Red;
    for _ in 0..4 {
        print!("{l:?} ");
        l = l.next();
    }
    println!();
    println!("{} {}", Light::Red < Light::Green, Light::Yellow == Light::Yellow);
    let shapes = vec![Shape::Circle(2.0), Shape::Rect { w: 2.0, h: 3.5 }, Shape::Empty, Shape::unit()];
    for s in &shapes {
        println!("{s:?} has area {}", s.area());
    }
    println!("{:#?}", shapes[1]);
    if let Shape::Circle(r) = shapes[0] {
        println!("radius {r}");
    }
    println!("{}", matches!(shapes[2], Shape::Empty));
    let mut s = Start;
    loop {
        println!("{s:?}");
        if let Done(_) = s {
            break;
        }
        s = step(s).await;
    }
}
