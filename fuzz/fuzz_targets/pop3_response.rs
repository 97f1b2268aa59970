//! POP3 response, greeting, multi-line, CAPA and listing parsing never panics, and
//! parse-encode-parse is stable for status lines and CAPA lists.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pop3_proto::encode::{encode_capabilities, encode_response};
use pop3_proto::framing::parse_multi_line;
use pop3_proto::parse::*;

fuzz_target!(|data: &[u8]| {
    for options in [ResponseOptions::strict(), ResponseOptions::lenient()] {
        if let Some((r, used)) = parse_response_with(data, &options).ok() {
            assert!(used <= data.len());
            let _ = parse_stat(r.text());
            let _ = parse_scan_listing(r.text());
            let _ = parse_unique_id_listing(r.text());
            let mut out = Vec::new();
            encode_response(&r, &mut out);
            let (again, _) = parse_response_with(&out, &ResponseOptions::lenient())
                .ok()
                .expect("an encoded response parses");
            assert_eq!(again, r);
        }
        let _ = parse_greeting_with(data, &options);
        let _ = parse_response_line_with(data, &options);
        if let Some((m, used)) = parse_multi_line(data, &options).ok() {
            assert!(used <= data.len());
            if let Some(body) = m.body {
                let _ = parse_scan_listings(&body);
                let _ = parse_unique_id_listings(&body);
                if let Ok(caps) = parse_capabilities(&body) {
                    // the encoded list is dot-stuffed: read it back as a response
                    let mut out = b"+OK\r\n".to_vec();
                    encode_capabilities(&caps, &mut out);
                    let (m, used) = parse_multi_line(&out, &ResponseOptions::strict())
                        .ok()
                        .expect("an encoded CAPA response parses");
                    assert_eq!(used, out.len());
                    let body = m.body.expect("a body");
                    let again = parse_capabilities(&body).expect("encoded CAPA parses");
                    assert_eq!(again, caps);
                }
            }
        }
    }
});
