//! Shared inputs of the benches and the profiling examples; the benches themselves are in
//! `benches/` (`cargo bench -p benches`).

/// The command-parsing input: a MAIL FROM with SIZE and BODY and a RCPT TO with NOTIFY.
pub const COMMAND_PAIR: &[u8] = b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME\r\nRCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE\r\n";

/// [`COMMAND_PAIR`] repeated 200 times, as every command-parsing measurement uses it.
pub fn command_input() -> Vec<u8> {
    COMMAND_PAIR.repeat(200)
}
