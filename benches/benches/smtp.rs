//! SMTP benches with smtp-proto 0.2 (`peer_smtp_proto`) in the same run.
//!
//! - `command_parse/{mixed_session,orcpt_stream,size_body_notify}`: whole buffers of
//!   command lines (see `benches::command_inputs`); only the last is the old
//!   all-fast-path input.
//! - `session_7_byte_pieces`: the mixed sessions with their bodies, 7 bytes at a time.
//! - `data_unstuff`: a 10 MB dot-stuffed body fed in 16 KiB chunks, beside a memcpy of
//!   the same chunks into the same reused `Vec`.
//! - `server_transaction`: a whole transaction through the server state machine.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_proto_core::dot::{BareLineEndings, DotStuffer, DotUnstuffer, Piece, Unstuffed};
use smtp_proto::server::{Event, Server, ServerConfig};

fn body(len: usize) -> Vec<u8> {
    let mut plain = Vec::with_capacity(len + 100);
    let mut i = 0u64;
    while plain.len() < len {
        if i % 17 == 0 {
            plain.extend_from_slice(b".leading dot line that needs stuffing\r\n");
        } else {
            plain.extend_from_slice(
                b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod te\r\n",
            );
        }
        i += 1;
    }
    let mut wire = bytes::BytesMut::new();
    let mut s = DotStuffer::new();
    s.encode(&plain, &mut wire);
    s.finish(&mut wire);
    wire.to_vec()
}

fn command_parse(c: &mut Criterion) {
    for (name, input) in benches::command_inputs() {
        let mut g = c.benchmark_group(format!("command_parse/{name}"));
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_function("ours", |b| {
            b.iter(|| benches::parse_all(benches::ours_parse, black_box(&input)).expect("valid"))
        });
        g.bench_function("smtp-proto-0.2", |b| {
            b.iter(|| benches::parse_all(benches::peer_parse, black_box(&input)).expect("valid"))
        });
        g.finish();
    }
}

/// The mixed sessions (bodies included) in 7-byte pieces: ours through the whole
/// server machine and through the bare framer/parser/unstuffer, the peer through its
/// streaming receivers (it has no machine; see `benches::peer_receive` for what that
/// leaves out: `ours_framer` is the like-for-like comparison).
fn session_pieces(c: &mut Criterion) {
    let connections = benches::mixed_connections(1, 400);
    let bytes: usize = connections.iter().map(|c| c.wire.len()).sum();
    let config = benches::server_config();
    let mut g = c.benchmark_group("session_7_byte_pieces");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("ours_server", |b| {
        b.iter(|| {
            connections
                .iter()
                .map(|c| {
                    benches::ours_serve(&config, &c.wire, 7)
                        .expect("accepted")
                        .body
                })
                .sum::<usize>()
        })
    });
    g.bench_function("ours_framer", |b| {
        b.iter(|| {
            connections
                .iter()
                .map(|c| benches::ours_frame(&c.wire, 7).expect("accepted").body)
                .sum::<usize>()
        })
    });
    g.bench_function("smtp-proto-0.2_receivers", |b| {
        b.iter(|| {
            connections
                .iter()
                .map(|c| benches::peer_receive(&c.wire, 7).expect("accepted").body)
                .sum::<usize>()
        })
    });
    g.finish();
}

fn data_unstuff(c: &mut Criterion) {
    let wire = body(10 << 20);
    let mut g = c.benchmark_group("data_unstuff");
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.sample_size(20);
    g.bench_function("ours_into_vec", |b| {
        let mut out = Vec::with_capacity(wire.len());
        b.iter(|| {
            out.clear();
            let mut u = DotUnstuffer::new(BareLineEndings::Keep);
            for chunk in wire.chunks(16 * 1024) {
                if let Unstuffed::End { .. } = u.decode_into(chunk, &mut out) {
                    break;
                }
            }
            out.len()
        })
    });
    g.bench_function("ours_zero_copy_ranges", |b| {
        let chunks: Vec<Bytes> = wire.chunks(16 * 1024).map(Bytes::copy_from_slice).collect();
        b.iter(|| {
            let mut u = DotUnstuffer::new(BareLineEndings::Keep);
            let mut total = 0usize;
            for chunk in &chunks {
                let status = u.decode(chunk, |piece| {
                    let part = match piece {
                        Piece::Input(r) => chunk.slice(r),
                        Piece::Extra(e) => Bytes::from_static(e),
                    };
                    total += part.len();
                });
                if let Unstuffed::End { .. } = status {
                    break;
                }
            }
            total
        })
    });
    // the limit for `ours_into_vec`: the same chunks appended to the same reused Vec
    g.bench_function("memcpy_into_vec", |b| {
        let mut out = Vec::with_capacity(wire.len());
        b.iter(|| {
            out.clear();
            for chunk in wire.chunks(16 * 1024) {
                out.extend_from_slice(black_box(chunk));
            }
            out.len()
        })
    });
    g.bench_function("smtp-proto-0.2", |b| {
        let mut out = Vec::with_capacity(wire.len());
        b.iter(|| {
            out.clear();
            let mut r = peer_smtp_proto::request::receiver::DataReceiver::new();
            for chunk in wire.chunks(16 * 1024) {
                if r.ingest(&mut chunk.iter(), &mut out) {
                    break;
                }
            }
            out.len()
        })
    });
    g.finish();
}

fn server_transaction(c: &mut Criterion) {
    let mut session = b"EHLO client.example.org\r\nMAIL FROM:<a@example.org> SIZE=100000\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n".to_vec();
    session.extend_from_slice(&body(100_000));
    session.extend_from_slice(b"QUIT\r\n");
    let mut g = c.benchmark_group("server_transaction");
    g.throughput(Throughput::Bytes(session.len() as u64));
    g.bench_function("ours", |b| {
        b.iter(|| {
            let now = std::time::Instant::now();
            let mut server = Server::new(
                ServerConfig::new("mx.example.com").expect("a valid host name"),
                now,
            );
            let mut body = 0;
            for chunk in session.chunks(16 * 1024) {
                server.handle_input(now, chunk);
                while let Some(ev) = server.poll_event() {
                    match ev {
                        Event::BodyChunk(b) => body += b.len(),
                        Event::Decision(_) => server.accept().expect("pending"),
                        _ => {}
                    }
                }
                while let Some(out) = server.poll_transmit(now) {
                    black_box(out);
                }
            }
            body
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    command_parse,
    session_pieces,
    data_unstuff,
    server_transaction
);
criterion_main!(benches);
