#[derive(Debug, Clone, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

impl Point {
    fn new(x: i32, y: i32) -> Self {
        Point { x, y }
    }

    fn dist2(&self) -> i32 {
        self.x * self.x + self.y * self.y
    }

    fn shift(&mut self, dx: i32) {
        self.x += dx;
    }

    fn into_tuple(self) -> (i32, i32) {
        (self.x, self.y)
    }
}

#[derive(Debug)]
struct Counter {
    name: String,
    hits: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Meters(u32);

fn main() {
    let mut p = Point::new(3, 4);
    println!("{:?} dist2={}", p, p.dist2());
    p.shift(2);
    println!("{p:?}");
    let q = p.clone();
    println!("equal: {}", p == q);
    let Point { x, y } = q;
    println!("x={x} y={y}");
    let t = p.clone().into_tuple();
    println!("{t:?}");
    let mut c = Counter { name: String::from("c"), hits: vec![] };
    c.hits.push(1);
    c.hits.push(2);
    c.name.push_str("ounter");
    println!("{c:?}");
    println!("{c:#?}");
    let m = Meters(5);
    let n = m;
    println!("{} {} {:?}", m.0, n.0, m);
    let r = &mut p;
    r.y = 10;
    println!("{}", p.y);
}
