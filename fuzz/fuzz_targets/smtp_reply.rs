//! Reply parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::{ReplyOptions, encode_reply, parse_ehlo, parse_reply_with};

fuzz_target!(|data: &[u8]| {
    for options in [ReplyOptions::default(), ReplyOptions::strict()] {
        if let Ok((reply, used)) = parse_reply_with(data, &options) {
            assert!(used <= data.len());
            let _ = parse_ehlo(&reply);
            let mut out = Vec::new();
            if encode_reply(&reply, &mut out).is_ok() {
                // lossy decoding may grow a line (U+FFFD is 3 bytes), so re-parse without a limit
                let unlimited = ReplyOptions {
                    max_line_len: usize::MAX,
                    ..ReplyOptions::default()
                };
                let (again, _) = parse_reply_with(&out, &unlimited).expect("parses");
                assert_eq!(again.code(), reply.code());
                assert_eq!(again.lines().len(), reply.lines().len());
            }
        }
    }
});
