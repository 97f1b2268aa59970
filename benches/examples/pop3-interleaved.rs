//! The 10 MB RETR response through the POP3 client machine (`handle_input` and
//! `handle_input_bytes`), 16 KiB reads, measured in alternation with a memcpy of the
//! same reads: on a shared, noisy machine the minimum over many short alternating
//! rounds is a steadier ratio than long runs one after the other. Complements the
//! criterion bench (`cargo bench -p benches --bench pop3`).
//!
//! `cargo run --release -p benches --example pop3-interleaved [rounds]`
//!
//! Prints, per body (one line in 17 dot-stuffed, and none), each run's throughput at
//! the minimum of the rounds and its ratio to memcpy (memcpy's time / the run's: the
//! issue's goal is at least 0.5) at the minimum and the median; then the 10,000-command
//! pipelined session through the server machine, in commands and bytes per second.

use std::hint::black_box;
use std::time::{Duration, Instant};

use benches::pop3::{
    client_awaiting_retr, client_read_retr, client_read_retr_bytes, memcpy_chunks,
    message_with_dots, pop3_session, retr_response, serve_pop3,
};
use benches::time_per_call as time;

const CHUNK: usize = 16 * 1024;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(2);
    for (name, dot_every) in [("retr_10mb", 17), ("retr_10mb_no_dot_lines", 0)] {
        let msg = message_with_dots(10_000_000, 7, dot_every);
        let wire = retr_response(&msg);
        let shared = bytes::Bytes::from(wire.clone());
        let now = Instant::now();
        let mut buf = Vec::with_capacity(CHUNK);
        let mut memcpy = || memcpy_chunks(black_box(&wire), CHUNK, &mut buf);
        let mut copying = || {
            let mut c = client_awaiting_retr(now);
            client_read_retr(&mut c, now, black_box(&wire), CHUNK)
                .unwrap()
                .0
        };
        let mut sharing = || {
            let mut c = client_awaiting_retr(now);
            client_read_retr_bytes(&mut c, now, black_box(&shared), CHUNK)
                .unwrap()
                .0
        };
        assert_eq!(copying(), msg.len());
        assert_eq!(sharing(), msg.len());
        let mut times: [Vec<Duration>; 3] = Default::default();
        for _ in 0..rounds {
            times[0].push(time(&mut memcpy, 10));
            times[1].push(time(&mut copying, 10));
            times[2].push(time(&mut sharing, 10));
        }
        let gbps = |d: Duration| wire.len() as f64 / d.as_secs_f64() / 1e9;
        let min = |t: &Vec<Duration>| *t.iter().min().unwrap();
        println!("{name}: memcpy {:.2} GB/s", gbps(min(&times[0])));
        for (i, label) in [(1, "handle_input"), (2, "handle_input_bytes")] {
            let ratios: Vec<f64> = times[0]
                .iter()
                .zip(&times[i])
                .map(|(m, t)| m.as_secs_f64() / t.as_secs_f64())
                .collect();
            println!(
                "  {label}: {:.2} GB/s, {:.2}x memcpy at the minimum, {:.2}x median",
                gbps(min(&times[i])),
                min(&times[0]).as_secs_f64() / min(&times[i]).as_secs_f64(),
                median(ratios)
            );
        }
    }
    // the pipelined session through the server machine (no peer, no limit to compare
    // with): commands per second and client input per second at the best round
    let session = pop3_session(10_000, 11);
    let served = serve_pop3(&session, CHUNK, true).unwrap();
    assert_eq!(served.answered, session.commands);
    let mut times = Vec::new();
    for _ in 0..rounds {
        times.push(time(
            &mut || serve_pop3(&session, CHUNK, false).unwrap().answered,
            3,
        ));
    }
    let best = *times.iter().min().unwrap();
    println!(
        "server_pipelined_10k: {} commands, {:.0} k commands/s, {:.0} MB/s of client input",
        session.commands,
        session.commands as f64 / best.as_secs_f64() / 1e3,
        session.wire.len() as f64 / best.as_secs_f64() / 1e6
    );
}
