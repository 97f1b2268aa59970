//! Command parsing, ours and smtp-proto 0.2, measured in alternation: on a shared,
//! noisy machine the minimum over many short alternating rounds is a steadier ratio
//! than two long runs one after the other. Complements the criterion bench.
//!
//! `cargo run --release -p benches --example interleaved`

use std::hint::black_box;
use std::time::{Duration, Instant};

fn ours(input: &[u8]) -> usize {
    let mut rest = input;
    let mut n = 0;
    while !rest.is_empty() {
        let Some((cmd, used)) = smtp_proto::parse_command(rest).ok() else {
            return 0;
        };
        black_box(&cmd);
        rest = &rest[used..];
        n += 1;
    }
    n
}

fn peer(input: &[u8]) -> usize {
    let mut it = input.iter();
    let mut n = 0;
    while !it.as_slice().is_empty() {
        let Ok(req) = peer_smtp_proto::Request::parse(&mut it) else {
            return 0;
        };
        black_box(&req);
        n += 1;
    }
    n
}

fn time(f: fn(&[u8]) -> usize, input: &[u8], reps: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..reps {
        black_box(f(black_box(input)));
    }
    start.elapsed() / reps as u32
}

fn main() {
    let input = benches::command_input();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        a.push(time(ours, &input, 20));
        b.push(time(peer, &input, 20));
    }
    a.sort();
    b.sort();
    let mib = |d: Duration| input.len() as f64 / d.as_secs_f64() / (1 << 20) as f64;
    println!(
        "ours:   min {:?} median {:?} ({:.0} MiB/s at min)",
        a[0],
        a[100],
        mib(a[0])
    );
    println!(
        "peer:   min {:?} median {:?} ({:.0} MiB/s at min)",
        b[0],
        b[100],
        mib(b[0])
    );
    println!(
        "ratio (peer time / ours): min {:.2}, median {:.2}",
        b[0].as_secs_f64() / a[0].as_secs_f64(),
        b[100].as_secs_f64() / a[100].as_secs_f64()
    );
}
