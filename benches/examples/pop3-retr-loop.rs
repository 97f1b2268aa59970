//! Feeds the benches' 10 MB RETR response through the client machine many times, in
//! 16 KiB chunks: a profiling aid. `pop3-retr-loop [rounds] [dot_every]`, e.g.
//! `perf record --call-graph dwarf target/release/examples/pop3-retr-loop 200 17`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let dot_every: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(17);
    let msg = benches::pop3::message_with_dots(10_000_000, 7, dot_every);
    let wire = benches::pop3::retr_response(&msg);
    let now = Instant::now();
    let (mut bytes, mut chunks) = (0usize, 0usize);
    let start = Instant::now();
    for _ in 0..rounds {
        let mut client = benches::pop3::client_awaiting_retr(now);
        match benches::pop3::client_read_retr(&mut client, now, &wire, 16 * 1024) {
            Ok((b, c)) => {
                bytes += b;
                chunks += c;
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{bytes} body bytes in {chunks} chunks, {:.2} GB/s of wire",
        (wire.len() * rounds) as f64 / secs / 1e9
    );
}
