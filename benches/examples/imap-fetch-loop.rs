//! Parses the benches' FETCH stream many times with our parser: a profiling aid.
//! `imap-fetch-loop [rounds]`, e.g.
//! `perf record --call-graph dwarf target/release/examples/imap-fetch-loop 30`.

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let stream = benches::imap::fetch_stream(10_000, 1);
    let mut count = 0usize;
    for _ in 0..rounds {
        match benches::imap::ours_responses(&stream) {
            Some(n) => count += n,
            None => {
                eprintln!("a response did not parse");
                std::process::exit(1);
            }
        }
    }
    println!("{count} responses parsed from {} bytes", stream.len());
}
