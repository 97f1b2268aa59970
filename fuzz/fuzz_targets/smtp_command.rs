//! Command parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::{CommandOptions, encode_command, parse_command_with};

fuzz_target!(|data: &[u8]| {
    for options in [CommandOptions::default(), CommandOptions::lenient()] {
        if let Ok((cmd, used)) = parse_command_with(data, &options) {
            assert!(used <= data.len());
            let mut out = Vec::new();
            if encode_command(&cmd, &mut out).is_ok() {
                let (again, used2) = parse_command_with(&out, &CommandOptions::default())
                    .expect("encoded command parses");
                assert_eq!(used2, out.len());
                assert_eq!(again, cmd);
            }
        }
    }
});
