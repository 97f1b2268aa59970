//! The peer's command parser on the bench input, for instruction counts under callgrind.
fn main() {
    let input = benches::command_input();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let mut n = 0usize;
    for _ in 0..rounds {
        let mut it = input.iter();
        while !it.as_slice().is_empty() {
            let req = peer_smtp_proto::Request::parse(&mut it).expect("valid");
            n += usize::from(matches!(req, peer_smtp_proto::Request::Mail { .. }));
        }
    }
    println!("{n}");
}
