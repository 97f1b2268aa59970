//! The framer never panics, stays within its limits, and gives the same messages
//! whether the input comes whole or split at the first byte.
#![no_main]
use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Limits, Side};
use libfuzzer_sys::fuzz_target;

fn run(data: &[u8], split: usize, side: Side) -> Vec<FrameEvent> {
    let opts = FramerOptions {
        limits: Limits { max_line: 256, max_literal: 512, max_message: 2048, crlf_before_paren: side == Side::Client, lf_line_ends: side == Side::Client },
        side,
    };
    let mut framer = Framer::new(opts);
    let mut out = Vec::new();
    for piece in [&data[..split], &data[split..]] {
        framer.feed(piece);
        while let Some(e) = framer.poll() {
            if let FrameEvent::Message(m) = &e {
                assert!(m.bytes().len() <= 2048 + 256);
            }
            out.push(e);
        }
        assert!(framer.buffered() <= data.len());
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let side = if first & 1 == 0 { Side::Server } else { Side::Client };
    let split = usize::from(first).min(rest.len());
    let messages = |events: Vec<FrameEvent>| -> Vec<Vec<u8>> {
        events
            .into_iter()
            .filter_map(|e| match e {
                FrameEvent::Message(m) => Some(m.bytes().to_vec()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(messages(run(rest, 0, side)), messages(run(rest, split, side)));
});
