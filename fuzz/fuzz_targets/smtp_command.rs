//! Command parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::{CommandOptions, encode_command, parse_command_with};

fuzz_target!(|data: &[u8]| {
    // the MAIL/RCPT fast path never disagrees with the general parser
    let line = data.split(|b| *b == b'\n').next().unwrap_or(data);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    assert!(smtp_proto::parse::agrees_with_general_parser(line));
    for options in [CommandOptions::default(), CommandOptions::lenient()] {
        if let Ok((cmd, used)) = parse_command_with(data, &options) {
            assert!(used <= data.len());
            let mut out = Vec::new();
            if encode_command(&cmd, &mut out).is_ok() {
                // lenient input may encode longer (xtext escapes), so no line limit here
                let unlimited = CommandOptions {
                    max_line_len: usize::MAX,
                    max_auth_line_len: usize::MAX,
                    ..CommandOptions::default()
                };
                let (again, used2) =
                    parse_command_with(&out, &unlimited).expect("encoded command parses");
                assert_eq!(used2, out.len());
                assert_eq!(again, cmd);
            }
        }
    }
});
