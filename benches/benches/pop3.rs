//! POP3 benches (no POP3 peer crate exists to compare with; the limit is memcpy).
//!
//! - `retr_10mb` (one line in 17 starts with a dot) and `retr_10mb_no_dot_lines`:
//!   a 10 MB RETR response fed in 16 KiB chunks through the client
//!   machine (unstuffed body chunks handed out as `Bytes`), beside a memcpy of the
//!   same bytes in the same chunks into a reused buffer: the one copy a receiver
//!   has to make. `client_machine` feeds `&[u8]` reads (`handle_input`, which
//!   copies each once); `client_machine_bytes` feeds the same reads as `Bytes`
//!   slices of one buffer (`handle_input_bytes`, no copy: a reader's own buffer).
//! - `server_pipelined_10k`: a pipelined session of 10,000 commands (the mix of
//!   `benches::pop3::pop3_session`) through the server machine, input in 16 KiB
//!   pieces, messages sent dot-stuffed from the application's bytes. Throughput is
//!   the client's input bytes.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use benches::pop3::{
    client_awaiting_retr, client_read_retr, client_read_retr_bytes, memcpy_chunks,
    message_with_dots, pop3_session, retr_response, serve_pop3,
};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const CHUNK: usize = 16 * 1024;

fn retr(c: &mut Criterion) {
    // one line in 17 dot-stuffed (a piece boundary each), and none: the common case
    for (name, dot_every) in [("retr_10mb", 17), ("retr_10mb_no_dot_lines", 0)] {
        let msg = message_with_dots(10_000_000, 7, dot_every);
        let wire = retr_response(&msg);
        let now = Instant::now();
        // checked once: the whole body comes out, unstuffed
        let (bytes, _) =
            client_read_retr(&mut client_awaiting_retr(now), now, &wire, CHUNK).unwrap();
        assert_eq!(bytes, msg.len());

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(wire.len() as u64));
        g.sample_size(20);
        g.bench_function("client_machine", |b| {
            b.iter_batched(
                || client_awaiting_retr(now),
                |mut client| client_read_retr(&mut client, now, black_box(&wire), CHUNK).unwrap(),
                BatchSize::LargeInput,
            )
        });
        let shared = bytes::Bytes::from(wire.clone());
        g.bench_function("client_machine_bytes", |b| {
            b.iter_batched(
                || client_awaiting_retr(now),
                |mut client| {
                    client_read_retr_bytes(&mut client, now, black_box(&shared), CHUNK).unwrap()
                },
                BatchSize::LargeInput,
            )
        });
        let mut buf = Vec::with_capacity(CHUNK);
        g.bench_function("memcpy", |b| {
            b.iter(|| memcpy_chunks(black_box(&wire), CHUNK, &mut buf))
        });
        g.finish();
    }
}

fn pipelined(c: &mut Criterion) {
    let session = pop3_session(10_000, 11);
    let served = serve_pop3(&session, CHUNK, true).unwrap();
    assert_eq!(served.answered, session.commands);

    let mut g = c.benchmark_group("server_pipelined_10k");
    g.throughput(Throughput::Bytes(session.wire.len() as u64));
    g.sample_size(20);
    g.bench_function("server_machine", |b| {
        b.iter(|| serve_pop3(black_box(&session), CHUNK, false).unwrap())
    });
    g.finish();
}

criterion_group!(benches, retr, pipelined);
criterion_main!(benches);
