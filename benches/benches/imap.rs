//! IMAP benches, the peers in the same run: imap-codec 2.0.0-alpha (with its
//! CONDSTORE/QRESYNC extension, which the command mix uses) and imap-proto 0.17
//! (responses only: it parses no commands and encodes no responses).
//!
//! - `imap_fetch_stream_10k`: 10,000 FETCH responses of `benches::imap::fetch_stream`
//!   (UID, FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE with literal and encoded-word
//!   fields, body structures up to multipart/mixed with attachments), parsed one after
//!   another from one buffer; ours also through the client framer, fed whole and in
//!   7-byte chunks.
//! - `imap_body_literal/<size>`: one `FETCH (UID BODY[] {n})` of 1 KiB, 1 MiB and
//!   10 MB, parsed from one buffer (time per response: a literal's cost should not
//!   grow with its size); at 10 MB also our framer fed 16 KiB reads beside two
//!   baselines: a memcpy of each read into one reused (cache-hot) buffer, and the
//!   reads appended to one fresh growing buffer, the least any framer must do to hand
//!   the message out whole (it pays the page faults and the growth the framer pays).
//! - `imap_search_56kb`: one `* SEARCH` line of 56 KB.
//! - `imap_command_mix`: 5,000 commands of a mail client's session
//!   (`benches::imap::command_mix`).
//! - `imap_encode_fetch_stream_10k`: the parsed FETCH stream written back.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use benches::imap::{
    body_literal_response, codec_commands, codec_encode, codec_parsed, codec_responses,
    command_mix, fetch_stream, improto_responses, ours_commands, ours_encode, ours_framed,
    ours_parsed, ours_responses, search_response,
};
use benches::pop3::memcpy_chunks;
use bytes::BytesMut;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FETCHES: usize = 10_000;

fn fetch(c: &mut Criterion) {
    let stream = fetch_stream(FETCHES, 1);
    // checked once, outside the timing: every parser reads every response
    assert_eq!(ours_responses(&stream), Some(FETCHES));
    assert_eq!(ours_framed(&stream, 7), Some(FETCHES));
    assert_eq!(codec_responses(&stream), Some(FETCHES));
    assert_eq!(improto_responses(&stream), Some(FETCHES));

    let mut g = c.benchmark_group("imap_fetch_stream_10k");
    g.throughput(Throughput::Bytes(stream.len() as u64));
    g.sample_size(20);
    g.bench_function("ours", |b| b.iter(|| ours_responses(black_box(&stream))));
    g.bench_function("ours_framer_whole", |b| {
        b.iter(|| ours_framed(black_box(&stream), stream.len()))
    });
    g.bench_function("ours_framer_7byte_chunks", |b| {
        b.iter(|| ours_framed(black_box(&stream), 7))
    });
    g.bench_function("imap_codec", |b| {
        b.iter(|| codec_responses(black_box(&stream)))
    });
    g.bench_function("imap_proto", |b| {
        b.iter(|| improto_responses(black_box(&stream)))
    });
    g.finish();
}

fn literal(c: &mut Criterion) {
    for (name, len) in [("1KiB", 1 << 10), ("1MiB", 1 << 20), ("10MB", 10_000_000)] {
        let wire = body_literal_response(len);
        assert_eq!(ours_responses(&wire), Some(1));
        assert_eq!(codec_responses(&wire), Some(1));
        assert_eq!(improto_responses(&wire), Some(1));
        let mut g = c.benchmark_group(format!("imap_body_literal/{name}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function("ours", |b| b.iter(|| ours_responses(black_box(&wire))));
        g.bench_function("imap_codec", |b| {
            b.iter(|| codec_responses(black_box(&wire)))
        });
        g.bench_function("imap_proto", |b| {
            b.iter(|| improto_responses(black_box(&wire)))
        });
        if len == 10_000_000 {
            assert_eq!(ours_framed(&wire, 16 * 1024), Some(1));
            let mut buf = Vec::with_capacity(16 * 1024);
            g.sample_size(20);
            g.bench_function("ours_framer_16k_reads", |b| {
                b.iter(|| ours_framed(black_box(&wire), 16 * 1024))
            });
            g.bench_function("memcpy_16k_reads", |b| {
                b.iter(|| memcpy_chunks(black_box(&wire), 16 * 1024, &mut buf))
            });
            g.bench_function("accumulate_16k_reads", |b| {
                b.iter(|| accumulate(black_box(&wire), 16 * 1024))
            });
        }
        g.finish();
    }
}

/// The reads appended to one fresh buffer and frozen, as a framer must before it
/// hands a message out as one `Bytes`.
fn accumulate(wire: &[u8], chunk: usize) -> usize {
    let mut buf = BytesMut::new();
    for piece in wire.chunks(chunk) {
        buf.extend_from_slice(piece);
    }
    black_box(buf.freeze()).len()
}

fn search(c: &mut Criterion) {
    let wire = search_response(56_000);
    assert_eq!(ours_responses(&wire), Some(1));
    assert_eq!(codec_responses(&wire), Some(1));
    assert_eq!(improto_responses(&wire), Some(1));
    let mut g = c.benchmark_group("imap_search_56kb");
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("ours", |b| b.iter(|| ours_responses(black_box(&wire))));
    g.bench_function("imap_codec", |b| {
        b.iter(|| codec_responses(black_box(&wire)))
    });
    g.bench_function("imap_proto", |b| {
        b.iter(|| improto_responses(black_box(&wire)))
    });
    g.finish();
}

fn commands(c: &mut Criterion) {
    let wire = command_mix(5_000, 2);
    let n = ours_commands(&wire).unwrap();
    assert_eq!(codec_commands(&wire), Some(n));
    let mut g = c.benchmark_group("imap_command_mix");
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("ours", |b| b.iter(|| ours_commands(black_box(&wire))));
    g.bench_function("imap_codec", |b| {
        b.iter(|| codec_commands(black_box(&wire)))
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let stream = fetch_stream(FETCHES, 1);
    let ours = ours_parsed(&stream);
    let theirs = codec_parsed(&stream);
    let mut out = BytesMut::with_capacity(stream.len() * 2);
    let mut g = c.benchmark_group("imap_encode_fetch_stream_10k");
    g.throughput(Throughput::Bytes(stream.len() as u64));
    g.sample_size(20);
    g.bench_function("ours", |b| {
        b.iter(|| ours_encode(black_box(&ours), &mut out))
    });
    g.bench_function("imap_codec", |b| {
        b.iter(|| codec_encode(black_box(&theirs)))
    });
    g.finish();
}

criterion_group!(benches, fetch, literal, search, commands, encode);
criterion_main!(benches);
