fn main() {
    let v = vec![1, 2];
    assert_eq!(v.len(), 3, "vector {:?} has the wrong length", v);
}
