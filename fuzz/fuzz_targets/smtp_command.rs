//! Command parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::{CommandOptions, encode_command, parse_command_with};

fuzz_target!(|data: &[u8]| {
    // the MAIL/RCPT fast path never disagrees with the general parser
    let line = data.split(|b| *b == b'\n').next().unwrap_or(data);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    assert!(smtp_proto::parse::agrees_with_general_parser(line));
    for options in [
        CommandOptions::strict(),
        CommandOptions::default(),
        CommandOptions::lenient(),
    ] {
        if let Some((cmd, used)) = parse_command_with(data, &options).ok() {
            assert!(used <= data.len());
            let mut out = Vec::new();
            encode_command(&cmd, &mut out);
            // lenient input may encode longer (xtext escapes), so no line limit here;
            // a tolerated HELO name reads back only with its tolerance
            let mut unlimited = CommandOptions::lenient();
            unlimited.max_line_len = usize::MAX;
            unlimited.max_mail_line_len = usize::MAX;
            unlimited.max_rcpt_line_len = usize::MAX;
            unlimited.max_auth_line_len = usize::MAX;
            let (again, used2) = parse_command_with(&out, &unlimited)
                .ok()
                .expect("encoded command parses");
            assert_eq!(used2, out.len());
            assert_eq!(again, cmd);
        }
    }
});
