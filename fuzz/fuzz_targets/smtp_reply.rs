//! Reply parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::{EhloResponse, ReplyOptions, encode_reply, parse_ehlo, parse_reply_with};

fuzz_target!(|data: &[u8]| {
    let _ = parse_ehlo(data);
    for options in [ReplyOptions::default(), ReplyOptions::strict()] {
        if let Some((reply, used)) = parse_reply_with(data, &options).ok() {
            assert!(used <= data.len());
            let _ = EhloResponse::from_reply(&reply);
            let mut out = Vec::new();
            encode_reply(&reply, &mut out);
            // lossy decoding may grow a line (U+FFFD is 3 bytes), so re-parse without a limit
            let mut unlimited = ReplyOptions::default();
            unlimited.max_line_len = usize::MAX;
            let (again, _) = parse_reply_with(&out, &unlimited).ok().expect("parses");
            assert_eq!(again.code(), reply.code());
            assert_eq!(again.lines().len(), reply.lines().len());
        }
    }
});
