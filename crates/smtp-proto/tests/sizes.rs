//! The size of a parsed command: every parse returns one by value, and the fast paths
//! build it in place, so a smaller one is less to write and to drop.

use smtp_proto::{Command, MailParams, RcptParams};

#[test]
fn command_stays_small() {
    let size = std::mem::size_of::<Command<'_>>();
    eprintln!(
        "Command {size} B, MailParams {} B, RcptParams {} B",
        std::mem::size_of::<MailParams<'_>>(),
        std::mem::size_of::<RcptParams<'_>>()
    );
    assert!(size <= 120, "Command is {size} bytes");
}

#[test]
fn option_constants_match_the_line_limits() {
    use smtp_proto::{CommandOptions, LineLimits};
    let limits = LineLimits::default();
    for options in [CommandOptions::strict(), CommandOptions::default()] {
        assert_eq!(options.max_mail_line_len, limits.mail);
        assert_eq!(options.max_rcpt_line_len, limits.rcpt);
    }
}
