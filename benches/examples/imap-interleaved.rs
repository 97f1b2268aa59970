//! Our IMAP response parser, imap-codec and imap-proto 0.17 measured in alternation
//! on the benches' FETCH stream: on a shared, noisy machine the minimum over many
//! short alternating rounds is a steadier ratio than long runs one after the other.
//! Complements the criterion bench (`cargo bench -p benches --bench imap`).
//!
//! `cargo run --release -p benches --example imap-interleaved [rounds]`
//!
//! Prints each parser's throughput at the minimum of the rounds, and ratios (their
//! time / ours: above 1 we are faster) at the minimum and the median.

use std::hint::black_box;
use std::time::Duration;

use benches::imap::{
    codec_responses, fetch_stream, improto_responses, ours_framed, ours_responses,
};
use benches::time_per_call as time;

/// A parser run over the stream: its name and the call.
type Run<'a> = (&'static str, Box<dyn Fn() -> usize + 'a>);

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(2);
    let stream = fetch_stream(2_000, 1);
    let s = &stream[..];
    let runs: [Run<'_>; 5] = [
        (
            "ours",
            Box::new(move || ours_responses(black_box(s)).unwrap_or(0)),
        ),
        (
            "ours framer whole",
            Box::new(move || ours_framed(black_box(s), s.len()).unwrap_or(0)),
        ),
        (
            "ours framer 7-byte chunks",
            Box::new(move || ours_framed(black_box(s), 7).unwrap_or(0)),
        ),
        (
            "imap-codec",
            Box::new(move || codec_responses(black_box(s)).unwrap_or(0)),
        ),
        (
            "imap-proto 0.17",
            Box::new(move || improto_responses(black_box(s)).unwrap_or(0)),
        ),
    ];
    for (name, f) in &runs {
        assert_eq!(f(), 2_000, "{name} parsed every response");
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runs.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in runs.iter().enumerate() {
            times[k].push(time(&**f, 3));
        }
    }
    for t in &mut times {
        t.sort();
    }
    let mid = rounds / 2;
    let mib = |d: Duration| stream.len() as f64 / d.as_secs_f64() / f64::from(1 << 20);
    println!(
        "FETCH stream, {} bytes, {rounds} alternating rounds:",
        stream.len()
    );
    for (k, (name, _)) in runs.iter().enumerate() {
        println!(
            "{name:<28} {:>7.0} MiB/s   time vs ours: min {:.2} median {:.2}",
            mib(times[k][0]),
            times[k][0].as_secs_f64() / times[0][0].as_secs_f64(),
            times[k][mid].as_secs_f64() / times[0][mid].as_secs_f64(),
        );
    }
}
