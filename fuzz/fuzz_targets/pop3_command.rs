//! POP3 command parsing never panics, and parse-encode-parse is stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pop3_proto::{CommandOptions, encode_command, parse_command_with};

fuzz_target!(|data: &[u8]| {
    let mut unlimited = CommandOptions::lenient();
    unlimited.max_line_len = usize::MAX;
    unlimited.max_arg_len = usize::MAX;
    for options in [CommandOptions::default(), CommandOptions::lenient()] {
        if let Some((cmd, used)) = parse_command_with(data, &options).ok() {
            assert!(used <= data.len());
            let mut out = Vec::new();
            encode_command(&cmd, &mut out);
            let (again, used2) = parse_command_with(&out, &unlimited)
                .ok()
                .expect("an encoded command parses");
            assert_eq!(used2, out.len());
            assert_eq!(again, cmd);
        }
    }
});
