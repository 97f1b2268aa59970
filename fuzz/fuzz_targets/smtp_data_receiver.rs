//! The DATA receiver: any split gives the same result as a whole feed, and the end is
//! never before a real CRLF.CRLF.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Unstuffed};

fn run(policy: BareLineEndings, pieces: &[&[u8]]) -> (Vec<u8>, Option<usize>) {
    let mut u = DotUnstuffer::new(policy);
    let mut out = Vec::new();
    let mut total = 0;
    for p in pieces {
        match u.decode_into(p, &mut out) {
            Unstuffed::NeedMore => total += p.len(),
            Unstuffed::End { consumed, .. } => return (out, Some(total + consumed)),
        }
    }
    (out, None)
}

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let split = data[0] as usize % data.len();
    let body = &data[1..];
    let split = split.min(body.len());
    for policy in [BareLineEndings::Keep, BareLineEndings::Normalize, BareLineEndings::Reject] {
        let whole = run(policy, &[body]);
        let parts = run(policy, &[&body[..split], &body[split..]]);
        assert_eq!(whole, parts);
        if let Some(end) = whole.1 {
            let framed = [b"\r\n".as_slice(), body].concat();
            assert_eq!(&framed[end - 3..end + 2], b"\r\n.\r\n");
        }
    }
});
